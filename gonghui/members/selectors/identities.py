"""Reads for the suspected duplicate memberships (疑似重复会籍) that `gonghui check-identities` records."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.core.scoping import is_cadre
from gonghui.members.models import Member, SuspectedDuplicate


def _visible(user) -> QuerySet:
    # visible_to joins the memberships: a group seen through two of them is still one row.
    ids = SuspectedDuplicate.objects.visible_to(user).values("pk")
    members = Prefetch("members", queryset=Member.objects.select_related("org", "user").order_by("pk"))
    return SuspectedDuplicate.objects.filter(pk__in=ids).prefetch_related(members).select_related("kept")


def duplicate_list_for(user, *, state: str = SuspectedDuplicate.State.OPEN) -> QuerySet:
    """Groups with a membership in the cadre's subtrees, oldest first. Cadres only (403)."""
    if not is_cadre(user):
        raise PermissionDenied
    qs = _visible(user)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("created_at", "pk")


def duplicate_open_count_for(user) -> int:
    if not is_cadre(user):
        return 0
    return (
        SuspectedDuplicate.objects.visible_to(user)
        .filter(state=SuspectedDuplicate.State.OPEN)
        .distinct()
        .count()
    )


def duplicate_get_for(user, uuid) -> SuspectedDuplicate:
    """One group, 404 outside the cadre's scope; a member (not a cadre) gets 403."""
    if not is_cadre(user):
        raise PermissionDenied
    return get_object_or_404(_visible(user), uuid=uuid)
