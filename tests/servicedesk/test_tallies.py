"""The service desk's daily tallies (core.tallies, servicedesk.tallies): kept by the services in the
change's transaction, equal to a recount, read by the glance for any period, and moved with an org."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from gonghui.core import tallies
from gonghui.core.indicators import Period
from gonghui.demo.desk import clock
from gonghui.orgs.services import org_update
from gonghui.servicedesk.models import Category, MenuItem, OrderTally, ProblemTally
from gonghui.servicedesk.selectors.orders import order_totals, order_totals_by_child, order_totals_together
from gonghui.servicedesk.selectors.problems import (
    problem_totals,
    problem_totals_by_child,
    problem_totals_together,
)
from gonghui.servicedesk.services import orders as order_svc
from gonghui.servicedesk.services import problems as problem_svc
from tests.factories import make_user

pytestmark = pytest.mark.django_db
TZ = timezone.get_current_timezone()


def _at(y, m, d, hour=10, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=TZ)


@pytest.fixture
def desk(world):
    from tests.factories import make_desk_world

    w = make_desk_world(world)
    w.town_lecture = MenuItem.objects.create(
        org=w.township, title="镇劳动法讲座", category=Category.LEGAL, team=w.legal_team, duration_minutes=60
    )
    return w


def _order(w, item, placed, delivered=None, *, rating=None, people=12):
    """An order through the services, each step at its own moment (Django's clock set to it)."""
    with clock(lambda: placed):
        order = order_svc.order_place(
            item=item,
            orderer=w.enterprise_contact,
            orderer_kind="enterprise",
            enterprise=w.enterprise,
            place=f"会议室{placed.isoformat()}",
            wished_date=(delivered or placed).date(),
            expected_people=10,
        )
    if delivered is None:
        return order
    with clock(lambda: delivered):
        order_svc.order_accept(order=order, actor=w.county_cadre)
        order_svc.order_dispatch(
            order=order,
            team=w.legal_team,
            service_date=timezone.localdate(),
            service_place="会议室",
            actor=w.county_cadre,
        )
        order_svc.order_deliver(order=order, actor=w.team_leader, people_served=people)
        if rating:
            order_svc.order_rate(order=order, actor=w.enterprise_contact, rating=rating)
    return order


def _problem(w, raised, resolved=None):
    with clock(lambda: raised):
        problem = problem_svc.problem_raise(
            enterprise=w.enterprise,
            reporter=w.enterprise_contact,
            category="tax",
            title=f"问题{raised.isoformat()}",
            description="d",
        )
    if resolved is not None:
        with clock(lambda: resolved):
            problem_svc.problem_assign(problem=problem, unit=w.market_unit, actor=w.county_cadre)
            problem_svc.problem_answer(problem=problem, actor=w.unit_contact, answer="已办理")
            problem_svc.problem_confirm(problem=problem, actor=w.enterprise_contact)
    return problem


def _history(w):
    """Orders and problems in two years, some at the edges of a local day (00:10 in Beijing is
    still the day before in UTC: the tallies count local days, as the figures' periods do)."""
    _order(w, w.lecture, _at(2026, 3, 31, 23, 30), _at(2026, 4, 1, 0, 10), rating=5, people=30)
    _order(w, w.town_lecture, _at(2026, 2, 10), _at(2026, 2, 20), rating=2)
    _order(w, w.town_lecture, _at(2026, 4, 8), _at(2026, 4, 9), people=7)
    _order(w, w.town_lecture, _at(2026, 5, 2))
    _order(w, w.lecture, _at(2025, 3, 3), _at(2025, 4, 2), rating=4)
    _order(w, w.town_lecture, _at(2025, 2, 16), _at(2025, 4, 30, 23, 50), rating=3)
    _problem(w, _at(2026, 2, 28, 23, 30), resolved=_at(2026, 3, 4))
    _problem(w, _at(2026, 3, 15))
    _problem(w, _at(2025, 3, 1, 0, 5), resolved=_at(2025, 3, 9, 12))
    _problem(w, _at(2025, 4, 9))


def _plain_orders(org, period, compared):
    return (
        order_totals(org, period.start, period.end),
        order_totals(org, compared.start, compared.end),
        {
            k: v
            for k, v in order_totals_by_child(org, period.start, period.end).items()
            if v["placed"] or v["delivered"]
        },
    )


def _plain_problems(org, period, compared):
    children = problem_totals_by_child(org, period.start, period.end)
    return (
        problem_totals(org, period.start, period.end),
        {**problem_totals(org, compared.start, compared.end), "overdue": 0},
        {k: v for k, v in children.items() if v["raised"] or v["overdue"]},
    )


def test_the_services_keep_the_tallies_as_a_recount_would(desk):
    _history(desk)
    assert tallies.recount(OrderTally, dry_run=True).corrected == 0
    assert tallies.recount(ProblemTally, dry_run=True).corrected == 0

    def row(model, org, *day):
        return model.objects.get(prefix=org.path, day=datetime.date(*day))

    late = row(OrderTally, desk.county, 2026, 3, 31)
    assert (late.placed, late.delivered) == (1, 0)  # placed at 23:30 on 31 March, local time
    first = row(OrderTally, desk.county, 2026, 4, 1)
    assert (first.placed, first.delivered, first.people_served, first.rating_sum, first.rated) == (
        0,
        1,
        30,
        5,
        1,
    )
    town = row(OrderTally, desk.township, 2026, 4, 9)
    assert (town.delivered, town.people_served) == (1, 7)
    assert row(OrderTally, desk.county, 2026, 4, 9).delivered == 1  # the township's count in the county's
    assert not OrderTally.objects.filter(prefix=desk.township.path, day=datetime.date(2026, 4, 1)).exists()
    february = row(ProblemTally, desk.county, 2026, 2, 28)
    assert (february.raised, february.resolved, february.resolve_n) == (1, 1, 1)
    took = datetime.timedelta(days=3, hours=10, minutes=30)  # 28 Feb 23:30 to 4 Mar 10:00
    assert february.resolve_us == took // datetime.timedelta(microseconds=1)


def test_a_refused_step_adds_nothing(desk):
    order = _order(desk, desk.lecture, _at(2026, 3, 2))
    order_svc.order_accept(order=order, actor=desk.county_cadre)
    order_svc.order_dispatch(
        order=order,
        team=desk.legal_team,
        service_date=timezone.localdate() + datetime.timedelta(days=5),
        service_place="会议室",
        actor=desk.county_cadre,
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):  # before the service date: refused, rolled back
        order_svc.order_deliver(order=order, actor=desk.team_leader, people_served=10)
    assert sum(OrderTally.objects.values_list("delivered", flat=True)) == 0
    assert tallies.recount(OrderTally, dry_run=True).corrected == 0


@pytest.mark.parametrize(
    "period",
    [
        Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        Period(datetime.date(2026, 2, 15), datetime.date(2026, 4, 5)),
        Period(datetime.date(2026, 3, 31), datetime.date(2026, 3, 31)),  # the late order's day only
        Period(datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)),  # its delivery, not its placing
    ],
    ids=["year", "weeks", "one-day", "next-month"],
)
@pytest.mark.parametrize("org", ["county", "township"])
def test_the_glance_read_from_the_tallies_equals_the_rows(desk, period, org):
    _history(desk)
    at = getattr(desk, org)
    compared = period.year_before()
    assert order_totals_together(at, period, compared) == _plain_orders(at, period, compared)
    assert problem_totals_together(at, period, compared) == _plain_problems(at, period, compared)


