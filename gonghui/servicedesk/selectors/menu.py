"""Reads of the service menu and service teams, and who may order what as whom."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from gonghui.core import facts, scoping
from gonghui.core.scoping import can_manage, subtree_q
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import MEMBER_KINDS, Enterprise, Org
from gonghui.orgs.selectors import enterprises_for_contact, manage_paths, manageable_orgs
from gonghui.servicedesk.models import Category, MenuItem, ServiceOrder, ServiceTeam, ServiceTeamMember


@dataclass(frozen=True)
class OrdererContext:
    """One capacity in which a user may order: as a worker, for an enterprise, or for a union."""

    kind: str  # ServiceOrder.OrdererKind
    label: str
    paths: tuple[str, ...]  # the orgs whose menus this capacity may order from
    enterprise: Enterprise | None = None
    union: Org | None = None

    @property
    def key(self) -> str:
        if self.enterprise is not None:
            return f"enterprise:{self.enterprise.pk}"
        if self.union is not None:
            return f"union:{self.union.pk}"
        return self.kind

    def allows(self, item: MenuItem) -> bool:
        flag = {"worker": item.for_workers, "enterprise": item.for_enterprises, "union": item.for_unions}[
            self.kind
        ]
        return bool(flag and item.is_active and item.org_path in self.paths)


def orderer_contexts(user) -> list[OrdererContext]:
    """Every capacity in which `user` may order services (a few queries, never per item)."""
    if not getattr(user, "is_authenticated", False):
        return []
    contexts: list[OrdererContext] = []
    member = member_for_user(user)
    if member is not None and member.is_member:
        contexts.append(
            OrdererContext(
                kind=ServiceOrder.OrdererKind.WORKER,
                label=_("职工本人"),
                paths=tuple(member.org.ancestor_paths()),
            )
        )
    for enterprise in enterprises_for_contact(user):
        contexts.append(
            OrdererContext(
                kind=ServiceOrder.OrdererKind.ENTERPRISE,
                label=_("企业：%(name)s") % {"name": enterprise.name},
                paths=tuple(enterprise.org.ancestor_paths()),
                enterprise=enterprise,
            )
        )
    unions = Org.objects.filter(
        is_active=True,
        kind__in=MEMBER_KINDS,
        pk__in=[
            org_id for _p, role, _pii, org_id in scoping._positions(user) if role in scoping.MANAGING_ROLES
        ],
    )
    for union in unions.order_by("path"):
        contexts.append(
            OrdererContext(
                kind=ServiceOrder.OrdererKind.UNION,
                label=_("工会：%(name)s") % {"name": union.name},
                paths=tuple(union.ancestor_paths()),
                union=union,
            )
        )
    return contexts


def orderable_items(user, *, category: str = "", contexts: list[OrdererContext] | None = None):
    """Active items of the federations above the user, that one of their capacities may order."""
    contexts = orderer_contexts(user) if contexts is None else contexts
    q = Q(pk__in=[])
    for ctx in contexts:
        flag = {"worker": "for_workers", "enterprise": "for_enterprises", "union": "for_unions"}[ctx.kind]
        q |= Q(org_path__in=ctx.paths, **{flag: True})
    qs = MenuItem.objects.filter(q, is_active=True).select_related("org", "team")
    if category in Category.values:
        qs = qs.filter(category=category)
    return qs.order_by("category", "title", "pk")


def orderable_item_get(user, pk: int) -> tuple[MenuItem, list[OrdererContext]]:
    """An item the user may order, with the capacities allowed for it; anything else is a 404."""
    contexts = orderer_contexts(user)
    item = get_object_or_404(orderable_items(user, contexts=contexts), pk=pk)
    return item, [c for c in contexts if c.allows(item)]


def _managed_q(user, field: str = "org_path") -> Q:
    q = Q(pk__in=[])
    for path in manage_paths(user):
        q |= subtree_q(path, field)
    return q


def menu_manage_list(user, *, category: str = ""):
    """Items of the orgs the user manages (published and unpublished)."""
    if not manage_paths(user):
        raise PermissionDenied
    qs = (
        MenuItem.objects.filter(_managed_q(user))
        .select_related("org", "team")
        .annotate(order_count=Count("orders"))
    )
    if category in Category.values:
        qs = qs.filter(category=category)
    return qs.order_by("org__path", "category", "title")


def menu_item_get_for(user, pk: int, *, write: bool = False) -> MenuItem:
    item = get_object_or_404(MenuItem.objects.visible_to(user).select_related("org", "team"), pk=pk)
    if write and not can_manage(user, item.org):
        raise PermissionDenied
    return item


def menu_org_choices(user):
    """Orgs whose menus the user may edit: federations and area unions they manage."""
    return manageable_orgs(user, exclude_kinds=MEMBER_KINDS)


def _active_teams(user):
    return ServiceTeam.objects.filter(_managed_q(user), is_active=True).order_by("org__path", "name")


def team_choices_for(user):
    """Active teams of the user's managed subtrees, by org and name, with their org."""
    return _active_teams(user).select_related("org")


def team_names_for(user) -> list[tuple[int, str]]:
    """(pk, name) of the active teams of the user's managed subtrees, by org and name: the board's
    team filter, kept with the user's facts (servicedesk.apps: a team's change makes the cadres
    above it forget)."""
    return facts.remembered(
        user,
        "desk:board_teams",
        lambda: list(_active_teams(user).values_list("pk", "name")),
    )


def team_list_for(user):
    if not manage_paths(user):
        raise PermissionDenied
    return (
        ServiceTeam.objects.filter(_managed_q(user))
        .select_related("org", "leader")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("org__path", "name")
    )


def team_get_for(user, pk: int, *, write: bool = False) -> ServiceTeam:
    team = get_object_or_404(ServiceTeam.objects.visible_to(user).select_related("org", "leader"), pk=pk)
    if write and not can_manage(user, team.org):
        raise PermissionDenied
    return team


def team_members(team: ServiceTeam):
    return ServiceTeamMember.objects.filter(team=team).select_related("user").order_by("joined_at", "pk")


def teams_of_user(user):
    """Teams the user leads or belongs to."""
    if not getattr(user, "is_authenticated", False):
        return ServiceTeam.objects.none()
    return ServiceTeam.objects.filter(Q(leader=user) | Q(memberships__user=user)).distinct()
