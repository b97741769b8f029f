"""Formation and membership figures for a subtree and a period, and the drill-down by child org.

Every figure is an aggregate over an indexed prefix range of a materialized path
(core.scoping.subtree_q on Org.path, Enterprise.org_path, OrgMemberTally.org_path, Member.org_path),
never a query per org: `subtree_stats` issues 3 queries and `child_stats` 4, whatever the size of
the tree.

Members and new-employment-form members are states, not period counts: they are summed from the
member tally (orgs.tally: one row per union, kept in step by the member services), so a county's
figures read ~one row per union instead of every membership. New members in the period are counted
from Member.joined_on through the (joined_on, org_path, status) index: a one-year date range, then
the subtree range, read from the index alone.

Definitions (what federations report):
- 25+ enterprises: enterprises in the subtree with 25 or more employees (Trade Union Law art. 11);
  formation rate (建会率) = those covered by a union ÷ all of them.
- unions formed: member-admitting orgs (grassroots, joint grassroots, joint unions) in the subtree
  whose formation date falls in the period.
- members: memberships that are active or retired (retired members keep their membership);
  new members: of those, joined in the period; new-employment-form members: those with a job type.
- membership rate (入会率) = members ÷ employees of the enterprises in the subtree that are covered
  by a union. Kept simple on purpose: members of joint unions without an enterprise count in the
  numerator, so the rate may exceed 100 % where many new-employment-form workers have joined.
  Shown as "—" when no covered enterprise has employees.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FilteredRelation, Func, Q, Subquery, Sum, Value, When
from django.db.models.functions import Substr
from django.utils import timezone

from gonghui.core import compiled, stamps
from gonghui.core.indicators import Period
from gonghui.core.scoping import SEGMENT, child_length, grouped_by_prefix, subtree_q
from gonghui.orgs import contrib
from gonghui.orgs.models import MEMBER_KINDS, Enterprise, Org, OrgMemberTally

BIG_ENTERPRISE = 25


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The year so far: 1 January to today (a period never ends in the future)."""

    today = today or timezone.localdate()
    return datetime.date(today.year, 1, 1), today


