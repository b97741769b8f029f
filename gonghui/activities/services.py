"""Activity operations: publish, edit, cancel, register (with family members), waitlist offers,
withdraw, photos and the summary.

Places, the waitlist and offers are core.registration's (DESIGN.md mechanism 9): the activity's
row is locked, its `taken` counter moves by one conditional UPDATE, a CheckConstraint refuses more
than the capacity. Every function takes the acting user and runs in one transaction.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.activities.models import Activity, Photo, Registration
from gonghui.activities.workflows import ACTIVITY_FLOW
from gonghui.core import audit, checkin, registration
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage
from gonghui.members.audience import audience_refusal, job_types_value
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Org

FAMILY_MAX = 5  # family members one worker may bring, at most, whatever the activity allows
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def _offered(entry: Registration) -> None:
    activity = entry.activity
    notify(
        recipients=[entry.user],
        title=_("候补递补：%(t)s 有名额了，请在%(d)s前确认")
        % {
            "t": activity.title,
            "d": date_format(timezone.localtime(entry.offer_expires_at), "DATETIME_FORMAT"),
        },
        url=entry.get_absolute_url(),
    )


POOL = registration.Pool(
    entry_model=Registration,
    holder_field="activity",
    offer_hours=lambda activity: activity.offer_hours,
    on_offer=_offered,
)


def _check_fields(
    *, title, place, starts_at, ends_at, opens_at, closes_at, capacity, family_max, offer_hours
):
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("请填写活动名称。")
    if not (place or "").strip():
        errors["place"] = _("请填写活动地点。")
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = _("结束时间必须晚于开始时间。")
    if opens_at and closes_at and closes_at <= opens_at:
        errors["registration_closes_at"] = _("报名截止时间必须晚于报名开始时间。")
    elif closes_at and starts_at and closes_at > starts_at:
        errors["registration_closes_at"] = _("报名截止时间不能晚于活动开始时间。")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("名额至少为1人。")
    if family_max is None or not 0 <= family_max <= FAMILY_MAX:
        errors["family_max"] = _("每人可带家属0至%(n)d人。") % {"n": FAMILY_MAX}
    if offer_hours is None or not 1 <= offer_hours <= 168:
        errors["offer_hours"] = _("递补确认时限为1至168小时。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_publish(
    *,
    org: Org,
    kind: str,
    title: str,
    description: str = "",
    place: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    registration_opens_at: datetime.datetime | None = None,
    registration_closes_at: datetime.datetime | None = None,
    capacity: int,
    family_max: int = 0,
    offer_hours: int = 24,
    audience_job_types=(),
    members_only: bool = True,
    actor,
) -> Activity:
    """Publish an activity of `org` to its subtree (registration opens now unless told otherwise)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    opens_at = registration_opens_at or timezone.now()
    closes_at = registration_closes_at or starts_at
    if kind not in Activity.Kind.values:
        raise ValidationError({"kind": _("请选择活动类型。")})
    _check_fields(
        title=title,
        place=place,
        starts_at=starts_at,
        ends_at=ends_at,
        opens_at=opens_at,
        closes_at=closes_at,
        capacity=capacity,
        family_max=family_max,
        offer_hours=offer_hours,
    )
    activity = Activity.objects.create(
        org=org,
        org_path=org.path,
        kind=kind,
        title=title.strip(),
        description=(description or "").strip(),
        place=place.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=opens_at,
        registration_closes_at=closes_at,
        capacity=capacity,
        family_max=family_max,
        offer_hours=offer_hours,
        audience_job_types=job_types_value(audience_job_types),
        members_only=members_only,
        created_by=actor,
    )
    audit.record(
        activity, action="activity_publish", actor=actor, org=org, changes={"title": [None, activity.title]}
    )
    return activity


EDITABLE = (
    "title",
    "description",
    "place",
    "starts_at",
    "ends_at",
    "registration_closes_at",
    "family_max",
    "offer_hours",
)


