"""Roster import against spreadsheets as cadres really have them.

Files are generated here: with openpyxl, and as hand-built zips of raw sheet XML where a writer other
than openpyxl has to be imitated (hidden sheets, phonetic runs, error cells, formulas without a cached
value, WPS's and pandas' numbers, entity declarations, bombs).
"""

import datetime
import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from gonghui.core.models import Job
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.services import roster_import as importer
from gonghui.members.services.lifecycle import member_leave
from tests.factories import make_id_number, make_member, make_mobile

URL = reverse("members:roster_import")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture(autouse=True)
def _jobs_run_at_once(settings):
    settings.GONGHUI_TASKS = "sync"


# --- building files ------------------------------------------------------------------------------


def workbook(sheets, *, shared: list[str] | str | None = None, prefix: str = "") -> bytes:
    """A minimal .xlsx from raw parts. `sheets`: (name, sheetData rows XML, state, extra XML after
    sheetData). `shared`: the shared strings (list of <si> bodies, or a whole sst document)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            f'spreadsheetml.sheet.main+xml"/>{overrides}</Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<{p}sheet name="{s[0]}" sheetId="{i}"{f" state={chr(34)}{s[2]}{chr(34)}" if s[2] else ""}'
            f' r:id="rId{i}"/>'
            for i, s in enumerate(sheets, start=1)
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook {xmlns} xmlns:r="{REL}">'
            f"<{p}sheets>{entries}</{p}sheets></{p}workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        if shared is not None:
            rels += f'<Relationship Id="rId99" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        for i, (_name, rows, _state, *extra) in enumerate(sheets, start=1):
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{extra[1] if len(extra) > 1 else ""}'
                f"<{p}sheetData>{rows}</{p}sheetData>{extra[0] if extra else ''}</{p}worksheet>",
            )
        if shared is not None:
            sst = (
                shared
                if isinstance(shared, str)
                else f'<sst xmlns="{MAIN}">' + "".join(f"<si>{s}</si>" for s in shared) + "</sst>"
            )
            z.writestr("xl/sharedStrings.xml", sst)
    return out.getvalue()


def _col(i: int) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]


def cell(ref: str, value) -> str:
    """A cell as raw XML: str → inline string, int/float → number; ("raw", xml) as given."""
    if isinstance(value, tuple):
        return value[1].replace('r="REF"', f'r="{ref}"')
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def rows_xml(rows, start: int = 1) -> str:
    out = []
    for n, row in enumerate(rows, start=start):
        cells = "".join(cell(f"{_col(i)}{n}", v) for i, v in enumerate(row))
        out.append(f'<row r="{n}">{cells}</row>')
    return "".join(out)


HEADERS = ["姓名", "身份证号码", "手机号码", "入会日期", "工作单位", "职业类型"]


KEYS = 600_000  # far above the factories' running counter, so no test's people meet the world's


def person(k: int, name: str | None = None) -> list:
    return [name or f"职工{k}", make_id_number(KEYS + k), make_mobile(KEYS + k), "", "", ""]


def openpyxl_file(rows, headers=HEADERS, *, title="Sheet", before=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in before:
        ws.append(list(row))
    ws.append(headers)
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def run_import(world, content: bytes, *, language: str | None = None):
    path = Path(settings.MEDIA_ROOT) / "test-roster.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    try:
        if language:
            with translation.override(language):
                return importer.roster_import(org=world.union, source=path, actor=world.enterprise_cadre)
        return importer.roster_import(org=world.union, source=path, actor=world.enterprise_cadre)
    finally:
        path.unlink()


def imported(world):
    return Member.objects.filter(org=world.union, source=Member.Source.IMPORT)


# --- identity numbers in numeric cells ------------------------------------------------------------


def test_an_exact_18_digit_integer_is_read_exactly(world):
    """pandas and WPS write an ID number typed as a number as its exact digits."""
    number = make_id_number(501)
    assert number[-1] != "X"
    content = workbook([("Sheet1", rows_xml([HEADERS, ["王五", int(number), int(make_mobile(501))]]), "")])
    outcome = run_import(world, content)
    assert outcome.errors == [] and outcome.created == 1
    assert imported(world).get().id_number_plain() == number


def test_an_integer_id_that_its_writer_rounded_is_refused(world):
    """openpyxl writes a Python int of 18 digits as a float (3.3010219900518e+17): digits are gone."""
    number = make_id_number(502)
    outcome = run_import(world, openpyxl_file([["王五", int(number), int(make_mobile(502))]]))
    assert outcome.created == 0 and "文本格式" in outcome.errors[0].reason


def test_an_id_stored_as_a_scientific_float_is_refused_not_rounded(world):
    """Excel's 1.20108198001050E+17: the rounded value may even pass the check digit. Never imported."""
    content = workbook(
        [
            (
                "Sheet1",
                rows_xml(
                    [HEADERS, ["王五", ("raw", '<c r="REF"><v>1.20108198001050E+17</v></c>'), make_mobile(1)]]
                ),
                "",
            )
        ]
    )
    outcome = run_import(world, content)
    assert outcome.created == 0 and not imported(world).exists()
    [error] = outcome.errors
    assert (error.row, error.column, error.sheet) == (2, "身份证号码", "Sheet1")
    assert "请将身份证号码列设置为文本格式后重新填写" in error.reason and "校验位" not in error.reason


