"""Excel in and out: templates, row-level errors in Chinese, formula injection neutralised.

Writing goes through openpyxl. Reading goes through python-calamine (a Rust reader: 100,000 rows
in about 0.4 s), after a streamed inspection of the parts it will read (`_inspect_sheet`): the
inspection bounds what calamine allocates (it builds a dense grid of the cells' bounding box, so
two cells at A1 and XFD1048576 would ask for 17 billion cells), refuses entity declarations, and
finds what calamine's values lose — error cells and formulas without a cached value (both come
back as ""), and the exact digits of long numbers (they come back as floats, already rounded).
"""

import datetime
import io
import logging
import re
import struct
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

log = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")


def safe_cell(value: Any) -> Any:
    """A string that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


@dataclass(frozen=True)
class Layout:
    """A sheet's layout beyond its values: each column's width (in Excel's characters, see
    `text_width`) and number format ("" for none), the header row's height in points (its cells
    bold and wrapped), the cell the panes are frozen at ("B2": the header row and first column),
    and whether the last row is a total (bold)."""

    widths: Sequence[float] = ()
    number_formats: Sequence[str] = ()
    header_height: float | None = None
    freeze: str = ""
    total_row: bool = False


def text_width(text: str) -> int:
    """How wide `text` is in Excel's characters: a Chinese (wide) character counts two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_xlsx(
    target,
    headers: list[str],
    rows: Iterable[Iterable[Any]],
    *,
    title: str = "Sheet1",
    layout: Layout | None = None,
) -> None:
    """Stream rows into a one-sheet workbook at `target` (a path or a binary file), every cell made
    safe; `layout`: column widths, number formats, a frozen header, a bold total row."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    if layout is None:
        ws.append(headers)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        wb.save(target)
        return
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(layout.widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    if layout.header_height:
        ws.row_dimensions[1].height = layout.header_height
    if layout.freeze:
        ws.freeze_panes = layout.freeze
    bold, wrapped = Font(bold=True), Alignment(wrap_text=True, vertical="top")

    def cell(value, number_format: str = "", strong: bool = False, alignment=None) -> WriteOnlyCell:
        found = WriteOnlyCell(ws, value=safe_cell(value))
        if number_format and value is not None:
            found.number_format = number_format
        if strong:
            found.font = bold
        if alignment is not None:
            found.alignment = alignment
        return found

    ws.append([cell(h, strong=True, alignment=wrapped) for h in headers])
    rows = list(rows) if layout.total_row else rows
    formats = list(layout.number_formats)
    for r, row in enumerate(rows):
        strong = layout.total_row and r == len(rows) - 1
        ws.append([cell(v, formats[n] if n < len(formats) else "", strong) for n, v in enumerate(row)])
    wb.save(target)


def build_xlsx(
    headers: list[str], rows: Iterable[Iterable[Any]], *, title: str = "Sheet1", layout: Layout | None = None
) -> bytes:
    buf = io.BytesIO()
    write_xlsx(buf, headers, rows, title=title, layout=layout)
    return buf.getvalue()


def xlsx_response(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@dataclass(frozen=True)
class Column:
    """One column of an import. `aliases` are other headers accepted for it (synonyms, the header in
    other languages); `identity` marks a column of identity numbers, whose numeric cells must hold
    an exact integer (a float has already lost digits)."""

    key: str
    header: str
    required: bool = True
    parse: Callable[[str], Any] = str
    help: str = ""
    example: str = ""
    aliases: tuple[str, ...] = ()
    identity: bool = False


class RowError(NamedTuple):
    """A problem at a row (None: the whole file) and column, with what to do about it."""

    row: int | None
    column: str
    reason: str
    sheet: str = ""

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason, "sheet": self.sheet}


def in_every_language(message) -> tuple[str, ...]:
    """A lazy translatable string in each of settings.LANGUAGES: headers that import whatever the job's language."""
    texts = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts.append(str(message))
    return tuple(dict.fromkeys(texts))


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


# --- reading: limits ---------------------------------------------------------------------------
#
# A 100,000-row roster from the template unpacks to about 35 MB of sheet XML (inline strings) or
# 25 MB of sheet XML plus 10 MB of shared strings. The limits leave room for rosters with three
# times the columns, and keep the worst file within them under 300 MB of memory and a few seconds
# (benchmarks/import_roster.py --limits measures both).

