"""Reads of the service bus: which trips a user sees, the trip report, the season summary."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from gonghui.core.scoping import can_manage, subtree_q
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import manage_paths
from gonghui.servicedesk.models import BusStop, BusTrip, MenuItem, ServiceTeam, StopService


def is_crew(user, trip: BusTrip) -> bool:
    """The leaders and members of the teams on board."""
    if not getattr(user, "is_authenticated", False):
        return False
    return trip.teams.filter(Q(leader=user) | Q(memberships__user=user)).exists()


def may_record(user, trip: BusTrip) -> bool:
    return is_crew(user, trip) or can_manage(user, trip.org)


def _crew_q(user) -> Q:
    teams = ServiceTeam.objects.filter(Q(leader=user) | Q(memberships__user=user)).values("pk")
    return Q(pk__in=BusTrip.objects.filter(teams__in=teams).values("pk"))


def trips_accessible(user) -> QuerySet:
    """Cadres: the trips of their subtrees; crew: the trips their teams are on board of."""
    if not getattr(user, "is_authenticated", False):
        return BusTrip.objects.none()
    scoped = BusTrip.objects.visible_to(user)
    if getattr(user, "is_superuser", False):
        return scoped
    return BusTrip.objects.filter(Q(pk__in=scoped.values("pk")) | _crew_q(user))


def trip_list_for(user, *, state: str = "") -> QuerySet:
    qs = trips_accessible(user)
    if state:
        qs = qs.filter(state=state)
    return (
        qs.select_related("org")
        .annotate(stop_count=Count("stops", distinct=True), people=Sum("stops__services__people_served"))
        .order_by("-date", "-pk")
    )


def trip_get_for(user, uuid, *, manage: bool = False) -> BusTrip:
    trip = get_object_or_404(trips_accessible(user).select_related("org"), uuid=uuid)
    if manage and not can_manage(user, trip.org):
        raise PermissionDenied
    return trip


def may_plan(user) -> bool:
    return bool(manage_paths(user))


def trip_report(trip: BusTrip) -> dict:
    """Stops with their services, people served by item and in total, the teams on board (4 queries)."""
    stops = list(
        trip.stops.order_by("seq")
        .select_related("enterprise")
        .prefetch_related(
            Prefetch(
                "services",
                queryset=StopService.objects.select_related("item", "recorded_by").order_by("item__title"),
            )
        )
    )
    items = list(trip.items.order_by("category", "title"))
    by_item = {i.pk: {"item": i, "people": 0, "stops": 0} for i in items}
    total = 0
    for stop in stops:
        stop.people = sum(s.people_served for s in stop.services.all())
        total += stop.people
        for s in stop.services.all():
            row = by_item.setdefault(s.item_id, {"item": s.item, "people": 0, "stops": 0})
            row["people"] += s.people_served
            row["stops"] += 1
    return {
        "stops": stops,
        "items": items,
        "by_item": list(by_item.values()),
        "teams": list(trip.teams.select_related("leader").order_by("name")),
        "people": total,
    }


def trip_access(user, trip: BusTrip) -> dict:
    return {
        "may_manage": can_manage(user, trip.org),
        "may_record": may_record(user, trip),
        "is_crew": is_crew(user, trip),
    }


# ---------------------------------------------------------------- choices for the planning form


def _board_q(user) -> Q:
    """Orgs whose teams and menu a user may put on a bus: above or under an org they manage."""
    paths = manage_paths(user)
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(org__path__in=Org(path=path).ancestor_paths()) | subtree_q(path, "org_path")
    return q


def item_choices_for(user, org: Org | None = None) -> QuerySet:
    q = Q(org__path__in=org.ancestor_paths()) if org is not None else _board_q(user)
    return (
        MenuItem.objects.filter(q, bus_eligible=True, is_active=True)
        .select_related("org")
        .order_by("org__path", "category", "title")
    )


def team_choices_for(user, org: Org | None = None) -> QuerySet:
    q = Q(org__path__in=org.ancestor_paths()) if org is not None else _board_q(user)
    return ServiceTeam.objects.filter(q, is_active=True).select_related("org").order_by("org__path", "name")


# ---------------------------------------------------------------- season summary


def season_summary(*, org: Org, start: datetime.date, end: datetime.date) -> dict:
    """Completed trips under `org` in [start, end]: trips, stops, people served, by item (4 queries)."""
    trips = BusTrip.objects.filter(
        subtree_q(org.path, "org_path"), date__gte=start, date__lte=end, state=BusTrip.State.DONE
    )
    trip_rows = list(
        trips.select_related("org")
        .annotate(stop_count=Count("stops", distinct=True), people=Sum("stops__services__people_served"))
        .order_by("date", "pk")
    )
    services = StopService.objects.filter(stop__trip__in=trips.values("pk"))
    by_item = list(
        services.values("item_id", "item__title", "item__category")
        .annotate(people=Sum("people_served"), stops=Count("stop", distinct=True))
        .order_by("-people", "item__title")
    )
    by_kind = list(
        BusStop.objects.filter(trip__in=trips.values("pk"))
        .values("kind")
        .annotate(stops=Count("pk", distinct=True), people=Sum("services__people_served"))
        .order_by("kind")
    )
    kinds = dict(BusStop.Kind.choices)
    for row in by_kind:
        row["label"] = kinds.get(row["kind"], row["kind"])
        row["people"] = row["people"] or 0
    from gonghui.servicedesk.models import Category

    categories = dict(Category.choices)
    for row in by_item:
        row["category_label"] = categories.get(row["item__category"], row["item__category"])
    return {
        "org": org,
        "start": start,
        "end": end,
        "trips": trip_rows,
        "trip_count": len(trip_rows),
        "stop_count": sum(t.stop_count for t in trip_rows),
        "people": sum(t.people or 0 for t in trip_rows),
        "by_item": by_item,
        "by_kind": by_kind,
    }
