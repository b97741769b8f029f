"""Reads of the desk settings (per-federation deadlines) and the holiday calendar."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from gonghui.core import workdays
from gonghui.core.models import CalendarDay
from gonghui.core.scoping import MANAGING_ROLES, ROLE_CHAIR, _positions, can_chair, can_manage
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import position_kinds
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


# --- the holiday calendar: national (a platform admin's) and local adjustments (a federation's)


def calendar_orgs_for(user) -> list[Org]:
    """Federations whose local adjustments the user keeps: those where they are chair or staff."""
    if not getattr(user, "is_authenticated", False):
        return []
    ids = [org_id for _path, role, _pii, org_id in _positions(user) if role in MANAGING_ROLES]
    return list(Org.objects.filter(pk__in=ids, kind=OrgKind.FEDERATION, is_active=True).order_by("path"))


def desk_link_flags(user) -> dict:
    """Which settings pages the desk lists and the navigation link to: the deadlines (a chair) and
    the holiday calendar (a platform admin, or chair or staff of a federation). One query, memoised
    per request (orgs.selectors.position_kinds)."""
    if not getattr(user, "is_authenticated", False):
        return {"calendar": False, "settings": False}
    if getattr(user, "is_superuser", False):
        return {"calendar": True, "settings": True}
    kinds = position_kinds(user)
    return {
        "calendar": any(OrgKind.FEDERATION in kinds.get(role, ()) for role in MANAGING_ROLES),
        "settings": bool(kinds.get(ROLE_CHAIR)),
    }


def can_edit_calendar(user) -> bool:
    """Platform admins (the national table) and federation cadres (their local adjustments)."""
    return getattr(user, "is_superuser", False) or bool(calendar_orgs_for(user))


def may_edit_calendar(user, org: Org | None) -> bool:
    """The national table (org None) is a platform admin's; a federation's adjustments, its cadres'
    (chair or staff of it or of a federation above it)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if org is None:
        return bool(getattr(user, "is_superuser", False))
    return org.kind == OrgKind.FEDERATION and can_manage(user, org)


def require_calendar_editor(user, org: Org | None = None) -> None:
    if not may_edit_calendar(user, org):
        raise PermissionDenied


def calendar_org_get_for(user, uuid) -> Org:
    """The federation whose adjustments the page edits: out of scope is 404, not editable 403."""
    from gonghui.orgs.selectors import org_get_for

    org = org_get_for(user, uuid)
    require_calendar_editor(user, org)
    return org


def calendar_days_of(year: int, org: Org | None = None):
    """The rows of one table in `year`: national (org None) or the org's own adjustments."""
    qs = CalendarDay.objects.filter(date__year=year)
    qs = qs.filter(org__isnull=True) if org is None else qs.filter(org=org)
    return qs.order_by("date")


def calendar_inherited_of(year: int, org: Org):
    """Adjustments of the federations above `org` that reach it (read-only on its page)."""
    above = org.ancestor_paths()[:-1]
    return (
        CalendarDay.objects.filter(date__year=year, org__path__in=above)
        .select_related("org")
        .order_by("date", "-org__depth")
    )


def calendar_years(org: Org | None = None) -> list[int]:
    qs = CalendarDay.objects.filter(org__isnull=True)
    if org is not None:
        qs = CalendarDay.objects.filter(Q(org__isnull=True) | Q(org__path__in=org.ancestor_paths()))
    years = {d.year for d in qs.dates("date", "year")}
    today = datetime.date.today()
    years.update({today.year, today.year + 1})
    return sorted(years)


def package_schedule(year: int):
    return workdays.package_schedule(year)
