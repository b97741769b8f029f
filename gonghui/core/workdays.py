"""Working days: Chinese public holidays and make-up workdays.

Order of authority for a date: the admin-edited CalendarDay table, then the `chinesecalendar`
package (2004–2026 in 1.11.0; it raises NotImplementedError beyond), then plain weekends. A date
outside every source never raises: deadlines must not crash a page.

A `Calendar` loads the overrides of each year it touches once (one query per year), so a list
page computing a hundred deadlines shares one instance and issues a handful of queries.
"""

import datetime
from functools import lru_cache

import chinese_calendar
from django.utils.translation import gettext_lazy as _

from gonghui.core.models import CalendarDay

ONE_DAY = datetime.timedelta(days=1)

# The package names its holidays in English; pages show Chinese.
HOLIDAY_NAMES = {
    "New Year's Day": _("元旦"),
    "Spring Festival": _("春节"),
    "Tomb-sweeping Day": _("清明节"),
    "Labour Day": _("劳动节"),
    "Dragon Boat Festival": _("端午节"),
    "National Day": _("国庆节"),
    "Mid-autumn Festival": _("中秋节"),
    "Anti-Fascist 70th Day": _("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
}


def _overrides(year: int) -> dict[datetime.date, bool]:
    return dict(CalendarDay.objects.filter(date__year=year).values_list("date", "is_working_day"))


@lru_cache(maxsize=8192)
def _package_says(day: datetime.date) -> bool | None:
    try:
        return bool(chinese_calendar.is_workday(day))
    except (NotImplementedError, ValueError, KeyError):
        return None


@lru_cache(maxsize=256)
def package_knows(year: int) -> bool:
    """Whether the chinesecalendar package has the State Council schedule of `year`."""
    return _package_says(datetime.date(year, 6, 1)) is not None if 1 <= year <= 9999 else False


def package_schedule(year: int) -> list[tuple[datetime.date, bool, str]]:
    """The package's departures from plain weekends in `year`: (date, is working day, name).

    Empty when the package does not know the year (see `package_knows`).
    """
    if not package_knows(year):
        return []
    rows, day = [], datetime.date(year, 1, 1)
    while day.year == year:
        working = bool(_package_says(day))
        if working != (day.weekday() < 5):
            _on_holiday, name = chinese_calendar.get_holiday_detail(day)
            label = str(HOLIDAY_NAMES.get(name, name or ""))
            rows.append((day, working, label))
        day += ONE_DAY
    return rows


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
        """The date `days` working days after `start` (start itself not counted).

        Stops at the last representable date rather than overflowing.
        """
        day = start
        remaining = days
        while remaining > 0:
            if day == datetime.date.max:
                return day
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        return count

    def working_days_left(self, today: datetime.date, due: datetime.date) -> int:
        """Working days from `today` to `due`: positive while time is left, 0 on the due date
        (or when only rest days remain), negative (working days overdue) once it has passed."""
        if due >= today:
            return self.working_days_between(today, due)
        return -self.working_days_between(due, today)


def is_working_day(day: datetime.date) -> bool:
    return Calendar().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    return Calendar().add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    return Calendar().working_days_between(start, end)