def test_a_rounded_number_without_exponent_beyond_float_precision_is_refused(world):
    """A float cell whose value calamine rounds (no digits kept as written) is not trusted either."""
    content = workbook([("Sheet1", rows_xml([HEADERS, ["王五", 1.5e17, make_mobile(1)]]), "")])
    outcome = run_import(world, content)
    assert "文本格式" in outcome.errors[0].reason and outcome.created == 0


# --- sheets ----------------------------------------------------------------------------------------


def test_a_hidden_first_sheet_is_skipped_and_the_visible_one_imported(world):
    old = rows_xml([HEADERS, person(601, "旧数据")])
    new = rows_xml([HEADERS, person(602, "新数据")])
    outcome = run_import(world, workbook([("2019年", old, "hidden"), ("会员", new, "")]))
    assert outcome.errors == [] and outcome.sheet == "会员"
    assert list(imported(world).values_list("name", flat=True)) == ["新数据"]


def test_an_instructions_sheet_before_the_data_is_skipped(world):
    notes = rows_xml([["填写说明"], ["1. 身份证号码请设置为文本格式"], ["2. 姓名必填"]])
    data = rows_xml([HEADERS, person(603), person(604)])
    outcome = run_import(world, workbook([("说明", notes, ""), ("花名册", data, "")]))
    assert outcome.errors == [] and outcome.created == 2 and outcome.sheet == "花名册"


def test_the_template_sheet_name_is_preferred(world):
    other = rows_xml([HEADERS, person(605, "别的表")])
    roster = rows_xml([HEADERS, person(606, "名册表")])
    outcome = run_import(world, workbook([("汇总", other, ""), ("会员名册", roster, "")]))
    assert outcome.sheet == "会员名册" and [m.name for m in imported(world)] == ["名册表"]


def test_a_roster_only_on_a_hidden_sheet_says_so(world):
    data = rows_xml([HEADERS, person(607)])
    outcome = run_import(
        world, workbook([("说明", rows_xml([["请看第二页"]]), ""), ("数据", data, "hidden")])
    )
    [error] = outcome.errors
    assert error.row is None and "隐藏的工作表“数据”" in error.reason and "取消隐藏" in error.reason


def test_errors_name_the_sheet(world, login):
    data = rows_xml([HEADERS, ["张三", "110105194912310028", make_mobile(1)]])
    content = workbook([("说明", rows_xml([["说明"]]), ""), ("三月名册", data, "")])
    client = login(world.enterprise_cadre)
    client.post(URL, {"org": str(world.union.uuid), "file": _upload(content)})
    job = Job.objects.get()
    assert job.errors[0]["sheet"] == "三月名册" and job.result["sheet"] == "三月名册"
    page = client.get(reverse("core:job_detail", args=[job.uuid])).content.decode()
    assert "工作表“三月名册”未通过校验" in page


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("名册.xlsx", content, content_type="application/octet-stream")


# --- headers ---------------------------------------------------------------------------------------


