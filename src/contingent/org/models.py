"""Who the organisation is: teams, people with their contact details, and the continuity roles they hold."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from contingent.access.roles import TEAM_SCOPED_ROLES, Role
from contingent.records.models import Record

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]*$", "use lower-case letters, digits, dots, dashes and underscores"
)
phone_validator = RegexValidator(r"^\+?[0-9 ()./-]{5,30}$", "write a phone number like +44 20 7946 0958")


class Team(Record):
    class Kind(models.TextChoices):
        INFRASTRUCTURE = "infrastructure", "Infrastructure"
        DEVELOPER = "developer", "Developer / product"
        BUSINESS = "business", "Business"
        SERVICE_PROVIDER = "service_provider", "Service provider"
        THIRD_PARTY = "third_party", "Third party"

    key = models.CharField(max_length=60, unique=True, validators=[key_validator])
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    description = models.TextField(blank=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="subteams")

    change_permission = "org.change"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.pk, None


class Person(Record):
    key = models.CharField(
        max_length=60, unique=True, validators=[key_validator], help_text="a short unique handle, e.g. jsmith"
    )
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True, validators=[phone_validator])
    mobile = models.CharField(max_length=40, blank=True, validators=[phone_validator])
    location = models.CharField(max_length=200, blank=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="people")
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    change_permission = "org.change"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, None

    @property
    def has_contact(self) -> bool:
        """Spec 000: roles are assigned to individuals *and their contact details*."""
        return bool(self.email and (self.phone or self.mobile))

    def clean(self) -> None:
        if self.manager_id and self.manager_id == self.pk:
            raise ValidationError({"manager": "a person cannot be their own manager"})

    def check_retirable(self) -> None:
        held = self.roles.filter(retired_at__isnull=True)
        if held.exists():
            names = ", ".join(sorted({a.get_role_display() for a in held}))
            raise ValidationError(
                {"roles": f"{self.name} still holds: {names}; reassign those roles before retiring them"}
            )


class RoleAssignment(Record):
    """A person holding a continuity role, optionally for one team or instance, with an optional deputy."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT, related_name="roles")
    instance = models.ForeignKey(
        "inventory.Instance", null=True, blank=True, on_delete=models.PROTECT, related_name="roles"
    )
    deputy = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="deputy_for")
    responsibilities = models.TextField(blank=True)

    change_permission = "org.change"

    class Meta:
        ordering = ["role", "person__name"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(deputy=models.F("person")), name="role_deputy_is_someone_else"),
        ]

    def __str__(self) -> str:
        scope = f" ({self.team})" if self.team_id else ""
        return f"{self.get_role_display()}{scope}: {self.person}"

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, self.instance_id

    def clean(self) -> None:
        errors = {}
        if self.role in TEAM_SCOPED_ROLES and not self.team_id:
            errors["team"] = f"a {self.get_role_display()} role must name the team"
        if self.deputy_id and self.deputy_id == self.person_id:
            errors["deputy"] = "the deputy must be someone other than the role holder"
        duplicate = RoleAssignment.objects.filter(
            person_id=self.person_id,
            role=self.role,
            team_id=self.team_id,
            instance_id=self.instance_id,
            retired_at__isnull=True,
        ).exclude(pk=self.pk)
        if self.person_id and duplicate.exists():
            errors["role"] = "this person already holds this role with the same scope"
        if errors:
            raise ValidationError(errors)