MAX_ARCHIVE_MEMBERS = 1000
MAX_SMALL_PART_BYTES = 8 * 1024 * 1024  # workbook.xml, its relationships, styles.xml
MAX_SHARED_STRINGS_BYTES = 40 * 1024 * 1024
MAX_SHEET_BYTES = 150 * 1024 * 1024
MAX_READ_BYTES = 400 * 1024 * 1024  # everything inspected, all sheets together
MAX_CELLS = 3_000_000  # the bounding box calamine allocates for one sheet
# What calamine holds for one sheet, estimated by the inspection: about 80 bytes per cell of the
# bounding box (its sparse cells, then the dense grid), every cell's text (a shared string is copied
# into each cell that uses it) and the shared-strings table (about 40 bytes a string besides its
# text). Measured: with Django's ~90 MB, a worker's Huey and the rows read, it stays under 300 MB
# (benchmarks/README.md, "The reader's limits"; 160 MB left a worker at ~303 MB).
MAX_SHEET_MEMORY = 135 * 1024 * 1024
HEADER_SEARCH_ROWS = 10  # a title or notes rows above the header are skipped
_CHUNK = 4 * 1024 * 1024
_MAX_ROW_BYTES = 32 * 1024 * 1024

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class FileRefused(Exception):
    """The file as a whole cannot be read: the message says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _cannot_read() -> str:
    return _("无法读取文件：请上传由模板填写的 .xlsx 文件（可在Excel或WPS中“另存为”Excel工作簿 .xlsx）。")


def _too_large() -> str:
    return _("文件展开后超过系统可处理的大小，请删除多余的工作表、行列或格式后重新上传，或拆分后分批导入。")


def check_upload(fileobj, *, max_unpacked: int = MAX_READ_BYTES) -> None:
    """Cheap checks of an uploaded .xlsx before it is queued (no decompression): a zip archive of a
    workbook, not an encrypted or old .xls file, with a small directory and a declared unpacked
    size within the limit. The job inspects what is really inside (declared sizes can lie)."""
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ValidationError(
            _(
                "该文件是旧版.xls文件或设置了打开密码：请在Excel或WPS中取消密码，"
                "并“另存为”Excel工作簿（.xlsx）后重新上传。"
            )
        )
    if not head.startswith(b"PK"):
        raise ValidationError(_cannot_read())
    _check_directory(fileobj)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            unpacked = sum(i.file_size for i in infos)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ValidationError(_cannot_read()) from None
    finally:
        fileobj.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError(_cannot_read())
    if unpacked > max_unpacked:
        raise ValidationError(_too_large())


def _check_directory(fileobj) -> None:
    """Refuse a zip whose directory lists more parts than a workbook has (each costs memory to list)."""
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(max(0, size - 65_557))
    tail = fileobj.read()
    fileobj.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        raise ValidationError(_cannot_read())
    (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
    if entries > MAX_ARCHIVE_MEMBERS or b"PK\x06\x06" in tail:  # zip64: more than 65,535 parts
        raise ValidationError(_too_large())


# --- reading: inspection of the parts ----------------------------------------------------------


@dataclass
class SheetPart:
    name: str
    path: str
    hidden: bool


@dataclass
class Inspection:
    """What calamine's values do not say, by (row, column) counted from 0; and the cells' extent."""

    rows: int = 0  # rows of the cells' bounding box (the last row with a cell, from 1)
    cols: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # "#REF!" …
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas without a cached value
    numbers: dict[tuple[int, int], str] = field(
        default_factory=dict
    )  # long or scientific numbers, as written


# Writers may prefix the spreadsheet namespace (`<x:c>` from the .NET Open XML SDK): every pattern allows it.
_P = rb"(?:[A-Za-z_][\w.-]*:)?"
# A cell reference is the only r="…" attribute starting with letters (rows have r="5").
_REF_LETTERS = re.compile(rb'\sr="([A-Z]{1,4})[0-9]')
_REF_ROWS = re.compile(rb'\sr="[A-Z]{1,4}([0-9]{1,8})"')
_INLINE_TEXT = re.compile(rb"<" + _P + rb"(?:is|v)>([^<]*)")
_SHARED_VALUE = re.compile(rb'\bt="s"[^>]*>\s*<' + _P + rb"v>([0-9]{1,9})<")
_SHARED_ITEM = re.compile(rb"<(" + _P + rb")si\b[^>]*?(?:/>|>.*?</\1si>)", re.S)
_CELL_WITHOUT_REF = re.compile(rb"<" + _P + rb'c(?=[\s>/])(?![^>]*\sr="[A-Z])')
_ERROR_ATTR = re.compile(rb'\bt="e"')
_FORMULA = re.compile(rb"<" + _P + rb"f[\s>/]")
_LONG_NUMBER = re.compile(
    rb"<" + _P + rb"v>\s*([-+]?(?:[0-9]{16,}(?:\.0*)?|[0-9.]*[Ee][-+]?[0-9]+))\s*</" + _P + rb"v>"
)
_CELL_START = re.compile(rb"<" + _P + rb"c[\s>/]")
_CELL_AT = re.compile(rb"<(" + _P + rb")c\b([^>]*?)(/>|>(.*?)</\1c>)", re.S)
_ATTR = re.compile(rb'(?<![\w:])(r|t)="([^"]*)"')
_VALUE = re.compile(rb"<" + _P + rb"v>([^<]*)</" + _P + rb"v>")
_HAS_FORMULA = re.compile(rb"<" + _P + rb"f[\s>/]")
_ROW = re.compile(rb"<(" + _P + rb")row\b([^>]*?)(/>|>(.*?)</\1row>)", re.S)
_ROW_NUMBER = re.compile(rb'(?<![\w:])r="([0-9]{1,8})"')


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _stream(archive: zipfile.ZipFile, path: str, limit: int, budget: list[int]) -> Iterator[bytes]:
    """Decompressed chunks of a part, counted as they come: the declared size is not trusted."""
    try:
        info = archive.getinfo(path)
    except KeyError:
        raise FileRefused(_cannot_read()) from None
    if info.file_size > limit or info.file_size > budget[0]:
        raise FileRefused(_too_large())
    seen = 0
    try:
        with archive.open(info) as part:
            while chunk := part.read(_CHUNK):
                seen += len(chunk)
                if seen > limit or seen > budget[0]:
                    raise FileRefused(_too_large())
                yield chunk
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise FileRefused(_cannot_read()) from None
    budget[0] -= seen


def _no_declarations(chunk: bytes, sheet: str = "") -> None:
    if b"<!DOCTYPE" in chunk or b"<!ENTITY" in chunk:
        raise FileRefused(
            _(
                "文件%(where)s含有XML实体声明（DOCTYPE/ENTITY），这不是Excel或WPS保存的正常文件，"
                "可能被篡改：请在Excel或WPS中打开后重新“另存为”.xlsx再上传。"
            )
            % {"where": _("的工作表“%(s)s”") % {"s": sheet} if sheet else ""}
        )


def _small_part(archive: zipfile.ZipFile, path: str, budget: list[int]) -> bytes:
    data = b"".join(_stream(archive, path, MAX_SMALL_PART_BYTES, budget))
    _no_declarations(data)
    return data


def _parse_xml(data: bytes) -> ET.Element:
    try:
        return ET.fromstring(data)  # no DOCTYPE (checked): nothing to expand
    except ET.ParseError:
        raise FileRefused(_cannot_read()) from None


def _sheet_parts(archive: zipfile.ZipFile, budget: list[int]) -> list[SheetPart]:
    """The workbook's sheets in order, with their XML part and whether they are hidden."""
    import posixpath

    workbook = _parse_xml(_small_part(archive, "xl/workbook.xml", budget))
    try:
        rels = _parse_xml(_small_part(archive, "xl/_rels/workbook.xml.rels", budget))
    except FileRefused:
        rels = None
    targets = {}
    if rels is not None:
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_NS_PKG_REL}Relationship")}
    parts = []
    sheets = workbook.find(f"{_NS}sheets")
    for sheet in sheets if sheets is not None else []:
        target = targets.get(sheet.get(f"{_NS_REL}id"), "")
        if not target:
            continue
        path = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        )
        parts.append(SheetPart(sheet.get("name", ""), path, sheet.get("state", "visible") != "visible"))
    return parts


