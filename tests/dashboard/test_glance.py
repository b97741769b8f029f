"""The glance pages per role: scope, drill-down and back up, charts, export contents, targets."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.accounts.models import Role
from gonghui.core import homes
from gonghui.core.models import AuditEntry
from gonghui.dashboard.models import Target
from gonghui.dashboard.services import targets_set
from tests.factories import make_cadre, make_member

pytestmark = pytest.mark.django_db


def url(org, rest: str = "") -> str:
    return f"/glance/{org.uuid}/{rest}"


def test_the_glance_opens_on_the_users_top_org(world, client):
    client.force_login(world.county_cadre)
    assert client.get("/glance/").url == url(world.county)
    client.force_login(world.township_cadre)
    assert client.get("/glance/").url == url(world.township)


def test_a_county_cadre_sees_tiles_charts_and_the_townships(world, client):
    make_member(world.union, name="今年新会员", joined_on=datetime.date.today().replace(month=1, day=1))
    client.force_login(world.county_cadre)
    response = client.get(url(world.county))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "建会率（25人以上企业）",
        "会员",
        "新入会会员",
        "信访按期答复率",
        "志愿服务时长",
        "上年同期",
    ):
        assert name in html
    assert f'href="/glance/{world.township.uuid}/?' in html  # drill down
    assert f"/glance/{world.county.uuid}/charts/members.joined_by_month.svg" in html
    assert "<script" not in html.split("<main", 1)[-1] or 'src="/static/' in html  # no inline script of ours
    assert "style=" not in html


def test_drill_down_to_a_township_and_back_up(world, client):
    client.force_login(world.county_cadre)
    html = client.get(url(world.township), {"start": "2026-01-01", "end": "2026-06-30"}).content.decode()
    assert f'href="/glance/{world.county.uuid}/?start=2026-01-01&amp;end=2026-06-30' in html  # back up
    assert world.union.name in html  # its unions below
    assert 'value="2026-01-01"' in html and 'value="2026-06-30"' in html


def test_a_township_cadre_cannot_open_the_county_or_another_township(world, client):
    client.force_login(world.township_cadre)
    assert client.get(url(world.county)).status_code == 404
    assert client.get(url(world.other_township)).status_code == 404
    assert client.get(url(world.county, "export.xlsx")).status_code == 404
    assert client.get(url(world.county, "charts/members.by_kind.svg")).status_code == 404
    assert client.get(url(world.township)).status_code == 200


def test_outsiders_and_members_are_refused(world, client):
    client.force_login(world.outsider)
    assert client.get(url(world.township)).status_code == 404
    client.force_login(world.member_user)
    assert client.get(url(world.township)).status_code == 403
    assert client.get("/glance/").status_code == 403
    client.logout()
    assert client.get(url(world.township)).status_code == 302


def test_bad_dates_are_refused_with_a_chinese_message(world, client):
    client.force_login(world.county_cadre)
    response = client.get(url(world.county), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400 and "结束日期不能早于开始日期" in response.content.decode()
    response = client.get(url(world.county), {"start": "昨天"})
    assert response.status_code == 400 and "请输入正确的日期" in response.content.decode()


def test_charts_are_svg_without_script(world, client):
    client.force_login(world.county_cadre)
    for key in ("members.joined_by_month", "members.by_kind", "servicedesk.problems_by_category"):
        response = client.get(url(world.county, f"charts/{key}.svg"))
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
        body = response.content.decode()
        assert body.startswith("<svg") and "<script" not in body
    assert client.get(url(world.county, "ranking/orgs.formation_rate.svg")).status_code == 200
    assert client.get(url(world.county, "charts/no.such.svg")).status_code == 404


def test_the_export_holds_the_table_and_the_total(world, client):
    client.force_login(world.county_cadre)
    response = client.get(url(world.county, "export.xlsx"), {"start": "2026-01-01", "end": "2026-12-31"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "组织" and "会员（人）" in header and "建会率（25人以上企业）（%）" in header
    by_org = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_org[world.township.name]["会员（人）"] == 1  # 张伟
    assert by_org[world.township.name]["建会率（25人以上企业）（%）"] == 50.0  # 华宇 yes, 恒通 no
    total = by_org[f"合计：{world.county.name}"]
    assert total["会员（人）"] == 1


# ---------------------------------------------------------------- targets


def test_a_county_cadre_sets_a_townships_targets_and_they_show(world, client):
    client.force_login(world.county_cadre)
    year = datetime.date.today().year
    page = client.get(url(world.township, "targets/"))
    assert page.status_code == 200
    response = client.post(
        url(world.township, f"targets/?year={year}"),
        {"members.new_members": "120", "orgs.formation_rate": "85", "servicedesk.problems_overdue": "0"},
    )
    assert response.status_code == 302
    targets = {t.indicator: t.value for t in Target.objects.filter(org=world.township, year=year)}
    assert targets == {
        "members.new_members": Decimal("120"),
        "orgs.formation_rate": Decimal("85"),
        "servicedesk.problems_overdue": Decimal("0"),
    }
    entries = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Target), org=world.township
    )
    assert entries.count() == 3 and {e.actor for e in entries} == {world.county_cadre}
    html = client.get(url(world.township)).content.decode()
    assert "目标 85%" in html and "目标 120" in html
    # the township's cadre sees them too, but may not change them
    client.force_login(world.township_cadre)
    assert "目标 85%" in client.get(url(world.township)).content.decode()
    assert client.post(url(world.township, "targets/"), {"members.new_members": "1"}).status_code == 403
    assert Target.objects.get(org=world.township, indicator="members.new_members").value == 120


def test_a_second_identical_save_changes_nothing_and_clearing_is_logged(world):
    values = {"members.new_members": Decimal("50")}
    assert targets_set(org=world.township, year=2026, values=values, actor=world.county_cadre) == [
        "members.new_members"
    ]
    assert targets_set(org=world.township, year=2026, values=values, actor=world.county_cadre) == []
    assert targets_set(
        org=world.township, year=2026, values={"members.new_members": None}, actor=world.county_cadre
    ) == ["members.new_members"]
    assert not Target.objects.filter(org=world.township).exists()
    actions = list(
        AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Target)).values_list(
            "action", flat=True
        )
    )
    assert actions == ["target_set", "target_cleared"]


def test_who_may_set_targets(world):
    values = {"members.new_members": Decimal("10")}
    # the township's cadre sets targets for its unions, not for itself
    targets_set(org=world.union, year=2026, values=values, actor=world.township_cadre)
    with pytest.raises(PermissionDenied):
        targets_set(org=world.township, year=2026, values=values, actor=world.township_cadre)
    with pytest.raises(PermissionDenied):  # read-only position above
        targets_set(org=world.union, year=2026, values=values, actor=world.viewer)
    with pytest.raises(PermissionDenied):  # another county
        targets_set(org=world.township, year=2026, values=values, actor=world.outsider)
    with pytest.raises(PermissionDenied):  # nobody above the root but the platform
        targets_set(org=world.county, year=2026, values=values, actor=world.county_cadre)


def test_bad_targets_are_refused_beside_the_field(world, client):
    client.force_login(world.county_cadre)
    response = client.post(
        url(world.township, "targets/"), {"orgs.formation_rate": "120", "members.members": "-3"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "比率的目标值不能超过100％" in html and "目标值不能为负数" in html
    assert not Target.objects.exists()
    with pytest.raises(ValidationError):
        targets_set(org=world.township, year=2026, values={"no.such": Decimal("1")}, actor=world.county_cadre)


def test_a_target_met_or_not(world):
    from gonghui.core import indicators

    rate = indicators.get("orgs.formation_rate")
    assert rate.met(0.9, Decimal("85")) is True and rate.met(0.8, Decimal("85")) is False
    overdue = indicators.get("servicedesk.problems_overdue")
    assert overdue.met(0, Decimal("0")) is True and overdue.met(2, Decimal("0")) is False


# ---------------------------------------------------------------- home


def test_a_federation_cadre_gets_a_glance_tile_and_a_grassroots_chair_none(world):
    tiles = [t for t in homes.tiles_for(world.county_cadre) if t.url == url(world.county)]
    assert len(tiles) == 1 and [i.label for i in tiles[0].items][:2] == ["会员", "新入会会员"]
    assert not [t for t in homes.tiles_for(world.enterprise_cadre) if t.url.startswith("/glance/")]
    assert not [t for t in homes.tiles_for(world.member_user) if t.url.startswith("/glance/")]
    assert any(m.url == "/glance/" for m in homes.modules_for(world.township_cadre))
    assert not any(m.url == "/glance/" for m in homes.modules_for(world.member_user))
    staff = make_cadre(world.other_township, name="柳溪干部", role=Role.STAFF)
    assert [t.url for t in homes.tiles_for(staff) if t.url.startswith("/glance/")] == [
        url(world.other_township)
    ]


def test_a_long_list_of_children_shows_the_best_fifty_and_the_export_holds_all(world, client):
    from gonghui.orgs.models import OrgKind
    from gonghui.orgs.services import org_create

    for i in range(52):
        org_create(
            name=f"城关第{i:02d}工会", kind=OrgKind.GRASSROOTS, parent=world.township, check_scope=False
        )
    client.force_login(world.county_cadre)
    html = client.get(url(world.township)).content.decode()
    assert "共53个下级组织" in html and html.count('<td data-label="会员">') <= 51
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url(world.township, "export.xlsx")).content)).active
    assert sheet.max_row == 1 + 53 + 1 + 1  # header, children, 本级 (恒通), total


def test_the_figures_are_kept_a_few_minutes_and_the_page_says_when_they_were_read(world, client):
    import re

    from django.core.cache import cache

    def members(response) -> str:
        html = response.content.decode()
        return re.search(r'kpi-name">会员</span>\s*<span class="kpi-value">([^<]+)<', html).group(1)

    client.force_login(world.county_cadre)
    first = client.get(url(world.county))
    assert "数据读取于" in first.content.decode() and "每5分钟更新" in first.content.decode()
    make_member(world.union, name="刚入会", joined_on=datetime.date.today())
    kept = client.get(url(world.county))  # within the five minutes: the figures as read
    assert members(kept) == members(first)
    cache.clear()  # as when the five minutes are over
    again = members(client.get(url(world.county)))
    assert int(again.split()[0].replace(",", "")) == int(members(first).split()[0].replace(",", "")) + 1


def test_a_target_set_shows_at_once_though_the_figures_are_kept(world, client):
    client.force_login(world.county_cadre)
    year = datetime.date.today().year
    assert (
        "目标"
        not in client.get(url(world.township)).content.decode().split("主要指标", 1)[1].split("趋势", 1)[0]
    )
    targets_set(org=world.township, year=year, values={"members.members": 500}, actor=world.county_cadre)
    html = client.get(url(world.township)).content.decode()
    assert "目标 500" in html


def test_kept_figures_follow_the_language(world, client):
    client.force_login(world.county_cadre)
    assert "主要指标" in client.get(url(world.county)).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(url(world.county)).content.decode()
    assert "主要指标" not in html


def test_the_ranking_chart_reads_the_kept_figures(world, client, django_assert_max_num_queries):
    client.force_login(world.county_cadre)
    client.get(url(world.county))  # the page reads the figures once
    with django_assert_max_num_queries(6):  # user, org, scope and the targets: no figure read again
        response = client.get(url(world.county, "ranking/orgs.formation_rate.svg"))
    assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
