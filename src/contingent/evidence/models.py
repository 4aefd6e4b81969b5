"""The evidence store: a tree of folders holding content-addressed files. Rows are never deleted; a purged
file keeps its metadata row as a tombstone."""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from contingent.access.classification import Classification


class Folder(models.Model):
    """A place in the evidence tree, e.g. "plans/global-drp/v3". Parents exist for every folder."""

    path = models.CharField(max_length=400, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    team = models.ForeignKey(
        "org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="owning team"
    )
    retention_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="files may be purged this many days after they were added; empty: inherit"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]

    def __str__(self) -> str:
        return self.path

    def get_absolute_url(self) -> str:
        return reverse("evidence-folder", args=[self.path])

    @property
    def name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def ancestors(self) -> list["Folder"]:
        """From the root down to this folder."""
        chain, folder = [], self
        while folder is not None:
            chain.append(folder)
            folder = folder.parent
        return chain[::-1]

    def effective_team_id(self) -> int | None:
        for folder in reversed(self.ancestors()):
            if folder.team_id:
                return folder.team_id
        return None

    def effective_retention_days(self) -> int | None:
        for folder in reversed(self.ancestors()):
            if folder.retention_days is not None:
                return folder.retention_days
        return None


class EvidenceFile(models.Model):
    """One stored file (one version): its bytes live in the evidence storage under its SHA-256."""

    folder = models.ForeignKey(Folder, on_delete=models.PROTECT, related_name="files")
    name = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=1)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveBigIntegerField()
    media_type = models.CharField(max_length=120, blank=True)
    proves = models.TextField(blank=True, help_text="what this file is evidence of")
    classification = models.CharField(max_length=20, choices=Classification.choices, default=Classification.INTERNAL)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    team = models.ForeignKey("org.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    instance = models.ForeignKey(
        "inventory.Instance", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField()
    purge_requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purge_requested_at = models.DateTimeField(null=True, blank=True)
    purge_reason = models.TextField(blank=True)
    purged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["folder__path", "name", "-version"]
        constraints = [models.UniqueConstraint(fields=["folder", "name", "version"], name="evidence_unique_version")]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        suffix = f" (v{self.version})" if self.version > 1 else ""
        return f"{self.folder.path}/{self.name}{suffix}"

    def get_absolute_url(self) -> str:
        return reverse("evidence-file", args=[self.pk])

    @property
    def blob_name(self) -> str:
        return f"{self.sha256[:2]}/{self.sha256}"

    @property
    def is_purged(self) -> bool:
        return self.purged_at is not None

    def visibility_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, self.instance_id

    def permission_scope(self) -> tuple[int | None, int | None]:
        return self.team_id, self.instance_id

    def retain_until(self):
        days = self.folder.effective_retention_days()
        return None if days is None else self.added_at + timedelta(days=days)