def _inspect_shared_strings(archive: zipfile.ZipFile, budget: list[int]) -> array:
    """The size in bytes of each shared string (its XML, an upper bound of its text)."""
    sizes = array("I")
    if "xl/sharedStrings.xml" not in archive.NameToInfo:
        return sizes
    carry = b""
    first = True
    for chunk in _stream(archive, "xl/sharedStrings.xml", MAX_SHARED_STRINGS_BYTES, budget):
        if first:
            _no_declarations(chunk[:65536])
            first = False
        data = carry + chunk
        end = 0
        for m in _SHARED_ITEM.finditer(data):
            sizes.append(m.end() - m.start())
            end = m.end()
        carry = data[end:]
        if len(carry) > _MAX_ROW_BYTES:
            raise FileRefused(_too_large())
    return sizes


def _row_aligned(chunks: Iterator[bytes], sheet: str) -> Iterator[bytes]:
    """The sheet XML in pieces that each end after a </row>, so no cell is cut in two."""
    carry = b""
    first = True
    for chunk in chunks:
        if first:
            _no_declarations(chunk[:65536], sheet)
            first = False
        data = carry + chunk
        cut = data.rfind(b"</row>")
        if cut < 0:
            if len(data) > _MAX_ROW_BYTES:
                raise FileRefused(_too_large())
            carry = data
            continue
        cut += len(b"</row>")
        carry = data[cut:]
        yield data[:cut]
    if carry:
        yield carry


