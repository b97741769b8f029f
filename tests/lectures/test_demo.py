"""The demo's notices and lecture tour: loaded once through the services, a second run adds nothing."""

import io

import pytest
from django.core.management import call_command

from gonghui.lectures import selectors
from gonghui.lectures.models import Lecturer, LectureStop, LectureTour
from gonghui.notices.models import Notice, NoticeRead

pytestmark = pytest.mark.django_db


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "120", stdout=out)
    return out.getvalue()


def counts() -> tuple:
    return tuple(m.objects.count() for m in (Notice, NoticeRead, Lecturer, LectureTour, LectureStop))


def test_the_demo_loads_notices_and_a_lecture_tour_once():
    first = run_demo()
    after = counts()
    assert "通知公告 5 条" in first and "宣讲活动 1 个" in first
    run_demo()
    assert counts() == after
    notices, reads, lecturers, tours, stops = after
    assert notices == 5 and reads > 0 and lecturers == 5 and tours == 1 and stops == 10
    figures = selectors.tour_figures(LectureTour.objects.get())
    assert figures["stops"] == 6 and figures["person_times"] == 478 and figures["planned"] == 4
    from gonghui.accounts.models import User

    chair = User.objects.get(phone="13800000001")
    assert selectors.lecture_requests_for(chair).count() == 1
