"""The cast every test starts from (as in healthchecks' hc/test.py):

- admin:   administrator; runs the system, owns no continuity decision (cannot change a BIA)
- bcm:     Marieke, the BC Manager; accountable for the BIA, approves it
- sclead:  Orla, the Service Continuity Lead; keeps the continuity organisation and the inventory
- infra:   Jeroen, manager of the Infrastructure team; changes only his team's records
- dev:     Rafael, a member of the Payments team; changes only Payments records, no BIA rights
- auditor: Katrin, the auditor; reads everything, changes nothing
- outsider: a login with no person and no role: sees pages, changes nothing
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User

from contingent.access.roles import Role
from contingent.inventory.models import Instance, Item, Region
from contingent.org.models import Person, RoleAssignment, Team

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Every test creates a dozen logins; production's deliberately slow hashing (PBKDF2, ~0.5 s a password on
    a busy machine) would dominate the run. Hashes made with it still verify."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def teams(db):
    return {
        "infra": Team.objects.create(key="infra", name="Infrastructure", kind="infrastructure"),
        "payments": Team.objects.create(key="payments", name="Payments", kind="developer"),
    }


def _person(key: str, name: str, team: Team | None, *roles: tuple[str, Team | None]) -> User:
    user = User.objects.create_user(key, f"{key}@example.com", PASSWORD, first_name=name)
    person = Person.objects.create(
        key=key, name=name, team=team, email=f"{key}@example.com", phone="+44 20 7946 0000", user=user
    )
    for role, scope in roles:
        RoleAssignment.objects.create(person=person, role=role, team=scope)
    return user


@pytest.fixture
def cast(teams):
    return {
        "admin": User.objects.create_superuser("admin", "admin@example.com", PASSWORD),
        "bcm": _person("bcm", "Marieke", None, (Role.BC_MANAGER, None)),
        "sclead": _person("sclead", "Orla", teams["infra"], (Role.SC_LEAD, None)),
        "infra": _person("infra", "Jeroen", teams["infra"], (Role.TEAM_MANAGER, teams["infra"])),
        "dev": _person("dev", "Rafael", teams["payments"]),
        "auditor": _person("auditor", "Katrin", None, (Role.AUDITOR, None)),
        "outsider": User.objects.create_user("outsider", "o@example.com", PASSWORD),
    }


@pytest.fixture
def weu(db):
    return Region.objects.get(key="westeurope")


@pytest.fixture
def instance(weu):
    return Instance.objects.create(
        key="prod", name="Production", primary_region=weu, alternative_region=Region.objects.get(key="northeurope")
    )


@pytest.fixture
def make_item(teams, instance):
    def make(key: str, kind: str = "asset", team: str = "payments", **extra) -> Item:
        defaults = {"asset": {"asset_type": "application"}, "service": {"service_type": "business"}}.get(kind, {})
        return Item.objects.create(
            key=key, name=extra.pop("name", key.replace("-", " ").title()), kind=kind,
            owner_team=teams[team] if team else None, instance=instance, **(defaults | extra),
        )

    return make


HOUR = timedelta(hours=1)