def _inspect_sheet(ctx: tuple[zipfile.ZipFile, list[int], array], part: SheetPart) -> Inspection:
    """Stream the sheet once: the cells' extent, error cells, formulas without a value, long numbers,
    and an estimate of what calamine will hold for it (refused beyond MAX_SHEET_MEMORY)."""
    archive, budget, shared = ctx
    found = Inspection()
    max_row = max_col = 0
    positional = False
    size = 0
    referenced = 0
    for piece in _row_aligned(_stream(archive, part.path, MAX_SHEET_BYTES, budget), part.name):
        size += sum(map(len, _INLINE_TEXT.findall(piece)))
        if shared:
            indexes = list(map(int, _SHARED_VALUE.findall(piece)))
            try:
                referenced += sum(map(shared.__getitem__, indexes))
            except IndexError:  # an index past the table: calamine refuses the file; count what exists
                referenced += sum(shared[i] for i in indexes if i < len(shared))
        if not positional and _CELL_WITHOUT_REF.search(piece):
            positional = True  # some cells carry no reference: positions are counted (slow path)
        if positional:
            continue
        letters = set(_REF_LETTERS.findall(piece))
        if letters:
            max_col = max(max_col, *map(_column_number, letters))
            max_row = max(max_row, *map(int, set(_REF_ROWS.findall(piece))))
            if 80 * max_row * max_col + size + referenced > MAX_SHEET_MEMORY:
                _refuse_sheet(part, max_row, max_col)  # no need to read the rest
        for m in _ERROR_ATTR.finditer(piece):
            _note_cell(piece, m.start(), found)
        for m in _FORMULA.finditer(piece):
            _note_cell(piece, m.start(), found)
        for m in _LONG_NUMBER.finditer(piece):
            _note_cell(piece, m.start(), found)
    if positional:
        found, max_row, max_col = _inspect_by_position(archive, part, budget)
    found.rows, found.cols = max_row, max_col
    held = 80 * max_row * max_col + size + referenced + sum(shared) + 40 * len(shared)
    if max_row * max_col > MAX_CELLS or held > MAX_SHEET_MEMORY:
        _refuse_sheet(part, max_row, max_col)
    return found


def _refuse_sheet(part: SheetPart, rows: int, cols: int):
    raise FileRefused(
        _(
            "工作表“%(sheet)s”的内容超过系统一次可处理的大小（单元格区域至少为%(rows)s行×%(cols)s列）："
            "请删除多余的行和列（包括只设置了格式的空白单元格）及过长的内容，或拆分后分批导入。"
        )
        % {"sheet": part.name, "rows": f"{rows:,}", "cols": cols}
    )


def _note_cell(piece: bytes, pos: int, found: Inspection) -> None:
    """Look at the cell around `pos` and note it if calamine's value would hide something."""
    start = pos + 1
    while True:
        start = piece.rfind(b"c", 0, start)
        if start < 1:
            return
        lt = piece.rfind(b"<", 0, start)
        if lt >= 0 and _CELL_START.match(piece, lt) and _CELL_START.match(piece, lt).end() == start + 2:
            break
    m = _CELL_AT.match(piece, lt)
    if m is None or m.end() <= pos:
        return
    attrs = dict(_ATTR.findall(m[2]))
    ref = attrs.get(b"r")
    if not ref:
        return
    letters = ref.rstrip(b"0123456789")
    key = (int(ref[len(letters) :]) - 1, _column_number(letters) - 1)
    _classify(key, attrs.get(b"t", b"n"), m[4] or b"", found)


def _classify(key: tuple[int, int], kind: bytes, body: bytes, found: Inspection) -> None:
    value = _VALUE.search(body)
    text = value[1].strip() if value else b""
    if kind == b"e":
        found.errors[key] = text.decode(errors="replace") or "#N/A"
    elif not text and kind != b"inlineStr" and _HAS_FORMULA.search(body):
        found.uncached.add(key)
    elif kind == b"n" and text and (len(text) >= 16 or b"e" in text.lower()):
        found.numbers[key] = text.decode()


