"""Reads of the glance: which orgs a user may open, the figures of one org and its children for a
period with the comparison period and the targets, and the ranking. Every figure comes from the
indicators registry (core.indicators), never from another app's tables."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from gonghui.core import indicators
from gonghui.core.indicators import Indicator, Period
from gonghui.core.scoping import can_manage, is_cadre, scope_paths
from gonghui.dashboard import formats
from gonghui.dashboard.models import Target
from gonghui.orgs.models import Org
from gonghui.orgs.selectors import org_get_for, visible_ancestor_paths

COMPARE_YEAR = "year"  # the same period a year before
COMPARE_PREVIOUS = "previous"  # the period just before (Period.before: whole months from a first)


def require_cadre(user) -> None:
    if not is_cadre(user):
        raise PermissionDenied


def top_orgs(user) -> list[Org]:
    """The roots of what the user sees as a cadre: where the glance opens."""
    require_cadre(user)
    if getattr(user, "is_superuser", False) and not scope_paths(user):
        return list(Org.objects.filter(depth=0, is_active=True).order_by("path"))
    return list(Org.objects.filter(path__in=scope_paths(user), is_active=True).order_by("path"))


def glance_org_for(user, uuid) -> Org:
    """An org in the user's scope (outside it: 404, as if it did not exist); non-cadres 403."""
    require_cadre(user)
    return org_get_for(user, uuid)


def trail_and_tops(user, org: Org) -> tuple[list[Org], list[Org]]:
    """(`org`'s ancestors the user may open, top first: the way back up; the roots of what the user
    sees, as `top_orgs`), read in one query."""
    require_cadre(user)
    scope = scope_paths(user)
    if getattr(user, "is_superuser", False) and not scope:
        return _orgs_at(visible_ancestor_paths(user, org)), top_orgs(user)
    visible = visible_ancestor_paths(user, org)
    found = _orgs_at({*visible, *scope})
    return (
        [o for o in found if o.path in visible],
        [o for o in found if o.path in scope and o.is_active],
    )


def _orgs_at(paths) -> list[Org]:
    return list(Org.objects.filter(path__in=paths).order_by("path"))


def may_set_targets(user, org: Org) -> bool:
    """A chair or staff of an ancestor org sets an org's targets: never a cadre for their own org."""
    if org.parent_id is None:
        return bool(getattr(user, "is_superuser", False))
    return can_manage(user, org.parent)


def targets_of(org: Org, year: int) -> dict[str, float]:
    return {t.indicator: t.value for t in Target.objects.filter(org=org, year=year)}


@dataclass
class Tile:
    indicator: Indicator
    value: object
    shown: float | int | None
    previous: float | int | None  # None: no comparison (a state now, or no figure)
    target: object = None
    met: bool | None = None
    url: str = ""

    @property
    def change(self):
        if self.shown is None or self.previous is None:
            return None
        return round(self.shown - self.previous, formats.decimals(self.indicator.kind))

    @property
    def better(self) -> bool | None:
        """Whether the change goes the good way (None: no change or no direction)."""
        if not self.change or not self.indicator.better:
            return None
        return (self.change > 0) == (self.indicator.better == indicators.HIGHER)

    @property
    def progress(self) -> int | None:
        """Percent of a higher-is-better count target reached (rates and means compare directly)."""
        if self.target in (None, 0) or self.shown is None or self.indicator.better != indicators.HIGHER:
            return None
        if self.indicator.kind in ("rate", "mean"):
            return None
        return round(float(self.shown) * 100 / float(self.target))


class Row:
    """A child's row (or the "本级" row): its figures as read, each shown (Indicator.display) when
    first asked for — a township's 1,000 children are ranked on one figure and 50 of them drawn,
    so most of its figures are never shown (the export shows them all)."""

    def __init__(self, label: str, org, figures: dict, items: dict[str, Indicator]):
        """`org`: the child's uuid, name and path (a named tuple), None for "本级"."""
        self.label = label
        self.org = org
        self._figures = figures
        self._items = items  # key -> indicator, in the table's order; shared by the rows
        self._shown: dict = {}

    def shown(self, key: str):
        if key not in self._shown:
            indicator = self._items.get(key)
            self._shown[key] = None if indicator is None else indicator.display(self._figures.get(key))
        return self._shown[key]

    @property
    def values(self) -> dict:
        """{key: shown value} of every indicator."""
        return {key: self.shown(key) for key in self._items}


