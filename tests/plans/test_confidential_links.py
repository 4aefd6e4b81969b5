"""A plan cannot be used to read records its author may not see: linking one, making it a step's service or
orchestrating a hidden plan is answered as if the record did not exist, and nothing changes."""

import pytest
from django.core.exceptions import ValidationError

from contingent.plans import runbook, services
from contingent.plans.models import Plan


@pytest.fixture
def infra_plan(people, teams):
    return services.create_plan(people["infra"], key="infra-drp", title="Infrastructure DR plan", kind="team_drp",
                                team=teams["infra"])  # fmt: skip


def test_a_section_cannot_link_a_hidden_item(people, infra_plan, make_item):
    vault = make_item("payments-vault", classification="confidential")  # owned by Payments
    with pytest.raises(ValidationError) as refused:
        services.edit_section(people["infra"], infra_plan, "assets", items=[vault])
    assert refused.value.message_dict == {"items": ["no such item"]}
    assert not infra_plan.sections.get(key="assets").items.exists()
    services.edit_section(people["bcm"], infra_plan, "assets", items=[vault])  # the BC Manager sees it
    assert list(infra_plan.sections.get(key="assets").items.all()) == [vault]


def test_a_step_cannot_restore_a_hidden_service(people, infra_plan, make_item):
    portal = make_item("payments-portal", kind="service", classification="private")
    with pytest.raises(ValidationError) as refused:
        runbook.add_step(people["infra"], infra_plan, key="s1", title="Bring it back", service=portal)
    assert "service" in refused.value.message_dict
    assert not infra_plan.steps.exists()


def test_a_plan_cannot_orchestrate_a_hidden_plan(people, teams, infra_plan):
    hidden = services.create_plan(people["paymgr"], key="pay-drp", title="Payments DR plan", kind="team_drp",
                                  team=teams["payments"], classification="confidential")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        runbook.add_reference(people["infra"], infra_plan, hidden, "hand over")
    assert refused.value.message_dict == {"target": ["no such plan"]}
    assert not Plan.objects.get(pk=infra_plan.pk).references.exists()
