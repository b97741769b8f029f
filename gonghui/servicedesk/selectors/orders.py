"""Reads of service orders: access, the dispatch board, the team's jobs, my orders, figures."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils import timezone

from gonghui.core.scoping import can_view, is_cadre, scope_paths, subtree_q
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import manage_paths
from gonghui.servicedesk.models import ServiceOrder, ServiceTeamMember
from gonghui.servicedesk.workflows import ORDER_FLOW

OPEN_STATES = ("ordered", "accepted", "dispatched")
DONE_STATES = ("delivered", "rated")


def overdue_q(today: datetime.date) -> Q:
    """Accepted but not dispatched by the due date, or dispatched and past the service date."""
    return Q(state="accepted", dispatch_due__lt=today) | Q(state="dispatched", service_date__lt=today)


def with_overdue(qs: QuerySet, today: datetime.date) -> QuerySet:
    return qs.annotate(is_overdue=Case(When(overdue_q(today), then=Value(True)), default=Value(False),
                                       output_field=BooleanField()))


def _base():
    return ServiceOrder.objects.select_related("item", "org", "team", "orderer", "enterprise", "ordering_union")


def is_on_team(user, order: ServiceOrder) -> bool:
    if order.team_id is None or not getattr(user, "is_authenticated", False):
        return False
    if order.team.leader_id == user.pk:
        return True
    return ServiceTeamMember.objects.filter(team_id=order.team_id, user=user).exists()


def order_get_for(user, uuid) -> ServiceOrder:
    """The order, for its orderer, the cadres over its org, and its team; anyone else gets a 404."""
    order = _base().filter(uuid=uuid).first()
    if order is None or not getattr(user, "is_authenticated", False):
        raise Http404
    if not (order.orderer_id == user.pk or can_view(user, order.org) or is_on_team(user, order)):
        raise Http404
    return order


def order_history(order: ServiceOrder) -> list:
    rows = list(ORDER_FLOW.history(order))
    for row in rows:
        row.state_label = ORDER_FLOW.label(row.to_state)
        row.action_label = ORDER_FLOW.transitions[row.transition].label if row.transition in ORDER_FLOW.transitions else row.transition
    return rows


def order_actions(order: ServiceOrder, user) -> list[str]:
    return [t.name for t in ORDER_FLOW.available(order, user)]


def my_orders(user):
    return with_overdue(_base().filter(orderer=user), timezone.localdate()).order_by("-created_at", "-pk")


def team_jobs(user, *, include_past: bool = True):
    """Dispatched orders of the teams the user leads or belongs to, by service date."""
    if not getattr(user, "is_authenticated", False):
        return ServiceOrder.objects.none()
    team_ids = ServiceTeamMember.objects.filter(user=user).values("team_id")
    qs = _base().filter(Q(team__leader=user) | Q(team_id__in=team_ids), state="dispatched")
    if not include_past:
        qs = qs.filter(service_date__gte=timezone.localdate())
    return with_overdue(qs, timezone.localdate()).order_by("service_date", "pk")


# ---------------------------------------------------------------- the dispatch board


def board_roots(user) -> list[Org]:
    """The orgs the user manages and their direct children: the 'subtree' filter's choices."""
    paths = manage_paths(user)
    if not paths:
        raise PermissionDenied
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path=path) | (subtree_q(path) & Q(depth=len(path) // 5))
    return list(Org.objects.filter(q, is_active=True).order_by("path"))


@dataclass
class BoardFilters:
    category: str = ""
    team: object = None
    org: Org | None = None
    state: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def board_orders(user, filters: BoardFilters, *, today: datetime.date | None = None) -> tuple[QuerySet, dict]:
    """Orders of the user's managed subtrees, overdue first, then oldest; and counts per state.

    Returns (queryset, counts); the counts are one aggregate query over the same filters (state
    aside), so the board costs a constant number of queries whatever the page size.
    """
    paths = manage_paths(user)
    if not paths:
        raise PermissionDenied
    today = today or timezone.localdate()
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path, "org_path")
    qs = ServiceOrder.objects.filter(q)
    if filters.org is not None:
        qs = qs.filter(subtree_q(filters.org.path, "org_path"))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.team is not None:
        qs = qs.filter(team=filters.team)
    if filters.start:
        qs = qs.filter(wished_date__gte=filters.start)
    if filters.end:
        qs = qs.filter(wished_date__lte=filters.end)
    aggregates = {state: Count("pk", filter=Q(state=state)) for state in ORDER_FLOW.states}
    aggregates["overdue"] = Count("pk", filter=overdue_q(today))
    counts = qs.aggregate(**aggregates)
    counts["open"] = sum(counts[s] for s in OPEN_STATES)
    if filters.state == "overdue":
        qs = qs.filter(overdue_q(today))
    elif filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif filters.state in ORDER_FLOW.states:
        qs = qs.filter(state=filters.state)
    qs = (with_overdue(qs, today)
          .select_related("item", "org", "team", "orderer", "enterprise", "ordering_union")
          .order_by("-is_overdue", "created_at", "pk"))
    return qs, counts


# ---------------------------------------------------------------- figures


def figures_roots(user) -> list[Org]:
    """Orgs whose figures the user may open: their scope roots and the children of those."""
    if getattr(user, "is_superuser", False):
        paths = list(Org.objects.filter(depth=0).values_list("path", flat=True))
    else:
        paths = scope_paths(user)
    if not paths:
        raise PermissionDenied
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path=path) | (subtree_q(path) & Q(depth=len(path) // 5))
    return list(Org.objects.filter(q, is_active=True).order_by("path"))


@dataclass
class OrderFigures:
    placed: int
    delivered: int
    people_served: int
    mean_rating: float | None
    rated: int
    by_category: list
    by_team: list


def order_figures(user, *, org: Org, start: datetime.date, end: datetime.date) -> OrderFigures:
    """Orders of a subtree in a period: placed (by order date), delivered and people served (by
    delivery date), mean rating of those delivered; by category and by team. Three queries."""
    if not is_cadre(user) or not can_view(user, org):
        raise Http404
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    hi = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    base = ServiceOrder.objects.filter(subtree_q(org.path, "org_path"))
    placed_q = Q(created_at__gte=lo, created_at__lt=hi)
    done_q = Q(state__in=DONE_STATES, delivered_at__gte=lo, delivered_at__lt=hi)
    metrics = {
        "placed": Count("pk", filter=placed_q),
        "delivered": Count("pk", filter=done_q),
        "people_served": Sum("people_served", filter=done_q),
        "mean_rating": Avg("rating", filter=done_q & Q(rating__isnull=False)),
        "rated": Count("rating", filter=done_q),
    }
    scoped = base.filter(placed_q | done_q)
    total = scoped.aggregate(**metrics)
    by_category = list(scoped.values("category").annotate(**metrics).order_by("category"))
    by_team = list(scoped.filter(team__isnull=False).values("team__name", "team__org__name")
                   .annotate(**metrics).order_by("-delivered", "team__name"))
    from gonghui.servicedesk.models import Category

    labels = dict(Category.choices)
    for row in by_category:
        row["label"] = labels.get(row["category"], row["category"])
    for row in (*by_category, *by_team, total):
        row["people_served"] = row["people_served"] or 0
        row["mean_rating"] = round(row["mean_rating"], 1) if row["mean_rating"] is not None else None
    return OrderFigures(placed=total["placed"], delivered=total["delivered"], people_served=total["people_served"],
                        mean_rating=total["mean_rating"], rated=total["rated"], by_category=by_category,
                        by_team=by_team)
