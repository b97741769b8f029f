"""Org scoping: the one place that decides which records a user may see and manage.

Orgs form a tree with a materialized path of fixed-width digit segments, so a subtree is a
range on one indexed column (`path >= P and path < P + "A"`): the same plan on SQLite and
PostgreSQL, whatever the collation, because paths hold digits only.
"""

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.dispatch import Signal

from gonghui.core import facts

SEGMENT = 5  # digits per tree level: up to 99,999 children under one org

# Sent by orgs.services after an org moved (old_path, new_path), with every copy of its paths
# rewritten, in the move's transaction: what is kept per subtree above it follows (core.tallies).
path_moved = Signal()


def path_upper(path: str) -> str:
    return path + "A"


def subtree_q(path: str, field: str = "path") -> Q:
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper(path)})


def path_prefixes(path: str) -> list[str]:
    """The paths of an org and all its ancestors (the subtrees it lies in), from the root down."""
    return [path[:end] for end in range(SEGMENT, len(path) + 1, SEGMENT)]


def in_subtree(path: str, root_path: str) -> bool:
    return path.startswith(root_path)


def child_length(path: str) -> int:
    """The length of a child's path under `path`: what a drill-down groups by."""
    return len(path) + SEGMENT


def group_by_prefix(queryset, path, length: int, aggregates: dict) -> dict[str, dict]:
    """Aggregate per child subtree in one query: GROUP BY the first `length` characters of `path`
    (a field name or an expression). Rows of the parent itself have a shorter path, so they form
    their own group under the parent's path ("本级", this level)."""
    return {row.pop("prefix"): row for row in grouped_by_prefix(queryset, path, length, aggregates)}


def grouped_by_prefix(queryset, path, length: int, aggregates: dict):
    """group_by_prefix's query: a `.values()` queryset of rows with `prefix` and the aggregates."""
    from django.db.models import F
    from django.db.models.functions import Substr

    expression = F(path) if isinstance(path, str) else path
    return (
        queryset.annotate(prefix=Substr(expression, 1, length))
        .values("prefix")
        .annotate(**aggregates)
        .order_by()
    )


ROLE_CHAIR = "chair"
ROLE_STAFF = "staff"
ROLE_VIEWER = "viewer"
MANAGING_ROLES = (ROLE_CHAIR, ROLE_STAFF)


def _positions(user) -> list:
    """The user's positions as (path, role, can_view_personal_data), cached on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_gonghui_positions", None)
    if cached is None:
        # Kept across requests (core.facts): a grant or revoke (accounts follows Position) and any
        # change of an org (orgs follows Org: a move changes paths) make it be read again.
        cached, kinds = facts.remembered(user, "positions", lambda: _read_positions(user))
        user._gonghui_positions = cached
        user._gonghui_position_kinds = kinds
    return cached


def _read_positions(user) -> tuple[list, dict]:
    # Through the user's reverse relation (accounts.Position.user): core imports no app.
    positions = list(user.positions.filter(org__is_active=True).select_related("org"))
    rows = [(p.org.path, p.role, p.can_view_personal_data, p.org_id) for p in positions]
    return rows, {p.org_id: p.org.kind for p in positions}


def position_org_kinds(user) -> dict[int, str]:
    """The kind of each org the user holds a position in ({org_id: kind}), read with the positions."""
    _positions(user)
    return getattr(user, "_gonghui_position_kinds", {})


def forget_positions(user) -> None:
    for attr in ("_gonghui_positions", "_gonghui_position_kinds", "_gonghui_home_memo"):
        if hasattr(user, attr):
            delattr(user, attr)
    facts.forget(user)


def scope_paths(user) -> list[str]:
    """Roots of the subtrees the user sees as a cadre (overlapping roots collapsed)."""
    paths = sorted({p for p, _, _, _ in _positions(user)})
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return roots


def is_cadre(user) -> bool:
    return bool(_positions(user)) or getattr(user, "is_superuser", False)


def _roles_over(user, org) -> list[tuple[str, bool]]:
    return [(role, pii) for path, role, pii, _ in _positions(user) if org.path.startswith(path)]


def can_view(user, org) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return bool(org is not None and _roles_over(user, org))


def can_manage(user, org) -> bool:
    """Chair or staff of the org or of an ancestor."""
    if getattr(user, "is_superuser", False):
        return True
    return org is not None and any(role in MANAGING_ROLES for role, _ in _roles_over(user, org))


def can_chair(user, org) -> bool:
    if getattr(user, "is_superuser", False):
        return True
    return org is not None and any(role == ROLE_CHAIR for role, _ in _roles_over(user, org))


def can_view_personal_data(user, org) -> bool:
    """Full ID numbers: only a cadre whose position over the org carries that permission.

    Platform admins get no exception: they see no more personal data than their work needs.
    """
    return org is not None and any(pii for _, pii in _roles_over(user, org))


def holds_personal_data_permission(user) -> bool:
    """Whether any of the user's positions carries the permission (to offer, not to decide, a full view)."""
    return any(pii for _, _, pii, _ in _positions(user))


