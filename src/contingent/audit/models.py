import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

GENESIS = "0" * 64


class AuditEvent(models.Model):
    """One change of state: who, when, what, before and after. Each event carries the hash of the
    previous one, so a changed, removed, inserted or reordered event breaks the chain."""

    sequence = models.PositiveBigIntegerField(unique=True)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id", "sequence"])]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.actor_name} {self.action} {self.object_type} {self.object_repr}"

    def payload(self) -> bytes:
        """The canonical bytes the hash covers."""
        body = {
            "sequence": self.sequence,
            "at": self.at.isoformat(),
            "actor": self.actor_name,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "changes": self.changes,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(body, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.payload()).hexdigest()


class AuditHead(models.Model):
    """A single row locked by every writer, so events are chained in one order even on PostgreSQL."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    def __str__(self) -> str:
        return f"audit head #{self.sequence}"


class AuditCheckpoint(models.Model):
    """A signed statement "the chain had this head at this sequence", kept here and exported elsewhere, so a
    wholesale rewrite of the log (every hash recomputed) is still detected."""

    sequence = models.PositiveBigIntegerField()
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()
    signature = models.CharField(max_length=200, help_text="Ed25519 signature of the message, base64")
    public_key = models.TextField(help_text="PEM of the key that signed it")
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the raw public key")

    class Meta:
        ordering = ["-sequence", "-pk"]

    def __str__(self) -> str:
        return f"checkpoint #{self.sequence} {self.hash[:12]}…"
