"""Render a plan document (the frozen JSON snapshot of CONTRACTS.md) to PDF with Typst.

The document goes to the template as JSON in sys.inputs, with display strings prepared here: user text is
data to Typst, never markup, so a title like "#set page(...)" prints as written."""

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import typst

from contingent.lib.durations import format_duration

TEMPLATES = Path(__file__).parent / "templates"
NOT_SET = "—"
STATE_LABELS = {"published": "Published", "superseded": "Superseded", "approved": "Approved", "draft": "Draft"}
PHASE_LABELS = {"recovery": "Recovery", "reconstitution": "Reconstitution"}


class RenderFailed(Exception):
    """Typst refused the document; the message is Typst's own."""


def _text_blocks(text: str) -> list[dict[str, Any]]:
    """Plain text to paragraphs and bullet lists: blank lines separate paragraphs, "- " lines are bullets."""
    blocks: list[dict[str, Any]] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            blocks.append({"kind": "list", "items": [line.lstrip()[2:].strip() for line in lines]})
        else:
            blocks.append({"kind": "para", "text": "\n".join(lines)})
    return blocks


def _duration(seconds: int | float | None) -> str:
    if seconds is None:
        return NOT_SET
    return format_duration(timedelta(seconds=seconds))


def _when(iso: str | None) -> str:
    if not iso:
        return NOT_SET
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso
    return moment.strftime("%-d %B %Y %H:%M UTC") if "T" in iso else moment.strftime("%-d %B %Y")


def _step(step: dict[str, Any]) -> dict[str, Any]:
    owner = " / ".join(x for x in (step.get("team"), step.get("role")) if x) or "no team assigned"
    return {
        **step,
        "phase_label": PHASE_LABELS.get(step["phase"], step["phase"]),
        "owner_line": owner,
        "duration_line": "duration "
        + " / ".join(_duration(step[k]) for k in ("optimistic", "likely", "pessimistic"))
        + " (optimistic / likely / pessimistic)",
        "depends_line": ", ".join(step["depends_on"]),
        "instructions_blocks": _text_blocks(step["instructions"]),
        "verification_blocks": _text_blocks(step["verification"]),
        "safeguards_blocks": _text_blocks(step["safeguards"]),
        "evidence_blocks": _text_blocks(step["evidence"]),
        "service_line": step.get("service") or "",
        "plan_line": step.get("plan") or "",
    }


def _contact(contact: dict[str, Any]) -> dict[str, Any]:
    role = contact["role"] + (" (deputy)" if contact.get("deputy") else "")
    job = ", ".join(x for x in (contact.get("job_title"), contact.get("team")) if x)
    return {**contact, "role_label": role, "job_line": job}


def _objective(o: dict[str, Any]) -> dict[str, Any]:
    return {
        "item": o["item"],
        "kind": o["kind"],
        "critical": "yes" if o.get("business_critical") else "no",
        "rto": _duration(o.get("rto")),
        "rpo": _duration(o.get("rpo")),
        "mtpd": _duration(o.get("mtpd")),
        "tier": o.get("tier") or NOT_SET,
    }


def prepare(document: dict[str, Any]) -> dict[str, Any]:
    """The template's input: the document plus the display strings Typst should not have to compute."""
    plan = document["plan"]
    display = {k: plan.get(k) or NOT_SET for k in ("team", "instance", "owner", "approved_by")}
    display.update({k: _when(plan.get(k)) for k in ("approved_at", "published_at", "next_review")})
    return {
        "plan": plan,
        "classification": plan.get("classification") or document.get("classification") or "internal",
        "state_label": STATE_LABELS.get(plan["state"], plan["state"].replace("_", " ").capitalize()),
        "display": display,
        "footer": f"Version {plan['version']} · next review {display['next_review']}",
        "sections": [{**s, "blocks": _text_blocks(s["body"])} for s in document["sections"]],
        "objectives": [_objective(o) for o in document["objectives"]],
        "contacts": [_contact(c) for c in document["contacts"]],
        "steps": [_step(s) for s in document["steps"]],
        "referenced_plans": [
            {**r, "version_line": str(r["version"]) if r.get("version") else NOT_SET, "team_line": r.get("team") or ""}
            for r in document["referenced_plans"]
        ],
        "handoffs": document["handoffs"],
        "schedule_svg": document.get("schedule_svg") or "",
        "gantt_svg": document.get("gantt_svg") or "",
    }


def render_plan_pdf(document: dict[str, Any]) -> bytes:
    """The plan document as a PDF (bytes), rendered by Typst from templates/plan.typ."""
    data = json.dumps(prepare(document), ensure_ascii=False)
    try:
        return typst.compile(
            str(TEMPLATES / "plan.typ"), root=str(TEMPLATES), sys_inputs={"document": data}, format="pdf"
        )
    except RuntimeError as error:
        raise RenderFailed(str(error)) from error
