"""The import/export format: one section per record type, columns named as people write them,
references by key. The same description drives CSV and YAML, import and export."""

from dataclasses import dataclass, field

from django.db import models

from contingent.inventory.models import Instance, Item, Region
from contingent.org.models import Person, RoleAssignment, Team


@dataclass(frozen=True)
class Ref:
    """A column holding the key of another record."""

    column: str
    attname: str
    model: type[models.Model]


@dataclass(frozen=True)
class Section:
    name: str
    model: type[models.Model]
    columns: tuple[str, ...]
    refs: tuple[Ref, ...] = ()
    kind: str | None = None  # for items: the Item.Kind the section holds
    key: str | None = "key"  # natural key used to update instead of duplicate
    identity: tuple[str, ...] = ()  # for sections without a key: the attnames that identify a row
    self_refs: tuple[str, ...] = field(default=())  # refs to the same section, set in a second pass

    @property
    def ref_columns(self) -> dict[str, Ref]:
        return {r.column: r for r in self.refs}


_ITEM_REFS = (
    Ref("team", "owner_team", Team),
    Ref("instance", "instance", Instance),
    Ref("region", "region", Region),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "teams",
        Team,
        ("key", "name", "kind", "parent", "description"),
        (Ref("parent", "parent", Team),),
        self_refs=("parent",),
    ),
    Section(
        "regions",
        Region,
        ("key", "name", "kind", "paired_region", "geography", "physical_location", "latitude", "longitude", "zones"),
        (Ref("paired_region", "paired_region", Region),),
        self_refs=("paired_region",),
    ),
    Section(
        "instances",
        Instance,
        ("key", "name", "primary_region", "alternative_region", "description"),
        (Ref("primary_region", "primary_region", Region), Ref("alternative_region", "alternative_region", Region)),
    ),
    Section(
        "people",
        Person,
        ("key", "name", "job_title", "team", "manager", "email", "phone", "mobile", "location"),
        (Ref("team", "team", Team), Ref("manager", "manager", Person)),
        self_refs=("manager",),
    ),
    Section(
        "roles",
        RoleAssignment,
        ("person", "role", "team", "instance", "deputy", "responsibilities"),
        (
            Ref("person", "person", Person),
            Ref("team", "team", Team),
            Ref("instance", "instance", Instance),
            Ref("deputy", "deputy", Person),
        ),
        key=None,
        identity=("person_id", "role", "team_id", "instance_id"),
    ),
    Section(
        "processes",
        Item,
        ("key", "name", "team", "business_critical", "description"),
        _ITEM_REFS,
        kind=Item.Kind.PROCESS,
    ),
    Section(
        "services",
        Item,
        ("key", "name", "team", "instance", "service_type", "business_critical", "classification", "description"),
        _ITEM_REFS,
        kind=Item.Kind.SERVICE,
    ),
    Section(
        "assets",
        Item,
        (
            "key",
            "name",
            "team",
            "instance",
            "region",
            "asset_type",
            "classification",
            "business_critical",
            "description",
        ),
        _ITEM_REFS,
        kind=Item.Kind.ASSET,
    ),
    Section(
        "suppliers",
        Item,
        ("key", "name", "team", "contact_name", "contact_email", "contact_phone", "contract_reference", "description"),
        _ITEM_REFS,
        kind=Item.Kind.SUPPLIER,
    ),
)

DEPENDENCY_COLUMNS = ("dependent", "depends_on", "min_required", "description")
ASSESSMENT_COLUMNS = (
    "item",
    "state",
    "intolerable_level",
    "rto_override",
    "rto_override_reason",
    "rpo",
    "recovery_priority",
    "minimum_staff",
    "skills",
    "required_data",
    "notes",
    "ratings",
)
RATING_COLUMNS = ("item", "category", "after", "level")
ALL_SECTIONS = tuple(s.name for s in SECTIONS) + ("dependencies", "assessments")
