"""Supervision letters: reads, access and figures."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, is_cadre, subtree_q
from gonghui.orgs.models import Enterprise
from gonghui.rights.models.letters import LETTER_FLOW, SupervisionLetter, overdue_q

OPEN = ("issued", "served", "replied")


def letter_list_for(user, *, state: str = "", kind: str = "", q: str = "") -> QuerySet[SupervisionLetter]:
    if not is_cadre(user):
        raise PermissionDenied
    qs = SupervisionLetter.objects.visible_to(user).select_related("org", "enterprise")
    if state == "overdue":
        qs = qs.filter(overdue_q())
    elif state == "open":
        qs = qs.filter(state__in=OPEN)
    elif state in LETTER_FLOW.states:
        qs = qs.filter(state=state)
    if kind in SupervisionLetter.Kind.values:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(addressee__icontains=q) | Q(number__icontains=q) | Q(title__icontains=q))
    return (
        qs.order_by(F("reply_due").asc(nulls_last=True), "-created_at")
        if state == "open"
        else qs.order_by("-created_at")
    )


def letter_get_for(user, uuid, *, write: bool = False) -> SupervisionLetter:
    letter = get_object_or_404(
        SupervisionLetter.objects.visible_to(user).select_related(
            "org", "enterprise", "parent", "created_by"
        ),
        uuid=uuid,
    )
    if write and not can_manage(user, letter.org):
        raise PermissionDenied
    return letter


def awaiting_reply_for(user) -> QuerySet[SupervisionLetter]:
    """Served letters of the cadre's subtrees whose reply has not come, the earliest deadline first."""
    return (
        SupervisionLetter.objects.visible_to(user, own=False)
        .filter(state="served")
        .select_related("org")
        .order_by("reply_due", "pk")
    )


def enterprises_for(org) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(subtree_q(org.path, "org__path")).order_by("name")


def history_of(letter: SupervisionLetter) -> list:
    rows = list(LETTER_FLOW.history(letter))
    for row in rows:
        t = LETTER_FLOW.transitions.get(row.transition)
        row.action_label = str(t.label) if t else row.transition
        row.state_label = LETTER_FLOW.label(row.to_state)
    return rows


# ---------------------------------------------------------------- figures


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _rates(row: dict) -> dict:
    row = {k: (v or 0) for k, v in row.items()}
    served = row["served"]
    row["on_time_rate"] = row["replied_on_time"] / served if served else None
    row["rectified_rate"] = row["rectified"] / served if served else None
    return row


_SERVED = Q(served_on__isnull=False) & ~Q(kind=SupervisionLetter.Kind.RECOMMENDATION)

# Letters issued in a subtree in a period: by kind, served (reminders and opinions), replied on
# time and rectified of those, escalated.
FIGURES = Source(
    Scan(
        SupervisionLetter.objects,
        "org_path",
        (
            Window(
                {
                    **{f"letters_{k}": Count("pk", filter=Q(kind=k)) for k in SupervisionLetter.Kind.values},
                    "letters": Count("pk"),
                    "served": Count("pk", filter=_SERVED),
                    "replied_on_time": Count(
                        "pk", filter=_SERVED & Q(replied_on__isnull=False, replied_on__lte=F("reply_due"))
                    ),
                    "rectified": Count("pk", filter=_SERVED & Q(verified_on__isnull=False)),
                    "escalated": Count("pk", filter=Q(state="escalated")),
                },
                lambda lo, hi: Q(issued_on__gte=_day(lo), issued_on__lt=_day(hi)),
            ),
        ),
    ),
    clean=_rates,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
