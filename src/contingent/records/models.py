"""Behaviour shared by every record people keep in Contingent."""

from django.db import models


class RecordQuerySet(models.QuerySet):
    def active(self) -> "RecordQuerySet":
        return self.filter(retired_at__isnull=True)


class Record(models.Model):
    """A record that is retired, never deleted: an auditor may still ask for it."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    retired_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RecordQuerySet.as_manager()

    # The permission action needed to change records of this type (see access.roles.PERMISSIONS).
    change_permission = "catalogue.change"

    class Meta:
        abstract = True

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def permission_scope(self) -> tuple[int | None, int | None]:
        """(owner team id, instance id) that scoped role assignments are checked against."""
        return getattr(self, "owner_team_id", None), getattr(self, "instance_id", None)

    def check_retirable(self) -> None:
        """Raise ValidationError when retiring would leave other records pointing at nothing."""
