"""Signed checkpoints of the audit chain. A checkpoint is the head (sequence, hash) signed with an Ed25519
key; kept outside the database (a file handed to an auditor, mailed away), it proves the log was not
rewritten wholesale afterwards: the rewritten chain would no longer contain that hash at that sequence.

An outsider checks the signature with the public key alone, e.g. with OpenSSL:
    openssl pkeyutl -verify -pubin -inkey checkpoint-public.pem -rawin -in message.txt -sigfile signature.bin
"""

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contingent.access.services import Actor, require
from contingent.audit.models import AuditCheckpoint, AuditEvent, AuditHead
from contingent.audit.services import record_event

FORMAT = "contingent-audit-checkpoint/v1"


def _private_key() -> Ed25519PrivateKey:
    path = Path(settings.CHECKPOINT_KEY_FILE)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_key_pem() -> str:
    return (
        _private_key()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def fingerprint(pem: str) -> str:
    key = serialization.load_pem_public_key(pem.encode())
    return hashlib.sha256(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)).hexdigest()


def message(sequence: int, head: str, at: str) -> bytes:
    return f"{FORMAT} sequence={sequence} hash={head} at={at}".encode()


def create_checkpoint(actor: Actor | None, note: str = "", send_to: str = "") -> AuditCheckpoint:
    """Sign the current head of the chain and keep the checkpoint; one audit event (after the head).
    With send_to, the checkpoint document is also emailed there (queued; the worker sends it)."""
    if actor is not None:
        require(actor, "audit.checkpoint")
    key = _private_key()
    pem = public_key_pem()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        at = timezone.now()
        signature = key.sign(message(head.sequence, head.hash, at.isoformat()))
        checkpoint = AuditCheckpoint.objects.create(
            sequence=head.sequence,
            hash=head.hash,
            at=at,
            signature=base64.b64encode(signature).decode(),
            public_key=pem,
            fingerprint=fingerprint(pem),
        )
        after = {"sequence": head.sequence, "hash": head.hash} | ({"sent_to": send_to} if send_to else {})
        record_event(actor, "checkpoint", checkpoint, after=after, note=note)
        if send_to:
            _send(checkpoint, send_to)
    return checkpoint


def _send(checkpoint: AuditCheckpoint, address: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from contingent.notifications.services import Recipient, queue_message

    try:
        validate_email(address)
    except ValidationError as error:
        raise ValidationError({"send_to": f"'{address}' is not an email address"}) from error
    body = (
        f"Signed checkpoint of the Contingent audit trail at {settings.BASE_URL}: event #{checkpoint.sequence} "
        f"has hash {checkpoint.hash}.\nKeep this message; `contingent audit verify --checkpoint FILE` with the "
        "JSON below saved as FILE proves the trail was not rewritten since.\n\n"
        + json.dumps(as_document(checkpoint), indent=2)
    )
    queue_message(Recipient(address), f"Audit checkpoint #{checkpoint.sequence}", body, record=checkpoint)


def as_document(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """The checkpoint as a self-contained JSON document for a file or an email."""
    at = checkpoint.at.isoformat()
    return {
        "format": FORMAT,
        "sequence": checkpoint.sequence,
        "hash": checkpoint.hash,
        "at": at,
        "message": message(checkpoint.sequence, checkpoint.hash, at).decode(),
        "signature": checkpoint.signature,
        "algorithm": "Ed25519",
        "public_key": checkpoint.public_key,
        "fingerprint": checkpoint.fingerprint,
        "base_url": settings.BASE_URL,
    }


@dataclass
class CheckpointCheck:
    sequence: int
    hash: str
    problem: str = ""

    @property
    def holds(self) -> bool:
        return not self.problem


def check_checkpoint(document: dict[str, Any], trusted_key_pem: str | None = None) -> CheckpointCheck:
    """Does the signed checkpoint hold: valid signature by the trusted key (default: this installation's),
    and the chain still has that hash at that sequence?"""
    try:
        sequence, head, at = int(document["sequence"]), str(document["hash"]), str(document["at"])
        signature = base64.b64decode(document["signature"])
        datetime.fromisoformat(at)
    except (KeyError, TypeError, ValueError) as error:
        return CheckpointCheck(0, "", f"not a checkpoint file ({error})")
    trusted = trusted_key_pem or public_key_pem()
    if fingerprint(trusted) != document.get("fingerprint"):
        return CheckpointCheck(sequence, head, "it was signed by a different key than the trusted one")
    public = serialization.load_pem_public_key(trusted.encode())
    assert isinstance(public, Ed25519PublicKey)
    try:
        public.verify(signature, message(sequence, head, at))
    except InvalidSignature:
        return CheckpointCheck(sequence, head, "its signature does not match its content")
    event = AuditEvent.objects.filter(sequence=sequence).first()
    if sequence == 0:
        return CheckpointCheck(sequence, head)
    if event is None:
        return CheckpointCheck(sequence, head, f"event #{sequence} is gone: the log was cut short or rewritten")
    if event.hash != head:
        return CheckpointCheck(sequence, head, f"event #{sequence} now has a different hash: the log was rewritten")
    return CheckpointCheck(sequence, head)


def load_document(path: Path) -> dict[str, Any]:
    return json.loads(Path(path).read_text())
