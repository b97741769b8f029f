"""Rolled-up daily tallies: running sums per (subtree, day), for figures over a whole county.

A county's glance sums a year of orders or problems for its whole subtree, twice (the period and the
one compared), grouped by child: a scan of every row. So a tally row here is one *subtree* and one
local day: an event in org P adds to the rows of P and of every ancestor of P (`prefix` is the
subtree's path). A county's year is then 365 rows of its own and 365 per child, however many
orders it had; a period is any run of whole days, so nothing is left to read from the rows.

The services that change the counted rows call `add()` in the same transaction (F() increments,
ancestors in path order so concurrent writers lock them in one order). `recount()` rebuilds a tally
from its rows, for repairs and after loads that bypass the services (`manage.py recount_tallies`).
Moving an org (orgs.services) rewrites `prefix` with every other copy of a path (`scope_path_fields`)
and then sends `scoping.path_moved`: the moved subtree's rows are taken from the old ancestors and
given to the new ones (`moved`).

Reading (`grouped`) gives the same groups as core.scoping.group_by_prefix, so callers finish them as
they finish a scan's.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Length, TruncMonth
from django.utils import timezone

from gonghui.core import compiled
from gonghui.core.indicators import Period
from gonghui.core.scoping import child_length, path_prefixes, subtree_q


class DayTally(models.Model):
    """One subtree's sums for one local day; concrete tallies add their fields (integers)."""

    prefix = models.CharField(max_length=100, editable=False)  # the subtree's root path
    day = models.DateField(editable=False)  # a local day

    scope_path_fields = ("prefix",)  # so orgs.services rewrites it when an org moves

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(fields=["prefix", "day"], name="%(app_label)s_%(class)s_prefix_day")
        ]
        indexes = [
            # a subtree's children: one prefix length, a range of prefixes, a range of days
            models.Index(Length("prefix"), "prefix", "day", name="%(class)s_children"),
        ]


def counted_fields(model) -> list[str]:
    """A tally's sums: every field but its key (also of a migration's historical model)."""
    return [f.name for f in model._meta.concrete_fields if f.name not in ("id", "prefix", "day")]


def day_of(moment: datetime.datetime) -> datetime.date:
    """The local day of a timestamp."""
    return timezone.localtime(moment).date()


# ---------------------------------------------------------------- writing


def add(model: type[DayTally], path: str, day: datetime.date, **deltas: int) -> None:
    """Add `deltas` to `day` of the subtree of `path` and of every subtree above it; call it in
    the transaction of the change it counts."""
    deltas = {k: v for k, v in deltas.items() if v}
    if not deltas:
        return
    changes = {k: F(k) + v for k, v in deltas.items()}
    for prefix in path_prefixes(path):  # root first: one lock order for every writer
        if model.objects.filter(prefix=prefix, day=day).update(**changes):
            continue
        try:
            with transaction.atomic():  # a concurrent first insert for the same row may win
                model.objects.create(prefix=prefix, day=day, **deltas)
        except IntegrityError:
            model.objects.filter(prefix=prefix, day=day).update(**changes)


_registered: dict[type[DayTally], Callable] = {}


def register(model: type[DayTally], truth: Callable[[], Iterable[tuple[str, datetime.date, dict]]]) -> None:
    """A tally and how to count it from its rows: `truth()` gives (org path, day, {field: value})
    per group of rows (not rolled up; recount() adds each to its ancestors)."""
    _registered[model] = truth


def registered() -> list[type[DayTally]]:
    return list(_registered)


def rolled_up(groups: Iterable[tuple[str, datetime.date, dict]], fields: list[str]) -> dict[tuple, dict]:
    """{(prefix, day): {field: sum}}: each group of rows (org path, day, values) added to its org's
    subtree and to every subtree above it. (Also for migrations, which have no registry.)"""
    truth: dict[tuple[str, datetime.date], dict] = {}
    for path, day, values in groups:
        for prefix in path_prefixes(path):
            row = truth.setdefault((prefix, day), dict.fromkeys(fields, 0))
            for field in fields:
                row[field] += int(values.get(field) or 0)
    return truth


@dataclass
class RecountResult:
    checked: int = 0  # (subtree, day) rows compared
    corrected: int = 0  # rows created, changed or deleted


@transaction.atomic
def recount(model: type[DayTally], *, dry_run: bool = False) -> RecountResult:
    """Make the tally equal to what its rows give (rows locked meanwhile: concurrent adds wait)."""
    fields = counted_fields(model)
    current = {(t.prefix, t.day): t for t in model.objects.select_for_update()}
    truth = rolled_up(_registered[model](), fields)
    result = RecountResult(checked=len(set(current) | set(truth)))
    to_create, to_update, to_delete = [], [], []
    for key, values in truth.items():
        if not any(values.values()):
            continue
        row = current.get(key)
        if row is None:
            to_create.append(model(prefix=key[0], day=key[1], **values))
        elif any(getattr(row, f) != values[f] for f in fields):
            for field, value in values.items():
                setattr(row, field, value)
            to_update.append(row)
    for key, row in current.items():
        if not any((truth.get(key) or {}).values()):
            to_delete.append(row.pk)
    result.corrected = len(to_create) + len(to_update) + len(to_delete)
    if not dry_run:
        model.objects.bulk_create(to_create, batch_size=2000)
        model.objects.bulk_update(to_update, fields, batch_size=2000)
        model.objects.filter(pk__in=to_delete).delete()
    return result


