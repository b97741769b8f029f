"""The indicators registry on a small known tree: figures right, period boundaries, subtree vs
outside, the children in one grouped query each."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from gonghui.core import indicators, tallies
from gonghui.core.indicators import Period
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import enterprise_create, org_create
from gonghui.servicedesk.models import Problem, ServiceOrder
from gonghui.servicedesk.services import problems as problem_svc
from tests.factories import make_member, make_uscc

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def _at(y, m, d):
    return datetime.datetime(y, m, d, 10, tzinfo=TZ)


@pytest.fixture
def tree(world):
    from tests.factories import make_desk_world

    w = make_desk_world(world)
    w.new_union = org_create(
        name="城关新材料公司工会",
        kind=OrgKind.GRASSROOTS,
        parent=w.township,
        check_scope=False,
        formed_on=datetime.date(2026, 3, 1),
    )
    enterprise_create(
        org=w.township,
        name="城关新材料公司",
        uscc=make_uscc(),
        employee_count=40,
        union=w.new_union,
        union_formed_on=datetime.date(2026, 3, 1),
        check_scope=False,
    )
    make_member(w.new_union, name="新会员甲", joined_on=datetime.date(2026, 4, 1))
    make_member(w.new_union, name="新会员乙", joined_on=datetime.date(2025, 12, 31))
    make_member(w.joint, name="骑手丙", joined_on=datetime.date(2026, 5, 1), job_type="delivery_rider")
    make_member(w.other_union, name="外县丁", joined_on=datetime.date(2026, 6, 1))  # another county
    return w


def _problem(w, *, created, state="raised", due=None, category="tax"):
    p = problem_svc.problem_raise(
        enterprise=w.enterprise,
        reporter=w.county_cadre,
        category=category,
        title="问题",
        description="d",
    )
    Problem.objects.filter(pk=p.pk).update(created_at=created, state=state, due_date=due)
    tallies.recount_all()  # the row was changed behind the services' backs
    return p


def _order(w, *, created, delivered=None, rating=None):
    from gonghui.servicedesk.services import orders as order_svc

    o = order_svc.order_place(
        item=w.lecture,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place=f"会议室{ServiceOrder.objects.count()}",  # the same order twice in a minute is placed once
        wished_date=timezone.localdate() + datetime.timedelta(days=7),
        expected_people=10,
    )
    fields = {"created_at": created}
    if delivered:
        fields.update(state="rated" if rating else "delivered", delivered_at=delivered, rating=rating)
    ServiceOrder.objects.filter(pk=o.pk).update(**fields)
    tallies.recount_all()  # the row was changed behind the services' backs
    return o


def test_every_app_declares_its_indicators():
    keys = {i.key for i in indicators.indicators()}
    assert {
        "orgs.formation_rate",
        "orgs.unions_formed",
        "members.members",
        "members.new_members",
        "members.membership_rate",
        "members.new_form_members",
        "servicedesk.orders_delivered",
        "servicedesk.satisfaction",
        "servicedesk.problems_raised",
        "servicedesk.problems_resolved",
        "servicedesk.problems_overdue",
        "servicedesk.petitions_on_time",
        "volunteers.hours",
    } <= keys
    charts = {c.key: c.kind for c in indicators.charts()}
    assert charts["members.joined_by_month"] == "trend" and charts["members.by_kind"] == "composition"
    assert charts["servicedesk.problems_by_category"] == "composition"


def test_membership_figures_for_the_county_and_a_township(tree):
    county = indicators.figures(tree.county, YEAR)
    # members: 张伟 (union), 新会员甲/乙, 骑手丙; the other county's 丁 is outside
    assert county["members.members"] == 4
    assert county["members.new_members"] == 2  # 甲 (April) and 丙 (May); 乙 joined in 2025
    assert county["members.new_form_members"] == 1
    assert county["orgs.unions_formed"] == 1
    # 25+: 华宇 180 (union), 恒通 60 (none), 新材料 40 (union)
    assert county["orgs.formation_rate"] == pytest.approx(2 / 3)
    township = indicators.figures(tree.township, YEAR)
    assert township["members.members"] == 3 and township["members.new_form_members"] == 0


def test_period_boundaries_include_both_days(tree):
    assert (
        indicators.figures(tree.county, Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 1)))[
            "members.new_members"
        ]
        == 1
    )
    assert (
        indicators.figures(tree.county, Period(datetime.date(2025, 12, 31), datetime.date(2026, 3, 31)))[
            "members.new_members"
        ]
        == 1
    )
    _order(tree, created=_at(2026, 3, 31), delivered=_at(2026, 4, 1), rating=4)
    march = indicators.figures(tree.county, Period(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)))
    april = indicators.figures(tree.county, Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)))
    assert (march["servicedesk.orders_placed"], march["servicedesk.orders_delivered"]) == (1, 0)
    assert (april["servicedesk.orders_placed"], april["servicedesk.orders_delivered"]) == (0, 1)
    assert april["servicedesk.satisfaction"] == 4.0 and march["servicedesk.satisfaction"] is None


def test_desk_figures_count_the_subtree_only(tree):
    _order(tree, created=_at(2026, 2, 1), delivered=_at(2026, 2, 10), rating=5)
    _order(tree, created=_at(2026, 2, 3), delivered=_at(2026, 2, 11), rating=3)
    _problem(tree, created=_at(2026, 2, 1), state="resolved")
    _problem(tree, created=_at(2026, 3, 1), state="assigned", due=datetime.date(2026, 3, 5))  # overdue now
    _problem(tree, created=_at(2025, 3, 1), state="resolved")  # before the period
    county = indicators.figures(tree.county, YEAR)
    assert county["servicedesk.orders_delivered"] == 2 and county["servicedesk.satisfaction"] == 4.0
    assert county["servicedesk.problems_raised"] == 2 and county["servicedesk.problems_resolved"] == 1
    assert county["servicedesk.problems_overdue"] == 1
    park = indicators.figures(tree.park, YEAR)
    assert park["servicedesk.orders_delivered"] == 0 and park["servicedesk.problems_raised"] == 0
    outside = indicators.figures(tree.other_county, YEAR)
    assert outside["servicedesk.problems_raised"] == 0 and outside["members.members"] == 2  # 钱芳, 丁


def test_children_rows_come_from_one_grouped_query_per_app(tree, django_assert_max_num_queries):
    _problem(tree, created=_at(2026, 2, 1))
    # one grouped query (or a few) per compute function: members, orgs, servicedesk, volunteers,
    # notices, lectures, activities, tournaments, fitness, and care's and rights' eight sources
    with django_assert_max_num_queries(35):
        rows = indicators.child_figures(tree.county, YEAR)
    assert rows[tree.township.path]["members.members"] == 3
    assert rows[tree.township.path]["servicedesk.problems_raised"] == 1
    assert rows[tree.joint.path]["members.new_form_members"] == 1
    # more children, same number of queries
    for i in range(4):
        org_create(name=f"新镇{i}", kind=OrgKind.TOWNSHIP, parent=tree.county, check_scope=False)
    with django_assert_max_num_queries(35):
        indicators.child_figures(tree.county, YEAR)


def test_charts_fill_every_month_and_compose(tree):
    _problem(tree, created=_at(2026, 2, 1), category="tax")
    _problem(tree, created=_at(2026, 2, 9), category="tax")
    _problem(tree, created=_at(2026, 5, 1), category="finance")
    period = Period(datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    trend = indicators.series(indicators.get_chart("servicedesk.problems_by_month"), tree.county, period)
    assert [v for _m, v in trend] == [0, 2, 0, 0, 1, 0]
    joined = indicators.series(indicators.get_chart("members.joined_by_month"), tree.county, period)
    assert dict(joined)[datetime.date(2026, 4, 1)] == 1 and dict(joined)[datetime.date(2026, 5, 1)] == 1
    kinds = dict(indicators.series(indicators.get_chart("members.by_kind"), tree.county, period))
    assert kinds == {"职工会员": 3, "外卖骑手": 1}


def test_volunteer_hours_by_the_tasks_org(tree):
    from gonghui.volunteers.models import Signup, VolunteerTask
    from gonghui.volunteers.services import volunteer_register

    volunteer = volunteer_register(user=tree.worker, org=tree.township, consent=True, actor=tree.worker)
    task = VolunteerTask.objects.create(
        org=tree.township,
        title="义诊",
        place="广场",
        starts_at=_at(2026, 5, 1),
        ends_at=_at(2026, 5, 1) + datetime.timedelta(hours=3),
        capacity=5,
        leader=tree.township_cadre,
    )
    Signup.objects.create(task=task, volunteer=volunteer, hours=Decimal("2.5"), confirmed_at=_at(2026, 5, 1))
    assert indicators.figures(tree.county, YEAR)["volunteers.hours"] == Decimal("2.5")
    assert indicators.figures(tree.park, YEAR)["volunteers.hours"] == Decimal("0")
    rows = indicators.child_figures(tree.county, YEAR)
    assert rows[tree.township.path]["volunteers.hours"] == Decimal("2.5")


def test_a_comparison_period_a_year_before_and_just_before():
    p = Period(datetime.date(2024, 1, 1), datetime.date(2024, 2, 29))
    assert p.year_before() == Period(datetime.date(2023, 1, 1), datetime.date(2023, 2, 28))
    assert p.before() == Period(datetime.date(2023, 11, 1), datetime.date(2023, 12, 31))  # two months
    assert p.months() == [datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)]


@pytest.mark.parametrize(
    "period, before",
    [
        (("2026-10-01", "2026-12-07"), ("2026-07-01", "2026-09-07")),  # a quarter to date
        (("2026-10-01", "2026-12-31"), ("2026-07-01", "2026-09-30")),  # a whole quarter
        (("2026-03-01", "2026-03-31"), ("2026-02-01", "2026-02-28")),  # a whole month: February's end
        (("2026-03-01", "2026-03-30"), ("2026-02-01", "2026-02-28")),  # the 30th: February has none
        (("2026-12-01", "2026-12-07"), ("2026-11-01", "2026-11-07")),  # a month to date
        (("2026-01-01", "2026-12-07"), ("2025-01-01", "2025-12-07")),  # a year to date
        (("2026-01-01", "2026-02-15"), ("2025-11-01", "2025-12-15")),  # across a new year
        (("2026-03-10", "2026-03-19"), ("2026-02-28", "2026-03-09")),  # ten days: the ten before
    ],
)
def test_the_period_before_is_the_one_a_cadre_means(period, before):
    day = datetime.date.fromisoformat
    assert Period(*map(day, period)).before() == Period(*map(day, before))


def _both_years(w):
    """Orders and problems in 2026 and in 2025 (the comparison year), resolved, open, rated."""
    _order(w, created=_at(2026, 2, 1), delivered=_at(2026, 2, 10), rating=5)
    _order(w, created=_at(2026, 2, 3), delivered=_at(2026, 2, 11), rating=2)
    _order(w, created=_at(2026, 5, 3))
    _order(w, created=_at(2025, 4, 3), delivered=_at(2025, 4, 9), rating=4)
    _order(w, created=_at(2025, 12, 30), delivered=_at(2026, 1, 2))  # placed in 2025, delivered in 2026
    for created, state in (
        (_at(2026, 2, 1), "resolved"),
        (_at(2025, 3, 1), "resolved"),
        (_at(2025, 6, 1), "raised"),
    ):
        p = _problem(w, created=created, state=state)
        if state == "resolved":
            Problem.objects.filter(pk=p.pk).update(resolved_at=created + datetime.timedelta(days=3))
    _problem(w, created=_at(2026, 3, 1), state="assigned", due=datetime.date(2026, 3, 5))  # overdue now
    tallies.recount_all()  # resolved_at too


def _read_together_as_one_read_each(at) -> tuple[dict, dict, dict]:
    """The glance's read of `at` (2026 against 2025), asserted equal to figures() twice and
    child_figures()."""
    compared = YEAR.year_before()
    now, before, children = indicators.glance_figures(at, YEAR, compared)
    assert now == indicators.figures(at, YEAR)
    assert before == indicators.figures(at, compared, skip_state=True)
    assert children == indicators.child_figures(at, YEAR)
    return now, before, children


@pytest.mark.parametrize("org", ["county", "township", "park"])
def test_the_glance_read_together_gives_the_same_figures_as_one_read_each(tree, org):
    _both_years(tree)
    now, before, children = _read_together_as_one_read_each(getattr(tree, org))
    if org == "county":
        assert now["servicedesk.orders_placed"] == 3 and before["servicedesk.orders_placed"] == 2
        assert now["servicedesk.orders_delivered"] == 3 and now["servicedesk.satisfaction"] == 3.5
        assert before["servicedesk.problems_raised"] == 2 and before["servicedesk.problems_resolved"] == 1
        assert now["servicedesk.problems_overdue"] == 1 and "servicedesk.problems_overdue" not in before
        assert before["members.new_members"] == 1  # 新会员乙, 2025-12-31


def test_the_glance_reads_each_source_once(tree, django_assert_max_num_queries):
    _both_years(tree)
    compared = YEAR.year_before()
    # orders 1 and problems 2 (their daily tallies; the problems overdue now), the tree and members 6, petitions 3 (no `together` yet) and the
    # workday calendar; every other source one grouped query per table it reads
    # (core.indicators.Source): volunteers, notices, lectures, letters, wishes and women 1,
    # activities, fitness, hardship, recuperation, welfare, honours, legal aid and contracts 2,
    # tournaments 3 — 38 (were 89), whatever the number of children
    with django_assert_max_num_queries(38):
        indicators.glance_figures(tree.county, YEAR, compared)
    for i in range(4):
        org_create(name=f"新镇{i}", kind=OrgKind.TOWNSHIP, parent=tree.county, check_scope=False)
    with django_assert_max_num_queries(38):
        indicators.glance_figures(tree.county, YEAR, compared)


def test_an_indicator_family_shares_its_source_and_defaults():
    def compute(org, period):
        return {"a": 1}

    def children(org, period):
        return {}

    make = indicators.family(compute=compute, children=children, kind="rate", order=5)
    one = make("x.a", "甲", "%", field="a")
    two = make("x.b", "乙", "%", kind="count")
    assert one.compute is two.compute is compute and one.children is children and one.together is None
    assert (one.kind, two.kind, one.order) == ("rate", "count", 5)


# One per moment of every_source.moments() (6 in 2026, 4 in 2025, 2 just outside both, in local
# time): the period's edges fall where a cadre in Beijing expects them, on timestamps and on dates.
PER_MOMENT = {
    "care.wishes.fulfilled": 1,
    "care.women.records": 2,
    "care.hardship.exits": 1,
    "care.hardship.aid_count": 1,
    "care.recuperation.applications": 1,
    "care.welfare.gifts_handed_out": 1,
    "care.welfare.condolences": 1,
    "care.honors.ceremonies": 1,
    "care.honors.honoured": 2,
    "rights.legal.consultations": 1,
    "rights.legal.closed": 1,
    "rights.letters.letters": 3,
    "activities.activities": 1,
    "activities.registrations": 2,
    "tournaments.tournaments": 1,
    "tournaments.teams": 2,
    "tournaments.matches_played": 1,
    "lectures.stops": 1,
    "notices.published": 1,
    "volunteers.hours": Decimal("2.5"),
}


def _sources() -> dict:
    found: dict = {}
    for indicator in indicators.indicators():
        found.setdefault(indicator.together or indicator.compute, []).append(indicator)
    return found


@pytest.mark.parametrize("org", ["county", "township", "park"])
def test_every_source_read_together_gives_what_the_plain_reads_give(tree, org, monkeypatch):
    from tests.dashboard import every_source

    _both_years(tree)
    every_source.fill(tree)
    at = getattr(tree, org)
    # Read once 2026 is over: a notice counts once published, and some moments are still ahead.
    after = datetime.datetime(2027, 2, 1, tzinfo=TZ)
    monkeypatch.setattr(timezone, "now", lambda: after)
    now, before, children = _read_together_as_one_read_each(at)
    # every source has figures here: now, in the compared period (but for states) and in two groups
    # of children at least (the org's own "本级" rows among them)
    assert at.path in children
    missing = []
    for group in _sources().values():
        keys = [i.key for i in group]
        if not any(now[k] for k in keys):
            missing.append(("now", keys))
        if not (all(i.state for i in group) or any(before.get(k) for k in keys)):
            missing.append(("before", keys))
        if sum(1 for row in children.values() if any(row.get(k) for k in keys)) < 2:
            missing.append(("children", keys))
    assert not missing, [(when, keys[0]) for when, keys in missing]
    if org == "county":
        for key, n in PER_MOMENT.items():
            assert (now[key], before[key]) == (6 * n, 4 * n), key


def test_an_indicator_reads_the_last_part_of_its_key_by_default():
    def compute(org, period):
        return {"households": 3, "hardship.households": "never"}

    make = indicators.family(compute=compute, children=lambda org, period: {})
    assert make("care.hardship.households", "户", "户").value(compute(None, None)) == 3
    assert make("orgs.unions_formed", "新建", "个").name_in_result == "unions_formed"
    assert make("care.women.health_checks", "体检", "次", field="kind_health").name_in_result == "kind_health"


def test_a_source_takes_only_sums_that_add_up_over_children():
    from django.db.models import Avg, Count, Sum

    for aggregate in (Avg("amount"), Count("member", distinct=True), Sum("amount", default=0)):
        with pytest.raises(ValueError):
            indicators.Window({"x": aggregate})
    assert indicators.Window({"n": Count("pk"), "amount": Sum("amount")}).sums


def test_kept_figures_are_read_once_and_again_by_one_request_when_old(world, monkeypatch):
    """Figures kept `fresh` seconds: then the next request reads them afresh, and while it does the
    others show the figures read before instead of all reading the same tables at once."""
    from django.core.cache import cache

    cache.clear()
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    def kept():
        return indicators.kept("test", world.county, (YEAR,), read, fresh=300)[1]

    assert (kept(), kept()) == (1, 1)  # read once, then kept
    later = timezone.now() + datetime.timedelta(seconds=301)
    monkeypatch.setattr(indicators.timezone, "now", lambda: later)
    key = f"gonghui:indicators:test:{world.county.pk}:{world.county.path}:{YEAR.start}/{YEAR.end}"
    cache.add(f"{key}:reading", 1, 60)  # another request is reading them
    assert kept() == 1 and len(reads) == 1
    cache.delete(f"{key}:reading")
    assert (kept(), kept()) == (2, 2)  # this one reads, and the next is served what it read
    assert not cache.get(f"{key}:reading")
