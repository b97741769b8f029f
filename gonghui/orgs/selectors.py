"""Reads of the org tree, enterprises and routing."""

import uuid as uuid_module
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.core import scoping
from gonghui.core.choosers import name_q
from gonghui.core.indicators import Period, period_from_query
from gonghui.core.scoping import MANAGING_ROLES, PermissionDenied, can_manage, subtree_q
from gonghui.orgs.models import JOINT_KINDS, MEMBER_KINDS, Enterprise, NewFormRoute, Org, OrgKind


def org_get_for(user, uuid, *, write: bool = False) -> Org:
    """An org in the user's scope (outside it: 404, as if it did not exist): the scope is checked
    against the positions kept with the user's facts (as Org.objects.visible_to applies it)
    rather than compiled into the query. A key that is no UUID (typed into a query string) is a 404 too."""
    try:
        uuid = uuid_module.UUID(str(uuid))
    except ValueError:
        raise Http404 from None
    org = get_object_or_404(Org.objects.select_related("parent"), uuid=uuid)
    if not scoping.can_view(user, org):
        raise Http404
    if write and not can_manage(user, org):
        raise PermissionDenied
    return org


def visible_ancestor_paths(user, org: Org) -> list[str]:
    """The paths of `org`'s ancestors the user may open, top first: the way back up to their top
    org (breadcrumbs)."""
    if getattr(user, "is_superuser", False):
        return org.ancestor_paths()[:-1]
    scope = scoping.scope_paths(user)
    return [path for path in org.ancestor_paths()[:-1] if any(path.startswith(s) for s in scope)]


def visible_ancestors(user, org: Org) -> list[Org]:
    """`org`'s ancestors the user may open, top first (an org page's breadcrumbs). None for a
    top org, without compiling a query that can find nothing."""
    paths = visible_ancestor_paths(user, org)
    return list(Org.objects.filter(path__in=paths).order_by("path")) if paths else []


def federation_above(org: Org) -> Org:
    """The federation an org belongs to: the nearest org of kind federation at or above it (in a
    city → county → township tree, the county's), else the tree's root. One query, then kept on
    the org object for the rest of the request."""
    cached = getattr(org, "_federation_above", None)
    if cached is None:
        chain = list(Org.objects.filter(path__in=org.ancestor_paths()).order_by("-depth"))
        cached = next((o for o in chain if o.kind == OrgKind.FEDERATION), chain[-1] if chain else org)
        org._federation_above = cached
    return cached


def orgs_for_grant(user):
    """Active orgs in which the user may grant positions (their chair subtrees)."""
    from gonghui.accounts.selectors import chair_paths

    qs = Org.objects.filter(is_active=True)
    if getattr(user, "is_superuser", False):
        return qs.order_by("path")
    q = Q(pk__in=[])
    for path in chair_paths(user):
        q |= subtree_q(path)
    return qs.filter(q).order_by("path")


def union_for_enterprise(enterprise: Enterprise) -> Org | None:
    """The union a worker of this enterprise joins: its own, or the joint union covering it."""
    if enterprise.union_id and enterprise.union.is_active:
        return enterprise.union
    return None


def union_for_new_form_worker(*, job_type: str, area: Org) -> Org | None:
    """The union configured for this job type in the nearest area up the tree."""
    routes = {
        r.area.path: r.union
        for r in NewFormRoute.objects.filter(
            job_type=job_type, area__path__in=area.ancestor_paths()
        ).select_related("area", "union")
    }
    for path in sorted(routes, key=len, reverse=True):
        if routes[path].is_active:
            return routes[path]
    return None


def public_areas():
    """Areas anyone may pick, signed in or not: federations and area unions, never membership unions.
    A rider's work area, an unlisted employer's area, a non-member volunteer's area. Thousands in a
    province, so forms offer them through a chooser (orgs:search for=public_area), not a <select>."""
    return Org.objects.filter(is_active=True).exclude(kind__in=[*MEMBER_KINDS]).order_by("path")


def joinable_unions():
    return Org.objects.filter(is_active=True, kind__in=MEMBER_KINDS)


def joint_unions():
    return Org.objects.filter(is_active=True, kind__in=JOINT_KINDS)


# --- pages and API --------------------------------------------------------------------------------


def root_paths(user) -> list[str]:
    """Roots of the subtrees the user sees: every top org for a superuser, else their scope."""
    if getattr(user, "is_superuser", False):
        return list(Org.objects.filter(depth=0).values_list("path", flat=True))
    return scoping.scope_paths(user)


def scope_roots(user, *, limit: int = 10):
    """The tops of the user's subtrees (a figures page shows one row each)."""
    return Org.objects.filter(path__in=root_paths(user)).order_by("path")[:limit]


def figures_roots(user, query) -> list[Org]:
    """The orgs a figures page shows a row for: the one `?org=<uuid>` names (in the user's scope:
    the glance drills down to it), else the tops of the user's subtrees. An org outside the scope,
    or a malformed key, is a 404, as on every org page."""
    key = (query.get("org") or "").strip()
    return [org_get_for(user, key)] if key else list(scope_roots(user))


@dataclass(frozen=True)
class Drilled:
    """The org and period a list page was opened for from the glance."""

    org: Org
    period: Period

    def counted(self, source, *, scan: int = 0):
        """The rows of `source` (a core.indicators.Source) the glance's tile counted."""
        return source.counted(self.org, *self.period.bounds(), scan=scan)


