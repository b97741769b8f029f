"""Excel in and out: templates, row-level errors in Chinese, formula injection neutralised."""

import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """A string that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def build_xlsx(headers: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1") -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    ws.append(headers)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = True
    parse: Callable[[str], Any] = str
    help: str = ""
    example: str = ""


class RowError(NamedTuple):
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


def build_template(columns: list[Column], *, title: str) -> bytes:
    """An empty sheet with the headers, an example row, and every column stored as text.

    Text format matters: Excel turns an 18-digit ID number typed into a General cell into a float
    and loses its last three digits.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append([c.header + ("" if c.required else _("（选填）")) for c in columns])
    ws.append([c.example for c in columns])
    for idx, column in enumerate(columns, start=1):
        letter = ws.cell(row=1, column=idx).column_letter
        ws.column_dimensions[letter].width = max(14, len(column.header) * 3)
        for row in range(1, 2001):
            ws.cell(row=row, column=idx).number_format = "@"
    notes = wb.create_sheet(_("填写说明"))
    notes.append([_("列"), _("是否必填"), _("说明")])
    for c in columns:
        notes.append([c.header, _("必填") if c.required else _("选填"), c.help])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def read_rows(source, columns: list[Column]) -> tuple[list[tuple[int, dict[str, str]]], list[RowError]]:
    """Read the first sheet: map headers to columns (any order), return (row number, raw values).

    Blank rows are skipped; the example row of the template may be left in (it is skipped if
    identical to the example).
    """
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError, Exception):
        return [], [RowError(0, "", _("无法读取文件：请上传由模板填写的 .xlsx 文件。"))]
    ws = wb.worksheets[0]
    rows_iter = ws.iter_rows(values_only=True)
    header_row = next(rows_iter, None)
    if not header_row:
        return [], [RowError(1, "", _("文件是空的：第1行应为表头。"))]
    by_header = {}
    for idx, value in enumerate(header_row):
        name = _text(value).replace(_("（选填）"), "").strip()
        if name:
            by_header[name] = idx
    missing = [c.header for c in columns if c.required and c.header not in by_header]
    if missing:
        return [], [RowError(1, h, _("缺少必填列“%(h)s”，请使用下载的模板。") % {"h": h}) for h in missing]
    index = [(c.key, by_header.get(c.header)) for c in columns]
    example = [c.example for c in columns]
    out = []
    for row_no, values in enumerate(rows_iter, start=2):
        raw = {key: (_text(values[i]) if i is not None and i < len(values) else "") for key, i in index}
        texts = list(raw.values())
        if not any(texts):
            continue
        if row_no == 2 and texts == example:
            continue
        out.append((row_no, raw))
    wb.close()
    return out, []


def parse_row(row_no: int, raw: dict[str, str], columns: list[Column], errors: list[RowError]) -> dict | None:
    """Parse one row's values; append a RowError per bad cell and return None if any."""
    cleaned = {}
    ok = True
    for c in columns:
        value = raw.get(c.key, "")
        if not value:
            if c.required:
                errors.append(RowError(row_no, c.header, _("必填项为空。")))
                ok = False
            else:
                cleaned[c.key] = None
            continue
        try:
            cleaned[c.key] = c.parse(value)
        except ValidationError as e:
            errors.append(RowError(row_no, c.header, " ".join(e.messages)))
            ok = False
    return cleaned if ok else None