def test_headers_as_cadres_write_them(world):
    headers = ["*姓  名", "公民身份号码", "联系电话", "入会日期(选填)", "工作单位（选填）", "序号"]
    rows = [["李 四", make_id_number(701), make_mobile(701), "2023-05-04", "城东配送站", "1"]]
    title = [["安平华宇机械有限公司工会会员花名册"], []]
    outcome = run_import(world, openpyxl_file(rows, headers, before=title))
    assert outcome.errors == [] and outcome.ignored == ["序号"]
    member = imported(world).get()
    assert member.joined_on == datetime.date(2023, 5, 4)  # 入会日期(选填) was once dropped: today
    assert member.employer_name == "城东配送站" and member.mobile == make_mobile(701)
    job_page_message = importer.outcome_message(outcome)
    assert "序号" in job_page_message


@pytest.mark.parametrize(
    "id_header,mobile_header",
    [
        ("身份证号", "手机号"),
        ("证件号码", "手机"),
        ("身份证号码", "手机号码"),
        ("ID number", "Mobile number"),
    ],
)
def test_header_synonyms(world, id_header, mobile_header):
    outcome = run_import(world, openpyxl_file([person(702)], ["姓名", id_header, mobile_header]))
    assert outcome.errors == [] and outcome.created == 1


def test_two_columns_with_the_same_meaning_are_refused(world):
    headers = ["姓名", "身份证号码", "手机号码", "姓名"]
    outcome = run_import(
        world, openpyxl_file([["张三", make_id_number(703), make_mobile(703), "李四"]], headers)
    )
    [error] = outcome.errors
    assert error.column == "姓名" and "A、D列" in error.reason and "只保留一列" in error.reason
    assert outcome.created == 0


def test_two_synonyms_of_one_column_are_refused_too(world):
    headers = ["姓名", "身份证号码", "手机号码", "联系电话"]
    row = ["张三", make_id_number(704), make_mobile(704), make_mobile(705)]
    outcome = run_import(world, openpyxl_file([row], headers))
    assert "C、D列" in outcome.errors[0].reason


def test_a_missing_column_names_the_sheet_and_row(world):
    outcome = run_import(world, openpyxl_file([["张三", make_mobile(1)]], ["姓名", "手机号码"], title="名单"))
    [error] = outcome.errors
    assert error.column == "身份证号码" and "工作表“名单”第1行缺少必填列“身份证号码”" in error.reason


def test_the_english_template_imports_in_a_chinese_job_and_back(world):
    with translation.override("en"):
        english_template = importer.roster_template()
    wb = load_workbook(io.BytesIO(english_template))
    headers = [c.value for c in wb.worksheets[0][1]]
    assert headers[0] == "Name" and headers[1] == "ID number"
    for lang, template in (("zh-hans", english_template), ("en", importer.roster_template())):
        wb = load_workbook(io.BytesIO(template))
        k = 710 if lang == "en" else 711
        wb.worksheets[0].append(["王五", make_id_number(k), make_mobile(k), "2024-03-01", "", ""])
        buf = io.BytesIO()
        wb.save(buf)
        outcome = run_import(world, buf.getvalue(), language=lang)
        assert outcome.errors == [] and outcome.created == 1, (lang, outcome.errors)


def test_job_types_in_either_language(world):
    rows = [person(712), person(713)]
    rows[0][5], rows[1][5] = "外卖骑手", "Delivery rider"
    outcome = run_import(world, openpyxl_file(rows))
    assert outcome.errors == [] and set(imported(world).values_list("job_type", flat=True)) == {
        "delivery_rider"
    }


# --- cells -------------------------------------------------------------------------------------------


def test_error_cells_are_row_errors_that_say_what_they_are(world):
    rows = [
        HEADERS,
        [("raw", '<c r="REF" t="e"><v>#REF!</v></c>'), make_id_number(801), make_mobile(801)],
        [
            "张三",
            make_id_number(802),
            make_mobile(802),
            "",
            ("raw", '<c r="REF" t="e"><f>VLOOKUP(A1,B:C,2)</f><v>#N/A</v></c>'),
        ],
        ["李四", make_id_number(803), ("raw", '<c r="REF" t="e"><v>#VALUE!</v></c>')],
    ]
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "")]))
    got = [(e.row, e.column) for e in outcome.errors]
    assert got == [(2, "姓名"), (3, "工作单位"), (4, "手机号码")]
    assert "“#REF!”" in outcome.errors[0].reason and "“#N/A”" in outcome.errors[1].reason
    assert "“#VALUE!”" in outcome.errors[2].reason and "必填项为空" not in str(outcome.errors)
    assert not imported(world).exists()


