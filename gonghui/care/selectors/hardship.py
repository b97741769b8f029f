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
from gonghui.core.scoping import (
    can_manage,
    child_length,
    group_by_prefix,
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


def _file_counts(lo: datetime.datetime, hi: datetime.datetime) -> dict:
    """One pass over the files: households on file at the period's end by class (approved before
    `hi`, not exited by then), new files and exits in the period, and those in the chain now."""
    end = _day(hi)
    on_file = Q(state=approval.APPROVED, decided_at__lt=hi) & (
        Q(exited_on__isnull=True) | Q(exited_on__gte=end)
    )
    counts = {f"households_{c}": Count("pk", filter=on_file & Q(hardship_class=c)) for c in CLASSES}
    counts["households"] = Count("pk", filter=on_file)
    counts["new_files"] = Count(
        "pk", filter=Q(state=approval.APPROVED, decided_at__gte=lo, decided_at__lt=hi)
    )
    counts["exits"] = Count("pk", filter=Q(exited_on__gte=_day(lo), exited_on__lt=end))
    counts["pending"] = Count("pk", filter=Q(state__in=HARDSHIP_CHAIN.pending_states))
    return counts


def _aid_sums() -> dict:
    sums = {"aid_amount": Sum("amount"), "aid_count": Count("pk")}
    for kind in Assistance.Kind.values:
        sums[f"aid_{kind}"] = Sum("amount", filter=Q(kind=kind))
    return sums


def _aid(lo, hi) -> QuerySet[Assistance]:
    return Assistance.objects.filter(given_on__gte=_day(lo), given_on__lt=_day(hi))


def _clean(row: dict) -> dict:
    return {k: (v or 0) for k, v in row.items()}


def figures(org, lo: datetime.datetime, hi: datetime.datetime) -> dict:
    """For the org's subtree: households on file by class at the period's end, new files and exits
    in the period, aid given in the period (by the file's union: the aid that reached the subtree).
    Two queries."""
    row = HardshipFile.objects.filter(subtree_q(org.path, "org_path")).aggregate(**_file_counts(lo, hi))
    row.update(_aid(lo, hi).filter(subtree_q(org.path, "file_path")).aggregate(**_aid_sums()))
    return _clean(row)


def figures_by_child(org, lo: datetime.datetime, hi: datetime.datetime) -> dict[str, dict]:
    """The same per child subtree: two grouped queries, whatever the number of children."""
    length = child_length(org.path)
    parts = [
        group_by_prefix(
            HardshipFile.objects.filter(subtree_q(org.path, "org_path")),
            "org_path",
            length,
            _file_counts(lo, hi),
        ),
        group_by_prefix(
            _aid(lo, hi).filter(subtree_q(org.path, "file_path")), "file_path", length, _aid_sums()
        ),
    ]
    paths = {p for part in parts for p in part}
    return {path: _clean({k: v for part in parts for k, v in part.get(path, {}).items()}) for path in paths}
