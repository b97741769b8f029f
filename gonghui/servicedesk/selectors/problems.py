"""Reads of problem lists: who sees which problem, lists, the unit inbox, figures."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core import tallies
from gonghui.core.indicators import Period
from gonghui.core.scoping import can_manage, child_length, group_by_prefix, is_cadre, subtree_q
from gonghui.orgs.models import Enterprise, Org
from gonghui.orgs.selectors import enterprises_for_contact
from gonghui.servicedesk.models import DialogueMeeting, PartnerUnit, Problem, ProblemCategory, ProblemTally
from gonghui.servicedesk.reporters import reporting_areas
from gonghui.servicedesk.workflows import PROBLEM_FLOW

OPEN_STATES = Problem.OPEN_STATES


def overdue_q(today: datetime.date | None = None) -> Q:
    return Problem.overdue_q(today)


def _units_of_contact(user) -> QuerySet:
    return PartnerUnit.objects.filter(contacts=user).values("pk")


def problems_accessible(user) -> QuerySet:
    """Cadres: their subtrees; reporters: their own; enterprise contacts: their enterprises';
    partner-unit contacts: those assigned to their unit."""
    if not getattr(user, "is_authenticated", False):
        return Problem.objects.none()
    scoped = Problem.objects.visible_to(user)
    if getattr(user, "is_superuser", False):
        return scoped
    return Problem.objects.filter(
        Q(pk__in=scoped.values("pk"))
        | Q(unit__in=_units_of_contact(user))
        | Q(enterprise__in=Enterprise.objects.filter(contacts__user=user).values("pk"))
    )


def problem_get_for(user, uuid, *, manage: bool = False) -> Problem:
    problem = get_object_or_404(
        problems_accessible(user).select_related("org", "enterprise", "unit", "reporter"), uuid=uuid
    )
    if manage and not can_manage(user, problem.org):
        raise PermissionDenied
    return problem


def with_list_relations(qs: QuerySet) -> QuerySet:
    return qs.select_related("enterprise", "unit", "org").only(
        "uuid",
        "title",
        "category",
        "urgency",
        "state",
        "due_date",
        "created_at",
        "escalated_at",
        "org_path",
        "enterprise__name",
        "enterprise__uuid",
        "unit__name",
        "org__name",
    )


@dataclass
class ProblemFilters:
    state: str = ""
    category: str = ""
    unit: PartnerUnit | None = None
    urgency: str = ""
    overdue: bool = False
    org: Org | None = None
    enterprise: Enterprise | None = None


def problem_list_for(user, filters: ProblemFilters | None = None) -> QuerySet:
    """The cadres' problem list (their subtrees), filtered, newest first."""
    if not is_cadre(user):
        raise PermissionDenied
    f = filters or ProblemFilters()
    qs = Problem.objects.visible_to(user)
    if f.state:
        qs = qs.filter(state=f.state)
    if f.category:
        qs = qs.filter(category=f.category)
    if f.urgency:
        qs = qs.filter(urgency=f.urgency)
    if f.unit is not None:
        qs = qs.filter(unit=f.unit)
    if f.overdue:
        qs = qs.filter(overdue_q())
    if f.org is not None:
        qs = qs.filter(subtree_q(f.org.path, "org_path"))
    if f.enterprise is not None:
        qs = qs.filter(enterprise=f.enterprise)
    return with_list_relations(qs).order_by("-created_at", "-pk")


def problems_mine(user) -> QuerySet:
    """Problems the user reported, and those of the enterprises they speak for."""
    if not getattr(user, "is_authenticated", False):
        return Problem.objects.none()
    qs = Problem.objects.filter(
        Q(reporter=user) | Q(enterprise__in=Enterprise.objects.filter(contacts__user=user).values("pk"))
    )
    return with_list_relations(qs).order_by("-created_at", "-pk")


