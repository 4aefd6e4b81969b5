from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from contingent.bia import services
from contingent.bia.scale import TIME_POINTS, Category

H, D = timedelta(hours=1), timedelta(days=1)


def flat(level_by_point: list[int], category: str = "financial") -> dict:
    return {(category, p): lvl for p, lvl in zip(TIME_POINTS, level_by_point, strict=True)}


def test_mtpd_is_the_first_point_any_category_becomes_intolerable():
    ratings = flat([0, 1, 2, 3, 4, 5]) | flat([0, 0, 4, 4, 5, 5], "reputation")
    mtpd, proposed = services.derive_objectives(ratings, intolerable=4)
    assert mtpd == D
    assert proposed == 4 * H  # the time point before the MTPD


def test_intolerable_at_the_first_hour_proposes_half_an_hour():
    mtpd, proposed = services.derive_objectives(flat([5, 5, 5, 5, 5, 5]), intolerable=4)
    assert (mtpd, proposed) == (H, H / 2)


def test_nothing_intolerable_has_no_mtpd_and_the_longest_rto():
    mtpd, proposed = services.derive_objectives(flat([0, 0, 1, 1, 2, 2]), intolerable=4)
    assert mtpd is None and proposed == TIME_POINTS[-1]


def test_an_unrated_point_carries_the_last_rating_forward():
    ratings = {("legal", TIME_POINTS[0]): 1, ("legal", TIME_POINTS[2]): 4}
    assert services.level_curve(ratings, "legal") == [1, 1, 4, 4, 4, 4]


@pytest.fixture
def service(make_item):
    return make_item("billing", kind="service", business_critical=True)


def test_rating_derives_rto_and_tier(cast, service):
    a = services.create_assessment(cast["bcm"], service, ratings=flat([1, 2, 4, 5, 5, 5]))
    assert (a.mtpd, a.proposed_rto, a.rto) == (D, 4 * H, 4 * H)
    assert a.tier.name.startswith("Tier 1")


def test_rto_above_mtpd_is_refused(cast, service):
    a = services.create_assessment(cast["bcm"], service, ratings=flat([1, 2, 4, 5, 5, 5]))
    with pytest.raises(ValidationError) as error:
        services.update_assessment(cast["bcm"], a, rto_override=3 * D, rto_override_reason="cheaper")
    assert "rto_override" in error.value.message_dict
    a.refresh_from_db()
    assert a.rto == 4 * H  # nothing half-written


def test_overriding_the_rto_needs_a_reason(cast, service):
    a = services.create_assessment(cast["bcm"], service, ratings=flat([1, 2, 4, 5, 5, 5]))
    with pytest.raises(ValidationError) as error:
        services.update_assessment(cast["bcm"], a, rto_override=H)
    assert "rto_override_reason" in error.value.message_dict
    services.update_assessment(cast["bcm"], a, rto_override=H, rto_override_reason="customers pay by the hour")
    a.refresh_from_db()
    assert a.rto == H and a.tier.name.startswith("Tier 0")


def test_approval_lists_every_missing_piece(cast, service):
    a = services.create_assessment(cast["bcm"], service, ratings=flat([1, 2, 4, 5, 5, 5]))
    with pytest.raises(ValidationError) as error:
        services.approve_assessment(cast["bcm"], a)
    problems = " ".join(error.value.messages)
    assert "Reputation" in problems and "RPO" in problems and "minimum staffing" in problems


def complete(a, actor):
    ratings = {}
    for c in Category.values:
        ratings |= flat([1, 2, 4, 5, 5, 5], c)
    return services.update_assessment(actor, a, ratings=ratings, rpo=H, minimum_staff=2)


def test_only_the_bc_manager_approves_and_review_is_due_within_a_year(cast, service):
    a = complete(services.create_assessment(cast["sclead"], service), cast["sclead"])
    with pytest.raises(PermissionDenied):
        services.approve_assessment(cast["sclead"], a)
    services.approve_assessment(cast["bcm"], a)
    a.refresh_from_db()
    assert a.state == "approved" and a.approved_by == cast["bcm"]
    assert (a.next_review - a.approved_at.date()).days <= 365


def test_changing_an_approved_assessment_returns_it_to_draft(cast, service):
    a = complete(services.create_assessment(cast["bcm"], service), cast["bcm"])
    services.approve_assessment(cast["bcm"], a)
    services.update_assessment(cast["bcm"], a, rpo=4 * H)
    a.refresh_from_db()
    assert a.state == "draft" and a.approved_by is None


def test_a_rating_off_the_scale_names_the_cell(cast, service):
    a = services.create_assessment(cast["bcm"], service)
    with pytest.raises(ValidationError) as error:
        services.rate_impact(cast["bcm"], a, {("financial", H): 9})
    assert any("financial" in k for k in error.value.message_dict)


def test_a_team_member_cannot_write_a_bia(cast, service):
    with pytest.raises(PermissionDenied):
        services.create_assessment(cast["dev"], service)


def test_assets_are_not_assessed(cast, make_item):
    with pytest.raises(ValidationError) as error:
        services.create_assessment(cast["bcm"], make_item("db"))
    assert "item" in error.value.message_dict