def test_a_formula_without_a_cached_value_says_so(world):
    rows = [
        HEADERS,
        [("raw", '<c r="REF" t="str"><f>CONCAT("张","三")</f></c>'), make_id_number(804), make_mobile(804)],
    ]
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "")]))
    [error] = outcome.errors
    assert error.column == "姓名" and "公式" in error.reason and "计算结果" in error.reason


def test_a_formula_with_its_value_imports_the_value(world):
    rows = [
        HEADERS,
        [
            ("raw", '<c r="REF" t="str"><f>CONCAT("张","三")</f><v>张三</v></c>'),
            make_id_number(805),
            make_mobile(805),
        ],
    ]
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "")]))
    assert outcome.errors == [] and imported(world).get().name == "张三"


def test_the_phonetic_guide_of_a_name_is_not_appended(world):
    """Shared strings with <rPh> runs (Excel's phonetic guide, 拼音指南) give the name alone."""
    shared = [
        "<t>姓名</t>",
        "<t>身份证号码</t>",
        "<t>手机号码</t>",
        '<r><t>张三丰</t></r><rPh sb="0" eb="3"><t>zhāng sān fēng</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
    ]
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
        f'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="inlineStr"><is><t>{make_id_number(806)}</t></is></c>'
        f'<c r="C2" t="inlineStr"><is><t>{make_mobile(806)}</t></is></c></row>'
    )
    outcome = run_import(world, workbook([("Sheet1", rows, "")], shared=shared))
    assert outcome.errors == [] and imported(world).get().name == "张三丰"


def test_a_merged_employer_cell_applies_to_every_row_it_covers(world):
    rows = [HEADERS] + [person(810 + i) for i in range(3)]
    rows[1][4] = "城东配送站"
    merge = '<mergeCells count="1"><mergeCell ref="E2:E4"/></mergeCells>'
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "", merge)]))
    assert outcome.errors == []
    assert set(imported(world).values_list("employer_name", flat=True)) == {"城东配送站"}


def test_a_merge_from_the_header_into_the_data_is_an_explicit_error(world):
    rows = [HEADERS] + [person(815)]
    merge = '<mergeCells count="1"><mergeCell ref="E1:E2"/></mergeCells>'
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "", merge)]))
    assert outcome.errors[0].column == "工作单位" and "合并" in outcome.errors[0].reason


def test_a_superscript_digit_is_a_row_error_not_a_crash(world):
    rows = [person(820)]
    rows[0][1] = rows[0][1][:10] + "²" + rows[0][1][11:]
    rows[0][3] = "2024-0³-01"
    outcome = run_import(world, openpyxl_file(rows))
    assert outcome.created == 0 and {e.row for e in outcome.errors} == {2}
    assert all(e.reason for e in outcome.errors)


def test_a_control_character_is_a_row_error(world):
    rows = [HEADERS, ["张&#1;三", make_id_number(821), make_mobile(821)]]
    outcome = run_import(world, workbook([("Sheet1", rows_xml(rows), "")]))
    [error] = outcome.errors
    assert (error.row, error.column) == (2, "姓名") and "U+0001" in error.reason


def test_an_entity_declaration_is_a_file_error(world):
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    content = workbook([("Sheet1", "", "")])
    content = _replace_part(content, "xl/worksheets/sheet1.xml", sheet.encode())
    outcome = run_import(world, content)
    [error] = outcome.errors
    assert error.row is None and "实体声明" in error.reason


def _replace_part(content: bytes, name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, data if item.filename == name else src.read(item))
    return out.getvalue()


