"""Care: recuperation (疗休养) — programmes, applications, the published draw, withdrawal.

Places are core.registration's (DESIGN.md mechanism 9): each trip is a holder whose row is locked
and whose `taken` counter moves by one conditional UPDATE, so a trip is never over-filled; the
applicants not placed wait in draw order and are offered the places that a withdrawal frees.

The draw is a pure function of (seed, sorted applicant numbers): `draw_key` hashes each number with
the seed (SHA-256 of "seed:number"), `draw` sorts by that hash; `allocation_order` puts the
priority applicants first, each group in draw order. The seed is derived from a public value the
cadre enters before drawing (e.g. a lottery result announced after the window closed) or, without
one, from the closing time; it is stored and shown, so anyone can re-run the draw.
"""

import datetime
import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.care.models.recuperation import (
    COUNTING,
    DECLARED_GROUPS,
    NEW_FORM_JOB_TYPES,
    PriorityGroup,
    RecuperationApplication,
    RecuperationProgramme,
    RecuperationTrip,
)
from gonghui.core import audit, registration
from gonghui.core.notifications import notify
from gonghui.core.scoping import can_manage
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.orgs.models import Org

PRICE_CAP_MAX = Decimal("5000")  # 元 per person per day: anything above is a typing error
TRIPS_MAX = 20
TRIP_DAYS_MAX = 30


def _offered(entry: RecuperationApplication) -> None:
    notify(
        recipients=[entry.user],
        title=_("疗休养递补：%(t)s 有名额了，请在%(d)s前确认")
        % {
            "t": entry.programme.title,
            "d": date_format(timezone.localtime(entry.offer_expires_at), "DATETIME_FORMAT"),
        },
        url=entry.get_absolute_url(),
    )


POOL = registration.Pool(
    entry_model=RecuperationApplication,
    holder_field="trip",
    offer_hours=lambda trip: trip.programme.offer_hours,
    on_offer=_offered,
)


# ---------------------------------------------------------------- the draw (pure functions)


