"""Care: women-worker care — the cadre's lists, access and figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view

KINDS = WomenCareRecord.Kind.values


def records_for(user, *, kind: str = "", drilled=None):
    """The records a cadre's list shows; `drilled` (orgs.selectors.drilled): only those a glance
    tile counted."""
    qs = WomenCareRecord.objects.visible_to(user).select_related("org", "member")
    if kind in KINDS:
        qs = qs.filter(kind=kind)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs.order_by("-date", "-pk")


def record_get_for(user, uuid) -> WomenCareRecord:
    return get_object_or_404(records_for(user), uuid=uuid)


def places_for(user):
    return WomenCarePlace.objects.visible_to(user).select_related("org").order_by("org_path", "name")


def place_get_for(user, uuid, *, write: bool = False) -> WomenCarePlace:
    place = get_object_or_404(WomenCarePlace.objects.select_related("org"), uuid=uuid)
    if can_manage(user, place.org):
        return place
    if can_view(user, place.org):
        if write:
            raise PermissionDenied
        return place
    raise Http404


def open_places():
    """Places open to women workers (anyone may look them up): name, address, hours — no personal data."""
    return WomenCarePlace.objects.filter(is_active=True).select_related("org").order_by("org_path", "name")


# ---------------------------------------------------------------- figures


def _dated(lo, hi) -> Q:
    return Q(date__gte=lo.date(), date__lt=hi.date())


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("records", "reached", *(f"kind_{k}" for k in KINDS))}


# Care records of a subtree dated in a period: records, women reached, records by kind.
FIGURES = Source(
    Scan(
        WomenCareRecord.objects,
        "org_path",
        (
            Window(
                {
                    "records": Count("pk"),
                    "reached": Sum("people_reached"),
                    **{f"kind_{kind}": Count("pk", filter=Q(kind=kind)) for kind in KINDS},
                },
                _dated,
            ),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
figures_together = FIGURES.together