def test_a_wps_like_file_imports(world):
    """WPS: shared strings with xml:space, styles before types, numbers for mobiles and 18-digit IDs,
    a 1904 epoch never set, an empty styled row and a prefixed namespace variant."""
    number = make_id_number(830)
    shared = ['<t xml:space="preserve">姓名 </t>', "<t>身份证号</t>", "<t>手机号</t>", "<t>赵六</t>"]
    rows = (
        '<row r="1" spans="1:3"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="1" t="s"><v>1</v></c>'
        '<c r="C1" s="1" t="s"><v>2</v></c></row>'
        f'<row r="2" spans="1:3"><c r="A2" s="2" t="s"><v>3</v></c><c r="B2" s="2"><v>{number}</v></c>'
        f'<c r="C2" s="2"><v>{make_mobile(830)}</v></c></row>'
        '<row r="3" spans="1:3"><c r="A3" s="2"/><c r="B3" s="2"/></row>'
    )
    outcome = run_import(world, workbook([("Sheet1", rows, "")], shared=shared))
    assert outcome.errors == [] and imported(world).get().id_number_plain() == number
    Member.objects.all().filter(org=world.union, source="import").delete()
    prefixed = rows_xml([HEADERS, person(831)]).replace("<row", "<x:row").replace("</row", "</x:row")
    prefixed = prefixed.replace("<c ", "<x:c ").replace("</c>", "</x:c>").replace("<is>", "<x:is>")
    prefixed = prefixed.replace("</is>", "</x:is>").replace("<t>", "<x:t>").replace("</t>", "</x:t>")
    outcome = run_import(world, workbook([("Sheet1", prefixed, "")], prefix="x"))
    assert outcome.errors == [] and outcome.created == 1


def test_cells_without_references_are_read_by_position(world):
    number = make_id_number(832)
    rows = (
        '<row><c t="inlineStr"><is><t>姓名</t></is></c><c t="inlineStr"><is><t>身份证号码</t></is></c>'
        '<c t="inlineStr"><is><t>手机号码</t></is></c></row>'
        f'<row><c t="inlineStr"><is><t>孙七</t></is></c><c><v>{number}</v></c><c><v>{make_mobile(832)}</v></c></row>'
        f'<row><c t="e"><v>#REF!</v></c><c t="inlineStr"><is><t>{make_id_number(833)}</t></is></c>'
        f'<c t="inlineStr"><is><t>{make_mobile(833)}</t></is></c></row>'
    )
    outcome = run_import(world, workbook([("Sheet1", rows, "")]))
    assert [(e.row, e.column) for e in outcome.errors] == [(3, "姓名")] and "#REF!" in outcome.errors[
        0
    ].reason


def test_a_declared_dimension_of_a_million_rows_with_five_imports(world):
    rows = rows_xml([HEADERS] + [person(840 + i) for i in range(5)])
    outcome = run_import(world, workbook([("Sheet1", rows, "", "", '<dimension ref="A1:Z1048576"/>')]))
    assert outcome.errors == [] and outcome.created == 5


def test_rows_formatted_down_to_the_last_row_import(world):
    """Row elements with a style and no cells (a column formatted to the bottom) are not data."""
    rows = rows_xml([HEADERS] + [person(850)])
    rows += "".join(f'<row r="{n}" s="1" customFormat="1"/>' for n in range(3, 20_000))
    outcome = run_import(world, workbook([("Sheet1", rows, "")]))
    assert outcome.errors == [] and outcome.created == 1


def test_the_template_example_row_validates():
    for column in importer.columns():
        if column.example:
            column.parse(column.example)  # raises if the example would not import


# --- former members ----------------------------------------------------------------------------------


def test_a_former_member_in_the_roster_is_re_admitted_with_their_number(world):
    former = make_member(world.other_union, name="周八")
    member_leave(member=former, actor=world.outsider, on=datetime.date.today(), reason="离职")
    number = former.id_number_plain()
    outcome = run_import(
        world, openpyxl_file([["周八", number, make_mobile(860), "", "新单位", ""], person(861)])
    )
    assert outcome.errors == [] and (outcome.created, outcome.rejoined) == (1, 1)
    former.refresh_from_db()
    assert former.status == Member.Status.ACTIVE and former.org == world.union
    assert former.employer_name == "新单位" and former.source != Member.Source.IMPORT
    assert MembershipEvent.objects.filter(
        member=former, kind=MembershipEvent.Kind.REJOINED, org=world.union
    ).exists()
    assert Member.objects.filter(id_number_hash=former.id_number_hash).count() == 1
    assert "已退会的会员，已重新入会并保留原会员编号" in importer.outcome_message(outcome)