def drilled(user, query) -> Drilled | None:
    """`?org=<uuid>&start=&end=` as a glance tile links a list page (core.indicators.by_bounds,
    drill_org): the org checked in the user's scope (404 outside it, as on every org page), the
    period the tile showed (the year so far without one). None: the page was opened plainly."""
    key = (query.get("org") or "").strip()
    if not key:
        return None
    return Drilled(org_get_for(user, key), period_from_query(query))


def org_list_for(user, *, search: str = "", parent: Org | None = None):
    """Orgs for the list page and the API, in tree order, with their number of active children.

    Without a search: the roots of the user's scope and their children (or `parent`'s children).
    With a search: every visible org whose name or short name contains it.
    """
    qs = (
        Org.objects.visible_to(user)
        .select_related("parent")
        .annotate(child_count=Count("children", filter=Q(children__is_active=True)))
    )
    search = (search or "").strip()
    if search:
        return qs.filter(name_q(search, name_fields=("name", "short_name"), code_field=None)).order_by("path")
    if parent is not None:
        return qs.filter(parent=parent).order_by("path")
    roots = root_paths(user)
    if not roots:
        return qs.none()
    q = Q(pk__in=[])
    for path in roots:
        depth = len(path) // scoping.SEGMENT - 1
        q |= subtree_q(path) & Q(depth__lte=depth + 1)
    return qs.filter(q).order_by("path")


def manage_paths(user) -> list[str]:
    """Roots of the subtrees the user may change (chair or staff)."""
    if getattr(user, "is_superuser", False):
        return root_paths(user)
    return sorted({path for path, role, _pii, _id in scoping._positions(user) if role in MANAGING_ROLES})


def manageable_orgs(user, *, exclude_kinds=(), only_kinds=None):
    paths = manage_paths(user)
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(path)
    qs = Org.objects.filter(q, is_active=True).order_by("path")
    if exclude_kinds:
        qs = qs.exclude(kind__in=list(exclude_kinds))
    if only_kinds is not None:
        qs = qs.filter(kind__in=list(only_kinds))
    return qs


def area_choices_for(user):
    """Orgs an enterprise can be registered under (area unions) that the user manages."""
    return manageable_orgs(user, exclude_kinds=MEMBER_KINDS)


def union_choices_for(user):
    """Member-admitting unions in the user's scope: a union may cover enterprises it does not manage."""
    return Org.objects.visible_to(user).filter(is_active=True, kind__in=MEMBER_KINDS).order_by("path")


def enterprise_list_for(
    user, *, org: Org | None = None, search: str = "", has_union: str = "", big_only: bool = False
):
    qs = Enterprise.objects.visible_to(user).select_related("org", "union")
    if org is not None:
        qs = qs.filter(subtree_q(org.path, "org_path"))
    search = (search or "").strip()
    if search:
        qs = qs.filter(name_q(search))
    if has_union == "yes":
        qs = qs.filter(union__isnull=False)
    elif has_union == "no":
        qs = qs.filter(union__isnull=True)
    if big_only:
        qs = qs.filter(employee_count__gte=25)
    return qs.order_by("name", "pk")


def enterprise_get_for(user, uuid, *, write: bool = False) -> Enterprise:
    enterprise = get_object_or_404(
        Enterprise.objects.visible_to(user).select_related("org", "union"), uuid=uuid
    )
    if write and not can_manage(user, enterprise.org):
        raise PermissionDenied
    return enterprise


def route_list_for(user):
    return (
        NewFormRoute.objects.visible_to(user)
        .select_related("area", "union")
        .order_by("area__path", "job_type")
    )


def route_get_for(user, pk: int, *, write: bool = False) -> NewFormRoute:
    route = get_object_or_404(NewFormRoute.objects.visible_to(user).select_related("area", "union"), pk=pk)
    if write and not can_manage(user, route.area):
        raise PermissionDenied
    return route


def route_union_choices_for(user):
    return manageable_orgs(user, only_kinds=JOINT_KINDS)


def enterprises_for_contact(user):
    """The enterprises this user speaks for as an enterprise contact (企业联络人)."""
    if not getattr(user, "is_authenticated", False):
        return Enterprise.objects.none()
    return Enterprise.objects.filter(contacts__user=user).select_related("org")


def is_enterprise_contact(user, enterprise) -> bool:
    return getattr(user, "is_authenticated", False) and enterprise.contacts.filter(user=user).exists()


def position_kinds(user) -> dict[str, set[str]]:
    """The kinds of org the user holds positions in, per role ({"chair": {"federation"}, …}):
    which modules and to-dos are theirs. No query beyond the positions' own (core.scoping)."""
    if not getattr(user, "is_authenticated", False):
        return {}
    kinds = scoping.position_org_kinds(user)
    found: dict[str, set[str]] = {}
    for _path, role, _pii, org_id in scoping._positions(user):
        found.setdefault(role, set()).add(kinds.get(org_id, ""))
    return found


def is_federation_cadre(user, *, manage: bool = False) -> bool:
    """A position in a federation or area union (township, street, park, community), not only in
    member-admitting unions; `manage`: as chair or staff. A platform superuser counts as one."""
    if getattr(user, "is_superuser", False):
        return True
    roles = MANAGING_ROLES if manage else None
    return any(
        kind not in MEMBER_KINDS
        for role, kinds in position_kinds(user).items()
        if roles is None or role in roles
        for kind in kinds
    )
