"""Every list page costs the same number of queries whatever the number of rows it shows (NetBox's
rule): a page of fifty rows that issues a query per row is a page that stops loading at 10,000 items."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contingent.demo.loader import load_demo
from contingent.urls import record_types


@pytest.fixture
def demo_client(client, db):
    load_demo()
    client.login(username="mvandenberg", password="contingent-demo")
    return client


def _queries(client, url: str, **params: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


@pytest.mark.parametrize("record_type", record_types, ids=lambda rt: rt.slug)
def test_list_page_queries_do_not_grow_with_rows(demo_client, record_type):
    rows = list(record_type.queryset().filter(retired_at__isnull=True)[: record_type.page_size])
    if len(rows) < 3:
        pytest.skip(f"the demo has {len(rows)} {record_type.slug}: too few to tell")
    url = record_type.url("list")
    # One row: search for one record's exact name (other rows may match too; fewer rows is what counts).
    field = record_type.search[0]
    term = str(getattr(rows[0], field.split("__")[0]))
    few, few_html = _queries(demo_client, url, q=term)
    many, many_html = _queries(demo_client, url)
    assert many_html.count("<tr") > few_html.count("<tr"), "the search should have shown fewer rows"
    assert many == few, f"{record_type.slug}: {many} queries for a full page, {few} for a searched one"