def test_a_bad_row_keeps_the_former_member_out_as_well(world):
    former = make_member(world.union, name="吴九")
    member_no = former.member_no
    member_leave(member=former, actor=world.enterprise_cadre, on=datetime.date.today(), reason="离职")
    rows = [["吴九", former.id_number_plain(), make_mobile(870)], ["", make_id_number(871), make_mobile(871)]]
    outcome = run_import(world, openpyxl_file(rows, HEADERS[:3]))
    assert outcome.created == outcome.rejoined == 0 and outcome.errors[0].row == 3
    former.refresh_from_db()
    assert former.status == Member.Status.LEFT and former.member_no == member_no


# --- resources: bombs, measured in a subprocess --------------------------------------------------------

_PROBE = textwrap.dedent(
    """
    import json, os, resource, sys, time
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django
    django.setup()
    import huey, huey.api, redis  # a worker process holds the task engine and its Redis client too
    from gonghui.core.xlsx import read_rows
    from gonghui.members.services.roster_import import columns
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    read = read_rows(sys.argv[1], columns(), max_rows=100_000)
    print(json.dumps({
        "seconds": time.perf_counter() - t,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "start_mb": before / 1024,
        "rows": len(read.rows),
        "errors": [e.reason for e in read.errors[:3]],
        "file_error": bool(read.errors) and read.errors[0].row is None,
    }))
    """
)


def probe(path: Path) -> dict:
    """Read a file in a fresh process and report its peak memory (ru_maxrss) and the outcome.

    The reader runs in a grandchild started by a shell: a process forked from this (large) test
    process would carry the test process's resident size into its own ru_maxrss through exec."""
    root = Path(__file__).resolve().parents[2]
    script = path.with_suffix(".probe.py")
    script.write_text(_PROBE)
    done = subprocess.run(
        ["/bin/sh", "-c", '"$0" "$1" "$2"; exit $?', sys.executable, str(script), str(path)],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=120,
        env={**__import__("os").environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def shared_strings_bomb(tmp_path: Path) -> Path:
    """A few hundred KB whose shared-strings table expands to 100 MB (100,000 strings of 1,000 characters)."""
    path = tmp_path / "sst-bomb.xlsx"
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    base = zipfile.ZipFile(io.BytesIO(workbook([("Sheet1", rows, "")], shared=["x"])))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in base.infolist():
            if item.filename != "xl/sharedStrings.xml":
                z.writestr(item.filename, base.read(item))
        with z.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}">'.encode())
            for i in range(100_000):
                part.write(f"<si><t>{i:06d}{'a' * 994}</t></si>".encode())
            part.write(b"</sst>")
    return path


def sheet_bomb(tmp_path: Path) -> Path:
    """A sheet of 600 MB of XML (zeros in one cell's text), a few hundred KB packed."""
    path = tmp_path / "zip-bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        base = zipfile.ZipFile(io.BytesIO(workbook([("Sheet1", rows_xml([HEADERS]), "")])))
        for item in base.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, base.read(item))
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(
                f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'.encode()
            )
            block = b"0" * (1024 * 1024)
            for _i in range(600):
                part.write(block)
            part.write(b"</t></is></c></row></sheetData></worksheet>")
    return path


def far_cell_bomb(tmp_path: Path) -> Path:
    """Two cells, A1 and XFD1048576: a dense reader would allocate 17 billion cells."""
    path = tmp_path / "far-cell.xlsx"
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    )
    path.write_bytes(workbook([("Sheet1", rows, "")]))
    return path


@pytest.mark.parametrize("make", [shared_strings_bomb, sheet_bomb, far_cell_bomb, "many_cells"])
def test_bombs_are_refused_as_a_file_error_within_300_mb(tmp_path, make):
    path = (globals()[make] if isinstance(make, str) else make)(tmp_path)
    assert path.stat().st_size < 20 * 1024 * 1024  # within the upload limit
    found = probe(path)
    assert found["file_error"] and found["rows"] == 0, found
    assert found["peak_mb"] < 300, found


