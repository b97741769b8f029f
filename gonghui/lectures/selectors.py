"""Reads of lecture tours: access, schedules, the lecture requests waiting, and the figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core import scoping
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, subtree_q
from gonghui.lectures.models import Lecturer, LectureStop, LectureTour
from gonghui.servicedesk.models import Category, ServiceOrder

S = LectureStop.State
WAITING_ORDER_STATES = ("ordered", "accepted")


def require_cadre(user) -> None:
    if not scoping.is_cadre(user):
        raise PermissionDenied


def require_manager(user) -> None:
    """Creating needs a chair or staff position somewhere (a viewer reads, 403)."""
    from gonghui.orgs.selectors import manage_paths

    if not manage_paths(user):
        raise PermissionDenied


def tour_list_for(user, *, drilled=None) -> QuerySet[LectureTour]:
    """The tours a cadre's list shows; `drilled` (orgs.selectors.drilled): only the tours of the
    stops a glance tile counted."""
    require_cadre(user)
    qs = (
        LectureTour.objects.visible_to(user)
        .select_related("org")
        .annotate(
            stop_count=Count("stops", filter=~Q(stops__state=S.CANCELLED)),
            held_count=Count("stops", filter=Q(stops__state=S.HELD)),
        )
        .order_by("-created_at")
    )
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("tour"))  # the held stops' tours
    return qs


def tour_get_for(user, uuid, *, write: bool = False) -> LectureTour:
    tour = get_object_or_404(LectureTour.objects.visible_to(user).select_related("org"), uuid=uuid)
    if write and not can_manage(user, tour.org):
        raise PermissionDenied
    return tour


def tour_get_public(uuid) -> LectureTour:
    """The public page of a tour: anyone, when the tour's schedule is public."""
    tour = LectureTour.objects.select_related("org").filter(uuid=uuid, is_public=True).first()
    if tour is None:
        raise Http404
    return tour


def stops_of(tour: LectureTour) -> QuerySet[LectureStop]:
    return tour.stops.select_related("lecturer", "enterprise", "host_org", "order").order_by(
        "starts_at", "pk"
    )


def upcoming_stops_of(tour: LectureTour, now=None) -> QuerySet[LectureStop]:
    return stops_of(tour).filter(state=S.PLANNED, starts_at__gte=now or timezone.now())


def stop_get_for(user, tour: LectureTour, pk: int) -> LectureStop:
    return get_object_or_404(tour.stops.select_related("lecturer", "enterprise", "order"), pk=pk)


def lecturers_for(user) -> QuerySet[Lecturer]:
    require_cadre(user)
    return Lecturer.objects.visible_to(user).select_related("org").order_by("name")


def lecturer_choices(tour: LectureTour) -> QuerySet[Lecturer]:
    """Lecturers of the tour's org, its ancestors' and its subtree (a county tour may borrow a
    township's craftsman, and a township tour the county's model workers)."""
    from gonghui.members.audience import path_prefixes

    path = tour.org.path
    return Lecturer.objects.filter(
        Q(org_path__in=path_prefixes(path)) | subtree_q(path, "org_path"), is_active=True
    ).order_by("name")


def lecture_requests_for(user) -> QuerySet[ServiceOrder]:
    """Service orders of category lecture in the cadre's scope not yet made a stop of a tour."""
    return (
        ServiceOrder.objects.visible_to(user, own=False)
        .filter(category=Category.LECTURE, state__in=WAITING_ORDER_STATES, lecture_stop__isnull=True)
        .select_related("item", "enterprise", "org")
        .order_by("wished_date", "pk")
    )


def lecture_order_for(user, uuid) -> ServiceOrder:
    order = lecture_requests_for(user).filter(uuid=uuid).first()
    if order is None:
        raise Http404
    return order


def upcoming_stops_for_lecturer(user, now=None) -> QuerySet[LectureStop]:
    if not getattr(user, "is_authenticated", False):
        return LectureStop.objects.none()
    return (
        LectureStop.objects.filter(lecturer__user=user, state=S.PLANNED, starts_at__gte=now or timezone.now())
        .select_related("tour")
        .order_by("starts_at")
    )


# ---------------------------------------------------------------- figures


def _aggregates() -> dict:
    held = Q(state=S.HELD)
    return {
        "stops": Count("pk", filter=held),
        "person_times": Sum("headcount", filter=held, default=0),
        "enterprises": Count("enterprise", filter=held, distinct=True),
    }


def tour_figures(tour: LectureTour) -> dict:
    """Stops held, audience person-times and enterprises reached: one query."""
    row = tour.stops.aggregate(**_aggregates(), planned=Count("pk", filter=Q(state=S.PLANNED)))
    return row


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("stops", "person_times")}


# Stops of a subtree's tours (by the tour's org) in a period: those held and their audience.
FIGURES = Source(
    Scan(
        LectureStop.objects,
        "tour__org_path",
        (
            Window(
                {
                    "stops": Count("pk", filter=Q(state=S.HELD)),
                    "person_times": Sum("headcount", filter=Q(state=S.HELD)),
                },
                lambda lo, hi: Q(starts_at__gte=lo, starts_at__lt=hi),
            ),
        ),
    ),
    clean=_clean,
)