def test_the_county_sees_its_own_orders_and_each_childs(desk):
    _history(desk)
    year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    now, before, children = order_totals_together(desk.county, year, year.year_before())
    assert (now["placed"], now["delivered"], now["people_served"], now["mean_rating"]) == (4, 3, 49, 3.5)
    assert (before["placed"], before["delivered"]) == (2, 2)
    assert children[desk.county.path]["placed"] == 1  # 本级: the county's own menu item
    assert children[desk.township.path]["placed"] == 3


def test_moving_an_org_moves_its_days(desk):
    _history(desk)
    year = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    compared = year.year_before()

    def same_as_the_rows(*orgs):
        assert tallies.recount(OrderTally, dry_run=True).corrected == 0
        assert tallies.recount(ProblemTally, dry_run=True).corrected == 0
        for org in orgs:
            org.refresh_from_db()
            assert order_totals_together(org, year, compared) == _plain_orders(org, year, compared)
            assert problem_totals_together(org, year, compared) == _plain_problems(org, year, compared)

    org_update(org=desk.township, actor=desk.county_cadre, parent=desk.park)  # within the county
    same_as_the_rows(desk.county, desk.park, desk.township)
    assert order_totals_together(desk.park, year, compared)[0]["placed"] == 3
    admin = make_user(name="管理员")
    admin.is_superuser = True
    admin.save(update_fields=["is_superuser"])
    org_update(org=desk.park, actor=admin, parent=desk.other_county)  # to another county
    same_as_the_rows(desk.county, desk.other_county, desk.park, desk.township)
    assert order_totals_together(desk.county, year, compared)[0]["placed"] == 1
    assert order_totals_together(desk.other_county, year, compared)[0]["placed"] == 3