def test_the_job_refuses_a_bomb_with_a_message(world, tmp_path, login):
    content = far_cell_bomb(tmp_path).read_bytes()
    client = login(world.enterprise_cadre)
    client.post(URL, {"org": str(world.union.uuid), "file": _upload(content)})
    job = Job.objects.get()
    assert job.state == Job.State.FAILED and "单元格区域" in job.errors[0]["reason"]
    page = client.get(reverse("core:job_detail", args=[job.uuid])).content.decode()
    assert "任务意外中断" not in page and "单元格区域" in page


def lying_sizes(tmp_path: Path) -> Path:
    """A sheet whose zip entry declares 1 KB and holds 200 MB: declared sizes are not trusted."""
    path = sheet_bomb(tmp_path)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        while at >= 0:
            name_at = at + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                data[at + size_at : at + size_at + 4] = (1024).to_bytes(4, "little")
            at = data.find(signature, at + 4)
    out = tmp_path / "lying.xlsx"
    out.write_bytes(bytes(data))
    return out


def largest_legal_file(tmp_path: Path) -> Path:
    """Just within the limits: 100,000 rows × 7 columns of distinct shared strings (the template's
    six and one more; 700,000 cells, 23 MB of shared strings): estimated at about 131 of the 135 MB
    a sheet may take. An eighth such column is refused (split the file)."""
    path = tmp_path / "largest.xlsx"
    columns = 7
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        base = zipfile.ZipFile(io.BytesIO(workbook([("Sheet1", "", "")], shared=["x"])))
        for item in base.infolist():
            if item.filename not in ("xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"):
                z.writestr(item.filename, base.read(item))
        strings = 700_000
        with z.open("xl/sharedStrings.xml", "w") as part:
            part.write(f'<sst xmlns="{MAIN}">'.encode())
            for h in HEADERS:
                part.write(f"<si><t>{h}</t></si>".encode())
            for i in range(strings):
                part.write(f"<si><t>{i:07d}{'字' * 3}</t></si>".encode())
            part.write(b"</sst>")
        letters = [_col(i) if i < 26 else "A" + _col(i - 26) for i in range(columns)]
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            head = "".join(f'<c r="{letters[i]}1" t="s"><v>{i}</v></c>' for i in range(len(HEADERS)))
            part.write(f'<row r="1">{head}</row>'.encode())
            for r in range(2, 100_001):
                cells = "".join(
                    f'<c r="{letters[c]}{r}" t="s"><v>{(r * columns + c) % strings + 6}</v></c>'
                    for c in range(columns)
                )
                part.write(f'<row r="{r}">{cells}</row>'.encode())
            part.write(b"</sheetData></worksheet>")
    return path


def test_declared_sizes_are_not_trusted(tmp_path):
    found = probe(lying_sizes(tmp_path))
    assert found["file_error"] and found["peak_mb"] < 300, found


def test_the_largest_file_within_the_limits_is_read_under_300_mb(tmp_path):
    path = largest_legal_file(tmp_path)
    found = probe(path)
    assert found["rows"] == 99_999 and not found["errors"] and found["peak_mb"] < 300, found
    print(f"largest legal file: {found}")


def many_cells(tmp_path: Path) -> Path:
    """Within the part size limits (140 MB of sheet XML) but 5 million small cells: refused by the estimate."""
    path = tmp_path / "many-cells.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        base = zipfile.ZipFile(io.BytesIO(workbook([("Sheet1", "", "")])))
        for item in base.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                z.writestr(item.filename, base.read(item))
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f'<worksheet xmlns="{MAIN}"><sheetData>'.encode())
            letters = [_col(i) for i in range(25)]
            for r in range(1, 200_001):
                part.write(
                    (
                        f'<row r="{r}">' + "".join(f'<c r="{c}{r}"><v>1</v></c>' for c in letters) + "</row>"
                    ).encode()
                )
            part.write(b"</sheetData></worksheet>")
    return path
