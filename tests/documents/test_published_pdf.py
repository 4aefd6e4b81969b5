"""The PDF filed when a plan is published carries the plan's own runbook, drawn, scheduled and listed."""

import io

import pytest
from pypdf import PdfReader

from contingent.evidence.services import open_evidence

pytestmark = pytest.mark.django_db


def test_the_published_pdf_draws_and_lists_the_runbook(publish):
    version = publish("infra-drp", "Infrastructure DR plan")
    reader = PdfReader(io.BytesIO(open_evidence(None, version.pdf).read()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Runbook at a glance" in text
    assert "Recovery schedule" in text  # the Gantt chart of the plan's own steps
    assert "Restore the core network" in text
    assert "Fail over the <b>hub</b> firewall to North Europe." in text
    assert "Call the bridge" in text
