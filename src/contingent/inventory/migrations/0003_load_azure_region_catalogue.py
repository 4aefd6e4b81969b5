import json
from pathlib import Path

from django.db import migrations

CATALOGUE = Path(__file__).resolve().parent.parent / "data" / "azure-regions.json"


def load(apps, schema_editor):
    """The default region catalogue: Azure's physical regions and their pairs (data/README.md)."""
    Region = apps.get_model("inventory", "Region")
    records = [r for r in json.loads(CATALOGUE.read_text()) if r.get("regionType") == "Physical"]
    by_key = {}
    for r in records:
        by_key[r["name"]] = Region.objects.create(
            key=r["name"], name=r["displayName"], kind="cloud_region", geography=r.get("geography") or "",
            physical_location=r.get("physicalLocation") or "",
            latitude=float(r["latitude"]) if r.get("latitude") else None,
            longitude=float(r["longitude"]) if r.get("longitude") else None,
            zones=r.get("zones") or 0, from_catalogue=True,
        )
    for r in records:
        pairs = [p for p in r.get("pairedRegion") or [] if p in by_key]
        if pairs:
            region = by_key[r["name"]]
            region.paired_region = by_key[pairs[0]]
            region.save(update_fields=["paired_region"])


class Migration(migrations.Migration):
    dependencies = [("inventory", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
