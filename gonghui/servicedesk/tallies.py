"""The service desk's daily tallies (core.tallies): what each order and problem adds, and when.

Orders (OrderTally): placing adds `placed` to the day of the order; delivering adds `delivered`
and the people served to the day of delivery; rating adds the score there too. Problems
(ProblemTally): raising adds `raised` to the day raised; confirming the solution adds `resolved`
and the time it took to that same day (the figures count a period's problems and how many of
them were resolved). Delivered, rated and resolved are final states, so nothing is ever taken back.
"""

import datetime

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncDate

from gonghui.core import tallies
from gonghui.servicedesk.models import OrderTally, Problem, ProblemTally, ServiceOrder
from gonghui.servicedesk.selectors.orders import DONE_STATES

MICROSECOND = datetime.timedelta(microseconds=1)  # exact integer sums (floats lose them)


def order_placed(order: ServiceOrder) -> None:
    tallies.add(OrderTally, order.org_path, tallies.day_of(order.created_at), placed=1)


def order_delivered(order: ServiceOrder) -> None:
    tallies.add(
        OrderTally,
        order.org_path,
        tallies.day_of(order.delivered_at),
        delivered=1,
        people_served=order.people_served or 0,
    )


def order_rated(order: ServiceOrder) -> None:
    tallies.add(
        OrderTally, order.org_path, tallies.day_of(order.delivered_at), rating_sum=order.rating, rated=1
    )


def problem_raised(problem: Problem) -> None:
    tallies.add(ProblemTally, problem.org_path, tallies.day_of(problem.created_at), raised=1)


def problem_resolved(problem: Problem) -> None:
    took = problem.resolved_at - problem.created_at
    tallies.add(
        ProblemTally,
        problem.org_path,
        tallies.day_of(problem.created_at),
        resolved=1,
        resolve_us=took // MICROSECOND,
        resolve_n=1,
    )


def order_truth(orders=ServiceOrder):
    """(org path, day, figures) per group of orders (`orders`: the model, or a migration's)."""
    placed = (
        orders.objects.annotate(day=TruncDate("created_at"))
        .values("org_path", "day")
        .annotate(placed=Count("pk"))
        .order_by()
    )
    for row in placed:
        yield row["org_path"], row["day"], {"placed": row["placed"]}
    done = (
        orders.objects.filter(state__in=DONE_STATES, delivered_at__isnull=False)
        .annotate(day=TruncDate("delivered_at"))
        .values("org_path", "day")
        .annotate(
            delivered=Count("pk"),
            people_served=Sum("people_served"),
            rating_sum=Sum("rating"),
            rated=Count("rating"),
        )
        .order_by()
    )
    for row in done:
        yield row.pop("org_path"), row.pop("day"), row


def problem_truth(problems=Problem):
    """(org path, day, figures) per group of problems (`problems`: the model, or a migration's)."""
    resolved = Q(state="resolved")
    timed = resolved & Q(resolved_at__isnull=False)
    rows = (
        problems.objects.annotate(day=TruncDate("created_at"))
        .values("org_path", "day")
        .annotate(
            raised=Count("pk"),
            resolved=Count("pk", filter=resolved),
            took=Sum(
                ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField()),
                filter=timed,
            ),
            resolve_n=Count("pk", filter=timed),
        )
        .order_by()
    )
    for row in rows:
        took = row.pop("took")
        row["resolve_us"] = took // MICROSECOND if took is not None else 0
        yield row.pop("org_path"), row.pop("day"), row


def register() -> None:
    tallies.register(OrderTally, order_truth)
    tallies.register(ProblemTally, problem_truth)


def fill_for_migration(apps) -> None:
    """Count the orders and problems already recorded into the new (empty) tallies."""
    for tally, rows, truth in (
        ("OrderTally", "ServiceOrder", order_truth),
        ("ProblemTally", "Problem", problem_truth),
    ):
        model = apps.get_model("servicedesk", tally)
        found = tallies.rolled_up(truth(apps.get_model("servicedesk", rows)), tallies.counted_fields(model))
        model.objects.bulk_create(
            [
                model(prefix=prefix, day=day, **values)
                for (prefix, day), values in found.items()
                if any(values.values())
            ],
            batch_size=2000,
        )
