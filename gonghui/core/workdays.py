"""Working days: Chinese public holidays and make-up workdays.

Order of authority for a date: the admin-edited CalendarDay table, then the `chinesecalendar`
package (2004–2026 in 1.11.0; it raises NotImplementedError beyond), then plain weekends. A date
outside every source never raises: deadlines must not crash a page.
"""

import datetime
from functools import lru_cache

import chinese_calendar

from gonghui.core.models import CalendarDay


def _overrides(year: int) -> dict[datetime.date, bool]:
    return dict(
        CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day")
    )


@lru_cache(maxsize=4096)
def _package_says(day: datetime.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except (NotImplementedError, ValueError, KeyError):
        return None


class Calendar:
    """Working-day arithmetic with the overrides of the years it touches loaded once."""

    def __init__(self) -> None:
        self._years: dict[int, dict[datetime.date, bool]] = {}

    def is_working_day(self, day: datetime.date) -> bool:
        if day.year not in self._years:
            self._years[day.year] = _overrides(day.year)
        override = self._years[day.year].get(day)
        if override is not None:
            return override
        package = _package_says(day)
        if package is not None:
            return package
        return day.weekday() < 5

    def add_working_days(self, start: datetime.date, days: int) -> datetime.date:
        """The date `days` working days after `start` (start itself not counted)."""
        day = start
        remaining = days
        while remaining > 0:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


def is_working_day(day: datetime.date) -> bool:
    return Calendar().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return Calendar().add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return Calendar().working_days_between(start, end)
