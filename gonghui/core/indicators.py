"""Indicators: the figures each app declares for a subtree and a period; core imports no app.

An app declares, in its `indicators.py` (discovered the first time anything here is asked for, as
the admin discovers `admin.py`), with `register(...)`:

- `Indicator`: one figure (members, formation rate, orders delivered …) — its name and unit, how
  it is computed for a subtree (an org's path prefix) and a period, whether higher or lower is
  better (and so whether a target makes sense), and where it drills down (a URL). Indicators of an
  app that come from one query share one `compute` function returning a dict of fields: the registry
  calls each function once per org and period, whatever the number of indicators reading it. Each
  also has a batch form, `children`, giving the same fields per child org in one grouped query
  (GROUP BY path prefix; never a query per child), keyed by the child's path; rows of the org
  itself come under the org's own path.
- `Chart`: a series for a subtree and a period — a monthly trend (`kind="trend"`: compute returns
  {first day of the month: value}) or a composition (`kind="composition"`: [(label, value)]).

Optionally an indicator also has a `together` form: (org, period, compared) → (fields now, fields in
the compared period, {child path: fields now}) from as few scans as the source allows (one
conditional aggregation over both periods, grouped by child, the subtree's totals summed from the
groups). `glance_figures()` uses it where declared and the three plain calls elsewhere: the same
figures either way. `family()` builds the indicators of one source (no per-app boilerplate).

`Source` declares a source once — per table a `Scan` of `Window`s (which rows count in a period,
the Count and Sum aggregates over them, whether they are a state at the period's end) and one
clean-up from the sums to the figures — and gives `figures`, `figures_by_child` and `together`
from it, with `Source.family(drill=...)` for its indicators: one grouped query per table a glance.

Readers (the dashboard, the star-rating assessments) use `indicators()`, `figures()`,
`child_figures()`, `glance_figures()`, `charts()` and `series()`; never the apps' tables.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from gonghui.core import compiled
from gonghui.core.scoping import child_length, group_by_prefix, grouped_by_prefix, subtree_q

HIGHER = "higher"
LOWER = "lower"

# kind: how a value is shown. count: an integer; rate: a fraction shown as a percentage; mean: one
# decimal (a mean rating); amount: one decimal (hours); money: to the fen (元, two decimals).
KINDS = ("count", "rate", "mean", "amount", "money")


@dataclass(frozen=True)
class Period:
    """[start, end], both days included."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def year_before(self) -> "Period":
        return Period(_year_back(self.start), _year_back(self.end))

    def before(self) -> "Period":
        """The period just before this one, as a cadre counts it: a period from the first of a month
        spans whole months back (a quarter to date → the same days of the quarter before: 1 Oct –
        7 Dec → 1 Jul – 7 Sep; a whole month → the whole month before); any other, the same number
        of days just before."""
        if self.start.day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = _months_back(self.start, months)
            last_day = (self.end + datetime.timedelta(days=1)).day == 1
            end = _months_back(self.end.replace(day=1), months)
            end = _month_end(end) if last_day else end.replace(day=min(self.end.day, _month_end(end).day))
            return Period(start, end)
        end = self.start - datetime.timedelta(days=1)
        return Period(end - datetime.timedelta(days=self.days - 1), end)

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[lo, hi) in local time, for timestamp fields: an index range."""
        tz = timezone.get_current_timezone()
        lo = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=tz)
        hi = datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
        return lo, hi

    def months(self) -> list[datetime.date]:
        """The first day of every month the period touches."""
        found = []
        month = self.start.replace(day=1)
        while month <= self.end:
            found.append(month)
            month = (month + datetime.timedelta(days=32)).replace(day=1)
        return found


def _months_back(first: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` before the month of `first` (a first of a month)."""
    index = first.year * 12 + first.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_end(first: datetime.date) -> datetime.date:
    return (first + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)