@transaction.atomic
def activity_update(*, activity: Activity, actor, capacity: int | None = None, **fields) -> Activity:
    """Edit an activity; a larger capacity offers the new places to the waitlist at once."""
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    locked = registration.lock(activity)
    if locked.state != Activity.State.PUBLISHED:
        raise ValidationError(_("活动已取消，不能修改。"))
    before = audit.snapshot(locked, [*EDITABLE, "capacity"])
    for name, value in fields.items():
        if name not in EDITABLE:
            raise TypeError(name)
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    _check_fields(
        title=locked.title,
        place=locked.place,
        starts_at=locked.starts_at,
        ends_at=locked.ends_at,
        opens_at=locked.registration_opens_at,
        closes_at=locked.registration_closes_at,
        capacity=capacity if capacity is not None else locked.capacity,
        family_max=locked.family_max,
        offer_hours=locked.offer_hours,
    )
    locked.save(update_fields=[*fields, "updated_at"])
    if capacity is not None and capacity != locked.capacity:
        POOL.resize(holder=locked, capacity=capacity)
    audit.record(
        locked, action="activity_update", actor=actor, org=locked.org, changes=audit.diff(before, locked)
    )
    return locked


@transaction.atomic
def activity_cancel(*, activity: Activity, reason: str, actor) -> Activity:
    """Cancel: everyone registered, offered or waiting is told."""
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    locked = registration.lock(activity)
    ACTIVITY_FLOW.fire(locked, "cancel", actor=actor, note=reason)
    users = [
        r.user for r in locked.registrations.filter(state__in=registration.ACTIVE).select_related("user")
    ]
    notify(
        recipients=users,
        title=_("活动已取消：%(t)s") % {"t": locked.title},
        body=reason.strip(),
        url=locked.get_absolute_url(),
        actor=actor,
    )
    audit.record(
        locked,
        action="activity_cancel",
        actor=actor,
        org=locked.org,
        changes={"state": ["published", "cancelled"]},
    )
    return locked


@transaction.atomic
def activity_summarise(*, activity: Activity, summary: str, actor) -> Activity:
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    if activity.starts_at > timezone.now():
        raise ValidationError({"summary": _("活动开始后才能填写总结。")})
    activity.summary = summary.strip()
    activity.save(update_fields=["summary", "updated_at"])
    return activity


def registration_refusal(user, activity: Activity) -> str | None:
    """Why `user` may not register for `activity` now, in Chinese; None when they may."""
    if activity.state == Activity.State.CANCELLED:
        return _("活动已取消。")
    now = timezone.now()
    if now < activity.registration_opens_at:
        return _("报名尚未开始。")
    if now >= activity.registration_closes_at or now >= activity.starts_at:
        return _("报名已截止。")
    return audience_refusal(user, activity)


@transaction.atomic
def registration_create(
    *, activity: Activity, family_count: int = 0, family_note: str = "", actor
) -> Registration:
    """Register `actor` (and their family members): a place when one is free and nobody waits,
    else the waitlist. A second submit (two taps, two tabs) is refused, never a second entry."""
    locked = registration.lock(activity)
    refusal = registration_refusal(actor, locked)
    if refusal:
        raise ValidationError(refusal)
    if family_count is None or family_count < 0:
        raise ValidationError({"family_count": _("家属人数不能为负数。")})
    if family_count > locked.family_max:
        raise ValidationError(
            {
                "family_count": _("本活动不接受家属报名。")
                if not locked.family_max
                else _("本活动每人最多可带家属%(n)d人。") % {"n": locked.family_max}
            }
        )
    entry = Registration.objects.select_for_update().filter(activity=locked, user=actor).first()
    if entry is not None and entry.is_active:
        raise ValidationError(
            _("您已报名该活动。") if entry.state != "waitlisted" else _("您已在候补名单中。")
        )
    if entry is None:
        entry = Registration(activity=locked, user=actor)
    entry.member = member_for_user(actor)
    entry.family_count, entry.family_note = family_count, (family_note or "").strip()[:200]
    try:
        with transaction.atomic():
            POOL.enter(holder=locked, entry=entry, places=1 + family_count)
    except IntegrityError:
        # a second request inserting the same registration at the same moment
        raise ValidationError(_("您已报名该活动。")) from None
    activity.taken = locked.taken
    return entry


def _locked_pair(entry: Registration) -> tuple[Activity, Registration]:
    activity = registration.lock(entry.activity)
    return activity, POOL.lock_entry(entry)