def unit_inbox(user, *, open_only: bool = True) -> QuerySet:
    """Problems assigned to the units the user answers for."""
    qs = Problem.objects.filter(unit__in=_units_of_contact(user))
    if open_only:
        qs = qs.filter(state__in=("assigned", "reopened"))
    return with_list_relations(qs).order_by("due_date", "pk")


def units_of_contact(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return PartnerUnit.objects.none()
    return PartnerUnit.objects.filter(contacts=user).select_related("org")


def problem_history(problem: Problem) -> list:
    rows = list(PROBLEM_FLOW.history(problem))
    for row in rows:
        row.state_label = PROBLEM_FLOW.label(row.to_state)
    return rows


def problem_actions(user, problem: Problem) -> dict:
    names = {t.name for t in PROBLEM_FLOW.available(problem, user)}
    return {
        "available": names,
        "can_schedule": can_manage(user, problem.org) and problem.state in OPEN_STATES,
    }


def problem_meetings(problem: Problem) -> QuerySet:
    return problem.meetings.order_by("-date", "-pk")


# ---------------------------------------------------------------- choices for forms


def enterprises_to_report_for(user) -> QuerySet:
    """Enterprises the user may raise a problem for (the form re-checks with may_raise_for)."""
    from gonghui.orgs.selectors import manage_paths

    q = Q(pk__in=enterprises_for_contact(user).values("pk"))
    for path in [*manage_paths(user), *reporting_areas(user)]:
        q |= subtree_q(path, "org_path")
    return Enterprise.objects.filter(q).select_related("org")


def may_report(user) -> bool:
    return enterprises_to_report_for(user).exists()


def units_for_problem(problem: Problem) -> QuerySet:
    """Active units of the problem's org or one of its ancestors."""
    return PartnerUnit.objects.filter(org__path__in=problem.org.ancestor_paths(), is_active=True).order_by(
        "name"
    )


def units_for_filter(user) -> QuerySet:
    """Units a cadre may filter by: those of the orgs they see and of their ancestors."""
    from gonghui.core.scoping import scope_paths

    paths: set[str] = set()
    for root in scope_paths(user):
        paths |= set(Org(path=root).ancestor_paths())
    return PartnerUnit.objects.filter(
        Q(org__path__in=paths) | Q(pk__in=PartnerUnit.objects.visible_to(user).values("pk"))
    ).order_by("name")


def unit_list_for(user) -> QuerySet:
    if not is_cadre(user):
        raise PermissionDenied
    return (
        PartnerUnit.objects.visible_to(user)
        .select_related("org")
        .annotate(
            open_count=Count("problems", filter=Q(problems__state__in=("assigned", "reopened"))),
            contact_count=Count("contacts", distinct=True),
        )
        .order_by("org__path", "name")
    )


def unit_get_for(user, pk: int, *, manage: bool = False) -> PartnerUnit:
    unit = get_object_or_404(PartnerUnit.objects.visible_to(user).select_related("org"), pk=pk)
    if manage and not can_manage(user, unit.org):
        raise PermissionDenied
    return unit


def meeting_problem_choices(org: Org) -> QuerySet:
    return (
        Problem.objects.in_subtree(org.path)
        .filter(state__in=OPEN_STATES)
        .select_related("enterprise")
        .order_by("-created_at")
    )


def meeting_get_for(user, uuid, *, manage: bool = False) -> DialogueMeeting:
    meeting = get_object_or_404(DialogueMeeting.objects.visible_to(user).select_related("org"), uuid=uuid)
    if manage and not can_manage(user, meeting.org):
        raise PermissionDenied
    return meeting


def meeting_list_for(user) -> QuerySet:
    if not is_cadre(user):
        raise PermissionDenied
    return (
        DialogueMeeting.objects.visible_to(user)
        .select_related("org")
        .annotate(problem_count=Count("problems"))
        .order_by("-date", "-pk")
    )


# ---------------------------------------------------------------- figures


def _days(value) -> float | None:
    """An average duration from the database as days (PostgreSQL: timedelta; SQLite: microseconds)."""
    if value is None:
        return None
    if isinstance(value, datetime.timedelta):
        return round(value.total_seconds() / 86400, 1)
    return round(float(value) / 86400 / 1_000_000, 1)


def _metrics(period: Q, overdue: Q) -> dict:
    resolved = period & Q(state="resolved")
    return {
        "raised": Count("pk", filter=period),
        "resolved": Count("pk", filter=resolved),
        "overdue": Count("pk", filter=overdue),
        "mean_resolve": Avg(
            ExpressionWrapper(F("resolved_at") - F("created_at"), output_field=DurationField()),
            filter=resolved & Q(resolved_at__isnull=False),
        ),
    }


def _finish(row: dict) -> dict:
    row["mean_days"] = _days(row.pop("mean_resolve"))
    row["rate"] = round(row["resolved"] * 100 / row["raised"], 1) if row["raised"] else None
    return row


def _windows(start: datetime.date, end: datetime.date, today: datetime.date | None = None) -> tuple[Q, Q]:
    """Raised in the period; overdue now."""
    lo, hi = Period(start, end).bounds()  # local days, [lo, hi)
    return Q(created_at__gte=lo, created_at__lt=hi), overdue_q(today)


def _figures_base(org: Org, period: Q, overdue: Q) -> QuerySet:
    return Problem.objects.in_subtree(org.path).filter(period | overdue).order_by()


def _by_category(base: QuerySet, metrics: dict) -> list[dict]:
    categories = dict(ProblemCategory.choices)
    rows = [
        _finish({**row, "label": categories.get(row["category"], row["category"])})
        for row in base.values("category").annotate(**metrics).order_by("category")
    ]
    rows.sort(key=lambda r: (-r["raised"], r["label"]))
    return rows


def problem_totals(
    org: Org, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict:
    """The figures' total (raised, resolved, overdue now, rate, mean days), one aggregate: what the
    indicators registry reads (servicedesk/indicators.py)."""
    period, overdue = _windows(start, end, today)
    return _finish(_figures_base(org, period, overdue).aggregate(**_metrics(period, overdue)))


def problem_totals_by_child(
    org: Org, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict[str, dict]:
    """problem_totals per child subtree of `org` (its own under its path), one grouped query."""
    period, overdue = _windows(start, end, today)
    groups = group_by_prefix(
        _figures_base(org, period, overdue), "org_path", child_length(org.path), _metrics(period, overdue)
    )
    return {prefix: _finish(row) for prefix, row in groups.items()}


def problem_totals_together(
    org: Org, period: Period, compared: Period, today: datetime.date | None = None
) -> tuple[dict, dict, dict[str, dict]]:
    """problem_totals for the period and the compared one, and problem_totals_by_child for the
    period: raised and resolved from the daily problem tally (servicedesk.tallies), the overdue ones
    now from one grouped count (the totals are the groups' sums; the mean days from the summed
    durations and counts)."""
    overdue = overdue_q(today)
    days = group_by_prefix(
        Problem.objects.in_subtree(org.path).filter(overdue).order_by(),
        "org_path",
        child_length(org.path),
        {"overdue__now": Count("org_path")},  # an indexed column: an index-only scan (problem_overdue_idx)
    )
    tallied = tallies.grouped(ProblemTally, org.path, {"__now": period, "__before": compared})
    for row in tallied.values():
        for suffix in ("__now", "__before"):
            row[f"resolve_sum{suffix}"] = datetime.timedelta(microseconds=row.pop(f"resolve_us{suffix}"))
    groups = tallies.merged(tallied, days)

    def add(a, b):
        if a is None:
            return b
        return a if b is None else a + b

    def take(suffix: str) -> tuple[dict, dict[str, dict]]:
        total: dict = {"raised": 0, "resolved": 0, "overdue": 0, "resolve_sum": None, "resolve_n": 0}
        by_child = {}
        for prefix, row in groups.items():
            # a child may have rows in one part only (the tally's months or the days scanned)
            mine = {
                "raised": 0,
                "resolved": 0,
                "overdue": 0,
                "resolve_sum": None,
                "resolve_n": 0,
                **{k[: -len(suffix)]: v for k, v in row.items() if k.endswith(suffix)},
            }
            by_child[prefix] = mine
            for k, v in mine.items():
                total[k] = add(total[k], v) if k == "resolve_sum" else total[k] + (v or 0)
        return total, by_child

    def finish(row: dict) -> dict:
        n = row.pop("resolve_n") or 0
        total = row.pop("resolve_sum")
        row["mean_resolve"] = total / n if n and total is not None else None
        return _finish(row)

    now, by_child = take("__now")
    before, _by_child = take("__before")
    return (
        finish(now),
        finish(before),
        {p: finish(r) for p, r in by_child.items() if r["raised"] or r["overdue"]},
    )


def problems_by_category(org: Org, start: datetime.date, end: datetime.date) -> list[dict]:
    """Problems raised in the period by category ({label, raised}), most first: one count per
    category (the chart needs no more than that; the figures page reads the rest)."""
    period, _overdue = _windows(start, end)
    categories = dict(ProblemCategory.choices)
    rows = [
        {"label": categories.get(row["category"], row["category"]), "raised": row["raised"]}
        for row in Problem.objects.in_subtree(org.path)
        .filter(period)
        .values("category")
        .annotate(raised=Count("org_path"))
        .order_by()
    ]
    rows.sort(key=lambda r: (-r["raised"], r["label"]))
    return rows


def problems_by_month(org: Org, start: datetime.date, end: datetime.date) -> dict[datetime.date, int]:
    """Problems raised per month (first day of the month → count), from the daily tally: one query."""
    return tallies.by_month(ProblemTally, org.path, Period(start, end), "raised")


def problem_figures(
    *, org: Org, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> dict:
    """Problems raised in [start, end] under `org`, how many of them are resolved, the mean days to
    resolve them, and the problems overdue now; in total, by category and by unit (three queries)."""
    period, overdue = _windows(start, end, today)
    base = _figures_base(org, period, overdue)
    metrics = _metrics(period, overdue)
    total = _finish(base.aggregate(**metrics))
    by_category = _by_category(base, metrics)
    by_unit = [
        _finish(row)
        for row in base.values("unit_id", "unit__name").annotate(**metrics).order_by("unit__name")
    ]
    by_unit.sort(key=lambda r: (r["unit_id"] is None, -r["raised"], r["unit__name"] or ""))
    return {
        "total": total,
        "by_category": by_category,
        "by_unit": by_unit,
        "start": start,
        "end": end,
        "org": org,
    }


# ---------------------------------------------------------------- the home's to-dos


def my_problem_counts(user) -> dict:
    """Problems the user reported or their enterprises raised: open, and answered (theirs to confirm)."""
    qs = Problem.objects.filter(pk__in=problems_mine(user).values("pk"))
    return qs.aggregate(
        open=Count("pk", filter=Q(state__in=OPEN_STATES)),
        to_confirm=Count("pk", filter=Q(state="answered")),
    )


def problems_to_confirm(user) -> QuerySet:
    return problems_mine(user).filter(state="answered").order_by("created_at", "pk")


def cadre_problem_counts(user, *, today: datetime.date | None = None) -> dict:
    """Problems of the cadre's subtrees: raised and not yet assigned, and overdue (one aggregate)."""
    if not is_cadre(user):
        return {"to_assign": 0, "overdue": 0}
    return Problem.objects.visible_to(user, own=False).aggregate(
        to_assign=Count("pk", filter=Q(state="raised")),
        overdue=Count("pk", filter=overdue_q(today)),
    )


def unit_inbox_overdue_first(user, *, today: datetime.date | None = None) -> QuerySet:
    """The unit inbox by due date, the overdue ones (past due) first; with `overdue_now`."""
    from django.db.models import BooleanField, Case, Value, When

    today = today or timezone.localdate()
    return (
        unit_inbox(user)
        .annotate(
            overdue_now=Case(
                When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-overdue_now", "due_date", "pk")
    )
