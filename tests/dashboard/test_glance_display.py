"""How the glance writes and draws its figures: numbers as Chinese readers write them (12,345 人,
85.2%, 12,345.60 元) in the tiles, the table, the charts and the export's number formats; the
children's table kept a table on a phone, its org column and header held; the charts' legends and
names inside their pictures, and the pictures' room kept on the page."""

import datetime
import io
import re
from decimal import Decimal
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from gonghui.core import indicators
from gonghui.core.indicators import Period
from gonghui.dashboard import charts, formats
from gonghui.dashboard.selectors import Tile

pytestmark = pytest.mark.django_db

YEAR = {"start": "2026-01-01", "end": "2026-12-31"}
SVG = "{http://www.w3.org/2000/svg}"


def url(org, rest: str = "") -> str:
    return f"/glance/{org.uuid}/{rest}"


# ---------------------------------------------------------------- the numbers


def test_counts_rates_money_and_means_are_written_as_chinese_readers_expect():
    assert formats.figure(12345, "count", "人") == "12,345 人"
    assert formats.figure(85.24, "rate", "%") == "85.2%"
    assert formats.figure(100.0, "rate", "%") == "100.0%"
    assert formats.figure(1234567.5, "money", "元") == "1,234,567.50 元"
    assert formats.figure(1234.5, "amount", "小时") == "1,234.5 小时"
    assert formats.figure(4.56, "mean", "分") == "4.6 分"
    assert formats.figure(None, "count", "人") == formats.figure("", "rate", "%") == "—"
    # a change against the comparison period, written as the figure is
    assert formats.change(1483, "count") == "+1,483"
    assert formats.change(-95, "count") == "-95"
    assert formats.change(16000.0, "money") == "+16,000.00"
    assert formats.change(-2.3, "rate") == "-2.3"
    assert formats.change(None, "count") == ""
    # a target as the chair entered it
    assert formats.target(Decimal("12000"), "人") == "12,000 人"
    assert formats.target(Decimal("85"), "%") == "85%"
    assert formats.target(Decimal("85.50"), "%") == "85.5%"


def test_money_is_shown_to_the_fen_and_hours_to_one_decimal():
    """Every indicator in 元 is of kind money (core.indicators rounds it to the fen), hours are
    an amount (one decimal)."""
    for indicator in indicators.indicators():
        assert (indicator.kind == "money") == (str(indicator.unit) == "元"), indicator.key
    aid = indicators.get("care.hardship.aid_amount")  # 元
    hours = indicators.get("volunteers.hours")  # 小时
    assert aid.display(Decimal("1234.565")) == 1234.57 and aid.display(None) is None
    assert hours.display(Decimal("408.46")) == 408.5
    tile = Tile(indicator=aid, value=None, shown=1234.57, previous=1000.25)
    assert tile.change == 234.32


def _aid(org, *amounts: str) -> None:
    """Aid given in 2026 from a hardship file of `org`, one payment per amount."""
    from gonghui.care.models.hardship import Assistance, HardshipFile
    from gonghui.core import approval
    from tests.factories import make_member

    file = HardshipFile.objects.create(
        org=org,
        member=make_member(org, name="困难职工"),
        cause="illness",
        household_size=2,
        household_income=Decimal("900"),
        per_capita_income=Decimal("450"),
        hardship_class="deep",
        line_year=2026,
        line_amount=Decimal("800"),
        state=approval.APPROVED,
        decided_at=datetime.datetime(2026, 2, 1, 10, tzinfo=datetime.UTC),
    )
    for i, amount in enumerate(amounts):
        Assistance.objects.create(
            file=file,
            org=org,
            file_path=file.org_path,
            kind="cash",
            need="生活",
            need_key=f"n{i}",
            amount=Decimal(amount),
            given_on=datetime.date(2026, 3, 1 + i),
        )


