from collections.abc import Callable

from django import template
from django.utils.safestring import SafeString, mark_safe

from gonghui.core.rows import escape
from gonghui.dashboard import formats

register = template.Library()


@register.filter
def figure(value, indicator) -> str:
    """A shown value with its unit: 1,234 人, 85.2%, 12,345.60 元, 4.6 分; "—" when there is none."""
    return formats.figure(value, indicator.kind, str(indicator.unit))


@register.filter
def change(value, indicator) -> str:
    """A tile's change against the comparison period, signed, as its figure is written: +1,483."""
    return formats.change(value, indicator.kind)


@register.filter
def target(value, indicator) -> str:
    """A target as entered, with its unit: 12,000 人, 85%."""
    return formats.target(value, str(indicator.unit))


def row_cells(columns, *, ranked_by: str = "") -> Callable[[object], SafeString]:
    """A maker of a table row's figure cells as one piece of HTML: a township's table is 50 rows
    by every indicator, and a template loop per cell (its label translated each time) was most of
    the page's time. The labels are translated and escaped once per page; cells are escaped as
    core.rows escapes a list's cells (the columns vary with the indicators, so no fixed Row).
    `ranked_by`: the key of the column the rows are ranked by (its cells marked)."""
    heads = [
        (
            escape(str(i.name)),
            i.key,
            i.kind,
            str(i.unit),
            ' class="ranked"' if i.key == ranked_by else "",
        )
        for i in columns
    ]

    def cells(row) -> SafeString:
        return mark_safe(
            "".join(
                f'<td data-label="{name}"{marked}>{escape(formats.figure(row.shown(key), kind, unit))}</td>'
                for name, key, kind, unit, marked in heads
            )
        )

    return cells
