from datetime import datetime
from typing import Literal

from ninja import Schema

from contingent.inventory.models import Item

Classification = Literal[tuple(Item.Classification.values)]  # type: ignore[valid-type]
AssetType = Literal[tuple(["", *Item.AssetType.values])]  # type: ignore[valid-type]
ServiceType = Literal[tuple(["", *Item.ServiceType.values])]  # type: ignore[valid-type]


class RegionIn(Schema):
    key: str
    name: str
    kind: Literal["cloud_region", "site"] = "site"
    paired_region_id: int | None = None
    geography: str = ""
    physical_location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    zones: int = 0


class RegionOut(RegionIn):
    id: int
    from_catalogue: bool
    retired_at: datetime | None


class InstanceIn(Schema):
    key: str
    name: str
    primary_region_id: int
    alternative_region_id: int | None = None
    description: str = ""


class InstanceOut(InstanceIn):
    id: int
    retired_at: datetime | None


class ItemIn(Schema):
    key: str
    name: str
    description: str = ""
    owner_team_id: int | None = None
    instance_id: int | None = None
    region_id: int | None = None
    service_type: ServiceType = ""
    asset_type: AssetType = ""
    classification: Classification = "internal"
    business_critical: bool = False
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    contract_reference: str = ""


class ItemOut(ItemIn):
    id: int
    kind: str
    retired_at: datetime | None


class DependencyIn(Schema):
    dependent_id: int
    target_ids: list[int]
    min_required: int = 1
    description: str = ""


class DependencyOut(Schema):
    id: int
    dependent_id: int
    target_ids: list[int]
    min_required: int
    description: str
    redundant: bool
    retired_at: datetime | None

    @staticmethod
    def resolve_target_ids(obj: object) -> list[int]:
        return sorted(t.pk for t in obj.targets.all())  # type: ignore[attr-defined]

    @staticmethod
    def resolve_redundant(obj: object) -> bool:
        return len(obj.targets.all()) > obj.min_required  # type: ignore[attr-defined]


class CycleOut(Schema):
    items: list[str]
