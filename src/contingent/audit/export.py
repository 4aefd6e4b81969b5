"""The auditor export: everything an outsider needs to check the trail without running Contingent.

DIR/events.jsonl        every audit event: the exact fields its hash covers, plus "hash"
DIR/checkpoints.jsonl   every signed checkpoint (the last one taken by this export)
DIR/checkpoint-public.pem  the key that signs checkpoints
DIR/evidence.jsonl      metadata of every evidence file (purged ones as tombstones)
DIR/evidence/<folder>/<name>  the evidence files themselves (later versions as <stem>.v<N><suffix>)
DIR/SHA256SUMS          `sha256sum -c SHA256SUMS` checks every file above
"""

import hashlib
import json
import shutil
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder

from contingent.access.services import Actor, require
from contingent.audit.checkpoints import as_document, create_checkpoint, public_key_pem
from contingent.audit.models import AuditCheckpoint, AuditEvent
from contingent.evidence.models import EvidenceFile
from contingent.evidence.services import open_evidence, visible_files

README = """Contingent audit export
=======================
Check that nothing in this folder changed since it was written:   sha256sum -c SHA256SUMS
Each line of events.jsonl is one audit event. Its "hash" is the SHA-256 of the line without the "hash" key,
serialised as JSON with sorted keys and separators (",", ":"); each event's "previous_hash" is the hash of
the event before it (the first one's is 64 zeros). checkpoints.jsonl holds signed heads of that chain:
verify a checkpoint's "message" against its "signature" (Ed25519, base64) with checkpoint-public.pem.
"""


def _dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))


def _evidence_path(evidence: EvidenceFile) -> PurePosixPath:
    name = PurePosixPath(evidence.name)
    if evidence.version > 1:
        name = PurePosixPath(f"{name.stem}.v{evidence.version}{name.suffix}")
    return PurePosixPath("evidence") / evidence.folder.path / name


def export_audit(actor: Actor, directory: Path) -> dict[str, int]:
    """Write the export into `directory` (created; must be empty). Takes a fresh signed checkpoint."""
    require(actor, "audit.export")
    directory = Path(directory)
    if directory.exists() and any(directory.iterdir()):
        raise ValidationError({"directory": f"{directory} is not empty"})
    directory.mkdir(parents=True, exist_ok=True)
    create_checkpoint(actor, note=f"auditor export to {directory.name}")
    sums: dict[str, str] = {}

    def write(relative: str, text: str) -> None:
        data = text.encode()
        (directory / relative).write_bytes(data)
        sums[relative] = hashlib.sha256(data).hexdigest()

    events = AuditEvent.objects.order_by("sequence")
    lines = []
    for event in events.iterator(chunk_size=2000):
        body = json.loads(event.payload())
        body["hash"] = event.hash
        lines.append(_dumps(body))
    write("events.jsonl", "".join(line + "\n" for line in lines))
    checkpoints = [_dumps(as_document(c)) + "\n" for c in AuditCheckpoint.objects.order_by("sequence", "pk")]
    write("checkpoints.jsonl", "".join(checkpoints))
    write("checkpoint-public.pem", public_key_pem())
    write("README.txt", README)

    files, metadata = 0, []
    for evidence in visible_files(actor).order_by("pk"):
        relative = _evidence_path(evidence)
        if str(relative) in sums:  # "a.v2.txt" added as a file of its own next to version 2 of "a.txt"
            relative = relative.with_name(f"{relative.stem}.id{evidence.pk}{relative.suffix}")
        entry = {
            "id": evidence.pk,
            "folder": evidence.folder.path,
            "name": evidence.name,
            "version": evidence.version,
            "sha256": evidence.sha256,
            "size": evidence.size,
            "proves": evidence.proves,
            "classification": evidence.classification,
            "added_by": str(evidence.added_by or "system"),
            "added_at": evidence.added_at,
            "purged_at": evidence.purged_at,
            "path": None if evidence.is_purged else str(relative),
        }
        metadata.append(_dumps(entry) + "\n")
        if evidence.is_purged:
            continue
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        with open_evidence(actor, evidence) as source, target.open("wb") as out:
            shutil.copyfileobj(source, out)
        sums[str(relative)] = evidence.sha256
        files += 1
    write("evidence.jsonl", "".join(metadata))
    (directory / "SHA256SUMS").write_text("".join(f"{sha}  {path}\n" for path, sha in sorted(sums.items())))
    return {"events": len(lines), "checkpoints": len(checkpoints), "evidence files": files}
