"""Excel in and out: formula injection neutralised, templates, header mapping and row-level errors."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook

from gonghui.core import xlsx
from gonghui.core.validators import normalize_resident_id

COLUMNS = [
    xlsx.Column("name", "姓名", example="张三"),
    xlsx.Column(
        "id_number",
        "身份证号码",
        parse=normalize_resident_id,
        example="11010519491231002X",
        help="18位居民身份证号码",
    ),
    xlsx.Column("mobile", "手机号码", required=False, example="13912345678"),
]


def sheet(*rows) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


@pytest.mark.parametrize(
    "value", ["=1+1", "+86139", "-2+3", "@SUM(A1)", "\tcmd", "\r=1", "＝HYPERLINK()", "－1"]
)
def test_safe_cell_neutralises_formula_starts(value):
    assert xlsx.safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "13912345678", 42, -3.5, None, "a=b", ""])
def test_safe_cell_leaves_plain_values_alone(value):
    assert xlsx.safe_cell(value) == value


def test_build_xlsx_writes_neutralised_cells():
    content = xlsx.build_xlsx(
        ["姓名", "备注"], [["张三", '=HYPERLINK("http://x","点我")'], ["李四", 7]], title="会员名册"
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.title == "会员名册"
    assert [c.value for c in ws[1]] == ["姓名", "备注"]
    assert ws["B2"].value.startswith("'=") and ws["B3"].value == 7


def test_template_has_headers_example_text_format_and_notes():
    wb = load_workbook(io.BytesIO(xlsx.build_template(COLUMNS, title="会员名册导入模板")))
    ws = wb.worksheets[0]
    assert [c.value for c in ws[1]] == ["姓名", "身份证号码", "手机号码（选填）"]
    assert [c.value for c in ws[2]] == ["张三", "11010519491231002X", "13912345678"]
    assert ws["B5"].number_format == "@"  # ID numbers stay text, not floats
    notes = wb.worksheets[1]
    assert notes.title == "填写说明"
    assert ["身份证号码", "必填", "18位居民身份证号码"] in [[c.value for c in r] for r in notes.iter_rows()]


def test_the_template_reads_back_with_the_example_row_skipped():
    read = xlsx.read_rows(io.BytesIO(xlsx.build_template(COLUMNS, title="t")), COLUMNS)
    assert read.rows == [] and read.errors == [] and read.sheet == "t"


def test_read_rows_maps_headers_in_any_order_and_skips_blank_rows():
    # A mobile typed as a number comes back as text without ".0"; a leading apostrophe is dropped.
    source = sheet(
        ["手机号码（选填）", "姓名", "身份证号码"],
        [13900000001, " 王芳 ", "110105194912310029"],
        [None, None, None],
        ["", "李强", "'11010519491231002X"],
    )
    read = xlsx.read_rows(source, COLUMNS)
    assert read.errors == []
    assert read.rows == [
        (2, {"name": "王芳", "id_number": "110105194912310029", "mobile": "13900000001"}),
        (4, {"name": "李强", "id_number": "11010519491231002X", "mobile": ""}),
    ]


def test_read_rows_reports_a_missing_required_header():
    read = xlsx.read_rows(sheet(["姓名", "手机号码"], ["张三", "13900000001"]), COLUMNS)
    assert read.rows == []
    assert [e.as_dict() for e in read.errors] == [
        {
            "row": 1,
            "column": "身份证号码",
            "reason": "工作表“Sheet”第1行缺少必填列“身份证号码”，请使用下载的模板。",
            "sheet": "Sheet",
        }
    ]


def test_read_rows_refuses_a_file_that_is_not_xlsx_and_an_empty_sheet():
    read = xlsx.read_rows(io.BytesIO(b"name,id\n"), COLUMNS)
    assert read.rows == [] and read.errors[0].row is None and "无法读取文件" in read.errors[0].reason
    read = xlsx.read_rows(sheet(), COLUMNS)
    assert read.rows == [] and read.errors[0].row == 1 and "第1行应为表头" in read.errors[0].reason


def test_parse_row_gives_row_column_and_reason_for_each_bad_cell():
    errors: list[xlsx.RowError] = []
    assert (
        xlsx.parse_row(7, {"name": "", "id_number": "110105194912310028", "mobile": ""}, COLUMNS, errors)
        is None
    )
    assert [(e.row, e.column) for e in errors] == [(7, "姓名"), (7, "身份证号码")]
    assert errors[0].reason == "必填项为空。" and "校验位" in errors[1].reason
    errors.clear()
    ok = xlsx.parse_row(8, {"name": "张三", "id_number": "11010519491231002x", "mobile": ""}, COLUMNS, errors)
    assert errors == [] and ok == {"name": "张三", "id_number": "11010519491231002X", "mobile": None}


def test_xlsx_response_names_the_file_in_utf8():
    response = xlsx.xlsx_response("会员名册.xlsx", b"data")
    assert response["Content-Type"] == xlsx.XLSX_TYPE
    assert (
        response["Content-Disposition"]
        == "attachment; filename*=UTF-8''%E4%BC%9A%E5%91%98%E5%90%8D%E5%86%8C.xlsx"
    )


def test_a_parse_function_raising_validation_error_is_reported_not_raised():
    def parse(value):
        raise ValidationError("日期格式应为2026-01-31。")

    errors: list[xlsx.RowError] = []
    xlsx.parse_row(3, {"d": "31/01"}, [xlsx.Column("d", "入会日期", parse=parse)], errors)
    assert errors == [xlsx.RowError(3, "入会日期", "日期格式应为2026-01-31。")]


def test_a_laid_out_sheet_keeps_its_widths_formats_frozen_header_and_bold_total():
    assert xlsx.text_width("城关镇ab") == 8
    layout = xlsx.Layout(
        widths=[20, 12], number_formats=["", "#,##0.00"], header_height=30, freeze="B2", total_row=True
    )
    content = xlsx.build_xlsx(
        ["组织", "金额（元）"], [["=城关镇", 1234.5], ["合计", 1234.5]], title="表", layout=layout
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert ws["A2"].value == "'=城关镇"  # a formula typed by people stays text
    assert ws["B2"].number_format == "#,##0.00" and ws["B2"].value == 1234.5
    assert ws.column_dimensions["A"].width == 20 and ws.freeze_panes == "B2"
    assert ws["A1"].font.bold and ws["A3"].font.bold and not ws["A2"].font.bold