@transaction.atomic
def registration_withdraw(*, entry: Registration, actor) -> Registration:
    """The worker (or the organiser) withdraws, from the list or the waitlist; a freed place is
    offered to the next in line."""
    if actor.pk != entry.user_id and not can_manage(actor, entry.activity.org):
        raise PermissionDenied
    activity, locked = _locked_pair(entry)
    if locked.is_active and activity.starts_at <= timezone.now():
        raise ValidationError(_("活动已经开始，不能退出报名。"))
    POOL.leave(holder=activity, entry=locked)
    return locked


@transaction.atomic
def registration_accept(*, entry: Registration, actor) -> Registration:
    """Take the place offered from the waitlist, before the offer expires."""
    if actor.pk != entry.user_id:
        raise PermissionDenied
    activity, locked = _locked_pair(entry)
    POOL.accept(holder=activity, entry=locked)
    return locked


def offers_expire(*, now: datetime.datetime | None = None) -> list[Registration]:
    """Offers not accepted in time lapse and pass on (the periodic job, and the command)."""
    lapsed = POOL.expire_offers(now=now)
    for entry in lapsed:
        notify(
            recipients=[entry.user],
            title=_("递补名额已过期：%(t)s") % {"t": entry.activity.title},
            url=entry.get_absolute_url(),
        )
    return lapsed


def waitlist_position(entry: Registration) -> int | None:
    return POOL.position(entry)


@transaction.atomic
def photo_add(*, activity: Activity, upload, caption: str = "", actor) -> Photo:
    """A photo after the event: JPEG or PNG (read from the file's first bytes), 5 MB at most."""
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    if activity.starts_at > timezone.now():
        raise ValidationError({"image": _("活动开始后才能上传照片。")})
    if upload is None:
        raise ValidationError({"image": _("请选择照片。")})
    if upload.size > PHOTO_MAX_BYTES:
        raise ValidationError({"image": _("照片不能超过5MB。")})
    head = upload.read(8)
    upload.seek(0)
    content_type = next((t for magic, t in PHOTO_TYPES.items() if head.startswith(magic)), None)
    if content_type is None:
        raise ValidationError({"image": _("只能上传JPG或PNG格式的照片。")})
    photo = Photo(
        activity=activity, content_type=content_type, caption=caption.strip()[:100], uploaded_by=actor
    )
    photo.image.save(upload.name, upload, save=False)
    photo.save()
    return photo


def my_registration_url(entry: Registration) -> str:
    return reverse("activities:registration", args=[entry.uuid])


# ---------------------------------------------------------------- check-in (core.checkin)

CHECKIN_SCOPE = "activities.activity"


def registration_desk(activity: Activity) -> checkin.ScanDesk:
    """The activity as the gates' scanners see it: registered people (family come with them)."""
    return checkin.ScanDesk(
        scope=CHECKIN_SCOPE,
        event_id=activity.pk,
        secret=activity.checkin_secret,
        window=checkin.CheckinWindow(starts_at=activity.starts_at, ends_at=activity.ends_at),
        records=Registration.objects.filter(activity=activity, state=registration.EntryState.REGISTERED),
    )


def registration_code(entry: Registration) -> str | None:
    """The member's own check-in code (their QR), only while they hold a place."""
    if entry.state != registration.EntryState.REGISTERED or entry.activity.state != Activity.State.PUBLISHED:
        return None
    return registration_desk(entry.activity).token_for(entry)


def checkin_batch(*, activity: Activity, actor, scans: list[dict], now=None) -> list[dict]:
    """The organiser's scans from one or more gates (offline queues resent safely)."""
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    if activity.state == Activity.State.CANCELLED:
        raise ValidationError(_("活动已取消。"))
    return registration_desk(activity).batch(scans, now=now)


@transaction.atomic
def checkin_rotate(*, activity: Activity, actor) -> Activity:
    """New codes for everyone: codes shared or printed before stop working."""
    if not can_manage(actor, activity.org):
        raise PermissionDenied
    from gonghui.activities.models import _checkin_secret

    activity.checkin_secret = _checkin_secret()
    activity.save(update_fields=["checkin_secret", "updated_at"])
    audit.record(activity, action="activity_checkin_rotate", actor=actor, org=activity.org)
    return activity
