"""The glance's table as .xlsx: the children's figures and the total, as numbers with the page's
number formats (formats.xlsx_format: 12,345 · 85.2 · 12,345.60), the org column wide enough for
a union's name, the headers wrapped, the header row and the org column frozen (core.xlsx.Layout)."""

import math

from django.utils.translation import gettext as _

from gonghui.core.xlsx import Layout, build_xlsx, text_width
from gonghui.dashboard import formats
from gonghui.dashboard.selectors import Glance

ORG_WIDTH = (12, 60)  # the org column's width, in Excel's characters (a Chinese one counts two)
FIGURE_WIDTH = (10, 16)  # a figure column's, its header wrapped over lines of at most this
LINE_HEIGHT = 15  # points: one line of the header row


def _clamp(value: float, bounds: tuple[int, int]) -> float:
    return max(bounds[0], min(bounds[1], value))


def glance_xlsx(data: Glance, *, title: str) -> bytes:
    columns = [t.indicator for t in data.tiles]
    headers = [_("组织")] + [f"{i.name}（{i.unit}）" for i in columns]
    rows = [[row.label] + [row.shown(i.key) for i in columns] for row in data.rows]
    rows.append([_("合计：%(org)s") % {"org": data.org.name}] + [t.shown for t in data.tiles])
    widths = [_clamp(max(text_width(str(r[0])) for r in [headers, *rows]) + 2, ORG_WIDTH)]
    header_lines = 1
    for n, (header, indicator) in enumerate(zip(headers[1:], columns, strict=True), start=1):
        widest = max((len(formats.number(r[n], indicator.kind)) for r in rows if r[n] is not None), default=0)
        width = _clamp(max(widest + 2, math.ceil(text_width(header) / 2) + 1), FIGURE_WIDTH)
        widths.append(width)
        header_lines = max(header_lines, math.ceil(text_width(header) / (width - 1)))
    layout = Layout(
        widths=widths,
        number_formats=["", *(formats.xlsx_format(i) for i in columns)],
        header_height=LINE_HEIGHT * min(header_lines, 4),
        freeze="B2",
        total_row=True,
    )
    return build_xlsx(headers, rows, title=title, layout=layout)
