"""Filters for the rows of lists drawn by a template, the same helpers as the lists that core.rows
draws in Python."""

import datetime

from django import template
from django.db import models
from django.template import defaultfilters

from gonghui.core import rows
from gonghui.core.pages import row_url as _row_url

register = template.Library()


@register.filter
def row_url(value, name: str) -> str:
    """`{{ m.uuid|row_url:"members:detail" }}`: the URL of a page taking the row's one argument,
    without reversing it for each row."""
    return _row_url(name, value)


@register.filter
def display(instance: models.Model, field: str) -> str:
    """`{{ order|display:"state" }}`: the label of a choice field, as `get_state_display` gives,
    from rows.labels' table (Django rebuilds it on every call)."""
    value = getattr(instance, field)
    return rows.labels(type(instance), field).get(value, value)


@register.filter(expects_localtime=True)
def day(value) -> str:
    """`{{ m.joined_on|day }}`: what `|date` shows (2026年12月3日), remembered per day and language
    for plain dates (rows.days): Django formats the date again for every row. Datetimes go to `|date`."""
    if type(value) is datetime.date:
        return rows.days()(value)
    return defaultfilters.date(value)