def _inspect_by_position(archive, part: SheetPart, budget: list[int]) -> tuple[Inspection, int, int]:
    """The same inspection for a sheet whose cells lack references: count rows and cells as calamine does."""
    found = Inspection()
    row = -1
    max_row = max_col = 0
    for piece in _row_aligned(_stream(archive, part.path, MAX_SHEET_BYTES, budget), part.name):
        for rm in _ROW.finditer(piece):
            number = _ROW_NUMBER.search(rm[2])
            row = int(number[1]) - 1 if number else row + 1
            col = -1
            for cm in _CELL_AT.finditer(rm[4] or b""):
                attrs = dict(_ATTR.findall(cm[2]))
                ref = attrs.get(b"r")
                if ref:
                    letters = ref.rstrip(b"0123456789")
                    col = _column_number(letters) - 1
                    cell_row = int(ref[len(letters) :]) - 1
                else:
                    col += 1
                    cell_row = row
                max_row, max_col = max(max_row, cell_row + 1), max(max_col, col + 1)
                _classify((cell_row, col), attrs.get(b"t", b"n"), cm[4] or b"", found)
    return found, max_row, max_col


# --- reading: headers and values ---------------------------------------------------------------

_HEADER_NOTE = re.compile(
    r"[\(\[【〔<](?:选填|必填|可选|非必填|可不填|必须填写|optional|required)[\)\]】〕>]$", re.IGNORECASE
)
_HEADER_MARKS = "*※★☆#"