@dataclass
class Glance:
    org: Org
    period: Period
    compare: str
    compared: Period
    tiles: list[Tile]
    rows: list[Row]
    rank_by: Indicator | None
    targets_year: int
    read_at: datetime.datetime | None = None  # when the figures were read (core.indicators.kept)

    @property
    def fresh_minutes(self) -> int:
        return max(1, indicators.FRESH // 60)


def figures_version(org: Org, period: Period, compared: Period, rank: str) -> str:
    """What the glance's figures as drawn depend on besides the figures kept for FRESH seconds:
    the org, the periods, the ranking and the targets (one indexed read: a target set shows at
    once)."""
    targets = sorted((k, str(v)) for k, v in targets_of(org, period.end.year).items())
    return repr((org.pk, org.path, period, compared, rank, targets))


def compared_period(period: Period, compare: str) -> Period:
    return period.before() if compare == COMPARE_PREVIOUS else period.year_before()


def glance(org: Org, period: Period, *, compare: str = COMPARE_YEAR, rank: str = "") -> Glance:
    """The tiles (each indicator now, in the comparison period, against its target) and the rows of
    the children. Each source is read once for the org, the comparison period (without the states,
    which have no past) and the children together where it declares how (core.indicators
    glance_figures), else once for each; kept for indicators.FRESH seconds (the page shows when)."""
    items = indicators.indicators()
    compared = compared_period(period, compare)
    read_at, (now, before, by_child) = indicators.kept(
        "glance", org, (period, compared), lambda: indicators.glance_figures(org, period, compared)
    )
    year = period.end.year
    targets = targets_of(org, year)
    tiles = []
    for ind in items:
        value = now.get(ind.key)
        target = targets.get(ind.key)
        tiles.append(
            Tile(
                indicator=ind,
                value=value,
                shown=ind.display(value),
                previous=None if ind.state else ind.display(before.get(ind.key)),
                target=target,
                met=ind.met(value, target),
                url=ind.drill(org, period) if ind.drill else "",
            )
        )
    rows = child_rows(org, period, items, figures=by_child)
    by_key = {i.key: i for i in items}
    rank_by = by_key.get(rank) or by_key.get("orgs.formation_rate")
    if rank_by is not None:
        rows = ranked(rows, rank_by)
    return Glance(
        org=org,
        period=period,
        compare=compare,
        compared=compared,
        tiles=tiles,
        rows=rows,
        rank_by=rank_by,
        targets_year=year,
        read_at=read_at,
    )


def child_rows(
    org: Org, period: Period, items: list[Indicator] | None = None, *, figures: dict | None = None
) -> list[Row]:
    """One row per active child (in tree order) and a last "本级" row for the org's own records
    (and inactive children's), when it holds anything. `figures`: the children's figures when
    already read (indicators.child_figures' form)."""
    from django.utils.translation import gettext as _

    items = items or indicators.indicators()
    # a township has a thousand children: their uuid (the row's link), name and path as tuples
    children = list(
        Org.objects.filter(parent=org, is_active=True)
        .order_by("path")
        .values_list("uuid", "name", "path", named=True)
    )
    if figures is None:
        figures = indicators.child_figures(org, period)
    by_key = {i.key: i for i in items}
    rows = []
    known = set()
    for child in children:
        known.add(child.path)
        values = figures.get(child.path, {})
        rows.append(Row(child.name, child, values, by_key))
    extra = [values for path, values in figures.items() if path not in known]
    own: dict = {}
    for i in items:
        found = [values.get(i.key) for values in extra if values.get(i.key) is not None]
        if i.kind in ("rate", "mean"):  # a ratio does not add up: shown only when one group holds it
            own[i.key] = found[0] if len(found) == 1 else None
        else:
            own[i.key] = sum(found) if found else None
    if any(own.get(i.key) for i in items if i.kind not in ("rate", "mean")):
        rows.append(Row(_("本级"), None, own, by_key))
    return rows


def ranked(rows: list[Row], indicator: Indicator) -> list[Row]:
    """Children ranked by the indicator, best first (missing figures last); "本级" stays last."""
    children = [r for r in rows if r.org is not None]
    own = [r for r in rows if r.org is None]
    lower = indicator.better == indicators.LOWER

    def key(row: Row):
        value = row.shown(indicator.key)
        return (value is None, (value or 0) if lower else -(value or 0), row.org.path)

    return sorted(children, key=key) + own


def default_period(today: datetime.date | None = None) -> Period:
    return indicators.year_to_date(today)
