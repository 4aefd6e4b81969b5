"""Rules for regions, instances, items (processes, services, assets, suppliers) and dependencies."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from contingent.access.services import Actor
from contingent.inventory.models import Dependency, Instance, Item, Region
from contingent.records.services import create_record, retire_record, update_record


def create_region(actor: Actor, **data: Any) -> Region:
    """Add a custom region or site (the cloud catalogue is loaded at installation)."""
    return create_record(actor, Region, data)


def update_region(actor: Actor, region: Region, **data: Any) -> Region:
    """Change a region or site, for example its paired region."""
    return update_record(actor, region, data)


def retire_region(actor: Actor, region: Region, reason: str = "") -> Region:
    """Retire a region or site no longer used."""
    return retire_record(actor, region, reason)


def create_instance(actor: Actor, **data: Any) -> Instance:
    """Add a production instance with its primary and alternative region."""
    return create_record(actor, Instance, data)


def update_instance(actor: Actor, instance: Instance, **data: Any) -> Instance:
    """Change a production instance."""
    return update_record(actor, instance, data)


def retire_instance(actor: Actor, instance: Instance, reason: str = "") -> Instance:
    """Retire a production instance."""
    return retire_record(actor, instance, reason)


def create_item(actor: Actor, kind: str, **data: Any) -> Item:
    """Add a business process, service, asset or supplier."""
    return create_record(actor, Item, {"kind": kind, **data})


def update_item(actor: Actor, item: Item, **data: Any) -> Item:
    """Change an item; its kind is fixed once created."""
    if "kind" in data and data["kind"] != item.kind:
        raise ValidationError({"kind": "an item's kind cannot change; retire it and create a new one"})
    return update_record(actor, item, data)


def retire_item(actor: Actor, item: Item, reason: str = "") -> Item:
    """Retire an item; refused while something still depends on it."""
    return retire_record(actor, item, reason)


def _check_targets(dependent: Item, targets: list[Item], min_required: int) -> None:
    errors: dict[str, str] = {}
    if not targets:
        errors["targets"] = "name at least one item this depends on"
    elif any(t.pk == dependent.pk for t in targets):
        errors["targets"] = f"{dependent.name} cannot depend on itself"
    elif any(t.is_retired for t in targets):
        errors["targets"] = "retired items cannot be depended on: " + ", ".join(t.name for t in targets if t.is_retired)
    elif len({t.pk for t in targets}) != len(targets):
        errors["targets"] = "the same item is listed twice"
    if targets and min_required > len(targets):
        errors["min_required"] = f"needs {min_required} but only {len(targets)} alternatives are listed"
    if errors:
        raise ValidationError(errors)


def create_dependency(
    actor: Actor, dependent: Item, targets: list[Item], min_required: int = 1, description: str = ""
) -> Dependency:
    """Record that `dependent` needs at least `min_required` of `targets`."""
    _check_targets(dependent, targets, min_required)
    data = {"dependent": dependent, "min_required": min_required, "description": description}
    with transaction.atomic():
        dependency = create_record(actor, Dependency, data | {"targets": [t.pk for t in targets]})
    return dependency


def update_dependency(
    actor: Actor, dependency: Dependency, targets: list[Item] | None = None, **data: Any
) -> Dependency:
    """Change a dependency's alternatives, how many of them are needed, or its description."""
    new_targets = targets if targets is not None else list(dependency.targets.all())
    _check_targets(dependency.dependent, new_targets, data.get("min_required", dependency.min_required))
    return update_record(actor, dependency, data | {"targets": [t.pk for t in new_targets]})


def retire_dependency(actor: Actor, dependency: Dependency, reason: str = "") -> Dependency:
    """Remove a dependency from the working inventory; the audit trail keeps it."""
    return retire_record(actor, dependency, reason)
