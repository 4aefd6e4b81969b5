from datetime import timedelta

from django import template

from contingent.lib.durations import format_duration

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    return format_duration(value)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key)


@register.filter
def item_link(item: object) -> str:
    from contingent.inventory.views import item_url

    return item_url(item)  # type: ignore[arg-type]
