"""Filters for the rows of long lists, where a tag run fifty times a page shows in its speed."""

import datetime
import functools

from django import template
from django.db import models
from django.template import defaultfilters
from django.utils import formats
from django.utils.translation import get_language

from gonghui.core.pages import row_url as _row_url

register = template.Library()

_labels: dict[tuple, dict] = {}


@register.filter
def row_url(value, name: str) -> str:
    """`{{ m.uuid|row_url:"members:detail" }}`: the URL of a page taking the row's one argument,
    without reversing it for each row."""
    return _row_url(name, value)


@register.filter
def display(instance: models.Model, field: str) -> str:
    """`{{ order|display:"state" }}`: the label of a choice field, as `get_state_display` gives,
    from a table built once per model, field and language (Django rebuilds it on every call)."""
    key = (type(instance), field, get_language())
    table = _labels.get(key)
    if table is None:
        choices = type(instance)._meta.get_field(field).flatchoices
        table = _labels[key] = {value: str(label) for value, label in choices}
    value = getattr(instance, field)
    return table.get(value, value)


@register.filter(expects_localtime=True)
def day(value) -> str:
    """`{{ m.joined_on|day }}`: what `|date` shows (2026年12月3日), remembered per day and language
    for plain dates: Django formats the date again for every row. Datetimes go to `|date`."""
    if type(value) is datetime.date:
        return _day(value, get_language())
    return defaultfilters.date(value)


@functools.lru_cache(maxsize=4096)
def _day(value: datetime.date, language: str) -> str:
    return formats.date_format(value)
