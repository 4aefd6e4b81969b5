from datetime import timedelta

from django.db import migrations

TIERS = (
    ("Tier 0: mission critical", timedelta(hours=1)),
    ("Tier 1: business critical", timedelta(hours=4)),
    ("Tier 2: essential", timedelta(days=1)),
    ("Tier 3: important", timedelta(days=3)),
    ("Tier 4: deferrable", timedelta(weeks=1)),
    ("Tier 5: non-critical", None),
)


def load(apps, schema_editor):
    RecoveryTier = apps.get_model("bia", "RecoveryTier")
    for rank, (name, max_rto) in enumerate(TIERS):
        RecoveryTier.objects.create(rank=rank, name=name, max_rto=max_rto)


class Migration(migrations.Migration):
    dependencies = [("bia", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
