"""Reads of petitions (信访): cadres see those of their scope (and those assigned to them),
petitioners only their own."""

import datetime

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core import workdays
from gonghui.core.scoping import can_manage, can_view, child_length, group_by_prefix, subtree_q
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Org, OrgKind
from gonghui.orgs.selectors import federation_above
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.selectors.settings import desk_settings_for

OPEN_STATES = Petition.OPEN_STATES


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
            overdue_now=Case(
                When(Petition.overdue_q(today), then=Value(1)),
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
        qs = qs.filter(overdue_now=1)
    if mine_to_handle:
        qs = qs.filter(assignee=user)
    search = (search or "").strip()
    if search:
        qs = qs.filter(Q(subject__icontains=search) | Q(enterprise_name__icontains=search))
    return qs.order_by("-overdue_now", "-is_open", "reply_due", "-pk")


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


def annotate_deadlines(petitions, *, today: datetime.date | None = None) -> None:
    """Set `days_left` (working days to the effective reply deadline; negative when overdue) and
    `days_overdue` on each open petition. Whether it is overdue is `Petition.is_overdue`.

    The calendars are the process's copy (core.workdays): no query, whatever the number of rows.
    """
    today = today or timezone.localdate()
    for p in petitions:
        open_ = p.deadline is not None
        p.days_left = workdays.calendar_for(p.org_path).days_left(p.reply_due, today) if open_ else None
        p.days_overdue = -p.days_left if p.days_left is not None and p.days_left < 0 else 0


def receiving_orgs():
    """Federations an online petition can be addressed to (a short list)."""
    return Org.objects.filter(kind=OrgKind.FEDERATION, is_active=True).order_by("path")


def default_receiving_org(user) -> Org | None:
    """The federation over the user's membership, if they are a member."""
    member = member_for_user(user)
    if member is None:
        return None
    federation = federation_above(member.org)
    return federation if federation.kind == OrgKind.FEDERATION and federation.is_active else None


def reply_days_for(org: Org) -> int:
    return desk_settings_for(org).petition_reply_days or 15


def cadre_petition_counts(user, *, today: datetime.date | None = None):
    """Open petitions of the cadre's scope or assigned to them, and the overdue ones (one aggregate)."""
    from django.db.models import Count

    from gonghui.core.scoping import scope_paths

    if not scope_paths(user):
        return {"open": 0, "overdue": 0}
    today = today or timezone.localdate()
    return Petition.objects.filter(
        pk__in=_visible(user).filter(state__in=OPEN_STATES).values("pk")
    ).aggregate(open=Count("pk"), overdue=Count("pk", filter=Petition.overdue_q(today)))


def my_petition_counts(user) -> dict:
    from django.db.models import Count

    return (
        petition_mine(user)
        .order_by()
        .aggregate(open=Count("pk", filter=Q(state__in=OPEN_STATES)), total=Count("pk"))
    )


# ---------------------------------------------------------------- figures (servicedesk/indicators.py)


def _petition_metrics(today: datetime.date | None = None) -> dict:
    """Of the petitions received in the period: answered, answered by the reply deadline, and open
    past it now (Petition.overdue_q: the one rule of overdue)."""
    replied = Q(replied_at__isnull=False)
    return {
        "received": Count("pk"),
        "replied": Count("pk", filter=replied),
        "on_time": Count("pk", filter=replied & Q(replied_day__lte=F("reply_due"))),
        "overdue": Count("pk", filter=Petition.overdue_q(today)),
    }


def _petition_base(path: str, start: datetime.date, end: datetime.date):
    return (
        Petition.objects.filter(subtree_q(path, "org_path"), received_on__gte=start, received_on__lte=end)
        .annotate(replied_day=TruncDate("replied_at"))
        .order_by()
    )


def _petition_finish(row: dict) -> dict:
    """on_time_rate = answered by the deadline ÷ (answered + open past the deadline); petitions
    still within their deadline are not counted either way."""
    row = {k: row.get(k) or 0 for k in ("received", "replied", "on_time", "overdue")}
    due = row["replied"] + row["overdue"]
    row["on_time_rate"] = row["on_time"] / due if due else None
    return row


def petition_totals(
    org: Org, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict:
    """Received, answered, answered on time, overdue, on-time rate: one aggregate."""
    return _petition_finish(_petition_base(org.path, start, end).aggregate(**_petition_metrics(today)))


def petition_totals_by_child(
    org: Org, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict[str, dict]:
    """petition_totals per child subtree of `org` (its own under its path), one grouped query."""
    groups = group_by_prefix(
        _petition_base(org.path, start, end), "org_path", child_length(org.path), _petition_metrics(today)
    )
    return {prefix: _petition_finish(row) for prefix, row in groups.items()}
