"""Overdue problems escalate once to the cadres of the problem's org and its federation ancestors."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from gonghui.accounts.models import Role
from gonghui.core.models import Job, Notification
from gonghui.core.tasks import enqueue
from gonghui.servicedesk.models import Problem
from gonghui.servicedesk.services import problems as svc
from tests.factories import make_cadre

pytestmark = pytest.mark.django_db


def _overdue(w, title="逾期问题") -> Problem:
    p = svc.problem_raise(
        enterprise=w.enterprise,
        reporter=w.enterprise_contact,
        category="permits",
        title=title,
        description="d",
    )
    svc.problem_assign(problem=p, unit=w.market_unit, actor=w.county_cadre)
    Problem.objects.filter(pk=p.pk).update(due_date=datetime.date(2020, 3, 2))
    return Problem.objects.get(pk=p.pk)


def _escalation_notes():
    return Notification.objects.filter(title__startswith="问题逾期未办结")


def test_command_escalates_once_and_notifies_federation_cadres(desk):
    p = _overdue(desk)
    on_time = svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="tax",
        title="未逾期",
        description="d",
    )
    svc.problem_assign(problem=on_time, unit=desk.market_unit, actor=desk.county_cadre)
    county_staff = make_cadre(desk.county, name="县总工会干事", role=Role.STAFF)
    out = StringIO()
    call_command("escalate_overdue_problems", "--dry-run", stdout=out)
    assert "将上报 1 个逾期问题" in out.getvalue() and str(p.uuid) in out.getvalue()
    assert Problem.objects.get(pk=p.pk).escalated_at is None and not _escalation_notes().exists()

    call_command("escalate_overdue_problems", stdout=StringIO())
    p.refresh_from_db()
    assert p.escalated_at is not None
    recipients = set(_escalation_notes().values_list("recipient__name", flat=True))
    # Chair/staff of the township (the problem's org) and of the county federation; not the read-only
    # viewer, not the enterprise union, not another county.
    assert recipients == {desk.township_cadre.name, desk.county_cadre.name, county_staff.name}
    first = p.escalated_at

    out = StringIO()
    call_command("escalate_overdue_problems", stdout=out)
    assert "已上报 0 个逾期问题" in out.getvalue()
    p.refresh_from_db()
    assert p.escalated_at == first and _escalation_notes().count() == 3
    assert Problem.objects.get(pk=on_time.pk).escalated_at is None


def test_reassign_allows_a_new_escalation(desk):
    p = _overdue(desk)
    svc.problems_escalate_overdue()
    svc.problem_assign(problem=Problem.objects.get(pk=p.pk), unit=desk.market_unit, actor=desk.county_cadre)
    assert Problem.objects.get(pk=p.pk).escalated_at is None


def test_reopened_counts_as_overdue_and_lists_flag_it(desk, login):
    p = _overdue(desk)
    svc.problem_answer(problem=p, actor=desk.unit_contact, answer="a")
    svc.problem_reopen(problem=p, actor=desk.enterprise_contact, reason="没解决")
    assert [x.pk for x in svc.problems_escalate_overdue(dry_run=True)] == [p.pk]
    body = login(desk.county_cadre).get("/desk/problems/").content.decode()
    assert "已逾期" in body


def test_as_a_task(desk):
    _overdue(desk)
    job = Job.objects.create(kind="servicedesk.escalate_overdue_problems")
    enqueue("servicedesk.escalate_overdue_problems", job)
    job.refresh_from_db()
    assert job.state == Job.State.DONE and job.result["escalated"] == 1
    job2 = Job.objects.create(kind="servicedesk.escalate_overdue_problems")
    enqueue("servicedesk.escalate_overdue_problems", job2)
    job2.refresh_from_db()
    assert job2.result["escalated"] == 0
