"""The project's form renderer: widgets through the project's templates (gonghui/templates/django/
forms/ may override one), except the select, whose options are drawn in Python.

A select's template spent some 150 Python calls an option (its loop, `{{ }}`, `|stringformat` and
`html_attrs` for each): the dispatch board's filter form, 37 options, cost more than its rows.
`draw_select` writes what Django's select.html writes, the options one a line, except that the
empty choice of a field given no label of its own reads 请选择, not Django's "---------".
"""

from django.db.models.fields import BLANK_CHOICE_DASH
from django.forms.renderers import TemplatesSetting
from django.utils import formats
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import gettext as _

from gonghui.core.rows import escape
from gonghui.core.templatetags.widgets import html_attrs

SELECT = "django/forms/widgets/select.html"
DASHES = BLANK_CHOICE_DASH[0][1]


class FormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return draw_select(context["widget"])
        return super().render(template_name, context, request)


def draw_select(widget: dict) -> str:
    """A select widget's context (`get_context()["widget"]`) as HTML: its name and attributes,
    its options (in optgroups where it has them), each value and label escaped as `{{ }}` writes
    them."""
    parts = [f'<select name="{escape(widget["name"])}"{html_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            value = option["value"]
            value = value if isinstance(value, SafeData) else str(value)  # as |stringformat:"s"
            label = option["label"]
            if value == "" and label == DASHES:
                label = _("请选择")  # Django's empty choice for a field no one gave a label
            parts.append(
                f'\n  <option value="{escape(value)}"{html_attrs(option["attrs"])}>{_text(label)}</option>'
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return mark_safe("".join(parts))


def _text(value) -> str:
    """`{{ value }}`: numbers and dates localized as the template localizes them, then escaped."""
    if not isinstance(value, str):
        value = formats.localize(value)
    return escape(value)
