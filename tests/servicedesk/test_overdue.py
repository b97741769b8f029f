"""Overdue is one rule (core.workdays.is_overdue) and every place that says it agrees: the model
property the pages show, the queryset filter the lists and counts use, the escalation service, and
the badge on the page, for orders, problems, petitions and follow-ups, at the boundaries."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from gonghui.core import workdays
from gonghui.core.models import CalendarDay
from gonghui.servicedesk.models import FollowUp, Petition, Problem, ServiceOrder
from gonghui.servicedesk.selectors.orders import BoardFilters, board_orders
from gonghui.servicedesk.selectors.petitions import annotate_deadlines, petition_list_for
from gonghui.servicedesk.selectors.problems import ProblemFilters, problem_list_for
from gonghui.servicedesk.services import orders as order_svc
from gonghui.servicedesk.services import problems as problem_svc
from gonghui.servicedesk.services.diary import diary_entry_create
from tests.servicedesk.test_orders import place_order
from tests.servicedesk.test_petitions import register

D = datetime.date

# (today, deadline, overdue?) — 2026: 国庆 1–7 Oct off, Sat 10 Oct a make-up workday.
BOUNDARIES = {
    "due today": (D(2026, 12, 2), D(2026, 12, 2), False),
    "due yesterday": (D(2026, 12, 2), D(2026, 12, 1), True),
    "due on a holiday, asked the next working day": (D(2026, 10, 8), D(2026, 10, 1), False),
    "due on a holiday, asked a day later": (D(2026, 10, 9), D(2026, 10, 1), True),
    "due on a make-up Saturday, asked Monday": (D(2026, 10, 12), D(2026, 10, 10), True),
    "due on a plain Saturday, asked Monday": (D(2026, 10, 19), D(2026, 10, 17), False),
    "asked on a holiday, due the working day before": (D(2026, 10, 2), D(2026, 9, 30), True),
}


def _order(desk, due):
    order = place_order(desk)
    order_svc.order_accept(order=order, actor=desk.county_cadre)
    ServiceOrder.objects.filter(pk=order.pk).update(dispatch_due=due)
    return ServiceOrder.objects.get(pk=order.pk)


def _problem(desk, due, title="办证难"):
    p = problem_svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="permits",
        title=title,
        description="d",
    )
    problem_svc.problem_assign(problem=p, unit=desk.market_unit, actor=desk.county_cadre)
    Problem.objects.filter(pk=p.pk).update(due_date=due)
    return Problem.objects.get(pk=p.pk)


def _petition(desk, due):
    p = register(desk, received_on=D(2026, 9, 1))
    Petition.objects.filter(pk=p.pk).update(reply_due=due)
    return Petition.objects.get(pk=p.pk)


def _follow_up(desk, due):
    entry = diary_entry_create(
        org=desk.township,
        actor=desk.township_cadre,
        visited_on=D(2026, 9, 1),
        visited="职工代表",
        heard="反映加班费计算问题",
        enterprise=desk.enterprise,
        follow_ups=[],
    )
    return FollowUp.objects.create(
        entry=entry, description="回访", due_date=due, assignee=desk.township_cadre
    )


def _listed(kind, desk, record, today) -> bool:
    """The queryset side: what the list pages filter and count."""
    if kind == "order":
        rows, counts = board_orders(desk.county_cadre, BoardFilters(state="overdue"), today=today)
        return record.pk in [o["pk"] for o in rows[0 : len(rows)]] and counts["overdue"] == 1
    if kind == "problem":
        listed = problem_list_for(desk.county_cadre, ProblemFilters(overdue=True))
        escalating = problem_svc.overdue_to_escalate(today=today)
        assert (record in listed) == (record in escalating)  # the list and the escalation agree
        return record in listed
    if kind == "petition":
        return record in petition_list_for(desk.county_cadre, overdue=True, today=today)
    return FollowUp.objects.filter(FollowUp.overdue_q(today), pk=record.pk).exists()


def _page_says(kind, client, record) -> bool:
    if kind == "order":
        return 'badge declined">已逾期' in client.get(record.get_absolute_url()).content.decode()
    if kind == "problem":
        return 'badge rejected">已逾期' in client.get(record.get_absolute_url()).content.decode()
    if kind == "petition":
        url = reverse("servicedesk:petition_detail", args=[record.uuid])
        return "已超过答复期限" in client.get(url).content.decode()
    url = reverse("servicedesk:followup_complete", args=[record.pk])
    return 'badge declined">已逾期' in client.get(url).content.decode()


MAKERS = {"order": _order, "problem": _problem, "petition": _petition, "follow-up": _follow_up}


@pytest.mark.parametrize("kind", list(MAKERS))
@pytest.mark.parametrize("case", list(BOUNDARIES))
def test_the_four_agree_at_the_boundary(kind, case, desk, login):
    today, due, expected = BOUNDARIES[case]
    assert workdays.is_overdue(due, today=today) is expected  # the rule itself
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        record = MAKERS[kind](desk, due)
        assert record.is_overdue is expected
        assert _listed(kind, desk, record, today) is expected
        viewer = desk.township_cadre if kind == "follow-up" else desk.county_cadre
        assert _page_says(kind, login(viewer), record) is expected


def test_a_countys_local_holiday_moves_its_deadlines_only(desk):
    wednesday, thursday = D(2026, 12, 2), D(2026, 12, 3)
    CalendarDay.objects.create(org=desk.county, date=wednesday, is_working_day=False, name="县里放假")
    with mock.patch("django.utils.timezone.localdate", return_value=thursday):
        ours = _problem(desk, wednesday)
        theirs = Problem.objects.create(
            org=desk.other_county,
            org_path=desk.other_county.path,
            enterprise=desk.enterprise,
            reporter=desk.enterprise_contact,
            category="permits",
            title="另一个县",
            description="d",
            state="assigned",
            due_date=wednesday,
        )
        assert not ours.is_overdue and theirs.is_overdue
        overdue = set(Problem.objects.filter(Problem.overdue_q(thursday)).values_list("pk", flat=True))
        assert overdue == {theirs.pk}


def test_petition_days_left_count_from_the_effective_deadline(desk):
    with mock.patch("django.utils.timezone.localdate", return_value=D(2026, 10, 8)):
        petition = _petition(desk, D(2026, 10, 1))  # a holiday: the deadline is Thu 8 Oct
        annotate_deadlines([petition], today=D(2026, 10, 8))
        assert (petition.days_left, petition.days_overdue, petition.is_overdue) == (0, 0, False)
        annotate_deadlines([petition], today=D(2026, 10, 12))
        assert (petition.days_left, petition.days_overdue) == (-3, 3)  # Fri 9, Sat 10 (make-up), Mon 12


def test_a_list_page_asks_the_calendar_without_a_query_per_row(desk, login, django_assert_max_num_queries):
    client = login(desk.county_cadre)
    for i in range(3):
        _problem(desk, D(2026, 1, 5 + i), title=f"问题{i}")
    client.get(reverse("servicedesk:problem_list"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("servicedesk:problem_list"))
    for i in range(10):
        _problem(desk, D(2026, 2, 2 + i), title=f"新问题{i}")
    with django_assert_max_num_queries(len(few)):
        body = client.get(reverse("servicedesk:problem_list")).content.decode()
    assert body.count('badge rejected">已逾期') == 13
