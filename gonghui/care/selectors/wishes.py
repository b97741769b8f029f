"""Care: micro-wishes — the wall, my wishes, my claims, the cadre's list, access and figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404

from gonghui.care.models.wishes import WALL_STATES, WISH_FLOW, Wish
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, can_view, subtree_q

DONE_STATES = ("fulfilled", "confirmed")


def wall(*, kind: str = "", state: str = ""):
    """The wish wall: wishes waiting for a donor first, riders' and drivers' before others, newest
    first; then those claimed and fulfilled. Open to anyone (the wisher is shown masked)."""
    qs = Wish.objects.filter(state__in=WALL_STATES).select_related("member", "org")
    if kind:
        qs = qs.filter(kind=kind)
    if state in WALL_STATES:
        qs = qs.filter(state=state)
    return qs.annotate(
        waiting=Case(
            When(state=Wish.State.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        others=Case(When(job_type="", then=Value(1)), default=Value(0), output_field=IntegerField()),
    ).order_by("waiting", "others", "-published_at", "-pk")


def wish_get_for(user, uuid, *, write: bool = False) -> Wish:
    """A wish this user may open: on the wall (anyone logged in), their own (wisher or claimer), or
    one of their orgs' subtrees. `write` (vetting) needs a managing role over its union: a read-only
    cadre gets 403, anyone else 404."""
    wish = get_object_or_404(Wish.objects.select_related("member", "org", "wisher", "claimer"), uuid=uuid)
    if write:
        if can_manage(user, wish.org):
            return wish
        if can_view(user, wish.org):
            raise PermissionDenied
        raise Http404
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if wish.on_wall or user.pk in (wish.wisher_id, wish.claimer_id) or can_view(user, wish.org):
        return wish
    raise Http404


def sees_identity(user, wish: Wish) -> bool:
    """The wisher's name in full: the wisher and the cadres of their union's tree; others see it masked."""
    return getattr(user, "pk", None) == wish.wisher_id or can_view(user, wish.org)


def mine(user):
    return Wish.objects.filter(wisher=user).select_related("org", "member").order_by("-created_at")


def claims_of(user):
    return (
        Wish.objects.filter(claimer=user, state__in=("claimed", "fulfilled", "confirmed"))
        .select_related("org", "member")
        .order_by("-claimed_at")
    )


def managed_for(user, *, state: str = "", drilled=None):
    """The wishes a cadre's list shows; `drilled` (orgs.selectors.drilled): only those a glance
    tile counted."""
    qs = Wish.objects.visible_to(user, own=False).select_related("org", "member", "claimer")
    if state in WISH_FLOW.states:
        qs = qs.filter(state=state)
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs.order_by("-created_at")


def todo_for(user):
    """Wishes waiting for this cadre's vetting: submitted, in a union they manage."""
    return [w for w in managed_for(user, state=Wish.State.SUBMITTED)[:50] if can_manage(user, w.org)]


def history(wish: Wish) -> list:
    return [
        {
            "log": log,
            "label": WISH_FLOW.transitions[log.transition].label
            if log.transition in WISH_FLOW.transitions
            else log.transition,
        }
        for log in WISH_FLOW.history(wish).order_by("at", "pk")
    ]


# ---------------------------------------------------------------- figures


def _posted(lo, hi) -> Q:
    return Q(created_at__gte=lo, created_at__lt=hi)


def _fulfilled(lo, hi) -> Q:
    return Q(fulfilled_at__gte=lo, fulfilled_at__lt=hi, state__in=DONE_STATES)


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("posted", "fulfilled", "amount")}


# Wishes of a subtree posted in a period, fulfilled in it and their amount (元), by the wisher's union.
FIGURES = Source(
    Scan(
        Wish.objects,
        "org_path",
        (
            Window({"posted": Count("pk")}, _posted),
            Window({"fulfilled": Count("pk"), "amount": Sum("amount")}, _fulfilled),
        ),
    ),
    clean=_clean,
)
figures = FIGURES.figures
figures_by_child = FIGURES.figures_by_child
figures_together = FIGURES.together


def by_state(org) -> dict[str, int]:
    rows = (
        Wish.objects.filter(subtree_q(org.path, "org_path"))
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["state"]: r["n"] for r in rows}
