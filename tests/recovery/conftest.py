from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from contingent.demo.loader import load_demo

EXAMPLE_STEPS = Path(__file__).resolve().parents[2] / "src" / "contingent" / "demo" / "recovery_steps.yaml"


@pytest.fixture
def demo(db):
    """The demo organisation (on Azure West Europe, paired with North Europe), loaded as `contingent demo` does."""
    call_command("migrate", verbosity=0)
    load_demo()


@pytest.fixture
def auditor(demo):
    """Katrin, the demo's auditor: may read every analysis, changes nothing."""
    return User.objects.get(username="kmeyer")