def test_the_glance_shows_money_to_the_fen_in_its_tile_and_table(world, client):
    _aid(world.union, "1234.56", "10000.05")  # 11,234.61: one decimal would show 11,234.6
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    key = "care.hardship.aid_amount"
    assert indicators.figures(world.county, period, keys=[key])[key] == Decimal("11234.61")

    client.force_login(world.county_cadre)
    html = client.get(url(world.county), YEAR).content.decode()
    tile = re.search(r'kpi-name">帮扶金额</span>\s*<span class="kpi-value[^"]*">([^<]+)<', html).group(1)
    assert tile == "11,234.61 元"
    cells = re.findall(r'<td data-label="帮扶金额">([^<]+)</td>', html)
    assert "11,234.61 元" in cells and all(re.fullmatch(r"—|[\d,]+\.\d\d 元", c) for c in cells), cells
    counts = re.findall(r'<td data-label="会员">([^<]+)</td>', html)
    assert counts and all(re.fullmatch(r"—|\d{1,3}(,\d{3})* 人", c) for c in counts), counts
    rates = re.findall(r'<td data-label="入会率">([^<]+)</td>', html)
    assert rates and all(re.fullmatch(r"—|\d+\.\d%", c) for c in rates), rates
    # the tiles' changes as their figures: signed, with separators and the same decimals
    changes = re.findall(r'<span class="(?:good|bad|)">([^<]+)</span>', html)
    assert changes and all(re.fullmatch(r"[+-][\d,]+(\.\d{1,2})?", c) for c in changes), changes


def test_a_target_is_shown_with_its_unit_and_separators(world, client):
    from gonghui.dashboard.services import targets_set

    year = datetime.date.today().year
    targets_set(
        org=world.township,
        year=year,
        values={"members.members": Decimal("12000"), "orgs.formation_rate": Decimal("85.5")},
        actor=world.county_cadre,
    )
    client.force_login(world.county_cadre)
    html = client.get(url(world.township)).content.decode()
    assert "目标 12,000 人" in html and "目标 85.5%" in html


# ---------------------------------------------------------------- the children's table


def test_the_childrens_table_stays_a_table_with_its_org_column_and_ranked_column_marked(world, client):
    client.force_login(world.county_cadre)
    html = client.get(url(world.county), {**YEAR, "rank": "members.members"}).content.decode()
    table = html[html.index('<div class="glance-table-wrap"') : html.index("</table>")]
    # not .table: app.js would turn each child into a card of seventy lines on a phone
    assert 'class="glance-table"' in table and 'class="table' not in table
    assert 'role="region"' in table and 'tabindex="0"' in table  # scrollable by keyboard too
    assert '<th scope="col" class="org-col">组织</th>' in table
    row_heads = re.findall(r'<th scope="row" class="org-col">(.*?)</th>', table, re.S)
    assert any(world.township.name in h and f"/glance/{world.township.uuid}/?" in h for h in row_heads)
    # the column ranked by is marked, and its header's link comes back to it (#col-…)
    assert re.search(
        r'<th scope="col" id="col-members.members" class="ranked" aria-sort="descending">', table
    )
    assert 'rank=orgs.formation_rate#col-orgs.formation_rate"' in table
    assert '<td data-label="会员" class="ranked">' in table
    lower = client.get(url(world.county), {**YEAR, "rank": "servicedesk.problems_overdue"}).content.decode()
    assert 'id="col-servicedesk.problems_overdue" class="ranked" aria-sort="ascending"' in lower


def _rule(css: str, selector: str) -> str:
    return re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css).group(1)


def test_the_layout_rules_the_page_relies_on_are_in_its_stylesheet():
    """(tests/dashboard/test_glance_layout.py sees them at work in a browser.)"""
    from pathlib import Path

    import gonghui.dashboard

    css = (Path(gonghui.dashboard.__file__).parent / "static/dashboard/glance.css").read_text()
    org_column = _rule(css, ".glance-table .org-col")
    assert "position: sticky" in org_column and "left: 0" in org_column and "background" in org_column
    header = _rule(css, ".glance-table thead th")
    assert "position: sticky" in header and "top: 0" in header
    assert "overflow: auto" in _rule(css, ".glance-table-wrap")
    assert "min-width: 0" in _rule(css, ".kpi ")  # a long figure never widens its tile past the screen
    assert "min-height: 44px" in _rule(css, ".glance-table thead th a")
    assert "min-height: 44px" in _rule(css, ".glance-table tbody .org-col a")


# ---------------------------------------------------------------- the charts