def require_manage(user, org) -> None:
    if not can_manage(user, org):
        raise PermissionDenied


class ScopedQuerySet(models.QuerySet):
    """`Model.objects.visible_to(user)`.

    A model declares `scope_path_fields` (paths of the orgs owning the record; a record with two
    orgs, such as a transfer, is visible from either) and optionally `scope_owner_field` (the user
    a record belongs to, who always sees it). `own=False` leaves the owner's records out: a cadre's
    working list (the roster) is their orgs' subtrees only, and without the OR a subtree count is an
    index-only range scan. A model of confidential records (diaries, petitions) sets
    `scope_superuser = False`: a platform superuser then sees only what their positions give them.
    """

    def visible_to(self, user, *, own: bool = True) -> "ScopedQuerySet":
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_superuser", False) and getattr(self.model, "scope_superuser", True):
            return self.all()
        q = Q(pk__in=[])
        for path in scope_paths(user):
            for field in self.model.scope_path_fields:
                q |= subtree_q(path, field)
        owner = getattr(self.model, "scope_owner_field", None)
        if owner and own:
            q |= Q(**{owner: user})
        return self.filter(q)

    def in_subtree(self, path: str) -> "ScopedQuerySet":
        return self.filter(subtree_q(path, self.model.scope_path_fields[0]))


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


# ---------------------------------------------------------------- the denormalised org path


def _sync_org_path(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """Before a save that may change `org`: the path is recomputed from it.

    A record moved to another org, by any path (a service, the admin, a shell), must leave the old
    org's subtree at once. A save naming its fields without `org` cannot move the record and costs
    nothing; otherwise the org's path is read from the org object the instance holds (no query) or,
    when the instance was loaded without it, with one query.
    """
    if raw or (update_fields is not None and "org" not in update_fields):
        return
    org_id = instance.__dict__.get("org_id")
    if org_id is None:
        return
    org = instance._state.fields_cache.get("org")
    if org is not None and org.pk == org_id:
        path = org.path
    else:
        org_model = type(instance)._meta.get_field("org").related_model
        path = org_model._base_manager.filter(pk=org_id).values_list("path", flat=True).first()
    if path is not None and instance.org_path != path:
        instance.org_path = path


def _write_path_too(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if not raw and update_fields is not None and "org" in update_fields and "org_path" not in update_fields:
        # save(update_fields=["org"]) would leave the new path unwritten: write it too.
        sender._base_manager.filter(pk=instance.pk).update(org_path=instance.org_path)


def connect_org_path_sync() -> None:
    """Keep `org_path` in step with `org` on every model that has both (called by core's ready())."""
    from django.apps import apps
    from django.db.models.signals import post_save, pre_save

    for model in apps.get_models():
        fields = {f.name: f for f in model._meta.concrete_fields}
        org = fields.get("org")
        if org is None or not org.is_relation or org.primary_key or "org_path" not in fields:
            continue
        uid = f"gonghui-org-path-{model._meta.label_lower}"
        pre_save.connect(_sync_org_path, sender=model, dispatch_uid=uid)
        post_save.connect(_write_path_too, sender=model, dispatch_uid=uid)


def get_visible_or_404(queryset, user, **lookup):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(queryset.visible_to(user), **lookup)


__all__ = [
    "PermissionDenied",
    "ScopedManager",
    "ScopedQuerySet",
    "can_chair",
    "can_manage",
    "can_view",
    "can_view_personal_data",
    "scope_paths",
    "subtree_q",
]
