"""The glance's table as .xlsx: the children's figures and the total, as numbers with the page's
number formats (formats.xlsx_format: 12,345 · 85.2 · 12,345.60), the org column wide enough for
a union's name, the headers wrapped, the header row and the org column frozen. Written here with
openpyxl rather than core.xlsx.build_xlsx, which writes plain cells; core.xlsx.safe_cell still
neutralises formulas (an org's name is typed by people)."""

import io
import math
import unicodedata

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gonghui.core.xlsx import safe_cell
from gonghui.dashboard import formats
from gonghui.dashboard.selectors import Glance

ORG_WIDTH = (12, 60)  # the org column's width, in Excel's characters (a Chinese one counts two)
FIGURE_WIDTH = (10, 16)  # a figure column's, its header wrapped over lines of at most this
LINE_HEIGHT = 15  # points: one line of the header row


def text_width(text: str) -> int:
    """Width in Excel's units of `text`: a Chinese (wide) character is two, any other one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clamp(value: float, bounds: tuple[int, int]) -> float:
    return max(bounds[0], min(bounds[1], value))


def glance_xlsx(data: Glance, *, title: str) -> bytes:
    columns = [t.indicator for t in data.tiles]
    headers = [_("组织")] + [f"{i.name}（{i.unit}）" for i in columns]
    rows = [[row.label] + [row.shown(i.key) for i in columns] for row in data.rows]
    rows.append([_("合计：%(org)s") % {"org": data.org.name}] + [t.shown for t in data.tiles])
    number_formats = [formats.xlsx_format(i) for i in columns]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.column_dimensions["A"].width = _clamp(
        max(text_width(str(r[0])) for r in [headers, *rows]) + 2, ORG_WIDTH
    )
    header_lines = 1
    for n, (header, indicator) in enumerate(zip(headers[1:], columns, strict=True), start=1):
        widest = max((len(formats.number(r[n], indicator.kind)) for r in rows if r[n] is not None), default=0)
        width = _clamp(max(widest + 2, math.ceil(text_width(header) / 2) + 1), FIGURE_WIDTH)
        ws.column_dimensions[get_column_letter(n + 1)].width = width
        header_lines = max(header_lines, math.ceil(text_width(header) / (width - 1)))
    ws.row_dimensions[1].height = LINE_HEIGHT * min(header_lines, 4)
    ws.freeze_panes = "B2"

    bold = Font(bold=True)
    wrapped = Alignment(wrap_text=True, vertical="top")
    ws.append([_cell(ws, h, font=bold, alignment=wrapped) for h in headers])
    for r, row in enumerate(rows):
        total = r == len(rows) - 1
        font = bold if total else None
        ws.append(
            [_cell(ws, safe_cell(row[0]), font=font)]
            + [_cell(ws, v, number_format=f, font=font) for v, f in zip(row[1:], number_formats, strict=True)]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _cell(ws, value, *, number_format: str = "", font=None, alignment=None) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if number_format and value is not None:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if alignment is not None:
        cell.alignment = alignment
    return cell