def _svg(content: bytes) -> ET.Element:
    return ET.fromstring(content)


def _view_box(root) -> tuple[float, float]:
    _x, _y, w, h = (float(v) for v in root.get("viewBox").split())
    return w, h


def _translate(node) -> tuple[float, float]:
    x, y = re.match(r"translate\(([-\d.]+),\s*([-\d.]+)\)", node.get("transform")).groups()
    return float(x), float(y)


@pytest.mark.parametrize("narrow", [False, True])
def test_a_rings_legend_fits_in_its_picture_whatever_the_number_of_parts(narrow):
    for n in (1, 2, 4, 5, 7, 8, 11, 20):
        points = [(f"第{i}类问题（含很长的类别名称）", 100 - i) for i in range(n)]
        root = _svg(charts.composition(points, narrow=narrow))
        width, height = _view_box(root)
        assert (width, height) == charts.box(indicators.get_chart("members.by_kind"), narrow=narrow)
        legends = root.find(f".//{SVG}g[@class='legends']")
        _dx, dy = _translate(legends)
        rects = legends.findall(f".//{SVG}rect")
        assert len(rects) == min(n, charts.PARTS)
        for rect in rects:
            bottom = dy + float(rect.get("y")) + float(rect.get("height"))
            assert bottom <= height, (n, narrow, bottom, height)
        texts = [t.text for t in legends.findall(f".//{SVG}text")]
        assert all(t.endswith(f" {100 - i}") or "其他" in t for i, t in enumerate(texts)), texts
        font = charts.NARROW["font"] if narrow else charts.WIDE["font"]
        column = (width - 2 * charts.MARGIN) / (2 if narrow else 3)
        assert all(charts.text_px(t, font) + charts.LEGEND_BOX + 5 <= column for t in texts), texts
    merged = charts.merged([(f"类{i}", 20 - i) for i in range(11)] + [("其他", 3)])
    assert len(merged) == charts.PARTS and merged[-1] == ("其他", sum(20 - i for i in range(7, 11)) + 3)


def test_a_trend_labels_as_many_months_as_fit_side_by_side():
    chart = indicators.get_chart("members.joined_by_month")
    months = [(datetime.date(2026, m, 1), m) for m in range(1, 13)]
    for narrow in (False, True):
        root = _svg(charts.trend(chart, months, narrow=narrow))
        assert _view_box(root) == charts.box(chart, narrow=narrow)
        font = (charts.NARROW if narrow else charts.WIDE)["font"]
        labels = [
            (float(t.get("x")), charts.text_px(t.text, font), t.text)
            for t in root.findall(f".//{SVG}g[@class='axis x']//{SVG}text")
        ]
        assert labels[0][2] == "26年1月" and len(labels) >= 4
        for (x1, w1, _a), (x2, w2, _b) in zip(labels, labels[1:], strict=False):
            assert x2 - x1 >= (w1 + w2) / 2, (narrow, labels)  # centred labels apart, not run together


def test_a_trend_of_a_few_cases_a_month_has_whole_numbers_on_its_axis():
    chart = indicators.get_chart("members.joined_by_month")
    for values in ([0] * 12, [0, 0, 2, 4, 1, 0, 0, 0, 0, 0, 0, 0]):
        root = _svg(charts.trend(chart, [(datetime.date(2026, m, 1), v) for m, v in enumerate(values, 1)]))
        ticks = [t.text for t in root.findall(f".//{SVG}g[@class='axis y always_show']//{SVG}text")]
        assert ticks == [str(n) for n in range(max(1, max(values)) + 1)], ticks


