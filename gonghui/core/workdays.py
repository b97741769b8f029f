"""Working days and deadlines: Chinese public holidays, make-up workdays, local adjustments.

Order of authority for a date, for the org whose deadline it is: the nearest local adjustment
(CalendarDay rows of the org or of its nearest ancestor that has one for that date), then the
national table (CalendarDay rows without an org, kept by a platform admin), then the
`chinesecalendar` package (2004–2026 in 1.11.0; it raises NotImplementedError beyond), then plain
weekends. A date outside every source never raises: deadlines must not crash a page.

The whole CalendarDay table (a few dozen rows a year) is read once per process and kept until it
changes: saving or deleting a row drops this process's copy at once, and bumps a version in the
shared cache that other processes look at (at most every `RECHECK_SECONDS`). So a list page asks
a hundred rows "is it overdue?" without a single query.

"Overdue" is one rule (`is_overdue`): a deadline that falls on a rest day moves to the next working
day, and the deadline is overdue once that day has passed. `overdue_q` is the same rule as a
queryset filter, `overdue_cutoff` the date it compares with.
"""

import datetime
import threading
import time
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

import chinese_calendar
from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import SEGMENT, subtree_q

ONE_DAY = datetime.timedelta(days=1)
VERSION_KEY = "core:calendar:version"
RECHECK_SECONDS = 2.0

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


# ---------------------------------------------------------------- the process copy of the table


@dataclass
class _Snapshot:
    version: object
    national: dict[datetime.date, bool]
    local: dict[str, dict[datetime.date, bool]]  # org path -> that org's own adjustments
    calendars: dict[str, "Calendar"] = field(default_factory=dict)  # by deepest adjusted path
    checked_at: float = 0.0


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def _shared_version():
    try:
        return cache.get(VERSION_KEY)
    except Exception:  # a cache outage must not take deadlines down with it
        return None


def _load() -> _Snapshot:
    from gonghui.core.models import CalendarDay

    version = _shared_version()
    if version is None:
        version = uuid.uuid4().hex
        try:
            cache.add(VERSION_KEY, version, timeout=None)
            version = cache.get(VERSION_KEY) or version
        except Exception:
            pass
    national: dict[datetime.date, bool] = {}
    local: dict[str, dict[datetime.date, bool]] = {}
    for day, working, path in CalendarDay.objects.values_list("date", "is_working_day", "org__path"):
        if path is None:
            national[day] = working
        else:
            local.setdefault(path, {})[day] = working
    return _Snapshot(version=version, national=national, local=local, checked_at=time.monotonic())


def _current() -> _Snapshot:
    global _snapshot
    snap = _snapshot
    if snap is not None:
        now = time.monotonic()
        if now - snap.checked_at < RECHECK_SECONDS:
            return snap
        if _shared_version() == snap.version:
            snap.checked_at = now
            return snap
    with _lock:
        _snapshot = _load()
        return _snapshot


def forget() -> None:
    """Drop this process's copy of the table (the next question reads it again)."""
    global _snapshot
    with _lock:
        _snapshot = None


def changed() -> None:
    """The table changed: drop this process's copy and tell the other processes."""
    forget()
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        pass


# ---------------------------------------------------------------- a calendar


class Calendar:
    """Working-day arithmetic over one set of overrides (national, or national plus local)."""

    def __init__(self, overrides: dict[datetime.date, bool] | None = None) -> None:
        self._overrides = overrides if overrides is not None else _current().national

    def is_working_day(self, day: datetime.date) -> bool:
        override = self._overrides.get(day)
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

    def effective_deadline(self, due: datetime.date) -> datetime.date:
        """A deadline on a rest day moves to the next working day (the last date if none follows)."""
        day = due
        while not self.is_working_day(day) and day < datetime.date.max:
            day += ONE_DAY
        return day

    def overdue_cutoff(self, today: datetime.date) -> datetime.date:
        """Deadlines strictly before this date are overdue on `today`: the day after the last
        working day before today. `due < cutoff` exactly when `effective_deadline(due) < today`."""
        day = today
        while day > datetime.date.min:
            day -= ONE_DAY
            if self.is_working_day(day):
                return day + ONE_DAY
        return datetime.date.min

    def is_overdue(self, due: datetime.date | None, today: datetime.date) -> bool:
        return due is not None and due < self.overdue_cutoff(today)

    def days_left(self, due: datetime.date, today: datetime.date) -> int:
        """Signed working days to the effective deadline (negative: working days overdue)."""
        return self.working_days_left(today, self.effective_deadline(due))


