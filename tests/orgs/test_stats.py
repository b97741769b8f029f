"""Figures on a small known tree: formation rate, membership rate, period counts, drill-down sums."""

import datetime

import pytest

from gonghui.orgs import stats
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import enterprise_create, org_create
from tests.factories import make_member, make_uscc

YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture
def tree(world):
    """On top of the world: a 2026 union in the other township, with members old and new."""
    w = world
    w.new_union = org_create(
        name="柳溪新材料公司工会",
        kind=OrgKind.GRASSROOTS,
        parent=w.other_township,
        check_scope=False,
        formed_on=datetime.date(2026, 3, 1),
    )
    w.new_ent = enterprise_create(
        org=w.other_township,
        name="柳溪新材料公司",
        uscc=make_uscc(),
        employee_count=40,
        union=w.new_union,
        union_formed_on=datetime.date(2026, 3, 1),
        check_scope=False,
    )
    enterprise_create(
        org=w.other_township, name="柳溪小作坊", uscc=make_uscc(), employee_count=8, check_scope=False
    )
    make_member(w.new_union, name="新会员甲", enterprise=w.new_ent, joined_on=datetime.date(2026, 4, 1))
    make_member(w.new_union, name="新会员乙", enterprise=w.new_ent, joined_on=datetime.date(2025, 12, 31))
    make_member(w.joint, name="骑手丙", joined_on=datetime.date(2026, 5, 1), job_type="delivery_rider")
    return w


def test_subtree_figures_for_the_county(tree):
    f = stats.subtree_stats(tree.county, *YEAR)
    # 25+: 华宇 (180, union), 恒通 (60, none), 新材料 (40, union); 小橙 (12) and 小作坊 (8) are small.
    assert (f.enterprises_25, f.enterprises_25_with_union, f.enterprises_25_without_union) == (3, 2, 1)
    assert f.formation_rate == pytest.approx(2 / 3)
    assert f.unions_formed == 1  # only 柳溪新材料公司工会 formed in 2026
    assert f.members == 4 and f.new_members == 2 and f.new_form_members == 1
    # covered employees: 华宇 180 + 小橙 12 + 新材料 40
    assert f.covered_employees == 232
    assert f.membership_rate == pytest.approx(4 / 232)


def test_period_limits_new_members_and_unions_formed(tree):
    f = stats.subtree_stats(tree.county, datetime.date(2025, 12, 1), datetime.date(2025, 12, 31))
    assert f.new_members == 1 and f.unions_formed == 0
    assert f.members == 4  # membership is a state, not a period count


def test_left_members_do_not_count_and_retired_do(tree):
    from gonghui.members.models import Member
    from gonghui.members.services.lifecycle import member_leave, member_retire

    member_leave(
        member=Member.objects.get(name="新会员甲"),
        actor=tree.county_cadre,
        on=datetime.date(2026, 6, 1),
        reason="调离本市",
    )
    member_retire(
        member=Member.objects.get(name="新会员乙"), actor=tree.county_cadre, on=datetime.date(2026, 6, 1)
    )
    assert stats.subtree_stats(tree.county, *YEAR).members == 3


def test_rates_are_none_without_a_denominator(tree):
    f = stats.subtree_stats(tree.joint, *YEAR)
    assert f.enterprises_25 == 0 and f.formation_rate is None and f.membership_rate is None
    assert f.members == 1


def test_drill_down_rows_add_up_to_the_parent(tree):
    total = stats.subtree_stats(tree.county, *YEAR)
    rows = stats.child_stats(tree.county, *YEAR)
    assert [r.org for r in rows] == [tree.township, tree.other_township, tree.park, tree.joint]
    summed = stats.Figures()
    for row in rows:
        summed.add(row)
    for key in (
        "enterprises_25",
        "enterprises_25_with_union",
        "covered_employees",
        "unions_formed",
        "members",
        "new_members",
        "new_form_members",
    ):
        assert getattr(summed, key) == getattr(total, key), key
    by_org = {r.org: r for r in rows}
    assert by_org[tree.other_township].unions_formed == 1
    assert by_org[tree.other_township].formation_rate == 1.0
    assert by_org[tree.township].formation_rate == 0.5


