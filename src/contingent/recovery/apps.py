from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


class RecoveryConfig(AppConfig):
    """Recovery analysis pages, API and CLI over the analysis engine (no tables of its own)."""

    name = "contingent.recovery"
    label = "recovery"

    def ready(self) -> None:
        # A mistyped policy limit should stop the start, not break the schedule page later.
        from contingent.recovery.present import recovery_limits

        try:
            recovery_limits()
        except ValueError as error:
            raise ImproperlyConfigured(
                f"CONTINGENT_TEAM_RECOVERY_LIMIT or CONTINGENT_INSTANCE_RECOVERY_LIMIT: {error}"
            ) from None
