"""The roster import's fast sheet reader (core.xlsx.fast_sheet_rows) reads what openpyxl reads."""

import io
import zipfile

from openpyxl import Workbook, load_workbook

from gonghui.core import xlsx

SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><r><t>张</t></r><r><rPr><b/></rPr><t>三</t></r></is></c>
<c r="B2" t="str"><f>"110105"&amp;"19491231002X"</f><v>11010519491231002X</v></c><c r="C2"><v>13800138000</v></c></row>
<!-- a comment between rows -->
<row r="4"><c r="A4" t="inlineStr"></c><c r="C4" t="inlineStr"><is><t></t></is></c><c r="D4" t="b"><v>1</v></c></row>
<row><c t="inlineStr"><is><t>李四</t></is></c><c><v>2.5</v></c><c r="AA5"><v>7</v></c></row>
</sheetData></worksheet>"""
SHARED = """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">
<si><t>身份证号码</t></si><si><r><t>手机</t></r><r><t>号码</t></r></si></sst>"""


SHARED_REL = (
    b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"'
    b' Target="sharedStrings.xml" Id="rId9"/>'
)
SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml"'
    b' ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)


def workbook_with(sheet_xml: str) -> bytes:
    """A real openpyxl workbook whose first sheet and shared strings are replaced by ours."""
    wb = Workbook()
    wb.active.append(["x"])
    buf = io.BytesIO()
    wb.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_REL + b"</Relationships>")
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_TYPE + b"</Types>")
            dst.writestr(item, data)
        dst.writestr("xl/sharedStrings.xml", SHARED)
    return out.getvalue()


def openpyxl_rows(content: bytes) -> list[tuple[int, tuple]]:
    ws = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    rows = []
    for row in ws.iter_rows():
        cells = [c for c in row if getattr(c, "row", None)]
        if not cells:
            continue
        values = [None] * max(c.column for c in cells)
        for c in cells:
            values[c.column - 1] = c.value
        rows.append((cells[0].row, tuple(values)))
    return rows


def test_fast_reader_matches_openpyxl_on_rich_text_formulas_gaps_and_missing_refs():
    content = workbook_with(SHEET)
    fast = list(xlsx.fast_sheet_rows(io.BytesIO(content)))
    assert fast == [
        (1, ("姓名", "身份证号码", "手机号码")),
        (2, ("张三", "11010519491231002X", 13800138000)),
        (4, (None, None, "", True)),
        (5, ("李四", 2.5) + (None,) * 24 + (7,)),
    ]
    assert fast == openpyxl_rows(content)


def test_read_rows_on_the_hand_made_sheet_gives_text_per_column():
    content = workbook_with(SHEET)
    columns = [
        xlsx.Column("name", "姓名"),
        xlsx.Column("id", "身份证号码"),
        xlsx.Column("mobile", "手机号码"),
    ]
    rows, errors = xlsx.read_rows(io.BytesIO(content), columns)
    assert errors == []
    assert rows == [
        (2, {"name": "张三", "id": "11010519491231002X", "mobile": "13800138000"}),
        (5, {"name": "李四", "id": "2.5", "mobile": ""}),
    ]
