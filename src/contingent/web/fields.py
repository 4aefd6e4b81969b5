from datetime import timedelta
from typing import Any

from django import forms

from contingent.lib.durations import format_duration, parse_duration


class HumanDurationField(forms.Field):
    """A duration typed the way people say it: 4h, 1d 12h, 30m, 1w."""

    widget = forms.TextInput(attrs={"placeholder": "e.g. 4h, 1d, 1w"})

    def prepare_value(self, value: Any) -> Any:
        return format_duration(value) if isinstance(value, timedelta) else value

    def to_python(self, value: Any) -> timedelta | None:
        if value in (None, ""):
            return None
        try:
            return parse_duration(value)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


def human_durations(field: Any, **kwargs: Any) -> forms.Field:
    """formfield_callback: every DurationField of a ModelForm accepts "4h"-style input."""
    from django.db import models

    if isinstance(field, models.DurationField):
        return HumanDurationField(
            required=not field.blank, label=field.verbose_name.capitalize(), help_text=field.help_text
        )
    return field.formfield(**kwargs)
