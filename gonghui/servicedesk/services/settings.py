"""Desk settings (per-federation deadlines) and the holiday calendar (CalendarDay)."""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.models import CalendarDay
from gonghui.core.scoping import can_chair
from gonghui.orgs.models import Org
from gonghui.servicedesk.models import DeskSettings
from gonghui.servicedesk.selectors.settings import require_calendar_editor

DEADLINE_FIELDS = ("dispatch_within_days", "problem_due_days", "petition_reply_days")
MAX_DEADLINE_DAYS = 60
MAX_RANGE_DAYS = 31  # the longest holiday (春节) is 9 days; a longer range is a typing slip
MIN_YEAR, MAX_YEAR = 2000, 2100


@transaction.atomic
def desk_settings_update(
    *, org: Org, actor, dispatch_within_days: int, problem_due_days: int, petition_reply_days: int
) -> DeskSettings:
    if not can_chair(actor, org):
        raise PermissionDenied
    values = {
        "dispatch_within_days": dispatch_within_days,
        "problem_due_days": problem_due_days,
        "petition_reply_days": petition_reply_days,
    }
    errors = {}
    for field, value in values.items():
        if value is None or not 1 <= int(value) <= MAX_DEADLINE_DAYS:
            errors[field] = _("时限应在1到%(max)d个工作日之间。") % {"max": MAX_DEADLINE_DAYS}
    if errors:
        raise ValidationError(errors)
    row = DeskSettings.objects.select_for_update().filter(org=org).first()
    if row is None:
        row = DeskSettings(org=org)
    before = audit.snapshot(row, DEADLINE_FIELDS) if row.pk else {f: None for f in DEADLINE_FIELDS}
    for field, value in values.items():
        setattr(row, field, int(value))
    row.save()
    changes = audit.diff(before, row)
    if changes:
        audit.record(row, action="desk_settings_update", actor=actor, changes=changes, org=org)
    return row


# --- the holiday calendar ------------------------------------------------------------------------


# The national table (org None) is a platform admin's; a federation adds local adjustments that
# apply to its own subtree only (core.workdays: the nearest adjusted ancestor wins).


def _table(org: Org | None):
    return (
        CalendarDay.objects.filter(org__isnull=True) if org is None else CalendarDay.objects.filter(org=org)
    )


def _put(*, org: Org | None, date: datetime.date, is_working_day: bool, name: str) -> CalendarDay:
    day = _table(org).select_for_update().filter(date=date).first() or CalendarDay(org=org, date=date)
    day.is_working_day, day.name = is_working_day, name
    day.save()
    return day


@transaction.atomic
def calendar_day_set(
    *, date: datetime.date, is_working_day: bool, name: str, actor, org: Org | None = None
) -> CalendarDay:
    """Add or replace the arrangement of one date: national (org None) or the org's adjustment."""
    require_calendar_editor(actor, org)
    _check_date(date)
    name = (name or "").strip()[:40] or _default_name(is_working_day)
    day = _put(org=org, date=date, is_working_day=is_working_day, name=name)
    audit.record(
        day,
        action="calendar_day_set",
        actor=actor,
        org=org,
        changes={"date": date.isoformat(), "is_working_day": is_working_day, "name": name},
    )
    return day


@transaction.atomic
def calendar_day_remove(*, date: datetime.date, actor, org: Org | None = None) -> None:
    require_calendar_editor(actor, org)
    day = _table(org).filter(date=date).first()
    if day is None:
        raise ValidationError(_("%(date)s没有自定义的节假日安排。") % {"date": formats.date_format(date)})
    audit.record(
        day,
        action="calendar_day_remove",
        actor=actor,
        org=org,
        changes={"date": date.isoformat(), "is_working_day": day.is_working_day, "name": day.name},
    )
    day.delete()