def recount_all(*, dry_run: bool = False) -> dict[type[DayTally], RecountResult]:
    return {model: recount(model, dry_run=dry_run) for model in _registered}


def moved(sender, *, old_path: str, new_path: str, **kwargs) -> None:
    """An org moved from old_path to new_path (its subtree's rows already carry new_path): its
    days leave the subtrees above the old place and join those above the new one."""
    old_above = set(path_prefixes(old_path)[:-1])
    new_above = set(path_prefixes(new_path)[:-1])
    for model in _registered:
        _move_days(model, model.objects.filter(prefix=new_path), old_above - new_above, new_above - old_above)


def _move_days(model, moved_rows, leaving: set[str], joining: set[str]) -> None:
    fields = counted_fields(model)

    def by(sign: int) -> dict:
        # one UPDATE per subtree above: each of its days minus (plus) the moved subtree's same day
        return {
            f: F(f) + sign * Subquery(moved_rows.filter(day=OuterRef("day")).values(f)[:1]) for f in fields
        }

    days = moved_rows.values("day")
    for prefix in sorted(leaving):
        model.objects.filter(prefix=prefix, day__in=days).update(**by(-1))
    if leaving:
        model.objects.filter(prefix__in=leaving, **dict.fromkeys(fields, 0)).delete()  # days left empty
    for prefix in sorted(joining):
        model.objects.filter(prefix=prefix, day__in=days).update(**by(1))
        have = set(model.objects.filter(prefix=prefix, day__in=days).values_list("day", flat=True))
        model.objects.bulk_create(
            [
                model(prefix=prefix, day=row["day"], **{f: row[f] for f in fields})
                for row in moved_rows.values("day", *fields)
                if row["day"] not in have
            ],
            batch_size=2000,
        )


# ---------------------------------------------------------------- reading


def _grouped_query(model: type[DayTally], path: str, suffixes: tuple[str, ...], bounds):
    fields = counted_fields(model)
    windows = {
        suffix: Q(day__gte=first, day__lt=stop)
        for suffix, (first, stop) in zip(suffixes, compiled.day_ranges(bounds), strict=True)
    }
    any_day = Q()
    for window in windows.values():
        any_day |= window
    return (
        model.objects.annotate(prefix_length=Length("prefix"))
        .filter(Q(prefix=path) | (Q(prefix_length=child_length(path)) & subtree_q(path, "prefix")))
        .filter(any_day)
        .values("prefix")
        .annotate(**{f"{f}{s}": Sum(f, filter=w) for s, w in windows.items() for f in fields})
        .order_by()
    )


def grouped(model: type[DayTally], path: str, periods: dict[str, Period]) -> dict[str, dict]:
    """Each period's sums per child subtree of `path` and for `path`'s own rows (under `path`), as
    group_by_prefix gives: {prefix: {field + suffix: sum}} for every suffix of `periods`. One query
    over the subtree's own rows and its children's rows on those days, compiled once (core.compiled)."""
    suffixes = tuple(periods)
    rows = compiled.rows(
        ("tallies.grouped", model._meta.label, suffixes),
        lambda p, bounds: _grouped_query(model, p, suffixes, bounds),
        path,
        [bound for period in periods.values() for bound in period.bounds()],
    )
    groups = {row.pop("prefix"): {k: v or 0 for k, v in row.items()} for row in rows}
    own = groups.pop(path, None)
    if own is not None:
        # the subtree's row counts its children too: its own rows are what the children leave
        for child in groups.values():
            for key, value in child.items():
                own[key] -= value
        if any(own.values()):
            groups[path] = own
    return groups


def by_month(model: type[DayTally], path: str, period: Period, field: str) -> dict[datetime.date, int]:
    """{first day of a month: the sum of `field`} for the subtree of `path` in `period`, one query
    over its own rows (a trend chart)."""
    rows = (
        model.objects.filter(prefix=path, day__gte=period.start, day__lte=period.end)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(n=Sum(field))
        .order_by()
    )
    return {row["month"]: row["n"] for row in rows if row["n"]}


def merged(*parts: dict[str, dict]) -> dict[str, dict]:
    """Groups of several reads summed per prefix and field (None counts as nothing)."""
    total: dict[str, dict] = {}
    for groups in parts:
        for prefix, row in groups.items():
            mine = total.setdefault(prefix, {})
            for key, value in row.items():
                if value is None:
                    mine.setdefault(key, None)
                elif mine.get(key) is None:
                    mine[key] = value
                else:
                    mine[key] += value
    return total
