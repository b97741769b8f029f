"""Reads of the worker diary (工情日记) and its follow-ups, and finding a cadre to take a task."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404

from gonghui.accounts.models import User
from gonghui.accounts.selectors import managing_positions
from gonghui.core.scoping import MANAGING_ROLES, _positions, can_manage
from gonghui.core.validators import normalize_mobile
from gonghui.orgs.models import Enterprise, Org
from gonghui.servicedesk.models import DiaryEntry, FollowUp


def writing_orgs_for(user) -> list[Org]:
    """Orgs a cadre records diary entries and petitions under: the orgs of their managing
    positions (a handful, never a whole subtree)."""
    ids = [org_id for _path, role, _pii, org_id in _positions(user) if role in MANAGING_ROLES]
    return list(Org.objects.filter(pk__in=ids, is_active=True).order_by("path"))


def require_writer(user) -> None:
    """Viewers and people without a position get 403 on the forms."""
    if not writing_orgs_for(user):
        raise PermissionDenied


def require_cadre(user) -> None:
    """Diaries and petitions are confidential: a platform superuser without a position is refused."""
    if not _positions(user):
        raise PermissionDenied


def enterprises_in_scope(user):
    return Enterprise.objects.visible_to(user)


def cadre_for_org(org: Org, mobile: str) -> User | None:
    """A user with a managing position at `org`, above it, or below it, found by mobile number.

    Raises nothing: None means no such cadre (the caller says so in Chinese).
    """
    try:
        phone = normalize_mobile(mobile)
    except Exception:
        return None
    positions = managing_positions(phone=phone)
    for p in positions:
        if org.path.startswith(p.org.path) or p.org.path.startswith(org.path):
            return p.user
    return None


def is_cadre_for_org(user, org: Org) -> bool:
    if user is None:
        return False
    return any(
        role in MANAGING_ROLES and (org.path.startswith(path) or path.startswith(org.path))
        for path, role, _pii, _id in _positions(user)
    )


def diary_list_for(
    user,
    *,
    enterprise: str = "",
    author: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
):
    qs = (
        DiaryEntry.objects.visible_to(user)
        .select_related("org", "author", "enterprise")
        .annotate(
            follow_up_count=Count("follow_ups"),
            open_count=Count("follow_ups", filter=Q(follow_ups__state="open")),
        )
    )
    if enterprise:
        qs = qs.filter(enterprise__name__icontains=enterprise)
    if author:
        qs = qs.filter(author__name__icontains=author)
    if start:
        qs = qs.filter(visited_on__gte=start)
    if end:
        qs = qs.filter(visited_on__lte=end)
    return qs.order_by("-visited_on", "-pk")


def diary_get_for(user, uuid) -> DiaryEntry:
    return get_object_or_404(
        DiaryEntry.objects.visible_to(user).select_related("org", "author", "enterprise"), uuid=uuid
    )


def follow_ups_of(entry: DiaryEntry):
    return entry.follow_ups.select_related("assignee").order_by("due_date", "pk")


def follow_up_list_for(user, *, mine: bool = True, state: str = "open"):
    """Follow-ups: the user's own (as assignee), or every one in the user's scope; overdue first."""
    qs = FollowUp.objects.filter(assignee=user) if mine else FollowUp.objects.visible_to(user)
    qs = qs.select_related("entry", "entry__org", "entry__enterprise", "entry__author", "assignee")
    if state == "done":
        return qs.filter(state="done").order_by("-done_at", "-pk")
    if state == "open":
        qs = qs.filter(state="open")
    # Open before done ("open" > "done"), the oldest due date (the overdue ones) first.
    return qs.order_by("-state", "due_date", "pk")


def follow_up_get_for(user, pk: int) -> FollowUp:
    return get_object_or_404(
        FollowUp.objects.visible_to(user).select_related(
            "entry", "entry__org", "entry__enterprise", "assignee"
        ),
        pk=pk,
    )


def can_manage_entry(user, entry: DiaryEntry) -> bool:
    return can_manage(user, entry.org)
