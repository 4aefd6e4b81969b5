"""How sensitive a record is. Public and internal records are open to every signed-in user; confidential
and private ones only to the people with a role in them (see `access.services.visible`)."""

from django.db import models


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"
    PRIVATE = "private", "Private"


# Levels any signed-in account may read, even one with no role (it can still find its way around).
OPEN_LEVELS = frozenset({Classification.PUBLIC, Classification.INTERNAL})

_ORDER = [Classification.PUBLIC, Classification.INTERNAL, Classification.CONFIDENTIAL, Classification.PRIVATE]


def stricter(*levels: str | None) -> str:
    """The most restrictive of the given levels (unknown or missing ones count as internal)."""
    known = [Classification(level) for level in levels if level in Classification.values]
    return max(known or [Classification.INTERNAL], key=_ORDER.index).value
