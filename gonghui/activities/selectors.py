"""Activity queries and access: what reaches a worker, what a cadre manages, figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.activities.models import Activity, Registration
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.registration import ACTIVE, EntryState
from gonghui.core.scoping import can_manage, can_view
from gonghui.members.audience import reaching_q


def reaching(user):
    """Published activities whose audience includes `user` (anonymous: the open ones)."""
    return Activity.objects.filter(reaching_q(user), state=Activity.State.PUBLISHED).select_related("org")


def upcoming_for(user, *, kind: str = ""):
    qs = reaching(user).filter(ends_at__gte=timezone.now()).order_by("starts_at")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def managed_for(user, *, kind: str = "", drilled=None):
    """The activities a cadre's list shows; `drilled` (orgs.selectors.drilled): only those a glance
    tile counted."""
    qs = Activity.objects.visible_to(user).select_related("org").order_by("-starts_at")
    if kind:
        qs = qs.filter(kind=kind)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs


def activity_get_for(user, uuid, *, write: bool = False) -> Activity:
    """An activity the user may see: it reaches them, they registered, or it is in their scope."""
    activity = get_object_or_404(Activity.objects.select_related("org"), uuid=uuid)
    manage = can_manage(user, activity.org)
    if write:
        if manage:
            return activity
        if can_view(user, activity.org):
            raise PermissionDenied
        raise Http404
    if manage or can_view(user, activity.org):
        return activity
    if Activity.objects.filter(reaching_q(user), pk=activity.pk).exists():
        return activity
    if getattr(user, "is_authenticated", False) and activity.registrations.filter(user=user).exists():
        return activity
    raise Http404


def registration_of(user, activity: Activity) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Registration.objects.filter(activity=activity, user=user).first()


def registration_get_for(user, uuid) -> Registration:
    """The worker's own registration page (or the organiser's view of it)."""
    entry = get_object_or_404(Registration.objects.select_related("activity__org", "user"), uuid=uuid)
    if entry.user_id != user.pk and not can_manage(user, entry.activity.org):
        raise Http404
    return entry


def my_registrations(user):
    return (
        Registration.objects.filter(user=user)
        .select_related("activity__org")
        .order_by("-activity__starts_at")
    )


def registrations_of(activity: Activity):
    return activity.registrations.select_related("user", "member").order_by("queued_at", "pk")


def counts(activity: Activity) -> dict:
    rows = activity.registrations.values("state").annotate(n=Count("pk"), places=Sum("places"))
    by = {r["state"]: r for r in rows}
    return {
        "registered": (by.get(EntryState.REGISTERED) or {}).get("n", 0),
        "waitlisted": (by.get(EntryState.WAITLISTED) or {}).get("n", 0),
        "offered": (by.get(EntryState.OFFERED) or {}).get("n", 0),
    }


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("activities", "registrations", "people", "family", "attended")}


# Activities held in a subtree in a period (by the activity's org and start, cancelled ones left
# out): activities, registrations, person-times (places: workers and family), family members and
# attendance (person-times checked in).
FIGURES = Source(
    Scan(
        Activity.objects.exclude(state=Activity.State.CANCELLED),
        "org_path",
        (Window({"activities": Count("pk")}, lambda lo, hi: Q(starts_at__gte=lo, starts_at__lt=hi)),),
    ),
    Scan(
        Registration.objects.filter(state=EntryState.REGISTERED).exclude(
            activity__state=Activity.State.CANCELLED
        ),
        "activity__org_path",
        (
            Window(
                {
                    "registrations": Count("pk"),
                    "people": Sum("places"),
                    "family": Sum("family_count"),
                    "attended": Sum("places", filter=Q(checked_in_at__isnull=False)),
                },
                lambda lo, hi: Q(activity__starts_at__gte=lo, activity__starts_at__lt=hi),
            ),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child


def todo_for(user):
    """A cadre's to-do: activities they manage whose waitlist holds people or offers are open."""
    return (
        managed_for(user)
        .filter(state=Activity.State.PUBLISHED, starts_at__gte=timezone.now())
        .annotate(waiting=Count("registrations", filter=Q(registrations__state__in=[EntryState.WAITLISTED])))
        .filter(waiting__gt=0)
        .order_by("starts_at")
    )


__all__ = ["ACTIVE"]
