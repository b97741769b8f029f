"""Hardship files and assistance: reads, access and figures.

A file is seen by the cadres of its org's subtree (the union that proposed it and the unions above
it that verify and approve it) and by the worker it is about; outside that it does not exist (404).
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.care.models.hardship import HARDSHIP_CHAIN, Assistance, HardshipClass, HardshipFile, PovertyLine
from gonghui.core import approval
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import (
    can_manage,
    is_cadre,
    path_prefixes,
    scope_paths,
    subtree_q,
)
from gonghui.orgs.models import MEMBER_KINDS, Org
from gonghui.orgs.selectors import manageable_orgs

CLASSES = [c.value for c in HardshipClass]


def file_list_for(user, *, state: str = "", klass: str = "", q: str = "") -> QuerySet[HardshipFile]:
    """The files of the cadre's subtrees: `state` is a chain state, `on_file`, `exited` or `awaiting`."""
    if not is_cadre(user):
        raise PermissionDenied
    qs = HardshipFile.objects.visible_to(user).select_related("member", "org", "approval_org")
    if state == "awaiting":
        qs = qs.filter(HARDSHIP_CHAIN.awaiting_q(user))
    elif state == "on_file":
        qs = qs.filter(state=approval.APPROVED, exited_on__isnull=True)
    elif state == "exited":
        qs = qs.filter(exited_on__isnull=False)
    elif state in dict(HARDSHIP_CHAIN.choices()):
        qs = qs.filter(state=state)
    if klass in CLASSES:
        qs = qs.filter(hardship_class=klass)
    if q:
        qs = qs.filter(Q(member__name__icontains=q.strip()) | Q(member__member_no=q.strip()))
    return qs.order_by("-created_at", "-pk")


def awaiting_for(user) -> QuerySet[HardshipFile]:
    """What waits at a level the user acts at, oldest deadline first."""
    return (
        HardshipFile.objects.filter(HARDSHIP_CHAIN.awaiting_q(user))
        .select_related("member", "org")
        .order_by("approval_due", "pk")
    )


def file_get_for(user, uuid, *, write: bool = False) -> HardshipFile:
    file = get_object_or_404(
        HardshipFile.objects.visible_to(user).select_related("member", "org", "approval_org"), uuid=uuid
    )
    if write and not can_manage(user, file.org):
        raise PermissionDenied
    return file


def files_of_worker(user) -> QuerySet[HardshipFile]:
    """The worker's own files (what they may see of them: the state and the aid, not the notes)."""
    if not user.is_authenticated:
        return HardshipFile.objects.none()
    return HardshipFile.objects.filter(member__user=user).select_related("org").order_by("-created_at")


def assistance_of(file: HardshipFile) -> QuerySet[Assistance]:
    return file.assistance.select_related("org").order_by("-given_on", "-pk")


def giving_orgs_for(user, file: HardshipFile) -> list[Org]:
    """The unions the user may give aid from: the file's union and those above it that the user manages."""
    orgs = Org.objects.filter(path__in=path_prefixes(file.org_path), is_active=True).order_by("-path")
    return [o for o in orgs if can_manage(user, o)]


def line_orgs_for(user) -> QuerySet[Org]:
    """The regions whose line the user may set: federations, townships, streets and parks they manage."""
    return manageable_orgs(user, exclude_kinds=MEMBER_KINDS).order_by("path")


def lines_for(user) -> QuerySet[PovertyLine]:
    """The lines that apply in the user's subtrees: those set inside them and those set above them."""
    q = Q(pk__in=[])
    for path in scope_paths(user):
        q |= subtree_q(path, "org__path") | Q(org__path__in=path_prefixes(path))
    return PovertyLine.objects.filter(q).select_related("org").order_by("-year", "org__path")


def history_of(file: HardshipFile) -> list:
    return HARDSHIP_CHAIN.timeline(file)


# ---------------------------------------------------------------- figures


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _on_file(lo, hi) -> Q:
    """Approved before the period's end and not exited by then."""
    return Q(state=approval.APPROVED, decided_at__lt=hi) & (
        Q(exited_on__isnull=True) | Q(exited_on__gte=_day(hi))
    )


def _clean(row: dict) -> dict:
    return {k: (v or 0) for k, v in row.items()}


# For a subtree: households on file by class at the period's end, files in the chain now, new files
# and exits in the period (by the file's union), and aid given in the period (by the file's union:
# the aid that reached the subtree, from whichever union gave it).
FIGURES = Source(
    Scan(
        HardshipFile.objects,
        "org_path",
        (
            Window(
                {
                    "households": Count("pk"),
                    **{f"households_{c}": Count("pk", filter=Q(hardship_class=c)) for c in CLASSES},
                },
                _on_file,
                state=True,
            ),
            Window(
                {"pending": Count("pk")},
                lambda lo, hi: Q(state__in=HARDSHIP_CHAIN.pending_states),
                state=True,
            ),
            Window(
                {"new_files": Count("pk")},
                lambda lo, hi: Q(state=approval.APPROVED, decided_at__gte=lo, decided_at__lt=hi),
            ),
            Window({"exits": Count("pk")}, lambda lo, hi: Q(exited_on__gte=_day(lo), exited_on__lt=_day(hi))),
        ),
    ),
    Scan(
        Assistance.objects,
        "file_path",
        (
            Window(
                {
                    "aid_amount": Sum("amount"),
                    "aid_count": Count("pk"),
                    **{f"aid_{kind}": Sum("amount", filter=Q(kind=kind)) for kind in Assistance.Kind.values},
                },
                lambda lo, hi: Q(given_on__gte=_day(lo), given_on__lt=_day(hi)),
            ),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
