"""Queries compiled once: a read the same in shape on every request (a glance source's grouped
scan for a subtree and its periods) built by the ORM the first time, then only run with new values.

Building and compiling a grouped query with a dozen filtered aggregates costs the ORM 1–2 ms, more
than PostgreSQL takes to run it on a township: the glance makes some thirty of them. `rows(key,
build, path, bounds)` asks `build(path, bounds)` for a `.values()` queryset and keeps its SQL. It
finds where the inputs go by building the query twice from stand-ins (two paths of the real one's
length, two sets of far-off bounds) and matching each parameter to one of the forms an input may
take: the path itself or its upper bound (`scoping.path_upper`); a bound itself or its local day,
each as the ORM has it or as the backend takes it (SQLite: text). Anything else in the parameters
must be the same in both builds and not a date (a query that reads today, or whose SQL changes
with the values, is never kept: it is built every time). Rows come back
through the compiler's own converters, as `.values()` gives them. Under the tests every kept query
is also built afresh with the real values and must match (`VERIFY`); elsewhere the first run of
each is.
"""

import datetime
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core.scoping import path_upper

VERIFY = bool(getattr(settings, "TESTING", False))

# The forms an input takes in a query's parameters.
_PATH_FORMS = {"path": lambda p: p, "upper": path_upper}
_BOUND_FORMS = {"moment": lambda b: b, "day": lambda b: timezone.localtime(b).date()}


@dataclass(frozen=True)
class _Kept:
    sql: str
    slots: tuple  # per parameter: ("value", constant) | ("path", form) | ("bound", index, form, adapted)
    names: tuple[str, ...]
    compiler: object  # applies the converters of the result's columns, as `.values()` does
    converters: dict


_kept: dict = {}
_never: set = set()
_lean: dict = {}  # full key -> the converters that change a value (_needed), learnt at the first run
_lock = threading.Lock()


def _stand_ins(path: str, n: int, which: int) -> tuple[str, tuple]:
    char = chr(1 + which)  # never in a real path or a constant
    base = 2100 + 100 * which
    tz = timezone.get_current_timezone()
    bounds = tuple(
        timezone.make_aware(datetime.datetime(base + i, 1 + i % 12, 1 + i, 1, 2, 3), tz) for i in range(n)
    )
    return char * len(path), bounds


def _compile(qs: QuerySet):
    compiler = qs.query.get_compiler(using=qs.db)
    sql, params = compiler.as_sql()
    query = qs.query
    names = (*query.extra_select, *query.values_select, *query.annotation_select)
    return compiler, sql, tuple(params), tuple(names)


# A date or a timestamp as a backend may pass it (SQLite: text).
_LOOKS_TEMPORAL = re.compile(r"\d{4}-\d{2}-\d{2}")


def _adapted(ops, value):
    """`value` as the backend's field preparation passes it to the database."""
    if isinstance(value, datetime.datetime):
        return ops.adapt_datetimefield_value(value)
    return ops.adapt_datefield_value(value)


def _slot(ops, value, other, path: str, bounds: tuple):
    for form, derive in _PATH_FORMS.items():
        if value == derive(path):
            return ("path", form)
    for index, bound in enumerate(bounds):
        for form, derive in _BOUND_FORMS.items():
            derived = derive(bound)
            if type(value) is type(derived) and value == derived:
                return ("bound", index, form, False)
            adapted = _adapted(ops, derived)
            if type(value) is type(adapted) and value == adapted:
                return ("bound", index, form, True)
    temporal = isinstance(value, datetime.date | datetime.time) or (
        isinstance(value, str) and _LOOKS_TEMPORAL.match(value)
    )
    if value != other or temporal:
        return None  # a value the inputs do not explain (today, a date worked out): never kept
    return ("value", value)


def _learn(build: Callable, path: str, n: int) -> _Kept | None:
    (path_a, bounds_a), (path_b, bounds_b) = _stand_ins(path, n, 0), _stand_ins(path, n, 1)
    try:
        compiler, sql, params_a, names = _compile(build(path_a, bounds_a))
        _, sql_b, params_b, _ = _compile(build(path_b, bounds_b))
    except (EmptyResultSet, FullResultSet):
        return None
    if sql != sql_b or len(params_a) != len(params_b):
        return None
    ops = connections[compiler.using].ops
    slots = []
    for a, b in zip(params_a, params_b, strict=True):
        slot = _slot(ops, a, b, path_a, bounds_a)
        if slot is None or slot != _slot(ops, b, a, path_b, bounds_b):
            return None
        slots.append(slot)
    converters = compiler.get_converters([s[0] for s in compiler.select[: compiler.col_count]])
    return _Kept(sql, tuple(slots), names, compiler, converters)


