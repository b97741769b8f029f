"""Working days across Chinese public holidays, admin overrides and years the package lacks."""

import datetime

import pytest

from gonghui.core import workdays
from gonghui.core.models import CalendarDay
from gonghui.core.workdays import Calendar, add_working_days, is_working_day, working_days_between

D = datetime.date
pytestmark = pytest.mark.django_db


def test_national_day_2026_holidays_and_make_up_workdays():
    # 2026: 国庆 1–7 Oct off; Sun 20 Sep and Sat 10 Oct are make-up workdays (checked in chinese_calendar).
    assert not is_working_day(D(2026, 10, 1))
    assert not is_working_day(D(2026, 10, 7))
    assert is_working_day(D(2026, 10, 8))
    assert is_working_day(D(2026, 10, 10))  # Saturday, make-up workday
    assert is_working_day(D(2026, 9, 20))  # Sunday, make-up workday
    assert not is_working_day(D(2026, 9, 27))  # Sunday, 中秋 holiday
    assert not is_working_day(D(2026, 10, 11))  # plain Sunday


def test_reply_deadline_received_on_30_september_2026():
    # 10/8, 10/9, 10/10(Sat), 10/12 … 10/27 is the 15th working day.
    assert add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 27)
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 27)) == 15


def test_spring_festival_2026():
    assert is_working_day(D(2026, 2, 14))  # Saturday, make-up workday
    assert not any(is_working_day(D(2026, 2, d)) for d in range(15, 24))
    assert is_working_day(D(2026, 2, 28))  # Saturday, make-up workday
    assert add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 14)
    assert add_working_days(D(2026, 2, 14), 1) == D(2026, 2, 24)


def test_a_calendar_day_overrides_the_package():
    CalendarDay.objects.create(date=D(2026, 10, 8), is_working_day=False, name="加放一天")
    CalendarDay.objects.create(date=D(2026, 10, 17), is_working_day=True, name="调休上班")  # a Saturday
    assert not is_working_day(D(2026, 10, 8))
    assert is_working_day(D(2026, 10, 17))
    # 10/9, 10/10, 10/12 … : the lost Thursday and the gained Saturday cancel out by the 15th.
    assert add_working_days(D(2026, 9, 30), 3) == D(2026, 10, 12)
    assert add_working_days(D(2026, 9, 30), 15) == D(2026, 10, 27)


def test_2027_falls_back_to_weekends_then_follows_entered_rows():
    assert not workdays.package_knows(2027)
    # Fri 5 Feb 2027 + 5 working days, weekends only: 8, 9, 10, 11, 12 Feb.
    assert add_working_days(D(2027, 2, 5), 5) == D(2027, 2, 12)
    for day in range(6, 13):
        CalendarDay.objects.create(date=D(2027, 2, day), is_working_day=False, name="春节")
    CalendarDay.objects.create(date=D(2027, 2, 14), is_working_day=True, name="春节调休上班")
    # Now: 14 (Sun, make-up), 15, 16, 17, 18 Feb.
    assert add_working_days(D(2027, 2, 5), 5) == D(2027, 2, 18)
    assert not is_working_day(D(2027, 2, 8))


@pytest.mark.parametrize("day", [D(1999, 10, 1), D(2100, 1, 4), D(1, 1, 1), D(9999, 12, 30)])
def test_years_no_source_knows_do_not_crash(day):
    cal = Calendar()
    assert cal.is_working_day(day) == (day.weekday() < 5)
    assert cal.add_working_days(day, 3) >= day
    assert cal.working_days_between(day, day) == 0
    assert workdays.package_schedule(day.year) == []


def test_adding_past_the_last_date_stops_there():
    assert add_working_days(D(9999, 12, 30), 10) == D.max


def test_working_days_left_is_signed():
    cal = Calendar()
    assert cal.working_days_left(D(2026, 9, 30), D(2026, 10, 27)) == 15
    assert cal.working_days_left(D(2026, 10, 27), D(2026, 10, 27)) == 0
    assert cal.working_days_left(D(2026, 10, 29), D(2026, 10, 27)) == -2


def test_the_table_is_read_once_per_process_until_it_changes(django_assert_num_queries):
    with django_assert_num_queries(1):
        cal = Calendar()
        cal.add_working_days(D(2026, 12, 20), 30)
        cal.working_days_between(D(2026, 12, 1), D(2027, 1, 20))
        assert workdays.calendar_for(None).is_working_day(D(2026, 5, 7))
    with django_assert_num_queries(0):
        for _ in range(100):
            workdays.is_overdue(D(2026, 5, 1), today=D(2026, 5, 6))
    CalendarDay.objects.create(date=D(2026, 5, 6), is_working_day=False, name="加放")
    with django_assert_num_queries(1):
        assert not is_working_day(D(2026, 5, 6))


def test_package_schedule_names_holidays_in_chinese():
    rows = workdays.package_schedule(2026)
    assert (D(2026, 10, 10), True, "国庆节") in rows
    assert (D(2026, 10, 1), False, "国庆节") in rows
