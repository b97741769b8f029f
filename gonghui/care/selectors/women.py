"""Care: women-worker care — the cadre's lists, access and figures."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.care.models.women import WomenCarePlace, WomenCareRecord
from gonghui.core.scoping import can_manage, can_view, child_length, group_by_prefix, subtree_q

KINDS = WomenCareRecord.Kind.values


def records_for(user, *, kind: str = ""):
    qs = WomenCareRecord.objects.visible_to(user).select_related("org", "member")
    if kind in KINDS:
        qs = qs.filter(kind=kind)
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


def _sums(within: Q | None = None) -> dict:
    """Records, women reached and records by kind (of those `within`, when given)."""

    def only(q: Q | None) -> dict:
        both = q if within is None else (within if q is None else within & q)
        return {} if both is None else {"filter": both}

    sums = {"records": Count("pk", **only(None)), "reached": Sum("people_reached", **only(None))}
    for kind in KINDS:
        sums[f"kind_{kind}"] = Count("pk", **only(Q(kind=kind)))
    return sums


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("records", "reached", *(f"kind_{k}" for k in KINDS))}


def _in(lo, hi):
    return WomenCareRecord.objects.filter(date__gte=lo.date(), date__lt=hi.date())


def figures(org, lo: datetime.datetime, hi: datetime.datetime) -> dict:
    """Care records of the org's subtree dated in [lo, hi): records, women reached, records by kind."""
    return _clean(_in(lo, hi).filter(subtree_q(org.path, "org_path")).aggregate(**_sums()))


def figures_together(org, period, compared) -> tuple[dict, dict, dict[str, dict]]:
    """The glance's three reads (now, the compared period, the children now) in one grouped query."""
    (lo, hi), (clo, chi) = period.bounds(), compared.bounds()
    aggregates = {f"{k}__now": v for k, v in _sums(_dated(lo, hi)).items()}
    aggregates.update({f"{k}__cmp": v for k, v in _sums(_dated(clo, chi)).items()})
    qs = WomenCareRecord.objects.filter(subtree_q(org.path, "org_path")).filter(
        _dated(lo, hi) | _dated(clo, chi)
    )
    rows = group_by_prefix(qs, "org_path", child_length(org.path), aggregates)

    def part(row, suffix):
        return _clean({k.removesuffix(suffix): v for k, v in row.items() if k.endswith(suffix)})

    children = {path: part(row, "__now") for path, row in rows.items()}
    before = [part(row, "__cmp") for row in rows.values()]
    keys = list(_clean({}))
    now = {k: sum(c[k] for c in children.values()) for k in keys}
    return now, {k: sum(c[k] for c in before) for k in keys}, children


def figures_by_child(org, lo: datetime.datetime, hi: datetime.datetime) -> dict[str, dict]:
    rows = group_by_prefix(
        _in(lo, hi).filter(subtree_q(org.path, "org_path")), "org_path", child_length(org.path), _sums()
    )
    return {path: _clean(row) for path, row in rows.items()}