def _path_of(org) -> str | None:
    if org is None:
        return None
    if isinstance(org, str):
        return org
    return getattr(org, "path", None)


def calendar_for(org=None) -> Calendar:
    """The calendar that applies to deadlines of `org` (an Org, an org path, or None: national)."""
    snap = _current()
    path = _path_of(org) or ""
    key = ""
    for end in range(SEGMENT, len(path) + 1, SEGMENT):
        if path[:end] in snap.local:
            key = path[:end]
    found = snap.calendars.get(key)
    if found is None:
        overrides = dict(snap.national)
        for end in range(SEGMENT, len(key) + 1, SEGMENT):  # nearer ancestors last: they win
            overrides.update(snap.local.get(key[:end], {}))
        found = snap.calendars[key] = Calendar(overrides if key else snap.national)
    return found


# ---------------------------------------------------------------- overdue, the one rule


def is_overdue(due: datetime.date | None, *, org=None, today: datetime.date | None = None) -> bool:
    """Whether a deadline of `org` (Org, org path or None) has passed: its effective deadline
    (the next working day when it falls on a rest day) is before today."""
    if due is None:
        return False
    return calendar_for(org).is_overdue(due, today or timezone.localdate())


def overdue_cutoff(*, org=None, today: datetime.date | None = None) -> datetime.date:
    return calendar_for(org).overdue_cutoff(today or timezone.localdate())


def overdue_q(field_name: str, *, today: datetime.date | None = None, path_field: str = "org_path") -> Q:
    """`is_overdue` as a queryset filter on the date column `field_name`, for rows whose org path
    is in `path_field`: one comparison per calendar that differs (usually just the national one)."""
    today = today or timezone.localdate()
    snap = _current()
    national = calendar_for(None).overdue_cutoff(today)
    # Subtrees with adjustments, nearest first inside each other; one branch per subtree whose
    # cutoff differs from the one it would otherwise inherit.
    branches: list[tuple[str, datetime.date]] = []
    for path in sorted(snap.local):
        cutoff = calendar_for(path).overdue_cutoff(today)
        inherited = national
        for parent, parent_cutoff in branches:
            if path.startswith(parent):
                inherited = parent_cutoff
        if cutoff != inherited:
            branches.append((path, cutoff))
    if not branches:
        return Q(**{f"{field_name}__lt": national})

    def under(path: str) -> Q:
        return subtree_q(path, path_field)

    result = Q(**{f"{field_name}__lt": national})
    for path, _c in branches:
        result &= ~under(path)
    for path, cutoff in branches:
        branch = under(path) & Q(**{f"{field_name}__lt": cutoff})
        for deeper, _d in branches:
            if deeper != path and deeper.startswith(path):
                branch &= ~under(deeper)
        result |= branch
    return result


# ---------------------------------------------------------------- module-level shortcuts


def is_working_day(day: datetime.date, *, org=None) -> bool:
    return calendar_for(org).is_working_day(day)


def add_working_days(start: datetime.date, days: int, *, org=None) -> datetime.date:
    return calendar_for(org).add_working_days(start, days)


def working_days_between(start: datetime.date, end: datetime.date, *, org=None) -> int:
    return calendar_for(org).working_days_between(start, end)
