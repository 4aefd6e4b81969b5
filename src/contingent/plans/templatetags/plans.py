from datetime import date, timedelta

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from contingent.lib.durations import format_duration

register = template.Library()

STATE_CLASSES = {"published": "good", "approved": "good", "in_review": "warn", "returned": "bad", "superseded": ""}


@register.filter
def seconds(value: int | None) -> str:
    return format_duration(timedelta(seconds=value)) if value is not None else "—"


@register.filter
def state_class(state: str) -> str:
    return STATE_CLASSES.get(state, "")


@register.filter
def is_past(day: date | None) -> bool:
    return day is not None and day < timezone.now().date()


@register.filter
def plan_text(text: str) -> SafeString:
    """Plan text as HTML: blank lines separate paragraphs, "- " lines are bullets (as in the PDF)."""
    out = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            out.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("".join(out))
