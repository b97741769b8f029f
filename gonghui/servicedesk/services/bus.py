"""The mobile service bus (流动服务车): plan a trip, its route of stops, services recorded at each stop."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import require_manage
from gonghui.orgs.models import Enterprise, Org
from gonghui.servicedesk.models import BusStop, BusTrip, MenuItem, StopService
from gonghui.servicedesk.selectors.bus import may_record
from gonghui.servicedesk.workflows import BUS_TRIP_FLOW


def _check_on_board(org: Org, teams, items) -> tuple[list, list]:
    """Teams and items of the trip's org or of an org above it (the federation's menu); items must be
    allowed on the bus."""
    paths = set(org.ancestor_paths())
    teams, items = list(teams), list(items)
    errors = {}
    if any(t.org.path not in paths or not t.is_active for t in teams):
        errors["teams"] = _("只能选择本组织或上级组织的有效服务队。")
    if not items:
        errors["items"] = _("请至少选择一个随车服务项目。")
    elif any(i.org.path not in paths or not i.is_active for i in items):
        errors["items"] = _("只能选择本组织或上级组织服务菜单中的项目。")
    elif any(not i.bus_eligible for i in items):
        names = "、".join(i.title for i in items if not i.bus_eligible)
        errors["items"] = _("“%(names)s”不能随流动服务车提供。") % {"names": names}
    if errors:
        raise ValidationError(errors)
    return teams, items


def _check_trip_fields(*, title: str, date: datetime.date | None) -> str:
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("请填写行程名称。")
    if date is None:
        errors["date"] = _("请填写出车日期。")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def trip_plan(
    *, org: Org, title: str, date: datetime.date, vehicle: str = "", teams=(), items=(), actor
) -> BusTrip:
    require_manage(actor, org)
    title = _check_trip_fields(title=title, date=date)
    teams, items = _check_on_board(org, teams, items)
    # A double-submitted form: the same trip of the same org on the same day is the one already planned.
    existing = BusTrip.objects.filter(org=org, title=title, date=date, state=BusTrip.State.PLANNED).first()
    if existing is not None:
        return existing
    trip = BusTrip.objects.create(org=org, title=title, date=date, vehicle=(vehicle or "").strip())
    trip.teams.set(teams)
    trip.items.set(items)
    audit.record(trip, action="bus_trip_plan", actor=actor, changes={"title": [None, title]})
    return trip


def _require_planned(trip: BusTrip) -> None:
    if trip.state != BusTrip.State.PLANNED:
        raise ValidationError(_("行程%(state)s，不能再修改。") % {"state": trip.get_state_display()})


@transaction.atomic
def trip_update(
    *, trip: BusTrip, title: str, date: datetime.date, vehicle: str = "", teams=(), items=(), actor
) -> BusTrip:
    require_manage(actor, trip.org)
    trip = BusTrip.objects.select_for_update().select_related("org").get(pk=trip.pk)
    _require_planned(trip)
    title = _check_trip_fields(title=title, date=date)
    teams, items = _check_on_board(trip.org, teams, items)
    recorded = set(StopService.objects.filter(stop__trip=trip).values_list("item_id", flat=True))
    if recorded - {i.pk for i in items}:
        raise ValidationError({"items": _("已有服务记录的项目不能从行程中移除。")})
    before = audit.snapshot(trip, ["title", "date", "vehicle"])
    trip.title, trip.date, trip.vehicle = title, date, (vehicle or "").strip()
    trip.save(update_fields=["title", "date", "vehicle", "updated_at"])
    trip.teams.set(teams)
    trip.items.set(items)
    changes = audit.diff(before, trip)
    if changes:
        audit.record(trip, action="bus_trip_update", actor=actor, changes=changes)
    return trip


# ---------------------------------------------------------------- stops


def _locked_trip(trip: BusTrip) -> BusTrip:
    return BusTrip.objects.select_for_update().select_related("org").get(pk=trip.pk)


@transaction.atomic
def stop_add(
    *,
    trip: BusTrip,
    kind: str,
    place: str = "",
    enterprise: Enterprise | None = None,
    arrive_at: datetime.time | None = None,
    note: str = "",
    actor,
) -> BusStop:
    require_manage(actor, trip.org)
    trip = _locked_trip(trip)  # serialises seq numbering
    _require_planned(trip)
    if kind not in BusStop.Kind.values:
        raise ValidationError({"kind": _("请选择站点类型。")})
    if enterprise is not None and not enterprise.org_path.startswith(trip.org.path):
        raise ValidationError({"enterprise": _("只能选择本组织范围内的企业。")})
    place = (place or "").strip() or (enterprise.name if enterprise else "")
    if not place:
        raise ValidationError({"place": _("请填写站点名称或选择企业。")})
    existing = BusStop.objects.filter(trip=trip, place=place, arrive_at=arrive_at).first()
    if existing is not None:
        return existing  # a double submit
    seq = (trip.stops.aggregate(m=Max("seq"))["m"] or 0) + 1
    return BusStop.objects.create(
        trip=trip,
        seq=seq,
        kind=kind,
        place=place,
        enterprise=enterprise,
        arrive_at=arrive_at,
        note=(note or "").strip(),
    )


@transaction.atomic
def stop_move(*, stop: BusStop, up: bool, actor) -> BusStop:
    """Swap the stop with the one before (up) or after it on the route."""
    require_manage(actor, stop.trip.org)
    trip = _locked_trip(stop.trip)
    _require_planned(trip)
    stop = BusStop.objects.get(pk=stop.pk)
    neighbours = (
        trip.stops.filter(seq__lt=stop.seq).order_by("-seq")
        if up
        else trip.stops.filter(seq__gt=stop.seq).order_by("seq")
    )
    other = neighbours.first()
    if other is None:
        return stop
    mine, theirs = stop.seq, other.seq
    BusStop.objects.filter(pk=stop.pk).update(seq=0)  # free the slot first: (trip, seq) is unique
    BusStop.objects.filter(pk=other.pk).update(seq=mine)
    BusStop.objects.filter(pk=stop.pk).update(seq=theirs)
    stop.seq = theirs
    return stop


@transaction.atomic
def stop_remove(*, stop: BusStop, actor) -> None:
    require_manage(actor, stop.trip.org)
    trip = _locked_trip(stop.trip)
    _require_planned(trip)
    if stop.services.exists():
        raise ValidationError(_("该站点已有服务记录，不能删除。"))
    seq = stop.seq
    stop.delete()
    for later in trip.stops.filter(seq__gt=seq).order_by("seq"):
        BusStop.objects.filter(pk=later.pk).update(seq=later.seq - 1)


# ---------------------------------------------------------------- services at a stop


@transaction.atomic
def stop_service_record(
    *, stop: BusStop, item: MenuItem, people_served: int, note: str = "", actor
) -> StopService:
    """Record (or correct) how many people an item served at a stop: one row per stop and item."""
    trip = stop.trip
    if not may_record(actor, trip):
        raise PermissionDenied
    if trip.state == BusTrip.State.CANCELLED:
        raise ValidationError(_("行程已取消，不能记录服务。"))
    if not trip.items.filter(pk=item.pk).exists():
        raise ValidationError({"item": _("该项目不在本次行程的随车服务项目中。")})
    if people_served is None or people_served < 0:
        raise ValidationError({"people_served": _("服务人数不能为负数。")})
    if people_served > 100000:
        raise ValidationError({"people_served": _("服务人数过大，请核对。")})
    service, created = StopService.objects.select_for_update().get_or_create(
        stop=stop,
        item=item,
        defaults={"people_served": people_served, "note": (note or "").strip(), "recorded_by": actor},
    )
    if not created:
        service.people_served = people_served
        service.note = (note or "").strip()
        service.recorded_by = actor
        service.save(update_fields=["people_served", "note", "recorded_by"])
    return service


# ---------------------------------------------------------------- the trip's end


@transaction.atomic
def trip_complete(*, trip: BusTrip, summary: str = "", actor) -> BusTrip:
    require_manage(actor, trip.org)
    trip = _locked_trip(trip)
    _require_planned(trip)
    if not trip.stops.exists():
        raise ValidationError(_("行程还没有站点，不能标记完成。"))
    trip.summary = (summary or "").strip()
    BUS_TRIP_FLOW.fire(trip, "complete", actor=actor, note=trip.summary, extra_fields=["summary"])
    audit.record(trip, action="bus_trip_done", actor=actor, changes={"state": ["planned", "done"]})
    return trip


@transaction.atomic
def trip_cancel(*, trip: BusTrip, reason: str, actor) -> BusTrip:
    require_manage(actor, trip.org)
    trip = _locked_trip(trip)
    _require_planned(trip)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写取消原因。")})
    trip.summary = reason
    BUS_TRIP_FLOW.fire(trip, "cancel", actor=actor, note=reason, extra_fields=["summary"])
    audit.record(
        trip,
        action="bus_trip_cancel",
        actor=actor,
        changes={"state": ["planned", "cancelled"], "reason": [None, reason]},
    )
    return trip