def test_drill_down_shows_the_parents_own_records_as_this_level(world):
    enterprise_create(
        org=world.county, name="县直属企业", uscc=make_uscc(), employee_count=30, check_scope=False
    )
    rows = stats.child_stats(world.county, *YEAR)
    assert rows[-1].org is None and rows[-1].label == "本级" and rows[-1].enterprises_25 == 1


def test_child_stats_takes_a_constant_number_of_queries(tree, django_assert_num_queries):
    with django_assert_num_queries(4):
        stats.child_stats(tree.county, *YEAR)
    for i in range(5):
        org_create(name=f"新镇{i}", kind=OrgKind.TOWNSHIP, parent=tree.county, check_scope=False)
    with django_assert_num_queries(4):
        assert len(stats.child_stats(tree.county, *YEAR)) == 9
    with django_assert_num_queries(3):
        stats.subtree_stats(tree.county, *YEAR)


def test_pipeline_lists_big_enterprises_without_a_union_largest_first(tree):
    big = enterprise_create(
        org=tree.other_township, name="柳溪大厂", uscc=make_uscc(), employee_count=500, check_scope=False
    )
    assert list(stats.pipeline(tree.county)) == [big, tree.no_union_enterprise]
    assert list(stats.pipeline(tree.township)) == [tree.no_union_enterprise]
    assert list(stats.pipeline(tree.park)) == []


def test_a_townships_drill_down_puts_each_enterprise_beside_its_union(tree):
    """Issue #10: the enterprise union showed "25人以上企业 0" and 入会率 "—"; 本级 showed 会员 0."""
    rows = stats.child_stats(tree.township, *YEAR)
    by_org = {r.org: r for r in rows}
    union_row = by_org[tree.union]
    # 华宇 (180 employees, registered in the township's area) counts beside the union covering it
    assert (union_row.enterprises_25, union_row.enterprises_25_with_union) == (1, 1)
    assert union_row.formation_rate == 1.0
    assert union_row.members == 1 and union_row.covered_employees == 180
    assert union_row.membership_rate == pytest.approx(1 / 180)
    # 本级: only the area's enterprise that no union covers (恒通, 60), and no members of its own
    own = rows[-1]
    assert own.org is None and own.label == "本级"
    assert (own.enterprises_25, own.enterprises_25_with_union, own.members) == (1, 0, 0)
    assert own.membership_rate is None
    # the rows still add up to the township
    total = stats.subtree_stats(tree.township, *YEAR)
    assert sum(r.enterprises_25 for r in rows) == total.enterprises_25
    assert sum(r.covered_employees for r in rows) == total.covered_employees


def test_an_enterprise_covered_by_a_union_outside_its_area_stays_with_the_area(tree):
    """A joint union elsewhere (the county's) covers it: the area keeps it, the drill-down adds up."""
    from gonghui.orgs.services import enterprise_create

    enterprise_create(
        org=tree.township,
        name="城关骑手站",
        uscc=make_uscc(),
        employee_count=30,
        union=tree.joint,
        union_formed_on=datetime.date(2024, 1, 1),
        check_scope=False,
    )
    county_rows = {r.org: r for r in stats.child_stats(tree.county, *YEAR)}
    assert county_rows[tree.township].enterprises_25_with_union == 2
    assert county_rows[tree.joint].enterprises_25 == 0
    township_rows = stats.child_stats(tree.township, *YEAR)
    assert township_rows[-1].label == "本级" and township_rows[-1].enterprises_25_with_union == 1


def test_the_default_period_is_the_year_so_far():
    assert stats.default_period(datetime.date(2026, 12, 2)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 2),
    )
    from django.utils import timezone

    start, end = stats.default_period()
    assert end == timezone.localdate() and start == datetime.date(end.year, 1, 1)


def test_the_org_page_shows_the_default_period_in_its_date_fields(tree, client):
    from django.utils import timezone

    client.force_login(tree.county_cadre)
    html = client.get(f"/orgs/{tree.county.uuid}/").content.decode()
    today = timezone.localdate()
    assert f'value="{today.year}-01-01"' in html
    assert f'value="{today.isoformat()}"' in html
    html = client.get(f"/orgs/{tree.county.uuid}/?start=2026-02-01&end=2026-03-31").content.decode()
    assert 'value="2026-02-01"' in html and 'value="2026-03-31"' in html
