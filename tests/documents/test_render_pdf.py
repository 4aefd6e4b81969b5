"""A published plan renders to a PDF whose text reads back: what a reader of the printed copy sees."""

import io

import pytest
from pypdf import PdfReader

from contingent.documents.render import render_plan_pdf
from contingent.documents.sample import sample_document


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def document():
    return sample_document(steps=6)


@pytest.fixture(scope="module")
def pdf_text(document):
    pdf = render_plan_pdf(document)
    assert pdf.startswith(b"%PDF-")
    return _text(pdf)


def test_the_title_page_names_the_plan_its_version_and_approval(pdf_text):
    assert "Payments disaster recovery plan" in pdf_text
    assert "Version 3" in pdf_text
    assert "Sam Lead" in pdf_text
    assert "20 November 2027" in pdf_text  # next review


def test_contacts_and_their_phone_numbers_are_printed(pdf_text):
    assert "+44 20 7946 0123" in pdf_text
    assert "Ivan Infra" in pdf_text and "(deputy)" in pdf_text


def test_runbook_steps_carry_their_instructions_and_verification(pdf_text):
    assert "Fail over database cluster db-4 to West Europe" in pdf_text
    assert "Promote the replica" in pdf_text
    assert "Health check /healthz on service 6" in pdf_text
    assert "Contents" in pdf_text and "Runbook" in pdf_text


def test_every_page_carries_the_classification_marking(document):
    reader = PdfReader(io.BytesIO(render_plan_pdf(document)))
    assert len(reader.pages) >= 3
    assert all("CONFIDENTIAL" in page.extract_text() for page in reader.pages)


def test_user_text_is_printed_as_written_never_run_as_typst(document):
    hostile = {**document, "plan": {**document["plan"], "title": '#set page(fill: red) $x$ *bold* "q" \\ ]'}}
    hostile["sections"] = [{"key": "s", "title": "#pagebreak()", "body": "= not a heading\n\n#panic()", "links": []}]
    text = _text(render_plan_pdf(hostile))
    assert "#set page(fill: red) $x$ *bold*" in text
    assert "#panic()" in text and "= not a heading" in text


def test_an_empty_plan_still_renders_and_says_what_is_missing(document):
    empty = {**document, "sections": [], "objectives": [], "contacts": [], "steps": [], "referenced_plans": []}
    empty["handoffs"] = []
    text = _text(render_plan_pdf(empty))
    assert "This plan has no runbook steps." in text
    assert "No contacts are recorded for this plan." in text


def test_a_runbook_drawing_is_included_when_the_document_carries_one(document):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40">'
        '<rect x="0" y="5" width="120" height="20" fill="#1f3a5f"/><text x="4" y="35">Restore network</text></svg>'
    )
    text = _text(render_plan_pdf({**document, "schedule_svg": svg}))
    assert "Runbook at a glance" in text
