"""Pages for the inventory: one configuration per record type, plus the dependency graph."""

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from contingent.access.services import STAND_IN_NAME, can_see, visible
from contingent.inventory import services
from contingent.inventory.graph import dependency_closure
from contingent.inventory.models import Dependency, Instance, Item, Region
from contingent.org.models import Team
from contingent.web.generic import Column, Filter, RecordType, restrict_choices
from contingent.web.svg import dependency_graph_svg

KIND_FIELDS = {
    Item.Kind.PROCESS: ["key", "name", "owner_team", "business_critical", "description"],
    Item.Kind.SERVICE: [
        "key",
        "name",
        "service_type",
        "owner_team",
        "instance",
        "business_critical",
        "classification",
        "description",
    ],
    Item.Kind.ASSET: [
        "key",
        "name",
        "asset_type",
        "owner_team",
        "instance",
        "region",
        "classification",
        "business_critical",
        "description",
    ],
    Item.Kind.SUPPLIER: [
        "key",
        "name",
        "owner_team",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contract_reference",
        "description",
    ],
}
SLUGS = {
    Item.Kind.PROCESS: "processes",
    Item.Kind.SERVICE: "services",
    Item.Kind.ASSET: "assets",
    Item.Kind.SUPPLIER: "suppliers",
}


def item_url(item: Item) -> str:
    if item.pk is None:  # a stand-in for a record the reader may not see
        return "#"
    return reverse(f"{SLUGS[Item.Kind(item.kind)]}-detail", args=[item.pk])


def stand_in(user: Any, item: Item) -> Item:
    """The item, or a nameless stand-in when it is confidential to the reader: a dependency on something
    they may not see still shows that it exists, but not what it is."""
    if can_see(user, item):
        return item
    return Item(kind=item.kind, name=STAND_IN_NAME, classification=item.classification)


def _item_form(kind: str) -> type[forms.ModelForm]:
    meta = type("Meta", (), {"model": Item, "fields": KIND_FIELDS[kind]})
    return type(f"{kind.title()}Form", (forms.ModelForm,), {"Meta": meta})


def _teams() -> list[tuple[str, str]]:
    return [(str(t.pk), t.name) for t in Team.objects.active()]


def _item_detail(request: HttpRequest, item: Item) -> dict[str, Any]:
    from contingent.recovery.services import rto_conflicts_seen_by

    needs = list(item.needs.active().prefetch_related("targets"))
    for need in needs:
        need.shown_targets = [stand_in(request.user, t) for t in need.targets.all()]  # type: ignore[attr-defined]
    needed_by = visible(request.user, Dependency.objects.active().filter(targets=item).select_related("dependent"))
    assessment = item.assessments.active().select_related("tier").first()
    return {
        "needs": needs,
        "needed_by": needed_by,
        "assessment": assessment,
        "conflicts": [c for c in rto_conflicts_seen_by(request.user) if c.item_id == item.pk] if assessment else [],
        "dependency_form": restrict_choices(DependencyForm(initial={"dependent": item.pk}), request),
        "item_url": item_url,
    }


def item_type(kind: str, title: str, singular: str, columns: list[Column], filters: list[Filter]) -> RecordType:
    def create(actor: Any, **data: Any) -> Item:
        return services.create_item(actor, kind, **data)

    return RecordType(
        slug=SLUGS[Item.Kind(kind)],
        title=title,
        singular=singular,
        queryset=lambda: Item.objects.filter(kind=kind).select_related("owner_team", "region", "instance"),
        columns=[Column("Name", lambda i: i.name), *columns, Column("Owner", lambda i: i.owner_team)],
        form=_item_form(kind),
        create=create,
        update=services.update_item,
        retire=services.retire_item,
        search=["name", "key", "description"],
        filters=[Filter("team", "Owner", "owner_team_id", _teams), *filters],
        detail_template="inventory/item_detail.html",
        detail_context=_item_detail,
        new_instance=lambda: Item(kind=kind),
    )


critical = Column("Business critical", lambda i: "yes" if i.business_critical else "")
critical_filter = Filter(
    "critical", "Critical", "business_critical", lambda: [("true", "business critical"), ("false", "not critical")]
)
processes = item_type(Item.Kind.PROCESS, "Business processes", "Business process", [critical], [critical_filter])
services_type = item_type(
    Item.Kind.SERVICE,
    "Services",
    "Service",
    [Column("Type", lambda i: i.get_service_type_display()), Column("Instance", lambda i: i.instance), critical],
    [Filter("type", "Type", "service_type", lambda: list(Item.ServiceType.choices)), critical_filter],
)
assets = item_type(
    Item.Kind.ASSET,
    "Assets",
    "Asset",
    [
        Column("Type", lambda i: i.get_asset_type_display()),
        Column("Region", lambda i: i.region),
        Column("Classification", lambda i: i.get_classification_display()),
    ],
    [
        Filter("type", "Type", "asset_type", lambda: list(Item.AssetType.choices)),
        Filter("classification", "Classification", "classification", lambda: list(Item.Classification.choices)),
        Filter(
            "region",
            "Region",
            "region__key",
            lambda: [(r.key, r.name) for r in Region.objects.filter(items__isnull=False).distinct()],
        ),
        critical_filter,
    ],
)
suppliers = item_type(Item.Kind.SUPPLIER, "Suppliers", "Supplier", [Column("Contact", lambda i: i.contact_name)], [])


