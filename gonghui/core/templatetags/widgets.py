"""A filter for the project's widget templates (gonghui/templates/django/forms/widgets/)."""

from django import template
from django.template.defaultfilters import stringformat
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

register = template.Library()


@register.filter
def html_attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html in one call, the same text: ` name="value"` for each attribute,
    ` name` alone for True, nothing for False. The template's loop cost every field of a form a
    dozen nodes, and an include of its own."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
            continue
        text = stringformat(value, "s")
        if isinstance(value, SafeData):  # as the template does for a filter marked is_safe
            text = mark_safe(text)
        parts.append(f' {conditional_escape(name)}="{conditional_escape(text)}"')
    return mark_safe("".join(parts))
