"""Reads of the org tree, enterprises and routing."""

from django.shortcuts import get_object_or_404

from gonghui.core.scoping import can_manage, PermissionDenied
from gonghui.orgs.models import JOINT_KINDS, MEMBER_KINDS, Enterprise, NewFormRoute, Org


def org_get_for(user, uuid, *, write: bool = False) -> Org:
    org = get_object_or_404(Org.objects.visible_to(user).select_related("parent"), uuid=uuid)
    if write and not can_manage(user, org):
        raise PermissionDenied
    return org


def union_for_enterprise(enterprise: Enterprise) -> Org | None:
    """The union a worker of this enterprise joins: its own, or the joint union covering it."""
    if enterprise.union_id and enterprise.union.is_active:
        return enterprise.union
    return None


def union_for_new_form_worker(*, job_type: str, area: Org) -> Org | None:
    """The union configured for this job type in the nearest area up the tree."""
    routes = {
        r.area.path: r.union
        for r in NewFormRoute.objects.filter(job_type=job_type, area__path__in=area.ancestor_paths()).select_related("area", "union")
    }
    for path in sorted(routes, key=len, reverse=True):
        if routes[path].is_active:
            return routes[path]
    return None


def areas_for_join():
    """Areas a new-employment-form worker may choose as work area (the federation and its area unions)."""
    return Org.objects.filter(is_active=True).exclude(kind__in=[*MEMBER_KINDS]).order_by("path")


def joinable_unions():
    return Org.objects.filter(is_active=True, kind__in=MEMBER_KINDS)


def joint_unions():
    return Org.objects.filter(is_active=True, kind__in=JOINT_KINDS)