def normalise_seed_source(value: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def derive_seed(*, public_value: str, closes_at: datetime.datetime, programme_uuid) -> str:
    """The seed: SHA-256 of "programme-uuid|public value" (or of the closing time, in UTC ISO format,
    when no public value was entered)."""
    source = normalise_seed_source(public_value) or closes_at.astimezone(datetime.UTC).isoformat()
    return hashlib.sha256(f"{programme_uuid}|{source}".encode()).hexdigest()


def draw_key(seed: str, number: int) -> str:
    return hashlib.sha256(f"{seed}:{number}".encode()).hexdigest()


def draw(seed: str, numbers: Iterable[int]) -> list[int]:
    """The applicant numbers in lottery order: sorted by SHA-256("seed:number")."""
    return sorted(sorted(set(numbers)), key=lambda n: (draw_key(seed, n), n))


def allocation_order(seed: str, numbers: Iterable[int], priority: Iterable[int]) -> list[int]:
    """Priority applicants first, then the others; each group in lottery order."""
    numbers, first = set(numbers), set(priority)
    return draw(seed, numbers & first) + draw(seed, numbers - first)


# ---------------------------------------------------------------- programmes


def _price(value) -> Decimal | None:
    try:
        price = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return price if price.is_finite() else None


def _check_programme(*, title, destination, price_cap, opens_at, closes_at, priority_groups, trips) -> dict:
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("请填写疗休养项目名称。")
    if not (destination or "").strip():
        errors["destination"] = _("请填写疗休养地点。")
    price = _price(price_cap)
    if price is None or price <= 0:
        errors["price_cap"] = _("请填写大于0的每人每天费用上限（元）。")
    elif price > PRICE_CAP_MAX:
        errors["price_cap"] = _("每人每天费用上限不能超过%(n)s元。") % {"n": PRICE_CAP_MAX}
    if opens_at is None or closes_at is None:
        errors["closes_at"] = _("请填写申请开始和截止时间。")
    elif closes_at <= opens_at:
        errors["closes_at"] = _("申请截止时间必须晚于申请开始时间。")
    unknown = [g for g in priority_groups or () if g not in PriorityGroup.values]
    if unknown:
        errors["priority_groups"] = _("请选择列出的优先群体。")
    if not trips:
        errors["trips"] = _("请至少安排一个批次。")
    elif len(trips) > TRIPS_MAX:
        errors["trips"] = _("一个项目最多安排%(n)d个批次。") % {"n": TRIPS_MAX}
    else:
        close_day = timezone.localtime(closes_at).date() if closes_at else None
        years = set()
        for i, trip in enumerate(trips, start=1):
            starts, ends, capacity = trip.get("starts_on"), trip.get("ends_on"), trip.get("capacity")
            if starts is None or ends is None:
                errors["trips"] = _("第%(i)d批次：请填写出发和返回日期。") % {"i": i}
            elif ends < starts:
                errors["trips"] = _("第%(i)d批次：返回日期不能早于出发日期。") % {"i": i}
            elif (ends - starts).days + 1 > TRIP_DAYS_MAX:
                errors["trips"] = _("第%(i)d批次：一次疗休养不超过%(n)d天。") % {"i": i, "n": TRIP_DAYS_MAX}
            elif close_day and starts <= close_day:
                errors["trips"] = _("第%(i)d批次：出发日期必须晚于申请截止日期。") % {"i": i}
            elif not isinstance(capacity, int) or capacity < 1:
                errors["trips"] = _("第%(i)d批次：名额至少为1人。") % {"i": i}
            if "trips" in errors:
                break
            years.add(starts.year)
        if "trips" not in errors and len(years) > 1:
            errors["trips"] = _("一个项目的各批次须在同一年度。")
    if errors:
        raise ValidationError(errors)
    return {"price": price, "year": min(t["starts_on"] for t in trips).year}


@transaction.atomic
def programme_create(
    *,
    org: Org,
    title: str,
    destination: str,
    description: str = "",
    price_cap,
    opens_at: datetime.datetime | None = None,
    closes_at: datetime.datetime,
    priority_groups: Sequence[str] = (),
    trips: Sequence[dict],
    actor,
) -> RecuperationProgramme:
    """Publish a programme of `org` to its subtree's members, with its trips (dates and places)."""
    if not can_manage(actor, org):
        raise PermissionDenied
    opens_at = opens_at or timezone.now()
    checked = _check_programme(
        title=title,
        destination=destination,
        price_cap=price_cap,
        opens_at=opens_at,
        closes_at=closes_at,
        priority_groups=priority_groups,
        trips=trips,
    )
    programme = RecuperationProgramme.objects.create(
        org=org,
        org_path=org.path,
        title=title.strip(),
        destination=destination.strip(),
        description=(description or "").strip(),
        price_cap=checked["price"],
        opens_at=opens_at,
        closes_at=closes_at,
        priority_groups=[g for g in PriorityGroup.values if g in set(priority_groups)],
        year=checked["year"],
        created_by=actor,
    )
    RecuperationTrip.objects.bulk_create(
        RecuperationTrip(
            programme=programme, starts_on=t["starts_on"], ends_on=t["ends_on"], capacity=t["capacity"]
        )
        for t in sorted(trips, key=lambda t: t["starts_on"])
    )
    audit.record(
        programme,
        action="recuperation_programme_create",
        actor=actor,
        org=org,
        changes={"title": [None, title]},
    )
    return programme


# ---------------------------------------------------------------- applications


def _lock_programme(programme: RecuperationProgramme) -> RecuperationProgramme:
    return RecuperationProgramme.objects.select_for_update().select_related("org").get(pk=programme.pk)


def member_priority(member, declared: Iterable[str], programme: RecuperationProgramme) -> list[str]:
    """The programme's priority groups the applicant belongs to: riders and drivers from the
    membership (job type), front-line and model workers as declared on the application."""
    groups = {g for g in declared if g in DECLARED_GROUPS}
    if member.job_type in NEW_FORM_JOB_TYPES:
        groups.add(PriorityGroup.NEW_FORM)
    return [g for g in programme.priority_groups if g in groups]


def application_refusal(user, programme: RecuperationProgramme) -> str | None:
    """Why `user` may not apply now, in Chinese; None when they may."""
    if programme.state == RecuperationProgramme.State.CANCELLED:
        return _("该疗休养项目已取消。")
    if programme.state != RecuperationProgramme.State.OPEN:
        return _("该疗休养项目已完成名额分配。")
    now = timezone.now()
    if now < programme.opens_at:
        return _("申请尚未开始。")
    if now >= programme.closes_at:
        return _("申请已截止。")
    member = member_for_user(user)
    if member is None or member.status != member.Status.ACTIVE:
        return _("疗休养仅限在册工会会员申请。")
    if not member.org_path.startswith(programme.org_path):
        return _("该项目面向%(org)s的会员，您所在的工会不在其中。") % {"org": programme.org.name}
    return None


def _other_this_year(member, programme) -> RecuperationApplication | None:
    return (
        RecuperationApplication.objects.filter(member=member, year=programme.year, state__in=COUNTING)
        .exclude(programme=programme)
        .select_related("programme")
        .first()
    )


def _one_per_year(other: RecuperationApplication) -> ValidationError:
    return ValidationError(
        _("每位会员每年只能参加一个疗休养项目：您%(y)d年已申请“%(t)s”。如需改报，请先退出该申请。")
        % {"y": other.year, "t": other.programme.title}
    )


@transaction.atomic
def application_submit(
    *, programme: RecuperationProgramme, trip: RecuperationTrip, declared: Sequence[str] = (), actor
) -> RecuperationApplication:
    """Apply for one trip of an open programme. One programme per member per year; a second
    submit (two taps, two tabs) is refused, never a second application."""
    locked = _lock_programme(programme)
    refusal = application_refusal(actor, locked)
    if refusal:
        raise ValidationError(refusal)
    if trip is None or trip.programme_id != locked.pk:
        raise ValidationError({"trip": _("请选择本项目的批次。")})
    member = member_for_user(actor)
    other = _other_this_year(member, locked)
    if other is not None:
        raise _one_per_year(other)
    entry = (
        RecuperationApplication.objects.select_for_update().filter(programme=locked, member=member).first()
    )
    if entry is not None and entry.state in COUNTING:
        raise ValidationError(_("您已申请该疗休养项目。"))
    if entry is None:
        number = (locked.applications.aggregate(n=Max("number"))["n"] or 0) + 1
        entry = RecuperationApplication(programme=locked, member=member, number=number, year=locked.year)
    entry.user, entry.trip = actor, trip
    entry.state, entry.queued_at, entry.withdrawn_at = (
        RecuperationApplication.State.APPLIED,
        timezone.now(),
        None,
    )
    entry.priority = member_priority(member, declared, locked)
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        # the same member submitting at the same moment (this or another programme of the year)
        other = _other_this_year(member, locked)
        raise (_one_per_year(other) if other else ValidationError(_("您已申请该疗休养项目。"))) from None
    return entry


@transaction.atomic
def application_priority_set(
    *, entry: RecuperationApplication, priority: Sequence[str], actor
) -> RecuperationApplication:
    """Before the draw, a cadre of the programme's org confirms which priority groups count for an
    applicant (striking a declaration that does not hold, or adding one the union knows of)."""
    if not can_manage(actor, entry.programme.org):
        raise PermissionDenied
    programme = _lock_programme(entry.programme)
    if programme.state != RecuperationProgramme.State.OPEN:
        raise ValidationError(_("已经抽签分配，不能再修改优先群体。"))
    locked = RecuperationApplication.objects.select_for_update().get(pk=entry.pk)
    if locked.state != RecuperationApplication.State.APPLIED:
        raise ValidationError(_("只能修改待抽签申请的优先群体。"))
    unknown = [g for g in priority if g not in programme.priority_groups]
    if unknown:
        raise ValidationError({"priority": _("请选择本项目的优先群体。")})
    before = list(locked.priority)
    locked.priority = [g for g in programme.priority_groups if g in set(priority)]
    locked.save(update_fields=["priority"])
    audit.record(
        locked,
        action="recuperation_priority",
        actor=actor,
        org=programme.org,
        changes={"priority": [before, locked.priority]},
    )
    return locked


def _locked_pair(entry: RecuperationApplication):
    trip = registration.lock(entry.trip)
    return trip, POOL.lock_entry(entry)


@transaction.atomic
def application_withdraw(*, entry: RecuperationApplication, actor) -> RecuperationApplication:
    """The member (or a cadre) withdraws: before the draw the application is simply dropped; after
    it a held place is offered to the next in draw order."""
    if actor.pk != entry.user_id and not can_manage(actor, entry.programme.org):
        raise PermissionDenied
    trip, locked = _locked_pair(entry)
    if locked.state not in COUNTING:
        raise ValidationError(_("您已退出该申请。"))
    if trip.starts_on <= timezone.localdate():
        raise ValidationError(_("疗休养已经出发，不能退出。"))
    if locked.state == RecuperationApplication.State.APPLIED:
        locked.state, locked.withdrawn_at = RecuperationApplication.State.WITHDRAWN, timezone.now()
        locked.save(update_fields=["state", "withdrawn_at"])
    else:
        POOL.leave(holder=trip, entry=locked)
    audit.record(locked, action="recuperation_withdraw", actor=actor, org=entry.programme.org)
    return locked


@transaction.atomic
def application_accept(*, entry: RecuperationApplication, actor) -> RecuperationApplication:
    """Take the place offered from the waitlist, before the offer expires."""
    if actor.pk != entry.user_id:
        raise PermissionDenied
    trip, locked = _locked_pair(entry)
    POOL.accept(holder=trip, entry=locked)
    return locked


def offers_expire(*, now: datetime.datetime | None = None) -> list[RecuperationApplication]:
    """Offers not accepted in time lapse and pass on to the next in draw order."""
    return POOL.expire_offers(now=now)


def waitlist_position(entry: RecuperationApplication) -> int | None:
    return POOL.position(entry)


# ---------------------------------------------------------------- the allocation


@transaction.atomic
def programme_draw(
    *, programme: RecuperationProgramme, public_value: str = "", actor
) -> RecuperationProgramme:
    """After the window: priority applicants first, then the lottery; each takes a place on the
    trip they chose while places last, the rest wait in draw order. Runs once."""
    if not can_manage(actor, programme.org):
        raise PermissionDenied
    locked = _lock_programme(programme)
    if locked.state == RecuperationProgramme.State.DRAWN:
        raise ValidationError(_("该项目已经抽签分配，不能重复抽签。"))
    if locked.state != RecuperationProgramme.State.OPEN:
        raise ValidationError(_("该疗休养项目已取消。"))
    now = timezone.now()
    if now < locked.closes_at:
        raise ValidationError(_("申请截止后才能抽签分配。"))
    source = normalise_seed_source(public_value)
    if len(source) > 200:
        raise ValidationError({"public_value": _("公开随机值不能超过200个字符。")})
    seed = derive_seed(public_value=source, closes_at=locked.closes_at, programme_uuid=locked.uuid)
    entries = {
        e.number: e
        for e in locked.applications.select_for_update().filter(state=RecuperationApplication.State.APPLIED)
    }
    order = allocation_order(seed, entries, [n for n, e in entries.items() if e.priority])
    trips = {t.pk: t for t in locked.trips.select_for_update()}
    for rank, number in enumerate(order, start=1):
        entry = entries[number]
        entry.rank = rank
        POOL.enter(holder=trips[entry.trip_id], entry=entry, places=1)
        # the waitlist's order is its queue time: make it the draw order, whatever the clock did
        entry.queued_at = now + datetime.timedelta(microseconds=rank)
        entry.save(update_fields=["rank", "queued_at"])
    locked.state, locked.seed, locked.seed_source = RecuperationProgramme.State.DRAWN, seed, source
    locked.drawn_at, locked.drawn_by = now, actor
    locked.save(update_fields=["state", "seed", "seed_source", "drawn_at", "drawn_by", "updated_at"])
    placed = [e.user for e in entries.values() if e.state == RecuperationApplication.State.REGISTERED]
    waiting = [e.user for e in entries.values() if e.state == RecuperationApplication.State.WAITLISTED]
    notify(
        recipients=placed, title=_("疗休养入选：%(t)s") % {"t": locked.title}, url=locked.get_absolute_url()
    )
    notify(
        recipients=waiting,
        title=_("疗休养未入选，已进入候补：%(t)s") % {"t": locked.title},
        url=locked.get_absolute_url(),
    )
    audit.record(
        locked,
        action="recuperation_draw",
        actor=actor,
        org=locked.org,
        changes={"seed": [None, seed], "seed_source": [None, source], "applicants": [None, len(order)]},
    )
    return locked


@transaction.atomic
def programme_cancel(*, programme: RecuperationProgramme, reason: str, actor) -> RecuperationProgramme:
    """Cancel a programme: every application still counting is withdrawn (its member may then
    choose another programme of the year) and told why."""
    if not can_manage(actor, programme.org):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请填写取消原因。")})
    locked = _lock_programme(programme)
    if locked.state == RecuperationProgramme.State.CANCELLED:
        raise ValidationError(_("该疗休养项目已取消。"))
    now = timezone.now()
    trips = {t.pk: t for t in locked.trips.select_for_update()}
    entries = list(locked.applications.select_for_update().filter(state__in=COUNTING).select_related("user"))
    for entry in entries:
        if entry.state in registration.HOLDING:
            registration.release(trips[entry.trip_id], entry.places)
        entry.state, entry.withdrawn_at, entry.offer_expires_at = (
            RecuperationApplication.State.WITHDRAWN,
            now,
            None,
        )
    RecuperationApplication.objects.bulk_update(entries, ["state", "withdrawn_at", "offer_expires_at"])
    locked.state = RecuperationProgramme.State.CANCELLED
    locked.save(update_fields=["state", "updated_at"])
    notify(
        recipients=[e.user for e in entries],
        title=_("疗休养项目已取消：%(t)s") % {"t": locked.title},
        body=reason.strip(),
        url=locked.get_absolute_url(),
        actor=actor,
    )
    audit.record(
        locked,
        action="recuperation_programme_cancel",
        actor=actor,
        org=locked.org,
        changes={"state": ["open", "cancelled"], "reason": [None, reason.strip()[:200]]},
    )
    return locked