def test_a_ranking_keeps_long_names_inside_the_picture_and_writes_rates_as_the_table(world):
    from gonghui.dashboard.selectors import Row

    rate = indicators.get("orgs.formation_rate")
    names = [
        "桐川经济开发区工会",
        "桐川县新就业形态劳动者工会联合会",
        "桐川永兴纺织有限公司工会",
        "东城街道工会",
    ]
    rows = [
        Row(name, object(), {rate.key: value}, {rate.key: rate})
        for name, value in zip(names, (1, 0.889, 0.5, 0.4), strict=True)
    ]
    for narrow in (False, True):
        root = _svg(charts.render_ranking(rate, rows, narrow=narrow))
        width, height = _view_box(root)
        assert (width, height) == charts.ranking_box(len(rows), narrow=narrow)
        plot_x, _y = _translate(root.find(f".//{SVG}g[@class='plot']"))
        font = (charts.NARROW if narrow else charts.WIDE)["font"]
        shown = [t.text for t in root.findall(f".//{SVG}g[@class='axis y']//{SVG}text")]
        assert len(shown) == len(names), shown
        # each name's text ends 5 px left of the plot: it must start inside the picture
        assert all(plot_x - 5 - charts.text_px(label, font) >= 0 for label in shown), (narrow, shown)
        assert any(label.endswith("…") for label in shown)  # the longest cut, not run off the edge
        values = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text.endswith("%")]
        assert "88.9%" in values and "50.0%" in values and "100.0%" in values


def test_the_page_keeps_each_charts_room_for_both_drawings(world, client):
    client.force_login(world.county_cadre)
    html = client.get(url(world.county), YEAR).content.decode()
    pictures = re.findall(r"<picture>(.*?)</picture>", html, re.S)
    assert len(pictures) >= 5
    for picture in pictures:
        narrow = re.search(r'srcset="([^"]+)" width="(\d+)" height="(\d+)"', picture)
        wide = re.search(r'<img src="([^"]+)" alt="[^"]*" width="(\d+)" height="(\d+)"', picture)
        assert 'media="(max-width: 599px)"' in picture and narrow and wide, picture
        for src, w, h in (narrow.groups(), wide.groups()):
            src = src.replace("&amp;", "&")
            assert ("size=narrow" in src) == (src == narrow.group(1).replace("&amp;", "&"))
            response = client.get(src)
            assert response.status_code == 200
            assert _view_box(_svg(response.content)) == (float(w), float(h)), src


# ---------------------------------------------------------------- the export


def test_every_column_gets_its_kinds_format():
    expected = {"count": "#,##0", "rate": "0.0", "mean": "0.0", "amount": "#,##0.0", "money": "#,##0.00"}
    for indicator in indicators.indicators():
        assert formats.xlsx_format(indicator) == expected[indicator.kind], indicator.key
    assert formats.xlsx_format(indicators.get("volunteers.hours")) == "#,##0.0"
    assert formats.xlsx_format(indicators.get("rights.legal.recovered")) == "#,##0.00"


def test_the_export_has_number_formats_widths_and_a_frozen_header_and_org_column(world, client):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    org_create(name="=HYPERLINK(1)工会", kind=OrgKind.GRASSROOTS, parent=world.township, check_scope=False)
    _aid(world.union, "1234.56")
    client.force_login(world.county_cadre)
    response = client.get(url(world.township, "export.xlsx"), YEAR)
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "B2"
    column = {name: i + 1 for i, name in enumerate(header)}
    fmt = {"会员（人）": "#,##0", "建会率（25人以上企业）（%）": "0.0", "帮扶金额（元）": "#,##0.00"}
    for name, number_format in fmt.items():  # (the other kinds: test_every_column_gets_its_kinds_format)
        cells = [row[column[name] - 1] for row in sheet.iter_rows(min_row=2)]
        filled = [c for c in cells if c.value is not None]
        assert filled and all(c.number_format == number_format for c in filled), name
        assert all(isinstance(c.value, int | float) for c in filled), name
    letters = {name: openpyxl.utils.get_column_letter(i) for name, i in column.items()}
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    longest = max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in str(n)) for n in names)
    assert sheet.column_dimensions["A"].width >= min(longest, 60)  # an org's name reads whole
    assert all(10 <= sheet.column_dimensions[letters[n]].width <= 16 for n in fmt)
    assert sheet[1][0].font.b and sheet[1][1].alignment.wrap_text
    assert "'=HYPERLINK(1)工会" in names  # still no formula from an org's name
    assert 1234.56 in [row[column["帮扶金额（元）"] - 1].value for row in sheet.iter_rows(min_row=2)]
    assert names[-1] == f"合计：{world.township.name}" and sheet.cell(sheet.max_row, 1).font.b
