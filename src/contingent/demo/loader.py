"""Load the demo organisation (organisation.yaml) and give its key people logins."""

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction

from contingent.exchange.importer import import_data
from contingent.org.models import Person

DEMO_FILE = Path(__file__).with_name("organisation.yaml")
IMPACT_FILE = Path(__file__).with_name("impact.yaml")
DEMO_PASSWORD = "contingent-demo"
DEMO_LOGINS = (
    ("admin", "administrator"),
    ("mvandenberg", "BC Manager"),
    ("okeane", "Service Continuity Lead"),
    ("jdevries", "infrastructure team manager"),
    ("cdubois", "Customer Portal team manager"),
    ("rsilva", "Customer Portal engineer (team member)"),
    ("kmeyer", "auditor (read-only)"),
)


def load_demo() -> str:
    """Import the demo organisation as the administrator, then link logins to the people."""
    with transaction.atomic():
        admin = User.objects.filter(username="admin").first() or User.objects.create_superuser(
            "admin", "admin@example.com", DEMO_PASSWORD
        )
        summary = import_data(admin, DEMO_FILE)
        for username, _ in DEMO_LOGINS[1:]:
            person = Person.objects.get(key=username)
            user = User.objects.filter(username=username).first() or User.objects.create_user(
                username, person.email, DEMO_PASSWORD, first_name=person.name[:150]
            )
            Person.objects.filter(pk=person.pk).update(user=user)
        # The BC Manager is accountable for the BIA (spec 003 RACI 1.2), so they import and approve it.
        impact = import_data(User.objects.get(username="mvandenberg"), IMPACT_FILE)
        summary.created |= {k: v for k, v in impact.created.items() if v}
        summary.updated |= {k: v for k, v in impact.updated.items() if v}
        # Issue 4: the policy, a BCP, each IT team's DR plan and the global DR plan, reviewed and published.
        from contingent.demo.plans import load_plans

        published = load_plans(DEMO_PASSWORD)
    counts = summary.counts()
    loaded = ", ".join(f"{n} {name}" for name, c in counts.items() if (n := c["created"] + c["updated"]))
    return f"{loaded}, {published} published plans"
