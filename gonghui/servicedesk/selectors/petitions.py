"""Reads of petitions (信访): cadres see those of their scope (and those assigned to them),
petitioners only their own."""

import datetime

from django.db.models import Case, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.scoping import can_manage, can_view
from gonghui.core.workdays import Calendar
from gonghui.orgs.models import Org, OrgKind
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.selectors.settings import desk_settings_for

OPEN_STATES = ("received", "assigned")


def _visible(user):
    """In scope, the petitioner's own, or assigned to the user (an assignee from a union below)."""
    if not getattr(user, "is_authenticated", False):
        return Petition.objects.none()
    return Petition.objects.visible_to(user) | Petition.objects.filter(assignee=user)


def petition_list_for(
    user,
    *,
    state: str = "",
    overdue: bool = False,
    mine_to_handle: bool = False,
    search: str = "",
    today: datetime.date | None = None,
):
    """Overdue ones first (reply due before today and not yet replied), then by reply deadline."""
    today = today or timezone.localdate()
    qs = (
        _visible(user)
        .select_related("org", "assignee")
        .annotate(
            is_overdue=Case(
                When(Q(reply_due__lt=today, state__in=OPEN_STATES), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
            is_open=Case(
                When(state__in=OPEN_STATES, then=Value(1)), default=Value(0), output_field=IntegerField()
            ),
        )
    )
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(is_overdue=1)
    if mine_to_handle:
        qs = qs.filter(assignee=user)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(enterprise_name__icontains=search))
    return qs.order_by("-is_overdue", "-is_open", "reply_due", "-pk")


def petition_mine(user):
    if not getattr(user, "is_authenticated", False):
        return Petition.objects.none()
    return Petition.objects.filter(petitioner=user).select_related("org").order_by("-received_on", "-pk")


def petition_get_for(user, uuid) -> Petition:
    return get_object_or_404(
        _visible(user).select_related("org", "assignee", "petitioner").distinct(), uuid=uuid
    )


def acts_as_cadre(user, petition: Petition) -> bool:
    """Whether the user looks at the petition as a cadre (scope or assignee), not as its petitioner."""
    return can_view(user, petition.org) or (
        petition.assignee_id is not None and petition.assignee_id == user.pk
    )


def may_reveal_phone(user, petition: Petition) -> bool:
    return can_manage(user, petition.org) or (
        petition.assignee_id is not None and petition.assignee_id == user.pk
    )


def annotate_deadlines(
    petitions, *, today: datetime.date | None = None, calendar: Calendar | None = None
) -> None:
    """Set `days_left` (working days; negative when overdue) and `overdue` on each petition.

    One Calendar for the whole page: one query per year touched, whatever the number of rows.
    """
    today = today or timezone.localdate()
    calendar = calendar or Calendar()
    for p in petitions:
        p.is_overdue_now = p.state in OPEN_STATES and p.reply_due < today
        p.days_left = calendar.working_days_left(today, p.reply_due) if p.state in OPEN_STATES else None
        p.days_overdue = -p.days_left if p.days_left is not None and p.days_left < 0 else 0


def receiving_orgs():
    """Federations an online petition can be addressed to (a short list)."""
    return Org.objects.filter(kind=OrgKind.FEDERATION, is_active=True).order_by("path")


def default_receiving_org(user) -> Org | None:
    """The federation over the user's membership, if they are a member."""
    from gonghui.members.models import Member

    member = Member.objects.filter(user=user).select_related("org").order_by("-pk").first()
    if member is None:
        return None
    return (
        Org.objects.filter(path__in=member.org.ancestor_paths(), kind=OrgKind.FEDERATION, is_active=True)
        .order_by("-depth")
        .first()
    )


def reply_days_for(org: Org) -> int:
    return desk_settings_for(org).petition_reply_days or 15
