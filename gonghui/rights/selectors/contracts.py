"""Collective consultation and contracts: reads, access and coverage figures.

A round and its contract are seen by the cadres of the union's subtree (the union and those above
it); outside it they do not exist (404). A member sees the published contracts that cover their
enterprise.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, is_cadre, subtree_q
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import manageable_orgs
from gonghui.rights.models.contracts import (
    REMIND_MONTHS,
    ConsultationRound,
    Contract,
    ContractState,
    add_months,
)


def require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


def contract_list_for(user, *, state: str = "") -> QuerySet[Contract]:
    require_cadre(user)
    qs = Contract.objects.visible_to(user).select_related("org", "round")
    if state == "expiring":
        qs = expiring(qs)
    elif state == "filing":
        qs = qs.filter(state=ContractState.VOTED)
    elif state in ContractState.values:
        qs = qs.filter(state=state)
    return qs.annotate(enterprise_count=Count("enterprises")).order_by("ends_on", "pk")


def round_list_for(user) -> QuerySet[ConsultationRound]:
    require_cadre(user)
    return (
        ConsultationRound.objects.visible_to(user)
        .select_related("org", "contract", "renews")
        .order_by("-started_on", "-pk")
    )


def round_get_for(user, uuid, *, write: bool = False) -> ConsultationRound:
    round_ = get_object_or_404(
        ConsultationRound.objects.visible_to(user).select_related("org", "contract", "renews__round"),
        uuid=uuid,
    )
    if write and not can_manage(user, round_.org):
        raise PermissionDenied
    return round_


def round_orgs_for(user) -> QuerySet[Org]:
    """The unions the user may hold a consultation for: every active org they manage."""
    return manageable_orgs(user).order_by("path")


def enterprises_for(org: Org) -> QuerySet[Enterprise]:
    """Enterprises a union may sign for: those in its area or covered by a union in its subtree."""
    return Enterprise.objects.filter(
        subtree_q(org.path, "org_path") | subtree_q(org.path, "union__path")
    ).order_by("name")


def _expiring_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(state=ContractState.IN_FORCE, ends_on__gte=today, ends_on__lte=add_months(today, REMIND_MONTHS))


def expiring(qs: QuerySet[Contract], today: datetime.date | None = None) -> QuerySet[Contract]:
    """In force and ending within three months."""
    return qs.filter(_expiring_q(today))


def expiring_for(user) -> QuerySet[Contract]:
    return (
        expiring(Contract.objects.visible_to(user)).select_related("org", "round").order_by("ends_on", "pk")
    )


def filings_due_for(user) -> QuerySet[Contract]:
    """Voted and not yet filed, the earliest due date first."""
    return (
        Contract.objects.visible_to(user)
        .filter(state=ContractState.VOTED)
        .select_related("org", "round")
        .order_by("filing_due", "pk")
    )


def home_contracts_for(user) -> QuerySet[Contract]:
    """What the cadre's home tiles show, in one query: expiring contracts and filings due."""
    from django.db.models import Q

    today = timezone.localdate()
    soon = Q(state=ContractState.IN_FORCE, ends_on__gte=today, ends_on__lte=add_months(today, REMIND_MONTHS))
    return (
        Contract.objects.visible_to(user)
        .filter(soon | Q(state=ContractState.VOTED))
        .select_related("org", "round")
        .order_by("ends_on", "filing_due", "pk")
    )


def published_for_member(user) -> QuerySet[Contract]:
    """The published contracts (filed or in force) covering the member's enterprise."""
    from gonghui.members.selectors.lifecycle import member_for_user

    member = member_for_user(user)
    if member is None or member.enterprise_id is None:
        return Contract.objects.none()
    return (
        Contract.objects.filter(
            enterprises=member.enterprise_id,
            published_on__isnull=False,
            state__in=(ContractState.FILED, ContractState.IN_FORCE),
        )
        .select_related("org")
        .order_by("-starts_on", "pk")
    )


# ---------------------------------------------------------------- figures


def _clean(row: dict) -> dict:
    return {k: (v or 0) for k, v in row.items()}


# Now, whatever the period, for a subtree: enterprises (by where they are) covered by a contract
# in force; the contracts in force, the employees they cover, those ending in the next three months
# and those voted but not yet filed.
FIGURES = Source(
    Scan(
        Contract.objects,
        "org_path",
        (
            Window(
                {"contracts_in_force": Count("pk"), "employees_covered": Sum("employees_covered")},
                lambda lo, hi: Q(state=ContractState.IN_FORCE),
                state=True,
            ),
            Window({"expiring": Count("pk")}, lambda lo, hi: _expiring_q(), state=True),
            Window({"filings_due": Count("pk")}, lambda lo, hi: Q(state=ContractState.VOTED), state=True),
        ),
    ),
    Scan(
        Enterprise.objects.filter(
            Exists(
                Contract.enterprises.through.objects.filter(
                    enterprise_id=OuterRef("pk"), contract__state=ContractState.IN_FORCE
                )
            )
        ),
        "org_path",
        (Window({"enterprises_covered": Count("pk")}, state=True),),
    ),
    clean=_clean,
)


def figures(org, lo=None, hi=None) -> dict:
    """Now, for the org's subtree (the period makes no difference): two queries."""
    return FIGURES.figures(org, lo, hi)


def figures_by_child(org, lo=None, hi=None) -> dict[str, dict]:
    """The same per child subtree: two grouped queries whatever the number of children."""
    return FIGURES.figures_by_child(org, lo, hi)


def enterprise_choices_for(user) -> QuerySet[Enterprise]:
    """Enterprises the user's unions may sign for (the service checks the chosen union's reach)."""
    from django.db.models import Q

    from gonghui.orgs.selectors import manage_paths

    q = Q(pk__in=[])
    for path in manage_paths(user):
        q |= subtree_q(path, "org_path") | subtree_q(path, "union__path")
    return Enterprise.objects.filter(q).select_related("union").order_by("name")