def _year_back(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_to_date(today: datetime.date | None = None) -> Period:
    today = today or timezone.localdate()
    return Period(datetime.date(today.year, 1, 1), today)


def period_from_query(query) -> Period:
    """The period a figures page was asked for (?start=&end=, ISO dates), else the year so far."""
    try:
        start = datetime.date.fromisoformat(query.get("start", ""))
        end = datetime.date.fromisoformat(query.get("end", ""))
    except ValueError:
        return year_to_date()
    return Period(start, end) if start <= end else year_to_date()


Compute = Callable[[object, Period], dict]
ComputeChildren = Callable[[object, Period], dict[str, dict]]
# (org, period, compared) -> (fields now, fields compared, {child path: fields now})
ComputeTogether = Callable[[object, Period, Period], tuple[dict, dict, dict[str, dict]]]


@dataclass(frozen=True)
class Indicator:
    key: str  # "<app>.<name>", unique
    name: str
    unit: str  # shown after the number: 家, 人, %, 件, 分, 小时
    compute: Compute  # (org, period) -> {field: value}
    children: ComputeChildren  # (org, period) -> {child path: {field: value}}
    field: str = ""  # the compute result's field holding this indicator (default: the key's last part)
    kind: str = "count"
    better: str = HIGHER  # HIGHER, LOWER, or "" (no direction: no target)
    state: bool = False  # a state now (members), the same whatever the period: nothing to compare
    drill: Callable[[object, Period], str] | None = None  # (org, period) -> URL
    help: str = ""
    order: int = 100
    together: ComputeTogether | None = None  # the three reads of the glance at once (optional)

    @property
    def name_in_result(self) -> str:
        # the last part: "care.hardship.households" reads "households", as "orgs.unions_formed" reads
        # "unions_formed" (the first part alone left "hardship.households", found in no result)
        return self.field or self.key.rsplit(".", 1)[-1]

    @property
    def takes_target(self) -> bool:
        return bool(self.better)

    def value(self, result: dict):
        return result.get(self.name_in_result)

    def display(self, value) -> float | int | None:
        """The number as shown (rates as percentages): also what a target is entered in."""
        if value is None:
            return None
        if self.kind == "rate":
            return round(float(value) * 100, 1)
        if self.kind in ("mean", "amount"):
            return round(float(value), 1)
        if self.kind == "money":
            return float(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        return int(value)

    def met(self, value, target) -> bool | None:
        """Whether the shown value reaches the target (None when either is missing)."""
        shown = self.display(value)
        if shown is None or target is None or not self.better:
            return None
        target = float(target)
        return shown >= target if self.better == HIGHER else shown <= target


@dataclass(frozen=True)
class Chart:
    key: str
    name: str
    kind: str  # "trend" or "composition"
    unit: str
    compute: Callable[[object, Period], object]
    drill: Callable[[object, Period], str] | None = None
    order: int = 100


_indicators: dict[str, Indicator] = {}
_charts: dict[str, Chart] = {}
_discovered = False


def register(*items: Indicator | Chart) -> None:
    for item in items:
        registry = _charts if isinstance(item, Chart) else _indicators
        if item.key in registry and registry[item.key] != item:
            raise ValueError(f"indicator {item.key!r} is declared twice")
        if isinstance(item, Indicator) and item.kind not in KINDS:
            raise ValueError(f"indicator {item.key!r}: unknown kind {item.kind!r}")
        registry[item.key] = item


def _discover() -> None:
    global _discovered
    if not _discovered:
        _discovered = True
        autodiscover_modules("indicators")


def indicators() -> list[Indicator]:
    _discover()
    return sorted(_indicators.values(), key=lambda i: (i.order, i.key))


def get(key: str) -> Indicator:
    _discover()
    return _indicators[key]


def charts() -> list[Chart]:
    _discover()
    return sorted(_charts.values(), key=lambda c: (c.order, c.key))


def get_chart(key: str) -> Chart:
    _discover()
    return _charts[key]


def _selected(keys: Iterable[str] | None) -> list[Indicator]:
    wanted = indicators()
    if keys is not None:
        keys = set(keys)
        wanted = [i for i in wanted if i.key in keys]
    return wanted


def figures(org, period: Period, *, keys: Iterable[str] | None = None, skip_state: bool = False) -> dict:
    """{indicator key: value} for `org`'s subtree in `period`. Each compute function runs once.
    skip_state leaves out the indicators that are a state now (for a comparison period)."""
    wanted = [i for i in _selected(keys) if not (skip_state and i.state)]
    results: dict[Compute, dict] = {}
    values = {}
    for indicator in wanted:
        if indicator.compute not in results:
            results[indicator.compute] = indicator.compute(org, period)
        values[indicator.key] = indicator.value(results[indicator.compute])
    return values


def child_figures(org, period: Period, *, keys: Iterable[str] | None = None) -> dict[str, dict]:
    """{child path (or the org's own path for its own rows): {indicator key: value}}, one grouped
    query per compute function whatever the number of children."""
    wanted = _selected(keys)
    results: dict[ComputeChildren, dict[str, dict]] = {}
    rows: dict[str, dict] = {}
    for indicator in wanted:
        if indicator.children not in results:
            results[indicator.children] = indicator.children(org, period)
        for path, result in results[indicator.children].items():
            rows.setdefault(path, {})[indicator.key] = indicator.value(result)
    return rows


def family(
    *, compute: Compute, children: ComputeChildren, together: ComputeTogether | None = None, **defaults
):
    """A maker of the indicators read from one source: `make(key, name, unit, **kwargs)` gives an
    Indicator with the source's functions and `defaults` (kwargs win)."""

    def make(key: str, name, unit, **kwargs) -> Indicator:
        return Indicator(
            key=key,
            name=name,
            unit=unit,
            compute=compute,
            children=children,
            together=together,
            **{**defaults, **kwargs},
        )

    return make


def drill_page(name: str) -> Callable[[object, Period], str]:
    """A drill (org, period) -> URL to the page `name` (a URL name) opened for that org and period,
    `?org=<uuid>&start=…&end=…`: a figures page (orgs.selectors.figures_roots) or a list of the
    rows counted (orgs.selectors.drilled) reads them back."""
    from urllib.parse import urlencode

    from django.urls import reverse

    def url(org, period) -> str:
        query = {"org": str(org.uuid), "start": period.start.isoformat(), "end": period.end.isoformat()}
        return f"{reverse(name)}?{urlencode(query)}"

    return url


def by_bounds(
    figures: Callable, figures_by_child: Callable, *, drill: str = "", drill_org: bool = False, **defaults
):
    """`family()` for a source whose selectors take (org, start, end), the period's bounds, and
    whose figures drill down to one list page (`drill`, a URL name). `drill_org`: the page shows
    the org and period of `?org=<uuid>&start=…&end=…` (a figures page), so the link names them."""
    from django.urls import reverse

    def compute(org, period):
        return figures(org, *period.bounds())

    def children(org, period):
        return figures_by_child(org, *period.bounds())

    if drill and drill_org:
        defaults["drill"] = drill_page(drill)
    elif drill:
        defaults["drill"] = lambda org, period: reverse(drill)
    return family(compute=compute, children=children, **defaults)


# ---------------------------------------------------------------- a source's sums, declared once


@dataclass(frozen=True)
class Window:
    """The rows of a scan that count in a period and what they add up to.

    `where(lo, hi)` picks them (a range on a date or a timestamp: [lo, hi) are the period's local
    bounds); `sums` are Count and Sum aggregates (their own `filter` narrows them further), so that a
    subtree's figures are its children's sums. `where=None`: every row of the subtree. `state`: a
    state at the period's end (households on file, cases open now), read for the period and never
    for the compared one (whose states the glance does not show)."""

    sums: dict
    where: Callable[[datetime.datetime, datetime.datetime], object] | None = None
    state: bool = False

    def __post_init__(self):
        for name, aggregate in self.sums.items():
            if type(aggregate) not in (Count, Sum) or aggregate.distinct or aggregate.default is not None:
                # a mean, a distinct count or a default does not add up over children
                raise ValueError(f"{name}: only Count and Sum (no distinct, no default) add up")


@dataclass(frozen=True)
class Scan:
    """One table of a source: its rows (a manager or a queryset), the org path field a subtree is a
    range of and the children are grouped by, and its windows."""

    rows: object  # a manager or a queryset: filtered by subtree and windows, never evaluated itself
    path: str
    windows: tuple[Window, ...]


def _filtered(aggregate, where):
    if where is None:
        return aggregate
    found = aggregate.copy()
    found.filter = where if aggregate.filter is None else where & aggregate.filter
    return found


def _either(wheres: list):
    """The OR of the windows' row filters (None when one of them takes every row)."""
    if not wheres or any(w is None for w in wheres):
        return None
    found = wheres[0]
    for where in wheres[1:]:
        found = found | where
    return found


class Source:
    """A source's figures declared once — its scans (one grouped query each) and `clean(raw)`, from
    {name: sum, None where no row counted} to the figures (zeros, rates, means from sums) — giving
    `figures(org, lo, hi)`, `figures_by_child(org, lo, hi)` and the glance's `together(org, period,
    compared)`: one query per scan for the period, the compared period and the children (the
    subtree's totals summed from the children's groups), the same figures as the first two.
    Figures read by indicators that are not a state must not come from state windows."""

    def __init__(self, *scans: Scan, clean: Callable[[dict], dict]):
        self.scans = scans
        self.clean = clean
        self._names = [name for scan in scans for window in scan.windows for name in window.sums]
        # a Count over no rows is 0, a Sum None: so are the totals summed from no group
        self._zero = {
            name: (0 if isinstance(aggregate, Count) else None)
            for scan in scans
            for window in scan.windows
            for name, aggregate in window.sums.items()
        }

    def _sums(self, scan: Scan, lo, hi, *, suffix: str = "", states: bool = True) -> tuple[dict, list]:
        aggregates, wheres = {}, []
        windows = [w for w in scan.windows if states or not w.state]
        for window in windows:
            where = None if window.where is None else window.where(lo, hi)
            wheres.append(where)
            if len(windows) == 1 and not suffix:
                where = None  # the row filter alone picks the window's rows
            aggregates.update({name + suffix: _filtered(a, where) for name, a in window.sums.items()})
        return aggregates, wheres

    def _rows(self, scan: Scan, path: str, wheres: list):
        where = _either(wheres)
        subtree = subtree_q(path, scan.path)
        return scan.rows.filter(subtree if where is None else subtree & where)

    def _together_query(self, scan: Scan, path: str, bounds: tuple):
        """A scan's glance read: the period's and the compared period's sums grouped by child."""
        lo, hi, clo, chi = bounds
        aggregates, wheres = self._sums(scan, lo, hi, suffix="__now")
        compared_sums, compared_wheres = self._sums(scan, clo, chi, suffix="__cmp", states=False)
        aggregates.update(compared_sums)
        # a child counts in the period's rows (as figures_by_child has it) if a row of it does
        present = _either(wheres)
        if present is not None:
            aggregates["rows__now"] = Count("pk", filter=present)
        rows = self._rows(scan, path, wheres + compared_wheres)
        return grouped_by_prefix(rows, scan.path, child_length(path), aggregates)

    def figures(self, org, lo: datetime.datetime, hi: datetime.datetime) -> dict:
        """The figures of `org`'s subtree for [lo, hi): one aggregate per scan."""
        raw = {}
        for scan in self.scans:
            aggregates, wheres = self._sums(scan, lo, hi)
            raw.update(self._rows(scan, org.path, wheres).aggregate(**aggregates))
        return self.clean(raw)

    def counted(self, org, lo: datetime.datetime, hi: datetime.datetime, *, scan: int = 0):
        """The rows of scan `scan` that `org`'s figures for [lo, hi) count: a list page the glance
        drills into shows these (or the rows they belong to), so its count is the tile's."""
        found = self.scans[scan]
        wheres = []
        for window in found.windows:
            where = None if window.where is None else window.where(lo, hi)
            filters = [aggregate.filter for aggregate in window.sums.values()]
            if all(f is not None for f in filters):  # a row that no sum takes is not counted
                taken = _either(filters)
                where = taken if where is None else where & taken
            wheres.append(where)
        return self._rows(found, org.path, wheres)

    def figures_by_child(self, org, lo: datetime.datetime, hi: datetime.datetime) -> dict[str, dict]:
        """The same per child subtree (the org's own rows under its path): one grouped query per scan."""
        raw: dict[str, dict] = {}
        for scan in self.scans:
            aggregates, wheres = self._sums(scan, lo, hi)
            groups = group_by_prefix(
                self._rows(scan, org.path, wheres), scan.path, child_length(org.path), aggregates
            )
            for path, row in groups.items():
                raw.setdefault(path, dict.fromkeys(self._names)).update(row)
        return {path: self.clean(row) for path, row in raw.items()}

    def together(self, org, period: Period, compared: Period) -> tuple[dict, dict, dict[str, dict]]:
        """(figures for `period`, for `compared` (no states), {child path: figures for `period`}):
        what figures() twice and figures_by_child() give, in one grouped query per scan."""
        (lo, hi), (clo, chi) = period.bounds(), compared.bounds()
        now, before = dict(self._zero), dict(self._zero)
        children: dict[str, dict] = {}
        for index, scan in enumerate(self.scans):
            # built by the ORM once per source, scan and depth, then only run (core.compiled)
            found = compiled.rows(
                ("indicators.together", id(self), index),
                lambda path, bounds, scan=scan: self._together_query(scan, path, bounds),
                org.path,
                (lo, hi, clo, chi),
            )
            groups = {row.pop("prefix"): row for row in found}
            names = [name for window in scan.windows for name in window.sums]
            for path, row in groups.items():
                for name in names:
                    before[name] = _plus(before[name], row.get(name + "__cmp"))
                if row.get("rows__now", 1) == 0:
                    continue
                child = children.setdefault(path, dict.fromkeys(self._names))
                for name in names:
                    child[name] = row[name + "__now"]
                    now[name] = _plus(now[name], child[name])
        return self.clean(now), self.clean(before), {path: self.clean(row) for path, row in children.items()}

    def family(self, *, drill: str = "", drill_org: bool = False, **defaults):
        """`by_bounds()` of this source, its `together` read included."""
        return by_bounds(
            self.figures,
            self.figures_by_child,
            together=self.together,
            drill=drill,
            drill_org=drill_org,
            **defaults,
        )


def _plus(total, value):
    if value is None:
        return total
    return value if total is None else total + value


def glance_figures(
    org, period: Period, compared: Period, *, keys: Iterable[str] | None = None
) -> tuple[dict, dict, dict[str, dict]]:
    """({key: value} now, {key: value} in `compared` (states left out), {child path: {key: value}})
    — what figures() twice and child_figures() give, with each source's `together` function run
    once where it has one."""
    wanted = _selected(keys)
    now: dict = {}
    before: dict = {}
    rows: dict[str, dict] = {}
    done: dict = {}
    plain = []
    for indicator in wanted:
        if indicator.together is None:
            plain.append(indicator)
            continue
        if indicator.together not in done:
            done[indicator.together] = indicator.together(org, period, compared)
        result_now, result_before, result_children = done[indicator.together]
        now[indicator.key] = indicator.value(result_now)
        if not indicator.state:
            before[indicator.key] = indicator.value(result_before)
        for path, result in result_children.items():
            rows.setdefault(path, {})[indicator.key] = indicator.value(result)
    if plain:
        keys = [i.key for i in plain]
        now.update(figures(org, period, keys=keys))
        before.update(figures(org, compared, keys=keys, skip_state=True))
        for path, values in child_figures(org, period, keys=keys).items():
            rows.setdefault(path, {}).update(values)
    return now, before, rows


FRESH = 300  # seconds a subtree's figures may be shown after they were read (with that time)


READING = 60  # seconds one process may take to read figures afresh before another tries


def kept(name: str, org, periods: Iterable[Period], compute: Callable, *, fresh: int = FRESH):
    """(when read, `compute()`) for this org and these periods, from the shared cache when read
    less than `fresh` seconds ago: the glance reads every app's tables for a whole subtree, and a
    county's cadres open it all morning. Readers show the time, so nobody takes it for live.

    When the figures are older, one request reads them afresh; the others meanwhile show the figures
    read before (for at most READING seconds more), rather than all of a county's open pages
    reading the same tables at once."""
    from django.core.cache import cache

    key = ":".join(
        ["gonghui:indicators", name, str(org.pk), org.path, *(f"{p.start}/{p.end}" for p in periods)]
    )
    try:
        found = cache.get(key)
    except Exception:  # a cache outage costs the reads, never the page
        found = None
    if found is not None and (timezone.now() - found[0]).total_seconds() < fresh:
        return found
    try:
        if found is not None and not cache.add(f"{key}:reading", 1, READING):
            return found  # another request is reading them
    except Exception:
        pass
    found = (timezone.now(), compute())
    try:
        cache.set(key, found, fresh + READING)
        cache.delete(f"{key}:reading")
    except Exception:
        pass
    return found


def series(chart: Chart, org, period: Period) -> list[tuple[object, float]]:
    """A chart's points: (first day of the month, value) for every month of the period (zeros
    filled in; the compute function's keys may be dates or datetimes) for a trend; (label, value) for a composition, empty parts left out."""
    raw = chart.compute(org, period)
    if chart.kind == "trend":
        # TruncMonth of a timestamp gives a local datetime: the month is its date
        by_month = {(k.date() if isinstance(k, datetime.datetime) else k): v for k, v in raw.items()}
        return [(month, _number(by_month.get(month, 0))) for month in period.months()]
    return [(label, _number(value)) for label, value in raw if value]


def _number(value) -> float | int:
    if isinstance(value, Decimal):
        return float(value)
    return value or 0