def _bind(kept: _Kept, path: str, bounds: Sequence) -> list:
    ops = connections[kept.compiler.using].ops
    params = []
    for slot in kept.slots:
        if slot[0] == "value":
            params.append(slot[1])
        elif slot[0] == "path":
            params.append(_PATH_FORMS[slot[1]](path))
        else:
            _, index, form, adapted = slot
            value = _BOUND_FORMS[form](bounds[index])
            params.append(_adapted(ops, value) if adapted else value)
    return params


# What psycopg already gives for a column type: an int (int8, int2, int4), a Decimal (numeric),
# a float (float4, float8): the ORM's conversion of an output of that kind changes nothing.
_PG_INTEGERS = {20, 21, 23}
_PG_NATIVE = {
    **dict.fromkeys(
        (
            "IntegerField",
            "BigIntegerField",
            "SmallIntegerField",
            "PositiveIntegerField",
            "PositiveBigIntegerField",
            "PositiveSmallIntegerField",
        ),
        _PG_INTEGERS,
    ),
    "DecimalField": {1700},
    "FloatField": {700, 701},
}


def _needed(converters: dict, description, vendor: str) -> dict:
    """The converters that change a value: on PostgreSQL a count comes back as an int and a sum of
    decimals as a Decimal, so the ORM's int() or Decimal() of such an output is dropped (a
    township's glance converts some 4,000 rows). A column's type is the statement's, the same on
    every run."""
    if vendor != "postgresql":
        return converters
    found = {}
    for position, (functions, expression) in converters.items():
        noop = (
            len(functions) == 1
            and functions[0] is expression.convert_value
            and description[position].type_code
            in _PG_NATIVE.get(expression.output_field.get_internal_type(), ())
        )
        if not noop:
            found[position] = (functions, expression)
    return found


def day_ranges(bounds: Sequence) -> list[tuple[datetime.date, datetime.date]]:
    """[first day, day after the last) of each period of `bounds` (local [lo, hi) pairs, as
    core.indicators.Period.bounds() gives them): how a build reads a date field's range, in the
    bounds' "day" form, so that it is kept."""
    days = [timezone.localtime(bound).date() for bound in bounds]
    return list(zip(days[::2], days[1::2], strict=True))


def rows(key, build: Callable[[str, tuple], QuerySet], path: str, bounds: Sequence) -> list[dict]:
    """`list(build(path, bounds))`, a `.values()` queryset's rows, from SQL compiled once per `key`
    (which must name everything else the query's shape depends on, such as the path's length)."""
    bounds = tuple(bounds)
    full_key = (connections["default"].vendor, key, len(path), len(bounds))
    kept = _kept.get(full_key)
    if kept is None:
        if full_key in _never:
            return list(build(path, bounds))
        # Learnt from the stand-ins, then checked against a build with the real values: a query
        # shaped by its values in a way both stand-ins share is caught here, and built every time.
        kept = _learn(build, path, len(bounds))
        qs = build(path, bounds)
        if kept is None or _compile(qs)[1:3] != (kept.sql, tuple(_bind(kept, path, bounds))):
            with _lock:
                _never.add(full_key)
            return list(qs)
        with _lock:
            _kept[full_key] = kept
    params = _bind(kept, path, bounds)
    if VERIFY:
        _, sql, fresh, _ = _compile(build(path, bounds))
        assert (sql, list(fresh)) == (kept.sql, params), f"compiled query {key} does not match a fresh build"
    connection = connections[kept.compiler.using]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        fetched = cursor.fetchall()
        converters = _lean.get(full_key)
        if converters is None:
            converters = _lean[full_key] = _needed(kept.converters, cursor.description, connection.vendor)
    if converters:
        fetched = kept.compiler.apply_converters(fetched, converters)
    return [dict(zip(kept.names, row, strict=True)) for row in fetched]
