"""What publishing a plan version produces (spec 000 DRP 3.5–3.6): the read-only PDF in the plan's evidence
folder, and a distribution email to everyone with a role or responsibility in the plan.

Called by plans.services.publish_plan inside its transaction: the PDF's evidence row and the queued emails
commit with the version or not at all (a transactional outbox; the worker sends after commit)."""

import re
from typing import Any

from contingent.documents.render import render_plan_pdf
from contingent.evidence.services import add_evidence
from contingent.notifications.services import Recipient, queue_message, request_acknowledgement

# Wider drawings (long chains of steps) would print too small to read; the PDF keeps the numbered list only.
MAX_DRAWING_WIDTH = 2400


def evidence_folder(version: Any) -> str:
    return f"plans/{version.plan.key}/v{version.number}"


def _body(version: Any, recipient: Recipient, link: str) -> str:
    plan, content = version.plan, version.content["plan"]
    return (
        f"Dear {recipient.name or recipient.email},\n\n"
        f'Version {version.number} of "{plan.title}" ({content.get("kind_label", plan.kind)}) has been published'
        f" and you have a role or responsibility in it.\n\n"
        f"Read it in Contingent: {link}\n"
        f"The published copy is attached as a PDF. Next review: {content.get('next_review') or 'not set'}.\n\n"
        "Please confirm that you have received it:\n{acknowledge_url}\n\n"
        "This email was sent by Contingent; a copy is kept in the plan's evidence folder.\n"
    )


def _drawing(version: Any) -> str:
    """The runbook drawing for the PDF, when it stays legible at page width."""
    from contingent.plans.drawing import runbook_svg

    svg = runbook_svg(version.content["steps"], version.plan.key)
    width = re.match(r'<svg[^>]*\swidth="(\d+)"', svg)
    return svg if width and int(width.group(1)) <= MAX_DRAWING_WIDTH else ""


def _gantt(actor: Any, version: Any) -> str:
    """The plan's recovery schedule as a Gantt chart (critical path, RTO deadlines) for the PDF."""
    if not version.content["steps"]:
        return ""
    from contingent.recovery.drawings import gantt_svg
    from contingent.recovery.planning import plan_recovery
    from contingent.recovery.steps_source import StepSource

    return gantt_svg(plan_recovery(actor, StepSource(plans=(version.plan.key,))))


def publish_artifacts(actor: Any, version: Any) -> None:
    """Render the version to PDF, file it as evidence of the version, and queue its distribution."""
    from contingent.plans.services import plan_recipients

    plan = version.plan
    folder = evidence_folder(version)
    document = {
        **version.content,
        "classification": plan.classification,
        "schedule_svg": _drawing(version),
        "gantt_svg": _gantt(actor, version),
    }
    pdf = add_evidence(
        actor,
        folder,
        f"{plan.key}-v{version.number}.pdf",
        render_plan_pdf(document),
        proves=f"the published, read-only copy of {plan.title} version {version.number}",
        record=version,
        classification=plan.classification,
        media_type="application/pdf",
    )
    version.pdf = pdf
    version.save(update_fields=["pdf"])
    link = version.content["plan"]["url"]
    subject = f"Published: {plan.title} (version {version.number})"
    for person in plan_recipients(plan):
        recipient = Recipient.of(person)
        queue_message(
            recipient,
            subject,
            _body(version, recipient, link),
            record=version,
            attachments=[pdf],
            evidence_folder=folder,
            dedup_key=f"distribution:{version.pk}:{person.email.lower()}",
            acknowledgement=request_acknowledgement(version, recipient),
        )
