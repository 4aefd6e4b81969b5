"""The business impact analysis scale: categories, levels and the time points they are rated at.
Configuration as data: an organisation can change these lists without touching the rules."""

from datetime import timedelta

from django.db import models


class Category(models.TextChoices):
    FINANCIAL = "financial", "Financial"
    REGULATORY = "regulatory", "Statutory / regulatory"
    LEGAL = "legal", "Legal"
    CONTRACTUAL = "contractual", "Contractual / SLA"
    REPUTATION = "reputation", "Reputation"
    OPERATIONAL = "operational", "Operational"
    CUSTOMER = "customer", "Customer"
    SAFETY = "safety", "Health and safety"


class Level(models.IntegerChoices):
    NONE = 0, "None"
    MINOR = 1, "Minor"
    MODERATE = 2, "Moderate"
    MAJOR = 3, "Major"
    SEVERE = 4, "Severe"
    CATASTROPHIC = 5, "Catastrophic"


# Escalation points: the usual BIA questionnaire horizon, from the first hour to a month.
TIME_POINTS: tuple[timedelta, ...] = (
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(weeks=1),
    timedelta(days=30),
)

DEFAULT_INTOLERABLE = Level.SEVERE