class DependencyForm(forms.ModelForm):
    class Meta:
        model = Dependency
        fields = ["dependent", "targets", "min_required", "description"]
        labels = {"targets": "Depends on (alternatives)", "min_required": "How many of them are needed"}
        help_texts = {
            "targets": "Several alternatives make the dependency redundant: it survives while enough of them do."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = Item.objects.active().order_by("kind", "name")
        self.fields["dependent"].queryset = active  # type: ignore[attr-defined]
        self.fields["targets"].queryset = active  # type: ignore[attr-defined]


def _create_dependency(actor: Any, **data: Any) -> Dependency:
    data["targets"] = list(data["targets"])
    return services.create_dependency(actor, **data)


def _update_dependency(actor: Any, dependency: Dependency, **data: Any) -> Dependency:
    data["targets"] = list(data["targets"])
    if data.pop("dependent") != dependency.dependent:
        from django.core.exceptions import ValidationError

        raise ValidationError({"dependent": "a dependency keeps its dependent; retire it and add a new one"})
    return services.update_dependency(actor, dependency, **data)


def _describe_targets(dependency: Dependency, user: Any) -> str:
    names = [stand_in(user, t).name for t in dependency.targets.all()]
    if len(names) <= 1:
        return names[0] if names else "(nothing)"
    return f"{dependency.min_required} of {', '.join(names)}"


dependencies = RecordType(
    slug="dependencies",
    title="Dependencies",
    singular="Dependency",
    queryset=lambda: Dependency.objects.select_related("dependent").prefetch_related("targets").order_by("dependent__name", "pk"),
    columns=[
        Column("Dependent", lambda d: d.dependent),
        Column("Needs", lambda d, user: _describe_targets(d, user), viewer=True),
        Column("Redundant", lambda d: "yes" if len(d.targets.all()) > d.min_required else ""),
    ],
    form=DependencyForm,
    create=_create_dependency,
    update=_update_dependency,
    retire=services.retire_dependency,
    search=["dependent__name", "targets__name", "description"],
    heading=lambda d, user: f"{d.dependent} needs {_describe_targets(d, user)}",
)


class InstanceForm(forms.ModelForm):
    class Meta:
        model = Instance
        fields = ["key", "name", "primary_region", "alternative_region", "description"]


class RegionForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = [
            "key",
            "name",
            "kind",
            "paired_region",
            "geography",
            "physical_location",
            "latitude",
            "longitude",
            "zones",
        ]


instances = RecordType(
    slug="instances",
    title="Production instances",
    singular="Instance",
    queryset=lambda: Instance.objects.select_related("primary_region", "alternative_region"),
    columns=[
        Column("Name", lambda i: i.name),
        Column("Primary region", lambda i: i.primary_region),
        Column("Alternative region", lambda i: i.alternative_region or "none"),
    ],
    form=InstanceForm,
    create=services.create_instance,
    update=services.update_instance,
    retire=services.retire_instance,
)

regions = RecordType(
    slug="regions",
    title="Regions and sites",
    singular="Region or site",
    queryset=lambda: Region.objects.select_related("paired_region"),
    columns=[
        Column("Name", lambda r: r.name),
        Column("Key", lambda r: r.key),
        Column("Kind", lambda r: r.get_kind_display()),
        Column("Location", lambda r: r.physical_location),
        Column("Paired with", lambda r: r.paired_region or "no pair"),
    ],
    form=RegionForm,
    create=services.create_region,
    update=services.update_region,
    retire=services.retire_region,
    search=["name", "key", "geography", "physical_location"],
    filters=[Filter("kind", "Kind", "kind", lambda: list(Region.Kind.choices))],
    intro="The Azure region catalogue is loaded by default; add your own sites (offices, data centres).",
)


@login_required
def item_graph(request: HttpRequest, pk: int) -> HttpResponse:
    """What an item needs, transitively, and what needs it, drawn as a layered graph."""
    item = visible(request.user, Item.objects.filter(pk=pk)).first()
    if item is None:
        raise Http404("No such item")
    closure = dependency_closure(item, depth=int(request.GET.get("depth", 6)))
    closure.items = {pk: stand_in(request.user, node) for pk, node in closure.items.items()}
    svg = dependency_graph_svg(closure, root=item, link=item_url)
    return render(
        request, "inventory/graph.html", {"item": item, "svg": svg, "closure": closure, "item_url": item_url(item)}
    )