def normalize_header(value: Any) -> str:
    """`*姓 名`, `入会日期（选填）`, `入会日期(选填)`, `Name (optional)` → comparable keys."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C")
    for _round in range(2):
        text = text.strip(_HEADER_MARKS).rstrip(":：")
        text = _HEADER_NOTE.sub("", text)
    return text.strip(_HEADER_MARKS).casefold()


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ERROR_MEANING = {
    "#REF!": "引用的单元格已被删除",
    "#N/A": "查找的值不存在",
    "#VALUE!": "公式中的值类型不对",
    "#DIV/0!": "除数为零",
    "#NAME?": "公式中有无法识别的名称",
    "#NUM!": "数值无效",
    "#NULL!": "引用的区域不相交",
    "#SPILL!": "公式结果无法展开",
    "#CALC!": "公式无法计算",
    "#GETTING_DATA": "数据尚未取回",
}


def _error_reason(code: str) -> str:
    meaning = _ERROR_MEANING.get(code.upper())
    return _("单元格是错误值“%(code)s”%(meaning)s，请改为实际内容后重新上传。") % {
        "code": code,
        "meaning": _("（%(m)s）") % {"m": _(meaning)} if meaning else "",
    }


def _number_text(value: float) -> str:
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return repr(value)


@dataclass
class SheetRead:
    """What read_rows found: the rows (row number, text per column key), the row- and file-level
    errors, the sheet read and where its header was, and the headers that were not used."""

    rows: list[tuple[int, dict[str, str]]]
    errors: list[RowError]
    sheet: str = ""
    header_row: int = 0
    ignored: list[str] = field(default_factory=list)


@dataclass
class _Header:
    row: int  # from 0
    index: dict[str, int]  # column key → column (from 0)
    ignored: list[str]
    duplicates: list[tuple[str, list[int]]]
    missing: list[str]


def _match_header(values: Sequence[Any], columns: list[Column], offset: int) -> _Header:
    names: dict[str, Column] = {}
    for c in columns:
        for name in (c.header, *c.aliases):
            names.setdefault(normalize_header(name), c)
    index: dict[str, int] = {}
    seen: dict[str, list[int]] = {}
    ignored = []
    for j, value in enumerate(values):
        text = str(value).strip() if value is not None else ""
        if not text:
            continue
        column = names.get(normalize_header(text))
        if column is None:
            ignored.append(text)
            continue
        seen.setdefault(column.key, []).append(offset + j)
        index.setdefault(column.key, offset + j)
    by_key = {c.key: c for c in columns}
    duplicates = [(by_key[k].header, cols) for k, cols in seen.items() if len(cols) > 1]
    missing = [c.header for c in columns if c.required and c.key not in index]
    return _Header(0, index, ignored, duplicates, missing)


def _letter(col: int) -> str:
    letters = ""
    n = col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def read_rows(
    source,
    columns: list[Column],
    *,
    max_rows: int | None = None,
    progress: Callable[[int], None] | None = None,
    sheet_names: Iterable[str] = (),
) -> SheetRead:
    """Read the data rows of the first visible sheet whose header matches `columns`.

    A sheet named in `sheet_names` (the template's) is tried first; hidden sheets are skipped, and so
    are sheets without such a header (instructions). Within the first rows of a sheet the header is
    found below a title. Headers match tolerantly (normalize_header, each column's aliases) and a
    column given twice is refused. Blank rows are skipped, and the template's example row too.
    Cell problems (error values, formulas without a value, control characters, ID numbers stored
    as rounded numbers) are row errors; anything that keeps the file from being read is one
    file-level error (row None). With `max_rows`, a file holding more data rows is refused.
    `progress(rows_read)` is called every 5,000 rows.
    """
    try:
        return _read_rows(
            source, columns, max_rows=max_rows, progress=progress, sheet_names=tuple(sheet_names)
        )
    except FileRefused as refused:
        return SheetRead([], [RowError(None, "", refused.message)])
    except MemoryError:
        return SheetRead([], [RowError(None, "", _too_large())])
    except Exception as exc:  # a file no check foresaw: a message, not a traceback in the job
        # The type and place only: an exception's text may quote a cell (personal data).
        log.warning("unreadable spreadsheet: %s", type(exc).__name__, exc_info=False)
        return SheetRead([], [RowError(None, "", _cannot_read())])


def _open(source) -> tuple[zipfile.ZipFile, Any]:
    import python_calamine

    if hasattr(source, "seek"):
        source.seek(0)
        head = source.read(8)
        source.seek(0)
    else:
        with open(source, "rb") as f:
            head = f.read(8)
    if not head.startswith(b"PK"):
        raise FileRefused(_cannot_read())
    try:
        if hasattr(source, "seek"):
            _check_directory(source)
        else:
            with open(source, "rb") as f:
                _check_directory(f)
        archive = zipfile.ZipFile(source)
    except ValidationError as e:
        raise FileRefused(" ".join(e.messages)) from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise FileRefused(_cannot_read()) from None
    return archive, python_calamine


def _read_rows(source, columns, *, max_rows, progress, sheet_names) -> SheetRead:
    archive, calamine = _open(source)
    with archive:
        budget = [MAX_READ_BYTES]
        parts = _sheet_parts(archive, budget)
        if "xl/styles.xml" in archive.NameToInfo:
            _small_part(archive, "xl/styles.xml", budget)
        ctx = (archive, budget, _inspect_shared_strings(archive, budget))
        if hasattr(source, "seek"):
            source.seek(0)
        try:
            book = calamine.CalamineWorkbook.from_object(source)
        except Exception:
            raise FileRefused(_cannot_read()) from None
        try:
            return _read_book(book, ctx, parts, columns, max_rows, progress, sheet_names)
        finally:
            book.close()


def _read_book(book, ctx, parts, columns, max_rows, progress, sheet_names) -> SheetRead:
    wanted = {normalize_header(n) for n in sheet_names}
    visible = [p for p in parts if not p.hidden]
    order = [p for p in visible if normalize_header(p.name) in wanted] + [
        p for p in visible if normalize_header(p.name) not in wanted
    ]
    best: tuple[SheetPart, _Header] | None = None
    for part in order:
        inspection = _inspect_sheet(ctx, part)
        sheet = _load(book, part)
        header = _find_header(sheet, columns)
        if header is None:
            continue
        if header.missing:
            # two known headers or more: a header with columns missing (one may be a notes row)
            if len(header.index) >= 2 and (best is None or len(header.missing) < len(best[1].missing)):
                best = (part, header)
            continue
        if header.duplicates:
            name, cols = header.duplicates[0]
            message = _(
                "工作表“%(sheet)s”第%(row)d行有%(n)d列都是“%(h)s”（%(cols)s列）：请只保留一列后重新上传。"
            ) % {
                "sheet": part.name,
                "row": header.row + 1,
                "n": len(cols),
                "h": name,
                "cols": "、".join(_letter(c) for c in cols),
            }
            return SheetRead([], [RowError(header.row + 1, name, message, part.name)], part.name)
        return _data_rows(sheet, part, header, inspection, columns, max_rows, progress)
    for part in parts:
        if part.hidden:
            found = _find_header(_load(book, part, inspect=ctx), columns)
            if found is not None and not found.missing:
                return SheetRead(
                    [],
                    [
                        RowError(
                            None,
                            "",
                            _(
                                "名册在隐藏的工作表“%(sheet)s”中，隐藏的工作表不会导入：请取消隐藏，或把数据复制到可见的工作表后重新上传。"
                            )
                            % {"sheet": part.name},
                            part.name,
                        )
                    ],
                )
    if best is not None:
        part, header = best
        return SheetRead(
            [],
            [
                RowError(
                    header.row + 1,
                    h,
                    _("工作表“%(sheet)s”第%(row)d行缺少必填列“%(h)s”，请使用下载的模板。")
                    % {"sheet": part.name, "row": header.row + 1, "h": h},
                    part.name,
                )
                for h in header.missing
            ],
            part.name,
        )
    if not visible:
        return SheetRead([], [RowError(None, "", _cannot_read())])
    empty = all(_load(book, p).height == 0 for p in visible)
    if empty:
        return SheetRead(
            [], [RowError(1, "", _("文件是空的：第1行应为表头。"), visible[0].name)], visible[0].name
        )
    required = "、".join(f"“{c.header}”" for c in columns if c.required)
    return SheetRead(
        [],
        [
            RowError(
                None,
                "",
                _("在工作表%(sheets)s的前%(n)d行中没有找到表头（应含%(cols)s等列），请使用下载的模板。")
                % {
                    "sheets": "、".join(f"“{p.name}”" for p in visible),
                    "n": HEADER_SEARCH_ROWS,
                    "cols": required,
                },
            )
        ],
    )


def _load(book, part: SheetPart, *, inspect=None):
    if inspect is not None:
        _inspect_sheet(inspect, part)
    try:
        return book.get_sheet_by_name(part.name)
    except Exception:
        raise FileRefused(
            _("工作表“%(sheet)s”无法读取，请在Excel或WPS中打开后“另存为”.xlsx再上传。") % {"sheet": part.name}
        ) from None


def _find_header(sheet, columns: list[Column]) -> _Header | None:
    """The best-matching row among the first non-blank rows (a title above the header is skipped)."""
    start = sheet.start
    if start is None:
        return None
    r0, c0 = start
    best = None
    seen = 0
    for i, values in enumerate(sheet.iter_rows()):
        if not any(v != "" and v is not None for v in values):
            continue
        header = _match_header(values, columns, c0)
        header.row = r0 + i
        if header.index and (best is None or len(header.index) > len(best.index)):
            best = header
            if not header.missing:
                break
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    return best


def _data_rows(sheet, part, header, inspection, columns, max_rows, progress) -> SheetRead:
    """Rows below the header as {column key: text}; a cell that could not be read is None (its
    RowError is in the result's errors), a column the sheet lacks is ""."""
    r0, c0 = sheet.start
    specs = [
        (c.key, header.index[c.key] - c0, c.identity, c.header) for c in columns if c.key in header.index
    ]
    absent = [c.key for c in columns if c.key not in header.index]
    example = [(c.key, c.example) for c in columns if c.key in header.index]
    special_rows = {r for r, _c in inspection.errors} | {r for r, _c in inspection.uncached}
    special_rows |= {r for r, _c in inspection.numbers}
    anchors_wanted, covered = _merged_fill(sheet, header, specs, c0)
    special_rows |= {r for r, _c in covered} | {r for r, _c in anchors_wanted}
    merged = _Merged(anchors_wanted, covered)
    errors: list[RowError] = []
    out: list[tuple[int, dict[str, str | None]]] = []
    name = part.name
    first_data = header.row + 1
    need = max(j for _k, j, _i, _t in specs) + 1
    str_ = str
    # This loop runs for every row (100,000 for a large roster): the common row (text cells only,
    # nothing noted by the inspection) costs a few operations per cell; the rest goes through _cell.
    for i, values in enumerate(sheet.iter_rows()):
        row0 = r0 + i
        if row0 <= header.row:
            continue
        raw: dict[str, str | None] = {}
        bad = False
        slow = row0 in special_rows or len(values) < need
        for key, j, identity, title in specs:
            v = values[j] if j < len(values) else ""
            if not slow and v.__class__ is str_:
                text = v.strip()
                raw[key] = text[1:] if text[:1] == "'" else text
                continue
            text, problem = _cell(v, (row0, j + c0), identity, inspection, merged)
            if problem is not None:
                errors.append(RowError(row0 + 1, title, problem, name))
                raw[key] = None
                bad = True
            else:
                raw[key] = text
        for key in absent:
            raw[key] = ""
        texts = " ".join(filter(None, raw.values()))
        if not bad:
            if not texts:
                continue
            if row0 == first_data and all(raw[k] == e for k, e in example):
                continue
        if _CONTROL.search(texts):
            for key, _j, _identity, title in specs:
                control = _CONTROL.search(raw[key] or "")
                if control is not None:
                    errors.append(RowError(row0 + 1, title, _control_reason(control[0]), name))
                    raw[key] = None
        out.append((row0 + 1, raw))
        if max_rows is not None and len(out) > max_rows:
            return SheetRead(
                [],
                [RowError(None, "", _("文件超过%(n)d行，请拆分后分批导入。") % {"n": max_rows}, name)],
                name,
            )
        if progress is not None and len(out) % 5000 == 0:
            progress(len(out))
    return SheetRead(out, errors, name, header.row + 1, header.ignored)


@dataclass
class _Merged:
    anchors_wanted: set[tuple[int, int]]
    covered: dict[tuple[int, int], tuple[int, int]]
    values: dict[tuple[int, int], str] = field(default_factory=dict)


def _control_reason(ch: str) -> str:
    return _("含有不可见的控制字符（U+%(code)04X，常见于从网页或其他系统复制的内容），请删除后重新上传。") % {
        "code": ord(ch)
    }


def _cell(v, at: tuple[int, int], identity: bool, inspection: Inspection, merged: _Merged):
    """(text, None) or (None, the problem) for a cell that is not plain text or that the inspection noted."""
    problem = None
    if v.__class__ is str:
        text = v.strip()
        if text[:1] == "'":
            text = text[1:]
    elif v is None:
        text = ""
    elif v.__class__ is float:
        text = _number_text(v)
        if identity and (not v.is_integer() or abs(v) >= 2**53):
            problem = _id_as_number(f"{v:.15G}")
    elif v.__class__ is datetime.datetime:
        text = v.date().isoformat()
    elif isinstance(v, datetime.date):
        text = v.isoformat()
    else:
        text = str(v)
    if at in inspection.errors:
        return None, _error_reason(inspection.errors[at])
    if at in inspection.uncached:
        return None, _(
            "该单元格是公式，但文件中没有保存计算结果（常见于由程序生成的文件）："
            "请在Excel或WPS中打开并保存一次，或把公式改为实际内容。"
        )
    written = inspection.numbers.get(at)
    if written is not None:
        if not identity:
            text = _number_text(float(written))
        elif _EXACT_INTEGER.fullmatch(written):
            text, problem = written.lstrip("+").split(".")[0], None
        else:
            problem = _id_as_number(written)
    if problem is not None:
        return None, problem
    if at in merged.anchors_wanted:
        merged.values[at] = text
    elif not text and at in merged.covered:
        anchor = merged.covered[at]
        if anchor not in merged.values:
            return None, _(
                "该单元格与%(cell)s单元格合并，无法确定它的内容：请取消合并，在每一行填写后重新上传。"
            ) % {"cell": f"{_letter(anchor[1])}{anchor[0] + 1}"}
        text = merged.values[anchor]
    return text, None


_EXACT_INTEGER = re.compile(r"\+?[0-9]+(\.0*)?")


def _id_as_number(shown: str) -> str:
    return _(
        "身份证号码被存成了数字（%(v)s），末几位已经丢失：请将身份证号码列设置为文本格式后重新填写。"
    ) % {"v": shown}


def _merged_fill(sheet, header, specs, c0) -> tuple[set, dict]:
    """Merged ranges over the columns read: their anchor cells, and for each covered cell its anchor.

    A merged employer cell covering ten rows means the same employer for the ten members: the
    lower rows get the anchor's value (calamine reads them as empty)."""
    ranges = sheet.merged_cell_ranges or []
    wanted = {j + c0 for _k, j, _i, _t in specs}
    anchors: set[tuple[int, int]] = set()
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for (top, left), (bottom, right) in ranges:
        cols = [c for c in range(left, right + 1) if c in wanted]
        if bottom <= header.row or not cols or (bottom - top + 1) * len(cols) > MAX_CELLS:
            continue
        anchors.add((top, left))
        for r in range(max(top, header.row + 1), bottom + 1):
            for c in cols:
                if (r, c) != (top, left):
                    covered[(r, c)] = (top, left)
    return anchors, covered


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
        except Exception:
            errors.append(RowError(row_no, c.header, unreadable_cell()))
            ok = False
    return cleaned if ok else None


def unreadable_cell() -> str:
    return _("无法识别该单元格的内容（可能含有上标、特殊符号或不可见字符），请重新输入后再上传。")
