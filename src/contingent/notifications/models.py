"""The outbox: every email Contingent sends is a row first, so a crash or a refused SMTP server loses nothing.
Acknowledgements: who has confirmed receiving a distributed record (a plan version)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    to = models.EmailField()
    to_name = models.CharField(max_length=200, blank=True)
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(max_length=300)
    body = models.TextField(help_text="plain text; {acknowledge_url} is replaced by the recipient's link when sent")
    attachments = models.ManyToManyField("evidence.EvidenceFile", blank=True, related_name="+")
    # Where the copy of the sent email (.eml) is kept: spec 000 "a copy of the email is saved in a folder".
    evidence_folder = models.CharField(max_length=400, blank=True)
    # One row per (purpose, recipient): queueing the same thing twice is a no-op (reminders, retries).
    dedup_key = models.CharField(max_length=300, unique=True, null=True, blank=True)
    message_id = models.CharField(max_length=200, unique=True)
    acknowledgement = models.ForeignKey(
        "Acknowledgement", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64, blank=True)
    record = GenericForeignKey("content_type", "object_id")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    eml = models.ForeignKey("evidence.EvidenceFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class Acknowledgement(models.Model):
    """One recipient of one distributed record. The link token is never stored: it is an HMAC of `salt` with
    the secret key, and only its SHA-256 is kept to look it up."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    person = models.ForeignKey("org.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    salt = models.CharField(max_length=64)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_via = models.CharField(max_length=20, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name", "email"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "email"], name="acknowledgement_once")
        ]

    def __str__(self) -> str:
        return f"{self.name or self.email} for {self.content_type.model} {self.object_id}"
