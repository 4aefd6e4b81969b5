from datetime import timedelta

from django import template

from contingent.lib.durations import format_duration

register = template.Library()


@register.filter
def seconds_duration(value: float | int | None) -> str:
    """Seconds from the analysis as an operator reads them, to the minute: "1d 4h 30m"."""
    if value is None or value != value:
        return "—"
    return format_duration(timedelta(minutes=round(float(value) / 60)))


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"