def _check_date(date: datetime.date) -> None:
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise ValidationError({"date": _("日期应在%(a)d年至%(b)d年之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}})


def _default_name(is_working_day: bool) -> str:
    return _("调休上班") if is_working_day else _("放假")


@dataclass(frozen=True)
class PlannedDay:
    line: int
    date: datetime.date
    is_working_day: bool
    name: str
    replaces: str = ""  # the existing override it replaces, as text


_FULL_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_END_DATE = r"(?:(\d{4})\s*[-/.年]\s*)?(?:(\d{1,2})\s*[-/.月]\s*)?(\d{1,2})\s*日?"
_RANGE = re.compile(rf"^\s*{_FULL_DATE}(?:\s*(?:至|到|~|～|—|–|－|-)\s*{_END_DATE})?\s*(.*)$")
_HOLIDAY_WORDS = ("放假", "休息", "休假", "调休")
_WORK_WORDS = ("上班", "补班", "工作日")


def calendar_parse(text: str, *, org: Org | None = None) -> list[PlannedDay]:
    """Parse a pasted State Council notice, one arrangement per line:

        2027-02-06 至 2027-02-12 春节放假
        2027年2月6日至12日 春节放假
        2027-02-14 上班

    Raises ValidationError with one Chinese message per bad line; returns the days otherwise.
    """
    days: list[PlannedDay] = []
    errors: list[str] = []
    seen: dict[datetime.date, int] = {}
    existing_dates: list[datetime.date] = []
    parsed: list[tuple[int, datetime.date, datetime.date, bool, str]] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().strip("。；;，,")
        if not line or line.startswith("#"):
            continue
        try:
            start, end, working, name = _parse_line(line)
        except ValidationError as e:
            errors.append(
                _("第%(n)d行“%(line)s”：%(error)s") % {"n": number, "line": line[:40], "error": e.messages[0]}
            )
            continue
        for offset in range((end - start).days + 1):
            day = start + datetime.timedelta(days=offset)
            if day in seen:
                errors.append(
                    _("第%(n)d行：%(date)s与第%(m)d行重复。")
                    % {"n": number, "date": formats.date_format(day), "m": seen[day]}
                )
                break
            seen[day] = number
        parsed.append((number, start, end, working, name))
        existing_dates.extend([start, end])
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_("请粘贴至少一行放假或上班安排。"))
    existing = {
        d.date: d for d in _table(org).filter(date__gte=min(existing_dates), date__lte=max(existing_dates))
    }
    for number, start, end, working, name in parsed:
        for offset in range((end - start).days + 1):
            day = start + datetime.timedelta(days=offset)
            old = existing.get(day)
            replaces = ""
            if old is not None:
                replaces = f"{old.name}（{_('上班') if old.is_working_day else _('放假')}）"
            days.append(
                PlannedDay(line=number, date=day, is_working_day=working, name=name, replaces=replaces)
            )
    return days


def _date(year: str, month: str, day: str) -> datetime.date:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(_("日期%(d)s不存在。") % {"d": f"{year}-{month}-{day}"}) from None


def _parse_line(line: str) -> tuple[datetime.date, datetime.date, bool, str]:
    match = _RANGE.match(line)
    if not match:
        raise ValidationError(_("没有找到日期，请以“2027-02-06”或“2027年2月6日”开头。"))
    y, m, d, ey, em, ed, rest = match.groups()
    start = _date(y, m, d)
    end = _date(ey or y, em or m, ed) if ed else start
    if end < start:
        raise ValidationError(_("结束日期早于开始日期。"))
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise ValidationError(_("一行最多%(n)d天，请检查日期。") % {"n": MAX_RANGE_DAYS})
    if not (MIN_YEAR <= start.year <= MAX_YEAR and MIN_YEAR <= end.year <= MAX_YEAR):
        raise ValidationError(_("日期应在%(a)d年至%(b)d年之间。") % {"a": MIN_YEAR, "b": MAX_YEAR})
    rest = re.sub(r"[（(][^）)]*[）)]", "", rest or "").strip(" ，,：:")  # "（星期日）" and the like
    working = any(w in rest for w in _WORK_WORDS)  # "调休上班" is a workday
    holiday = not working and any(w in rest for w in _HOLIDAY_WORDS)
    if not working and not holiday:
        raise ValidationError(_("请注明“放假”或“上班”。"))
    name = rest
    if holiday:
        for word in _HOLIDAY_WORDS:
            name = name.replace(word, "")
        name = name.strip(" ，,：:") or _default_name(False)
    elif name in _WORK_WORDS:
        name = _default_name(True)
    return start, end, working, name[:40]


@transaction.atomic
def calendar_import(*, text: str, actor, org: Org | None = None) -> list[CalendarDay]:
    """Save every day of a pasted notice (into the national table, or as the org's adjustments),
    or nothing when any line is wrong."""
    require_calendar_editor(actor, org)
    planned = calendar_parse(text, org=org)
    saved = [_put(org=org, date=p.date, is_working_day=p.is_working_day, name=p.name) for p in planned]
    first, last = planned[0].date, planned[-1].date
    audit.record(
        saved[0],
        action="calendar_import",
        actor=actor,
        org=org,
        changes={
            "days": len(saved),
            "from": min(first, last).isoformat(),
            "to": max(first, last).isoformat(),
        },
    )
    return saved
