"""Reads and access for join applications, the worker's home and the cadre's to-do list."""

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from gonghui.core import pii
from gonghui.core.scoping import PermissionDenied, can_manage, scope_paths, subtree_q
from gonghui.members.models import JoinApplication, TransferRequest

PENDING = "submitted"
ROWS_SHOWN = 5


def application_get_for(user, uuid, *, write: bool = False) -> JoinApplication:
    """An application the user may see (their scope, or their own); `write` needs chair or staff."""
    application = get_object_or_404(
        JoinApplication.objects.visible_to(user).select_related(
            "org", "enterprise", "work_area", "decided_by", "member"
        ),
        uuid=uuid,
    )
    if write and not can_manage(user, application.org):
        raise PermissionDenied
    return application


def application_get_public(uuid) -> JoinApplication:
    """The status page: whoever holds the (unguessable) uuid sees the state, never personal data."""
    return get_object_or_404(JoinApplication.objects.select_related("org"), uuid=uuid)


def _in_scope(user, field: str = "org_path") -> Q:
    if getattr(user, "is_superuser", False):
        return Q()
    q = Q(pk__in=[])
    for path in scope_paths(user):
        q |= subtree_q(path, field)
    return q


def applications_for(user, *, state: str = "") -> QuerySet[JoinApplication]:
    """Applications in the cadre's scope: pending first, oldest first."""
    qs = JoinApplication.objects.filter(_in_scope(user)).select_related("org", "enterprise", "work_area")
    if state:
        qs = qs.filter(state=state)
    return qs.annotate(
        pending_first=Case(When(state=PENDING, then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("pending_first", "created_at", "pk")


def pending_applications_for(user) -> QuerySet[JoinApplication]:
    return (
        JoinApplication.objects.filter(_in_scope(user), state=PENDING)
        .select_related("org", "enterprise", "work_area")
        .order_by("created_at", "pk")
    )


def pending_transfers_for(user) -> QuerySet[TransferRequest]:
    """Transfers waiting for a union in the user's scope to receive them."""
    return (
        TransferRequest.objects.filter(_in_scope(user, "to_path"), state="requested")
        .select_related("member", "from_org", "to_org")
        .order_by("created_at", "pk")
    )


def workbench_todo_for(user) -> dict:
    """Counts and the oldest items of what waits for the cadre: join applications and transfers."""
    return {
        "joins": _count_and_oldest(pending_applications_for(user)),
        "transfers": _count_and_oldest(pending_transfers_for(user)),
    }


def _count_and_oldest(qs: QuerySet) -> dict:
    """The first ROWS_SHOWN rows, and the count: only asked for when there are more (the home is busy)."""
    oldest = list(qs[:ROWS_SHOWN])
    return {"count": qs.count() if len(oldest) == ROWS_SHOWN else len(oldest), "oldest": oldest}


def applications_of_person(user) -> QuerySet[JoinApplication]:
    """A logged-in person's own applications: submitted while logged in, or with their mobile number."""
    if not getattr(user, "is_authenticated", False):
        return JoinApplication.objects.none()
    return (
        JoinApplication.objects.filter(Q(applicant=user) | Q(mobile=user.phone))
        .select_related("org")
        .order_by("-created_at", "-pk")
    )


def application_lookup(*, id_number: str, mobile: str) -> JoinApplication | None:
    """The newest application whose ID number and mobile both match (already normalised)."""
    return (
        JoinApplication.objects.filter(id_number_hash__in=pii.lookup_hashes(id_number), mobile=mobile)
        .order_by("-created_at", "-pk")
        .first()
    )