def _rate(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Figures:
    enterprises_25: int = 0
    enterprises_25_with_union: int = 0
    covered_employees: int = 0
    unions_formed: int = 0
    members: int = 0
    new_members: int = 0
    new_form_members: int = 0
    org: Org | None = None
    label: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def enterprises_25_without_union(self) -> int:
        return self.enterprises_25 - self.enterprises_25_with_union

    @property
    def formation_rate(self) -> float | None:
        return _rate(self.enterprises_25_with_union, self.enterprises_25)

    @property
    def membership_rate(self) -> float | None:
        return _rate(self.members, self.covered_employees)

    def add(self, other: "Figures") -> None:
        for name in COUNTED:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict:
        return figures_dict({name: getattr(self, name) for name in COUNTED})


# What is counted or summed (a subtree's is the sum of its children's); the rest is derived.
COUNTED = (
    "enterprises_25",
    "enterprises_25_with_union",
    "covered_employees",
    "unions_formed",
    "members",
    "new_members",
    "new_form_members",
)


def figures_dict(counts: dict) -> dict:
    """The figures of `counts` (COUNTED) with those derived from them."""
    return {
        "enterprises_25": counts["enterprises_25"],
        "enterprises_25_with_union": counts["enterprises_25_with_union"],
        "enterprises_25_without_union": counts["enterprises_25"] - counts["enterprises_25_with_union"],
        "formation_rate": _rate(counts["enterprises_25_with_union"], counts["enterprises_25"]),
        "unions_formed": counts["unions_formed"],
        "members": counts["members"],
        "new_members": counts["new_members"],
        "new_form_members": counts["new_form_members"],
        "covered_employees": counts["covered_employees"],
        "membership_rate": _rate(counts["members"], counts["covered_employees"]),
    }


def _enterprise_aggregates() -> dict:
    return {
        "enterprises_25": Count("pk", filter=Q(employee_count__gte=BIG_ENTERPRISE)),
        "enterprises_25_with_union": Count(
            "pk", filter=Q(employee_count__gte=BIG_ENTERPRISE, union__isnull=False)
        ),
        "covered_employees": Sum("employee_count", filter=Q(union__isnull=False), default=0),
    }


def _members():
    return contrib.member_rows()


def _tally(path: str):
    return OrgMemberTally.objects.filter(subtree_q(path, "org_path")).order_by()


def _joined(path: str, start: datetime.date, end: datetime.date):
    """Members (active or retired) of the subtree who joined in the period.

    Count a column of the (joined_on, org_path, status) index, not the primary key, so that
    PostgreSQL answers from the index alone (an index-only scan) instead of visiting each row.
    """
    return _members().filter(subtree_q(path, "org_path"), joined_on__gte=start, joined_on__lte=end).order_by()


def _scalar(queryset, function: str, field: str) -> Subquery:
    """SELECT function(field) FROM queryset, as a subquery (a whole-queryset aggregate)."""
    return Subquery(queryset.annotate(value=Func(F(field), function=function)).values("value"))


def _member_figures(org: Org, start: datetime.date, end: datetime.date) -> dict:
    """members, new_form_members (tally) and new_members (joined in the period) in one query."""
    row = (
        Org.objects.filter(pk=org.pk)
        .values(
            m=_scalar(_tally(org.path), "SUM", "members"),
            nf=_scalar(_tally(org.path), "SUM", "new_form_members"),
            nm=_scalar(_joined(org.path, start, end), "COUNT", "org_path"),
        )
        .get()
    )
    return {"members": row["m"], "new_form_members": row["nf"], "new_members": row["nm"]}


def _formed(start: datetime.date, end: datetime.date):
    return Org.objects.filter(kind__in=MEMBER_KINDS, formed_on__gte=start, formed_on__lte=end)


def subtree_stats(org: Org, start: datetime.date, end: datetime.date) -> Figures:
    """The figures for `org` and everything under it, for the period [start, end]."""
    figures = Figures(org=org, label=org.name)
    ent = Enterprise.objects.filter(subtree_q(org.path, "org_path")).aggregate(**_enterprise_aggregates())
    mem = _member_figures(org, start, end)
    figures.unions_formed = _formed(start, end).filter(subtree_q(org.path)).count()
    for key, value in {**ent, **mem}.items():
        setattr(figures, key, value or 0)
    return figures


def _enterprise_place():
    """Where an enterprise sits in the tree for the drill-down: the union covering it when that union
    lies in the enterprise's area (its own union under the township), else the area itself.

    An enterprise is registered in an area (org_path: the township), its workers' union is a child of
    that area: grouped by the area alone, a township's drill-down put every enterprise in "本级" and
    none beside the union holding its members.
    """
    return Case(
        When(area_union__path__startswith=F("org_path"), then=F("area_union__path")),
        default=F("org_path"),
    )


def _with_area_union(enterprises, path: str):
    """The enterprises with their union joined only when it lies in the subtree of `path` (the only
    unions _enterprise_place can pick): PostgreSQL then reads the subtree's unions by their path
    index instead of hashing every org of the province (a township's drill-down: 8 ms → 2)."""
    return enterprises.annotate(
        area_union=FilteredRelation("union", condition=subtree_q(path, "union__path"))
    )


CHILD_FIELDS = ("id", "uuid", "name", "short_name", "kind", "path", "depth", "parent_id", "is_active")


def _enterprise_query(path: str, bounds=()):
    """Enterprises per child prefix (where each sits: _enterprise_place); no period."""
    enterprises = _with_area_union(Enterprise.objects.filter(subtree_q(path, "org_path")), path)
    return grouped_by_prefix(enterprises, _enterprise_place(), child_length(path), _enterprise_aggregates())


def _member_query(path: str, bounds):
    """members / new_form_members (tally) and the members joined in each period of `bounds` (n0,
    n1, …) per child prefix, in one UNION ALL: each part a plain range, so that PostgreSQL reads
    the new members from the (joined_on, org_path, status) index alone."""
    prefix = Substr(F("org_path"), 1, child_length(path))
    periods = compiled.day_ranges(bounds)
    zeros = {f"n{i}": Value(0) for i in range(len(periods))}
    tally = (
        _tally(path)
        .annotate(prefix=prefix)
        .values("prefix")
        .annotate(m=Sum("members"), nf=Sum("new_form_members"), **zeros)
    )
    joined = [
        _members()
        .filter(subtree_q(path, "org_path"), joined_on__gte=first, joined_on__lt=stop)
        .order_by()
        .annotate(prefix=prefix)
        .values("prefix")
        .annotate(m=Value(0), nf=Value(0), **{**zeros, f"n{i}": Count("org_path")})
        for i, (first, stop) in enumerate(periods)
    ]
    return tally.union(*joined, all=True)


def _formed_query(path: str, bounds):
    """Member-admitting orgs formed in each period of `bounds` (f0, f1, …) per child prefix."""
    windows = [Q(formed_on__gte=first, formed_on__lt=stop) for first, stop in compiled.day_ranges(bounds)]
    either = windows[0]
    for window in windows[1:]:
        either |= window
    orgs = Org.objects.filter(either, subtree_q(path), kind__in=MEMBER_KINDS)
    return grouped_by_prefix(
        orgs, "path", child_length(path), {f"f{i}": Count("pk", filter=w) for i, w in enumerate(windows)}
    )


def _children_query(path: str, bounds=()):
    """The active children's paths (by path and depth: compiled once, whatever the org)."""
    return Org.objects.filter(subtree_q(path), depth=len(path) // SEGMENT, is_active=True).values("path")


def _child_groups(path: str, bounds) -> tuple[dict, dict, dict]:
    """The drill-down's three grouped reads (enterprises, members, unions formed) per child prefix,
    each compiled once (core.compiled). `bounds`: the period's [lo, hi) and optionally a compared
    period's: its new members and unions formed are `new_members_1` and `unions_formed_1`."""
    ent = {
        row.pop("prefix"): row
        for row in compiled.rows(("orgs.stats.enterprises",), _enterprise_query, path, ())
    }
    mem: dict[str, dict] = {}
    for row in compiled.rows(("orgs.stats.members",), _member_query, path, bounds):
        figures = mem.setdefault(row["prefix"], {"members": 0, "new_form_members": 0, "new_members": 0})
        figures["members"] += row["m"] or 0
        figures["new_form_members"] += row["nf"] or 0
        figures["new_members"] += row["n0"] or 0
        if "n1" in row:
            figures["new_members_1"] = figures.get("new_members_1", 0) + (row["n1"] or 0)
    formed = {}
    for row in compiled.rows(("orgs.stats.formed",), _formed_query, path, bounds):
        formed[row["prefix"]] = {"unions_formed": row["f0"]}
        if "f1" in row:
            formed[row["prefix"]]["unions_formed_1"] = row["f1"]
    return ent, mem, formed


def child_stats(org: Org, start: datetime.date, end: datetime.date) -> list[Figures]:
    """The figures for each child org of `org` (its whole subtree each), in tree order.

    An enterprise counts under the child holding the union that covers it (see _enterprise_place),
    so a union's row shows its enterprise, its members and their rate together. A last row labelled
    "本级" holds what belongs to `org` itself (enterprises in its area that no child's union covers,
    its own members), so that the rows add up to `subtree_stats(org, ...)`. It is left out when empty.
    """
    from django.utils.translation import gettext as _

    # a township has a thousand children: read what the rows show and link to, no more
    children = list(org.children.filter(is_active=True).order_by("path").only(*CHILD_FIELDS))
    ent, mem, formed = _child_groups(org.path, Period(start, end).bounds())
    known = {child.path for child in children}

    def figures_for(prefix: str, **kwargs) -> Figures:
        figures = Figures(**kwargs)
        for source in (ent, mem, formed):
            for key, value in source.get(prefix, {}).items():
                setattr(figures, key, value or 0)
        return figures

    rows = [figures_for(child.path, org=child, label=child.name) for child in children]
    # Inactive children still hold data: fold them, with the parent's own rows, into "本级".
    own = Figures(label=_("本级"))
    for prefix in {*ent, *mem, *formed} - known:
        own.add(figures_for(prefix))
    if any(v for k, v in own.as_dict().items() if k not in ("formation_rate", "membership_rate")):
        rows.append(own)
    return rows


def pipeline(org: Org):
    """The organizing pipeline: 25+ enterprises without a union in the subtree, largest first."""
    return (
        Enterprise.objects.filter(
            subtree_q(org.path, "org_path"), employee_count__gte=BIG_ENTERPRISE, union__isnull=True
        )
        .select_related("org")
        .order_by("-employee_count", "name", "pk")
    )


ENTERPRISES = "orgs.enterprise"  # core.stamps kind: the org page's pipeline (orgs.apps follows Enterprise)


def pipeline_list(org: Org, fields: tuple[str, ...]) -> stamps.KeptList:
    """`pipeline(org)` for a Paginator, its count and each page (`fields`) kept until an enterprise
    of the subtree changes: a county's page is opened all morning, an enterprise changes rarely."""
    return stamps.KeptList(pipeline(org), stamps.Kept(ENTERPRISES, [org.path], "pipeline"), fields)


# ---------------------------------------------------------------- for the indicators registry (orgs/members indicators.py)


def period_figures(org: Org, period) -> dict:
    """subtree_stats as a dict, for a core.indicators.Period."""
    return subtree_stats(org, period.start, period.end).as_dict()


def period_child_figures(org: Org, period) -> dict[str, dict]:
    """child_stats as {child path: figures}; the "本级" row under the org's own path."""
    return {
        (row.org.path if row.org else org.path): row.as_dict()
        for row in child_stats(org, period.start, period.end)
    }


def period_figures_together(org: Org, period, compared) -> tuple[dict, dict, dict[str, dict]]:
    """period_figures for the period (the sum of the children's rows, which add up to
    subtree_stats: every figure is a count or a sum, the rates are taken after), the compared
    period's figures that are not a state now (new members, unions formed), and
    period_child_figures for the period: child_stats' three reads (the compared period's counts in
    them) and the children's paths, each compiled once, instead of 3 + 3 + 4. Built from
    the grouped rows as dicts (a township's thousand children need no Org or Figures objects)."""
    ent, mem, formed = _child_groups(org.path, (*period.bounds(), *compared.bounds()))
    children = {row["path"] for row in compiled.rows(("orgs.stats.children",), _children_query, org.path, ())}
    counts = {path: dict.fromkeys(COUNTED, 0) for path in children}
    own = dict.fromkeys(COUNTED, 0)  # "本级": the org's own rows and its inactive children's
    before = {"new_members": 0, "unions_formed": 0}  # the compared period's, over the subtree
    for source in (ent, mem, formed):
        for prefix, row in source.items():
            mine = counts[prefix] if prefix in children else own
            for key, value in row.items():
                if key.endswith("_1"):
                    before[key[:-2]] += value or 0
                else:
                    mine[key] += value or 0
    if any(own.values()):
        counts[org.path] = own
    total = dict.fromkeys(COUNTED, 0)
    for row in counts.values():
        for key, value in row.items():
            total[key] += value
    return (
        figures_dict(total),
        before,
        {path: figures_dict(row) for path, row in counts.items()},
    )
