"""Care: recuperation — queries and access: what reaches a member, what a cadre manages, figures."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.care.models.recuperation import (
    RecuperationApplication,
    RecuperationProgramme,
    RecuperationTrip,
)
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view
from gonghui.members.audience import path_prefixes
from gonghui.members.selectors.lifecycle import member_for_user

State = RecuperationApplication.State


def _member(user):
    if not getattr(user, "is_authenticated", False):
        return None
    from gonghui.core import homes

    # The home asks several apps about the same person in one request: one lookup (members' memo key).
    return homes.memo(user, "member", lambda: member_for_user(user))


def open_for(user):
    """Programmes whose window is open and whose org's subtree holds the user's union."""
    member = _member(user)
    if member is None:
        return RecuperationProgramme.objects.none()
    now = timezone.now()
    return (
        RecuperationProgramme.objects.filter(
            org_path__in=path_prefixes(member.org_path),
            state=RecuperationProgramme.State.OPEN,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .select_related("org")
        .prefetch_related("trips")
        .order_by("closes_at", "pk")
    )


def managed_for(user, *, drilled=None):
    """The programmes a cadre's list shows; `drilled` (orgs.selectors.drilled): only those of the
    applications a glance tile counted."""
    qs = RecuperationProgramme.objects.visible_to(user)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("programme"))
    return (
        qs.select_related("org")
        # who applied and still stands (as counts() totals them): a withdrawn application is none
        .annotate(applicants=Count("applications", filter=~Q(applications__state=State.WITHDRAWN)))
        .order_by("-opens_at", "-pk")
    )


def to_draw_for(user):
    """A cadre's to-do: programmes they manage whose window has closed and that are not drawn yet."""
    return (
        RecuperationProgramme.objects.visible_to(user)
        .filter(state=RecuperationProgramme.State.OPEN, closes_at__lte=timezone.now())
        .select_related("org")
        .order_by("closes_at")
    )


def programme_get_for(user, uuid, *, write: bool = False) -> RecuperationProgramme:
    """A programme the user may see: in their scope, reaching their union, or applied for."""
    programme = get_object_or_404(RecuperationProgramme.objects.select_related("org"), uuid=uuid)
    manage = can_manage(user, programme.org)
    if write:
        if manage:
            return programme
        if can_view(user, programme.org):
            raise PermissionDenied
        raise Http404
    if manage or can_view(user, programme.org):
        return programme
    member = _member(user)
    if member is not None and member.org_path.startswith(programme.org_path):
        return programme
    if member is not None and programme.applications.filter(member=member).exists():
        return programme
    raise Http404


def trips_of(programme: RecuperationProgramme) -> list[RecuperationTrip]:
    return list(programme.trips.all())


def trip_get_for(user, uuid) -> RecuperationTrip:
    """A trip's roster: cadres who may view the programme's org (others 404)."""
    trip = get_object_or_404(RecuperationTrip.objects.select_related("programme__org"), uuid=uuid)
    if not can_view(user, trip.programme.org):
        raise Http404
    return trip


def application_of(user, programme: RecuperationProgramme) -> RecuperationApplication | None:
    member = _member(user)
    if member is None:
        return None
    return RecuperationApplication.objects.filter(programme=programme, member=member).first()


def application_get_for(user, uuid) -> RecuperationApplication:
    entry = get_object_or_404(
        RecuperationApplication.objects.select_related("programme__org", "trip", "member", "user"), uuid=uuid
    )
    if entry.user_id != getattr(user, "pk", None) and not can_manage(user, entry.programme.org):
        raise Http404
    return entry


def my_applications(user):
    return (
        RecuperationApplication.objects.filter(user=user)
        .select_related("programme__org", "trip")
        .order_by("-programme__year", "-created_at")
    )


def applications_of(programme: RecuperationProgramme):
    return programme.applications.select_related("member__org", "trip").order_by("number")


def draw_results(programme: RecuperationProgramme):
    """The published result: applications in draw order (rank), then those who withdrew before."""
    return programme.applications.select_related("member", "trip").order_by(
        F("rank").asc(nulls_last=True), "number"
    )


def roster_of(trip: RecuperationTrip):
    """Who goes on the trip: places held (registered, and offers not yet accepted)."""
    return (
        trip.applications.filter(state__in=[State.REGISTERED, State.OFFERED])
        .select_related("member__org", "member__enterprise")
        .order_by("rank", "number")
    )


def counts(programme: RecuperationProgramme) -> dict:
    rows = programme.applications.values("state").annotate(n=Count("pk"))
    by = {r["state"]: r["n"] for r in rows}
    return {state: by.get(state, 0) for state in State.values} | {
        "total": sum(n for s, n in by.items() if s != State.WITHDRAWN)
    }


# ---------------------------------------------------------------- figures


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("applications", "places", "sent")}


_NOT_CANCELLED = ~Q(programme__state=RecuperationProgramme.State.CANCELLED)

# In a subtree (by the programme's org) and a period: applications made, places of the trips
# starting, and the people sent (a place held on a trip that has started).
FIGURES = Source(
    Scan(
        RecuperationApplication.objects.filter(_NOT_CANCELLED),
        "programme__org_path",
        (
            Window({"applications": Count("pk")}, lambda lo, hi: Q(created_at__gte=lo, created_at__lt=hi)),
            Window(
                {"sent": Count("pk")},
                lambda lo, hi: Q(
                    state=State.REGISTERED,
                    trip__starts_on__gte=_day(lo),
                    trip__starts_on__lt=_day(hi),
                    trip__starts_on__lte=timezone.localdate(),
                ),
            ),
        ),
    ),
    Scan(
        RecuperationTrip.objects.filter(_NOT_CANCELLED),
        "programme__org_path",
        (
            Window(
                {"places": Sum("capacity")}, lambda lo, hi: Q(starts_on__gte=_day(lo), starts_on__lt=_day(hi))
            ),
        ),
    ),
    clean=_clean,
)
