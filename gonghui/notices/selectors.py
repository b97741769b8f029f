"""Reads of notices: who a notice reaches, the user's notices and unread count, a cadre's list."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.accounts.models import Position
from gonghui.core import facts, scoping
from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage, subtree_q
from gonghui.members.audience import job_types_list, path_prefixes
from gonghui.members.audience import reaching_q as members_reaching_q
from gonghui.members.contrib import member_rows
from gonghui.notices.models import Notice, NoticeRead
from gonghui.orgs.models import OrgMemberTally
from gonghui.volunteers.models import Volunteer

R = Notice.Role
UNREAD_TTL = 120  # seconds: a new notice shows within two minutes; a read one at once (cleared)


def _prefixes(paths) -> list[str]:
    return sorted({p for path in paths for p in path_prefixes(path)})


def _position_paths(user) -> list[str]:
    # every position, not the collapsed roots: a cadre of a union under the notice's org is reached
    return [path for path, *_ in scoping._positions(user)]


def _volunteer_path(user) -> str | None:
    """The path a volunteer is registered under (active only); the record is looked up once per
    request and shared with the volunteers' home and navigation (the same memo)."""
    if not getattr(user, "is_authenticated", False):
        return None
    from gonghui.core import homes
    from gonghui.volunteers.selectors import volunteer_for

    volunteer = homes.memo(user, "volunteer", lambda: volunteer_for(user))
    if volunteer is None or volunteer.status != Volunteer.Status.ACTIVE:
        return None
    return volunteer.org_path


def reaching_q(user) -> Q:
    """Notices whose audience includes `user`. The one rule, by the notice's role:

    - members: members.audience (the org's subtree, the member kinds, members only or not);
    - cadres: a position in the org's subtree;
    - volunteers: a volunteer registered in the org's subtree;
    - all: any of the three.
    Each part is an IN over the prefixes of the user's own paths (indexed org_path).
    """
    q = Q(audience_role__in=[R.ALL, R.MEMBERS]) & members_reaching_q(user)
    cadre_paths = _position_paths(user)
    if cadre_paths:
        q |= Q(audience_role__in=[R.ALL, R.CADRES], org_path__in=_prefixes(cadre_paths))
    volunteer_path = _volunteer_path(user)
    if volunteer_path:
        q |= Q(audience_role__in=[R.ALL, R.VOLUNTEERS], org_path__in=path_prefixes(volunteer_path))
    return q


def live_q(now=None) -> Q:
    now = now or timezone.now()
    return Q(withdrawn_at__isnull=True, publish_at__lte=now) & (
        Q(expire_at__isnull=True) | Q(expire_at__gt=now)
    )


def my_notices(user) -> QuerySet[Notice]:
    """Live notices reaching the user, unread first, then pinned, then newest; `is_read` annotated."""
    if not getattr(user, "is_authenticated", False):
        return Notice.objects.none()
    read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
    return (
        Notice.objects.filter(live_q(), reaching_q(user))
        .annotate(is_read=Exists(read))
        .select_related("org")
        .order_by("is_read", "-pinned", "-publish_at", "-pk")
    )


def unread_count(user) -> int:
    """One query (live reaching notices without the user's receipt), kept per user (core.facts) for
    up to UNREAD_TTL seconds: a new notice reaches a whole subtree, so it is not followed reader by
    reader; a receipt makes the reader's count be read again at once (`forget_unread`)."""
    if not getattr(user, "is_authenticated", False):
        return 0

    def count() -> int:
        read = NoticeRead.objects.filter(notice=OuterRef("pk"), user=user)
        return Notice.objects.filter(live_q(), reaching_q(user)).exclude(Exists(read)).count()

    return facts.remembered(user, "notices-unread", count, fresh=UNREAD_TTL)


def forget_unread(user) -> None:
    facts.forget(user)


def notice_get_for_reader(user, uuid) -> Notice:
    """A notice the user may read: one reaching them and live, or one of their scope as a cadre
    (who sees it whatever its state); anything else is 404."""
    qs = Notice.objects.select_related("org")
    notice = qs.filter(live_q(), reaching_q(user), uuid=uuid).first()
    if notice is not None:
        notice.reaches_reader = True
        return notice
    notice = get_object_or_404(qs.visible_to(user), uuid=uuid)
    notice.reaches_reader = False  # a cadre looking at their subtree's notice: no receipt
    return notice


def notice_get_for(user, uuid, *, write: bool = False) -> Notice:
    notice = get_object_or_404(Notice.objects.visible_to(user).select_related("org"), uuid=uuid)
    if write and not can_manage(user, notice.org):
        raise PermissionDenied
    return notice


def require_manager(user) -> None:
    """Publishing needs a chair or staff position somewhere (a viewer reads, 403)."""
    from gonghui.orgs.selectors import manage_paths

    if not manage_paths(user):
        raise PermissionDenied


def notice_list_for(user, *, drilled=None) -> QuerySet[Notice]:
    """A cadre's notices: those of their orgs' subtrees; `drilled` (orgs.selectors.drilled): only
    those a glance tile counted."""
    if not scoping.is_cadre(user):
        raise PermissionDenied
    qs = Notice.objects.visible_to(user).select_related("org").order_by("-publish_at", "-pk")
    if drilled is not None:
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs


def is_read(user, notice: Notice) -> bool:
    return NoticeRead.objects.filter(notice=notice, user=user).exists()


def receipts(notice: Notice) -> QuerySet[NoticeRead]:
    return NoticeRead.objects.filter(notice=notice).select_related("user").order_by("-read_at", "-pk")


def audience_size(*, org, role: str, job_types: str) -> int:
    """How many people the notice reaches, from prefix queries (the member tally, the member-kind
    index, positions, volunteers), never a loop over people. For "all" the parts are added: a
    member who is also a cadre counts twice, so the read rate is capped at 100 %."""
    path = org.path
    size = 0
    if role in (R.ALL, R.MEMBERS):
        kinds = job_types_list(job_types)
        if kinds:
            size += member_rows().filter(subtree_q(path, "org_path"), job_type__in=kinds).count()
        else:
            size += (
                OrgMemberTally.objects.filter(subtree_q(path, "org_path")).aggregate(n=Sum("members"))["n"]
                or 0
            )
    if role in (R.ALL, R.CADRES):
        size += (
            Position.objects.filter(subtree_q(path, "org__path"), org__is_active=True)
            .values("user")
            .distinct()
            .count()
        )
    if role in (R.ALL, R.VOLUNTEERS):
        size += Volunteer.objects.filter(subtree_q(path, "org_path"), status=Volunteer.Status.ACTIVE).count()
    return size


# ---------------------------------------------------------------- figures (indicators)


def _with_rate(row: dict) -> dict:
    row = {k: row.get(k) or 0 for k in ("published", "reads", "audience")}
    row["read_rate"] = min(row["reads"] / row["audience"], 1.0) if row["audience"] else None
    return row


# Notices published (not withdrawn) in a subtree in a period, their reads and audience.
FIGURES = Source(
    Scan(
        Notice.objects.filter(withdrawn_at__isnull=True),
        "org_path",
        (
            Window(
                {"published": Count("pk"), "reads": Sum("read_count"), "audience": Sum("audience_size")},
                # published by now: a notice scheduled for later in the period is not (yet)
                lambda lo, hi: Q(publish_at__gte=lo, publish_at__lt=min(hi, timezone.now())),
            ),
        ),
    ),
    clean=_with_rate,
)
