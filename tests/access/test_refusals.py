"""A refused request leaves no trace: not a row changed, not an audit event written — through the web
forms as through the API (tests/api/test_endpoint_roles.py covers every API operation)."""

from tests.api.test_endpoint_roles import fingerprint

from contingent.audit.models import AuditHead


def _head() -> int:
    head = AuditHead.objects.first()
    return head.sequence if head else 0


def test_refused_web_writes_change_nothing(client, cast, make_item):
    infra_asset = make_item("hub-vnet", team="infra")
    private = make_item("payroll-db", team="payments", classification="private")
    attempts = [
        (
            "outsider",
            "/assets/new/",
            {
                "key": "x1",
                "name": "X1",
                "asset_type": "key",
                "owner_team": infra_asset.owner_team_id,
                "classification": "internal",
            },
            403,
        ),
        (
            "dev",
            f"/assets/{infra_asset.pk}/edit/",
            {
                "key": "hub-vnet",
                "name": "Renamed",
                "asset_type": "application",
                "owner_team": infra_asset.owner_team_id,
                "classification": "internal",
            },
            403,
        ),
        ("dev", f"/assets/{infra_asset.pk}/retire/", {"reason": "gone"}, 403),  # refused by the service
        ("infra", f"/assets/{private.pk}/retire/", {"reason": "gone"}, 404),  # may not even see it
        ("auditor", "/teams/new/", {"key": "t9", "name": "T9", "kind": "developer"}, 403),
    ]
    for who, url, data, status in attempts:
        client.force_login(cast[who])
        before, head = fingerprint(), _head()
        response = client.post(url, data)
        assert response.status_code == status, (who, url, response.status_code)
        assert fingerprint() == before, f"{who} {url} changed a row"
        assert _head() == head, f"{who} {url} wrote an audit event"
    infra_asset.refresh_from_db()
    assert infra_asset.name == "Hub Vnet" and not infra_asset.is_retired