def test_recount_tallies_repairs_a_tally_changed_by_hand(desk):
    _history(desk)
    april_fools = {"prefix": desk.county.path, "day": datetime.date(2026, 4, 1)}
    OrderTally.objects.filter(**april_fools).update(placed=99)
    ProblemTally.objects.filter(prefix=desk.township.path).delete()
    out = io.StringIO()
    call_command("recount_tallies", "--dry-run", stdout=out)
    assert OrderTally.objects.get(**april_fools).placed == 99
    assert "试运行" in out.getvalue()
    call_command("recount_tallies", stdout=io.StringIO())
    assert OrderTally.objects.get(**april_fools).placed == 0
    assert tallies.recount(OrderTally, dry_run=True).corrected == 0
    assert tallies.recount(ProblemTally, dry_run=True).corrected == 0


def test_the_migration_counts_the_orders_and_problems_already_recorded(desk):
    from django.apps import apps

    from gonghui.servicedesk.tallies import fill_for_migration

    _history(desk)
    OrderTally.objects.all().delete()
    ProblemTally.objects.all().delete()  # as on a database from before the tallies
    fill_for_migration(apps)
    assert OrderTally.objects.filter(prefix=desk.county.path).count() > 0
    assert tallies.recount(OrderTally, dry_run=True).corrected == 0
    assert tallies.recount(ProblemTally, dry_run=True).corrected == 0


@pytest.mark.parametrize("org", ["county", "township"])
def test_the_monthly_trends_count_what_the_rows_count(desk, org):
    from django.db.models import Count
    from django.db.models.functions import TruncMonth

    from gonghui.servicedesk.models import Problem, ServiceOrder
    from gonghui.servicedesk.selectors.orders import orders_by_month
    from gonghui.servicedesk.selectors.problems import problems_by_month

    _history(desk)
    at = getattr(desk, org)
    for start, end in (
        (datetime.date(2025, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2026, 3, 31), datetime.date(2026, 4, 30)),
    ):
        lo, hi = Period(start, end).bounds()

        def counted(model, lo=lo, hi=hi):
            rows = (
                model.objects.filter(org_path__startswith=at.path, created_at__gte=lo, created_at__lt=hi)
                .annotate(month=TruncMonth("created_at"))
                .values("month")
                .annotate(n=Count("pk"))
            )
            return {row["month"].date(): row["n"] for row in rows}

        assert orders_by_month(at, start, end) == counted(ServiceOrder)
        assert problems_by_month(at, start, end) == counted(Problem)
    assert orders_by_month(desk.county, datetime.date(2026, 3, 1), datetime.date(2026, 4, 30)) == {
        datetime.date(2026, 3, 1): 1,  # 23:30 on 31 March
        datetime.date(2026, 4, 1): 1,
    }
