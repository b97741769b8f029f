"""Reads of the desk settings (per-federation deadlines) and the holiday calendar."""

import datetime

from django.core.exceptions import PermissionDenied

from gonghui.core import workdays
from gonghui.core.models import CalendarDay
from gonghui.core.scoping import MANAGING_ROLES, ROLE_CHAIR, SEGMENT, _positions, can_chair
from gonghui.orgs.models import Org
from gonghui.servicedesk.models import DeskSettings


def desk_settings_for(org: Org) -> DeskSettings:
    """The deadlines that apply to `org`: the nearest ancestor (or itself) with a settings row,
    else the defaults of the model (an unsaved row of the root org)."""
    paths = org.ancestor_paths()
    found = {s.org.path: s for s in DeskSettings.objects.filter(org__path__in=paths).select_related("org")}
    for path in reversed(paths):
        if path in found:
            return found[path]
    root = org if org.parent_id is None else Org.objects.filter(path=paths[0]).first() or org
    return DeskSettings(org=root)


def settings_orgs_for(user) -> list[Org]:
    """Orgs whose desk settings this user may change: orgs where they are chair (small list)."""
    if getattr(user, "is_superuser", False):
        return list(Org.objects.filter(depth=0, is_active=True).order_by("path"))
    ids = [org_id for _path, role, _pii, org_id in _positions(user) if role == ROLE_CHAIR]
    return list(Org.objects.filter(pk__in=ids, is_active=True).order_by("path"))


def settings_org_get_for(user, uuid) -> Org:
    from gonghui.orgs.selectors import org_get_for

    org = org_get_for(user, uuid)
    if not can_chair(user, org):
        raise PermissionDenied
    return org


def can_edit_calendar(user) -> bool:
    """Federation cadres (chair or staff) of a root org, and platform admins.

    The holiday calendar is national (the State Council's schedule), so it is one table for all.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    roots = {
        org_id
        for path, role, _pii, org_id in _positions(user)
        if role in MANAGING_ROLES and len(path) == SEGMENT
    }
    return bool(roots)


def require_calendar_editor(user) -> None:
    if not can_edit_calendar(user):
        raise PermissionDenied


def calendar_days_of(year: int):
    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_years() -> list[int]:
    years = {d.year for d in CalendarDay.objects.dates("date", "year")}
    today = datetime.date.today()
    years.update({today.year, today.year + 1})
    return sorted(years)


def package_schedule(year: int):
    return workdays.package_schedule(year)
