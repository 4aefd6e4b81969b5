"""A real SMTP server (aiosmtpd) on a free port with Contingent's email settings pointed at it, and a published
plan version: the Infrastructure DRP, owned by Orla, reviewed by Rafael, its team managed by Jeroen."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction
from django.utils import timezone

from contingent.org.models import Person
from contingent.plans.document import plan_document
from contingent.plans.models import PlanVersion
from contingent.plans.publication import publish_artifacts
from contingent.plans.services import create_plan


class Inbox:
    """Collects what the SMTP server accepted: (envelope recipients, raw bytes, parsed message)."""

    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes, object]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        self.received.append((list(envelope.rcpt_tos), raw, message_from_bytes(raw, policy=policy.default)))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return sorted(r for rcpts, _, _ in self.received for r in rcpts)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_URL = f"smtp://127.0.0.1:{port}"
    settings.EMAIL_FROM = "Contingent <bcm@example.com>"
    settings.BASE_URL = "https://bcm.example.com"
    inbox.port = port  # type: ignore[attr-defined]
    yield inbox
    controller.stop()


@pytest.fixture
def version(cast, teams):
    plan = create_plan(
        cast["infra"],
        key="infra-drp",
        title="Infrastructure DR plan",
        kind="team_drp",
        team=teams["infra"],
        owner=Person.objects.get(key="sclead"),
        classification="confidential",
    )
    plan.reviewers.add(Person.objects.get(key="dev"))
    with transaction.atomic():
        v = PlanVersion.objects.create(
            plan=plan,
            number=1,
            content=plan_document(plan, version=1),
            created_by=cast["infra"],
            created_at=timezone.now(),
        )
        publish_artifacts(cast["infra"], v)
    return v
