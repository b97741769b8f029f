"""Reads of service orders: access, the dispatch board, the team's jobs, my orders, figures."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from gonghui.core import facts, stamps, tallies
from gonghui.core.indicators import Period
from gonghui.core.scoping import can_view, child_length, group_by_prefix, is_cadre, scope_paths, subtree_q
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import manage_paths
from gonghui.servicedesk.models import (
    OPEN_ORDER_STATES,
    OrderTally,
    ServiceOrder,
    ServiceTeamMember,
    order_next_date,
)
from gonghui.servicedesk.workflows import ORDER_FLOW

ORDERS = "servicedesk.order"  # core.stamps' kind for orders (servicedesk.apps follows ServiceOrder)
OPEN_STATES = OPEN_ORDER_STATES
DONE_STATES = ("delivered", "rated")


def overdue_q(today: datetime.date) -> Q:
    """Accepted but not dispatched by the due date, or dispatched and past the service date
    (ServiceOrder.overdue_q: the rule of ServiceOrder.is_overdue as a filter)."""
    return ServiceOrder.overdue_q(today)


def with_overdue(qs: QuerySet, today: datetime.date) -> QuerySet:
    """`overdue_now` for sorting in the database (the page shows `ServiceOrder.is_overdue`)."""
    return qs.annotate(
        overdue_now=Case(
            When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    )


def _base():
    return ServiceOrder.objects.select_related(
        "item", "org", "team", "orderer", "enterprise", "ordering_union"
    )


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
        row.action_label = (
            ORDER_FLOW.transitions[row.transition].label
            if row.transition in ORDER_FLOW.transitions
            else row.transition
        )
    return rows


def order_actions(order: ServiceOrder, user) -> list[str]:
    return [t.name for t in ORDER_FLOW.available(order, user)]


def my_orders(user):
    return _base().filter(orderer=user).order_by("-created_at", "-pk")


def team_jobs(user, *, include_past: bool = True):
    """Dispatched orders of the teams the user leads or belongs to, by service date."""
    if not getattr(user, "is_authenticated", False):
        return ServiceOrder.objects.none()
    team_ids = ServiceTeamMember.objects.filter(user=user).values("team_id")
    qs = _base().filter(Q(team__leader=user) | Q(team_id__in=team_ids), state="dispatched")
    if not include_past:
        qs = qs.filter(service_date__gte=timezone.localdate())
    return qs.order_by("service_date", "pk")


# ---------------------------------------------------------------- the dispatch board


def board_roots(user) -> list[Org]:
    """The orgs the user manages and their direct children: the 'subtree' filter's choices, kept
    with the user's facts (core.facts follows positions and orgs)."""
    paths = manage_paths(user)
    if not paths:
        raise PermissionDenied

    def compute() -> list[Org]:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path=path) | (subtree_q(path) & Q(depth=len(path) // 5))
        return list(Org.objects.filter(q, is_active=True).order_by("path"))

    return facts.remembered(user, "desk:board_roots", compute)


@dataclass
class BoardFilters:
    category: str = ""
    team: int | None = None  # a team's pk
    org: Org | None = None
    state: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None


def board_orders(
    user, filters: BoardFilters, *, today: datetime.date | None = None
) -> tuple["BoardRows", dict]:
    """Orders of the user's managed subtrees, overdue first, then by next date (or oldest, for
    finished ones); and counts per state.

    Returns (rows, counts); the counts are one query grouped by state over the same filters (state
    aside), and the rows a `BoardRows` that a Paginator slices in one more query, so the board
    costs a constant number of queries whatever the page size or the number of orders. The counts
    and each page's keys are kept until an order of the user's subtrees changes (core.stamps):
    a busy board is opened again and again between two changes.
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
    org = filters.org.path if filters.org is not None else ""
    kept = stamps.Kept(
        ORDERS, paths, f"board:{filters.category}:{filters.team}:{org}:{filters.start}:{filters.end}:{today}"
    )
    counts = kept.get("counts", lambda: _board_counts(qs, today))
    if filters.state == "overdue":
        qs = qs.filter(overdue_q(today))
        total = overdue = counts["overdue"]
    elif filters.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
        total, overdue = counts["open"], counts["overdue"]
    elif filters.state in ORDER_FLOW.states:
        qs = qs.filter(state=filters.state)
        total, overdue = counts[filters.state], counts.get(f"overdue_{filters.state}", 0)
    else:
        total, overdue = sum(counts[s] for s in ORDER_FLOW.states), counts["overdue"]
    return BoardRows(qs, today=today, total=total, overdue=overdue, kept=kept, state=filters.state), counts


def _board_counts(qs: QuerySet, today: datetime.date) -> dict:
    """Orders per state, overdue ones, and those open. One row per state with its overdue ones:
    ten filtered counts of one aggregate cost the ORM more to build than the database to run."""
    counts = dict.fromkeys(ORDER_FLOW.states, 0)
    counts.update(overdue=0, overdue_accepted=0, overdue_dispatched=0)
    by_state = (
        qs.values("state").annotate(n=Count("pk"), late=Count("pk", filter=overdue_q(today))).order_by()
    )
    for row in by_state:
        counts[row["state"]] = row["n"]
        counts["overdue"] += row["late"]
        if row["state"] in ("accepted", "dispatched"):  # the states an order can be overdue in
            counts[f"overdue_{row['state']}"] = row["late"]
    counts["open"] = sum(counts[s] for s in OPEN_STATES)
    return counts


# What a board row shows (servicedesk.views.orders.board_rows), read as values: fifty orders with
# six related rows each were a third of the page's time when every column was read and converted,
# and a page of instances of the columns left cost 8,400 Python calls to fetch, its values 3,200.
# In two reads by the page's keys: the relations every order has (inner joins), then those it may
# have (outer joins). PostgreSQL took 1.3-1.9 ms to plan the six joins together (the outer ones
# multiply the join orders it weighs) and 0.2 ms for each three: the board spent 1.1-1.5 ms less.
BOARD_ROW_FIELDS = (
    "pk", "uuid", "state", "orderer_kind", "place", "wished_date", "dispatch_due", "service_date",
    "item__title", "org__name", "orderer__name", "orderer__phone",
)  # fmt: skip
BOARD_ROW_OPTIONAL_FIELDS = (
    "pk", "team__name", "enterprise_id", "enterprise__name", "ordering_union_id", "ordering_union__name",
)  # fmt: skip


class BoardRows:
    """The board's orders in board order, for a Paginator: overdue first, then the work in hand by
    its next date (order_next_date: what is due soonest), other states oldest created first.

    Sorting a whole county's orders by "is it overdue" for every page cost half a second at
    200,000 orders (benchmarks/desk.py). The aggregate already knows how many are overdue, so a
    page is the right slice of the overdue ones (few, found by the state indexes) and/or of the
    others (walked in created_at order, which an index serves): their keys first, then the rows
    with their relations by those keys. A row is a dict of BOARD_ROW_FIELDS, BOARD_ROW_OPTIONAL_FIELDS
    and `overdue`: whether the overdue keys held it (ServiceOrder.overdue_q, the rule of
    `is_overdue`, as of this page).
    """

    def __init__(self, qs: QuerySet, *, today: datetime.date, total: int, overdue: int, kept, state: str):
        """`kept`: the board's core.stamps.Kept, which holds each page's keys and drawing beside the
        counts; a slice is a core.stamps.Page, read only when used."""
        self.qs, self.today, self.total, self.overdue = qs.order_by(), today, total, overdue
        self.kept, self.state = kept, state

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, key):
        if isinstance(key, int):
            return self[key : key + 1][0]
        start, stop = key.start or 0, self.total if key.stop is None else min(key.stop, self.total)
        return stamps.Page(lambda: self._page(start, stop), f"{self.state}:{start}:{stop}")

    def _page(self, start: int, stop: int) -> list[dict]:
        if stop <= start:
            return []
        late, wanted = self.kept.get(f"{self.state}:{start}:{stop}", lambda: self._keys(start, stop))
        if not wanted:
            return []
        # The page's rows by their keys, in the order found (overdue first): one join of seven
        # tables took the planner longer than the three small queries take to run.
        page = ServiceOrder.objects.filter(pk__in=wanted).order_by()
        rows = {row["pk"]: row for row in page.values(*BOARD_ROW_FIELDS)}
        optional = {row["pk"]: row for row in page.values(*BOARD_ROW_OPTIONAL_FIELDS)}
        overdue = set(late)
        return [
            {**rows[pk], **optional[pk], "overdue": pk in overdue}
            for pk in wanted
            if pk in rows and pk in optional
        ]

    def _in_hand(self) -> bool:
        """Only open orders listed (办理中, or one of its states): they go by their next date."""
        return self.state in ("open", "overdue", *OPEN_STATES)

    def _late_order(self) -> tuple:
        # COALESCE(created_at, created_at) sorts the same as created_at but matches no index: the
        # few overdue orders are sorted, not reached by walking the created_at index
        if self._in_hand():
            return (Coalesce(order_next_date(), order_next_date()), "pk")
        return (Coalesce("created_at", "created_at"), "pk")

    def _rest_order(self) -> tuple:
        if self._in_hand():
            return (order_next_date(), "pk")  # order_next_date_idx
        return ("created_at", "pk")

    def _keys(self, start: int, stop: int) -> tuple[list[int], list[int]]:
        """The keys of the page's overdue orders, and of all its orders in board order."""
        late: list[int] = []
        wanted: list[int] = []
        if start < self.overdue:
            # The few overdue orders are recent: reach them through the state indexes and sort them,
            # rather than walk every order of the county by created_at (the planner's guess when the
            # order is plain "created_at"; it costs 140 ms at 200,000 orders). state__in repeats what
            # overdue_q implies.
            late_keys = (
                self.qs.filter(overdue_q(self.today), state__in=("accepted", "dispatched"))
                .order_by(*self._late_order())
                .values_list("pk", flat=True)
            )
            late = list(late_keys[start : min(stop, self.overdue)])
        if stop > self.overdue:
            rest = (
                with_overdue(self.qs, self.today)
                .filter(overdue_now=False)
                .order_by(*self._rest_order())
                .values_list("pk", flat=True)
            )
            wanted += rest[max(0, start - self.overdue) : stop - self.overdue]
        # An order that stopped being overdue between the two key queries is listed once, as overdue.
        return late, list(dict.fromkeys(late + wanted))


# ---------------------------------------------------------------- figures


def _order_windows(start: datetime.date, end: datetime.date) -> tuple[Q, Q]:
    """Placed in the period (by order date), delivered in the period (by delivery date)."""
    lo, hi = Period(start, end).bounds()  # local days, [lo, hi)
    return (
        Q(created_at__gte=lo, created_at__lt=hi),
        Q(state__in=DONE_STATES, delivered_at__gte=lo, delivered_at__lt=hi),
    )


def _period_q(start: datetime.date, end: datetime.date) -> Q:
    placed_q, done_q = _order_windows(start, end)
    return placed_q | done_q


def _order_metrics(start: datetime.date, end: datetime.date) -> dict:
    placed_q, done_q = _order_windows(start, end)
    return {
        "placed": Count("pk", filter=placed_q),
        "delivered": Count("pk", filter=done_q),
        "people_served": Sum("people_served", filter=done_q),
        "rating_sum": Sum("rating", filter=done_q & Q(rating__isnull=False)),
        "rated": Count("rating", filter=done_q),
    }


def _order_totals_finish(row: dict) -> dict:
    rated = row.get("rated") or 0
    return {
        "placed": row.get("placed") or 0,
        "delivered": row.get("delivered") or 0,
        "people_served": row.get("people_served") or 0,
        "rated": rated,
        "mean_rating": round(row["rating_sum"] / rated, 1) if rated else None,
    }


def order_totals(org: Org, start: datetime.date, end: datetime.date) -> dict:
    """The order figures' totals (placed, delivered, people served, mean rating) for a subtree,
    one aggregate; the indicators registry reads them (servicedesk/indicators.py)."""
    row = (
        ServiceOrder.objects.filter(subtree_q(org.path, "org_path"))
        .filter(_period_q(start, end))
        .aggregate(**_order_metrics(start, end))
    )
    return _order_totals_finish(row)


def order_totals_by_child(org: Org, start: datetime.date, end: datetime.date) -> dict[str, dict]:
    """order_totals per child subtree of `org` (its own orders under its path), one grouped query."""
    groups = group_by_prefix(
        ServiceOrder.objects.filter(subtree_q(org.path, "org_path")).filter(_period_q(start, end)),
        "org_path",
        child_length(org.path),
        _order_metrics(start, end),
    )
    return {prefix: _order_totals_finish(row) for prefix, row in groups.items()}


def _summed(groups: dict[str, dict], suffix: str) -> tuple[dict, dict[str, dict]]:
    """The subtree's raw row (the sum of its groups: every field is a count or a sum) and each
    group's raw row, for the fields ending in `suffix` (the suffix taken off)."""
    total: dict = {}
    by_group = {}
    for prefix, row in groups.items():
        mine = {k[: -len(suffix)]: v or 0 for k, v in row.items() if k.endswith(suffix)}
        by_group[prefix] = mine
        for k, v in mine.items():
            total[k] = total.get(k, 0) + v
    return total, by_group


def order_totals_together(org: Org, period: Period, compared: Period) -> tuple[dict, dict, dict[str, dict]]:
    """order_totals for the period and the compared one, and order_totals_by_child for the period,
    from the daily order tally (servicedesk.tallies): one read of the subtree's and its children's
    days, whatever the number of orders (the totals are the groups' sums)."""
    groups = tallies.grouped(OrderTally, org.path, {"__now": period, "__before": compared})
    now, by_child = _summed(groups, "__now")
    before, _by_child = _summed(groups, "__before")
    return (
        _order_totals_finish(now),
        _order_totals_finish(before),
        {prefix: _order_totals_finish(row) for prefix, row in by_child.items() if any(row.values())},
    )


def orders_by_month(org: Org, start: datetime.date, end: datetime.date) -> dict[datetime.date, int]:
    """Orders placed per month (first day of the month → count), from the daily tally: one query."""
    return tallies.by_month(OrderTally, org.path, Period(start, end), "placed")


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
    delivery date), mean rating of those delivered; by category and by team.

    Two queries: one pass over the orders grouped by (category, team) — the total, the categories
    and the teams are sums of those groups — and the names of the teams found. (Three separate
    aggregates read a county's 200,000 orders three times: 220 ms; see benchmarks/desk.py.)
    """
    if not is_cadre(user) or not can_view(user, org):
        raise Http404
    groups = list(
        ServiceOrder.objects.filter(subtree_q(org.path, "org_path"))
        .filter(_period_q(start, end))
        .values("category", "team_id")
        .annotate(**_order_metrics(start, end))
        .order_by()
    )
    from gonghui.servicedesk.models import Category, ServiceTeam

    team_ids = {g["team_id"] for g in groups if g["team_id"] is not None}
    teams = (
        {
            t.pk: (t.name, t.org.name)
            for t in ServiceTeam.objects.filter(pk__in=team_ids)
            .select_related("org")
            .only("name", "org__name")
        }
        if team_ids
        else {}
    )

    def add(rows: dict, key, extra: dict, group: dict) -> None:
        row = rows.setdefault(
            key, {**extra, "placed": 0, "delivered": 0, "people_served": 0, "rating_sum": 0, "rated": 0}
        )
        for metric in ("placed", "delivered", "people_served", "rating_sum", "rated"):
            row[metric] += group[metric] or 0

    total: dict = {}
    categories: dict = {}
    by_team_rows: dict = {}
    for g in groups:
        add(total, "all", {}, g)
        add(categories, g["category"], {"category": g["category"]}, g)
        if g["team_id"] is not None:
            name, org_name = teams[g["team_id"]]
            add(by_team_rows, (name, org_name), {"team__name": name, "team__org__name": org_name}, g)
    total = total.get("all") or {"placed": 0, "delivered": 0, "people_served": 0, "rating_sum": 0, "rated": 0}
    labels = dict(Category.choices)
    by_category = [categories[c] for c in sorted(categories)]
    for row in by_category:
        row["label"] = labels.get(row["category"], row["category"])
    by_team = sorted(by_team_rows.values(), key=lambda r: (-r["delivered"], r["team__name"]))
    for row in (*by_category, *by_team, total):
        rating_sum = row.pop("rating_sum")
        row["mean_rating"] = round(rating_sum / row["rated"], 1) if row["rated"] else None
    return OrderFigures(
        placed=total["placed"],
        delivered=total["delivered"],
        people_served=total["people_served"],
        mean_rating=total["mean_rating"],
        rated=total["rated"],
        by_category=by_category,
        by_team=by_team,
    )


# ---------------------------------------------------------------- the home's to-dos


def my_order_counts(user) -> dict:
    """The user's own orders: open, delivered and waiting for their rating (one aggregate)."""
    if not getattr(user, "is_authenticated", False):
        return {"open": 0, "to_rate": 0, "total": 0}
    return ServiceOrder.objects.filter(orderer=user).aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        to_rate=Count("pk", filter=Q(state="delivered")),
        total=Count("pk"),
    )


def my_orders_to_rate(user):
    return _base().filter(orderer=user, state="delivered").order_by("delivered_at", "pk")


def desk_order_counts(user, *, today: datetime.date | None = None) -> dict:
    """Orders of the user's managed subtrees: to accept, to dispatch, to deliver and overdue — the
    dispatch board's to-dos (each one of its filters), in one aggregate. Nothing for a user who
    manages nothing."""
    paths = manage_paths(user)
    if not paths:
        return {"to_accept": 0, "to_dispatch": 0, "to_deliver": 0, "overdue": 0}
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path, "org_path")
    return ServiceOrder.objects.filter(q, state__in=OPEN_STATES).aggregate(
        to_accept=Count("pk", filter=Q(state="ordered")),
        to_dispatch=Count("pk", filter=Q(state="accepted")),
        to_deliver=Count("pk", filter=Q(state="dispatched")),
        overdue=Count("pk", filter=overdue_q(today or timezone.localdate())),
    )
