"""What the organisation runs and what depends on what: regions and sites, production instances,
business processes, services, assets, suppliers, and k-of-n dependencies between them."""

from django.core.exceptions import ValidationError
from django.db import models

from contingent.access.classification import Classification
from contingent.org.models import Team, key_validator
from contingent.records.models import Record


class Region(Record):
    """A cloud region or a physical site; its paired region is the alternative storage and processing site."""

    class Kind(models.TextChoices):
        CLOUD_REGION = "cloud_region", "Cloud region"
        SITE = "site", "Site (office, data centre)"

    key = models.CharField(max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SITE)
    geography = models.CharField(max_length=100, blank=True)
    physical_location = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    zones = models.PositiveSmallIntegerField(default=0)
    paired_region = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="paired_from"
    )
    from_catalogue = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.paired_region_id and self.paired_region_id == self.pk:
            raise ValidationError({"paired_region": "a region cannot be paired with itself"})


class Instance(Record):
    """A production instance (environment) with its primary and alternative region."""

    key = models.CharField(max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    primary_region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="primary_for")
    alternative_region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="alternative_for"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.primary_region_id and self.primary_region_id == self.alternative_region_id:
            raise ValidationError(
                {"alternative_region": "the alternative region must be geographically distinct from the primary"}
            )


class Item(Record):
    """Anything something else can need: a business process, a service, an asset or a supplier.
    One table, so that dependencies, the graph and the analysis engine treat them alike."""

    class Kind(models.TextChoices):
        PROCESS = "process", "Business process"
        SERVICE = "service", "Service"
        ASSET = "asset", "Asset"
        SUPPLIER = "supplier", "Supplier"

    class ServiceType(models.TextChoices):
        BUSINESS = "business", "Business service"
        IT = "it", "IT service"
        PLATFORM = "platform", "Platform service"

    class AssetType(models.TextChoices):
        APPLICATION = "application", "Application"
        DATA_STORE = "data_store", "Data store"
        CONFIGURATION = "configuration", "Configuration"
        STATE = "state", "Application state"
        CERTIFICATE = "certificate", "Certificate"
        KEY = "key", "Key"
        LICENCE = "licence", "Licence"
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        DOCUMENTATION = "documentation", "Documentation"

    Classification = Classification  # the one list of levels lives in access; kept here for existing code

    kind = models.CharField(max_length=10, choices=Kind.choices, db_index=True)
    key = models.CharField(max_length=100, unique=True, validators=[key_validator])
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner_team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    instance = models.ForeignKey(Instance, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="items")
    service_type = models.CharField(max_length=10, choices=ServiceType.choices, blank=True)
    asset_type = models.CharField(max_length=20, choices=AssetType.choices, blank=True)
    classification = models.CharField(max_length=20, choices=Classification.choices, default=Classification.INTERNAL)
    business_critical = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contract_reference = models.CharField(max_length=100, blank=True)

    change_permission = "inventory.change"

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "retired_at"]), models.Index(fields=["owner_team", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="service") | models.Q(service_type=""), name="service_type_only_on_services"
            ),
            models.CheckConstraint(
                condition=models.Q(kind="asset") | models.Q(asset_type=""), name="asset_type_only_on_assets"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.SERVICE and not self.service_type:
            errors["service_type"] = "say whether this is a business, IT or platform service"
        if self.kind == self.Kind.ASSET and not self.asset_type:
            errors["asset_type"] = "say what kind of asset this is"
        if self.kind != self.Kind.SERVICE and self.service_type:
            errors["service_type"] = "only services have a service type"
        if self.kind != self.Kind.ASSET and self.asset_type:
            errors["asset_type"] = "only assets have an asset type"
        if self.kind in (self.Kind.SERVICE, self.Kind.ASSET, self.Kind.PROCESS) and not self.owner_team_id:
            errors["owner_team"] = f"every {self.get_kind_display().lower()} needs an owner team"
        if errors:
            raise ValidationError(errors)

    def check_retirable(self) -> None:
        needed_by = Dependency.objects.active().filter(targets=self).select_related("dependent")
        names = sorted({d.dependent.name for d in needed_by if not d.dependent.is_retired})
        if names:
            raise ValidationError(
                {"dependencies": f"{self.name} is still needed by {', '.join(names)}; change those first"}
            )


class Dependency(Record):
    """`dependent` needs at least `min_required` of `targets` (one target: a plain dependency;
    several: redundant alternatives such as a replica in the paired region or cluster members)."""

    dependent = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="needs")
    targets = models.ManyToManyField(Item, related_name="needed_by")
    min_required = models.PositiveSmallIntegerField(default=1)
    description = models.CharField(max_length=300, blank=True)

    change_permission = "inventory.change"
    visibility_via = "dependent"  # as confidential as the item that needs it

    class Meta:
        verbose_name_plural = "dependencies"
        constraints = [
            models.CheckConstraint(condition=models.Q(min_required__gte=1), name="dependency_needs_at_least_one")
        ]

    def __str__(self) -> str:
        return f"{self.dependent} needs {self.describe_targets()}"

    def describe_targets(self) -> str:
        names = [t.name for t in self.targets.all()]
        if len(names) <= 1:
            return names[0] if names else "(nothing)"
        return f"{self.min_required} of {', '.join(names)}"

    @property
    def is_redundant(self) -> bool:
        return self.targets.count() > self.min_required

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.dependent.owner_team_id, self.dependent.instance_id
