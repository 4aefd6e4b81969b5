from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router

from contingent.access.services import STAND_IN_NAME, hidden_ids
from contingent.inventory import services
from contingent.inventory.models import Dependency, Instance, Item, Region
from contingent.inventory.schemas import (
    CycleOut,
    DependencyIn,
    DependencyOut,
    InstanceIn,
    InstanceOut,
    ItemIn,
    ItemOut,
    RegionIn,
    RegionOut,
)
from contingent.web.api import Endpoint

router = Router()


def _targets(data: dict[str, Any]) -> dict[str, Any]:
    if "target_ids" in data:
        ids = data.pop("target_ids")
        found = {i.pk: i for i in Item.objects.filter(pk__in=ids)}
        missing = [str(i) for i in ids if i not in found]
        if missing:
            raise ValidationError({"target_ids": f"no item with id {', '.join(missing)}"})
        data["targets"] = [found[i] for i in ids]
    if "dependent_id" in data:
        dependent = Item.objects.filter(pk=data.pop("dependent_id")).first()
        if dependent is None:
            raise ValidationError({"dependent_id": "no such item"})
        data["dependent"] = dependent
    return data


def _update_dependency(actor: Any, dependency: Dependency, data: dict[str, Any]) -> Dependency:
    if "dependent" in data and data.pop("dependent") != dependency.dependent:
        raise ValidationError({"dependent_id": "a dependency keeps its dependent; retire it and add a new one"})
    return services.update_dependency(actor, dependency, **data)


def _item_endpoint(path: str, kind: str, noun: str, filters: dict[str, str]) -> Endpoint:
    return Endpoint(
        path,
        noun,
        lambda: Item.objects.filter(kind=kind),
        ItemOut,
        ItemIn,
        create=lambda actor, data: services.create_item(actor, kind, **data),
        update=lambda actor, obj, data: services.update_item(actor, obj, **data),
        retire=services.retire_item,
        search=["name", "key", "description"],
        filters={"owner_team_id": "owner_team_id", "business_critical": "business_critical", **filters},
    )


ENDPOINTS = [
    Endpoint(
        "regions",
        "region",
        lambda: Region.objects.all(),
        RegionOut,
        RegionIn,
        create=lambda actor, data: services.create_region(actor, **data),
        update=lambda actor, obj, data: services.update_region(actor, obj, **data),
        retire=services.retire_region,
        search=["name", "key"],
        filters={"kind": "kind", "key": "key"},
    ),
    Endpoint(
        "instances",
        "instance",
        lambda: Instance.objects.all(),
        InstanceOut,
        InstanceIn,
        create=lambda actor, data: services.create_instance(actor, **data),
        update=lambda actor, obj, data: services.update_instance(actor, obj, **data),
        retire=services.retire_instance,
    ),
    _item_endpoint("processes", Item.Kind.PROCESS, "business process", {}),
    _item_endpoint(
        "services", Item.Kind.SERVICE, "service", {"service_type": "service_type", "instance_id": "instance_id"}
    ),
    _item_endpoint(
        "assets",
        Item.Kind.ASSET,
        "asset",
        {
            "asset_type": "asset_type",
            "region": "region__key",
            "instance_id": "instance_id",
            "classification": "classification",
        },
    ),
    _item_endpoint("suppliers", Item.Kind.SUPPLIER, "supplier", {}),
    Endpoint(
        "dependencies",
        "dependency",
        lambda: Dependency.objects.prefetch_related("targets"),
        DependencyOut,
        DependencyIn,
        create=lambda actor, data: services.create_dependency(actor, **data),
        update=_update_dependency,
        retire=services.retire_dependency,
        search=["dependent__name", "description"],
        filters={"dependent_id": "dependent_id", "target_id": "targets"},
        to_data=_targets,
    ),
]
for endpoint in ENDPOINTS:
    endpoint.register(router)


@router.get(
    "/dependency-cycles",
    response=list[CycleOut],
    tags=["dependencies"],
    summary="Mutual dependencies in the data (allowed, but reported)",
)
def cycles(request: HttpRequest) -> Any:
    from contingent.recovery.loader import load_graph

    loaded = load_graph()
    hidden = hidden_ids(request.user, Item.objects.all())

    def label(node: int) -> str:
        return STAND_IN_NAME if loaded.item_ids[node] in hidden else loaded.graph.label(node)

    return [{"items": [label(n) for n in cycle]} for cycle in loaded.graph.cycles()]
