from collections.abc import Callable

from django import template
from django.utils.safestring import SafeString, mark_safe

from gonghui.core.rows import escape

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """A shown value with its unit: 1,234人, 85.2%, 4.6分; "—" when there is none."""
    return _figure(value, indicator.kind, str(indicator.unit))


def _figure(value, kind: str, unit: str) -> str:
    if value is None or value == "":
        return "—"
    number = f"{int(value):,}" if kind == "count" else f"{float(value):,.1f}"
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@register.filter
def signed(value) -> str:
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else f"{value:g}"


def row_cells(columns) -> Callable[[object], SafeString]:
    """A maker of a table row's figure cells as one piece of HTML: a township's table is 50 rows
    by every indicator, and a template loop per cell (its label translated each time) was most of
    the page's time. The labels are translated and escaped once per page; cells are escaped as
    core.rows escapes a list's cells (the columns vary with the indicators, so no fixed Row)."""
    heads = [(escape(str(i.name)), i.key, i.kind, str(i.unit)) for i in columns]

    def cells(row) -> SafeString:
        return mark_safe(
            "".join(
                f'<td data-label="{name}">{escape(_figure(row.shown(key), kind, unit))}</td>'
                for name, key, kind, unit in heads
            )
        )

    return cells
