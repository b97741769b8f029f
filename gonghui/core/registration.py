"""Registration (DESIGN.md mechanism 9): places that are never over-taken, a waitlist, offers
with a time limit, withdrawal. One mechanism for volunteer tasks, activities, recuperation trips
and training sessions.

The holder (a task, an activity) has a `capacity` and a counter of places taken, guarded by a
CheckConstraint (`capacity_constraint`). Every change of the counter is one conditional UPDATE
(`take` / `release`) made while the holder's row is locked (`lock`: select_for_update on
PostgreSQL; SQLite runs IMMEDIATE transactions, one writer at a time), so concurrent registrations
never exceed the capacity, and the constraint refuses it even if a caller forgot the lock.

A holder with a waitlist uses `Pool` with an entry model built on `EntryFields`:

    registered  holds its places (1 + the family members it brings)
    waitlisted  holds nothing; its position is its order of arrival (queued_at, pk)
    offered     a freed place is held for it until offer_expires_at; it accepts (→ registered),
                declines (→ withdrawn) or lets it lapse (→ lapsed), and the place passes on
    withdrawn / lapsed  hold nothing

Places are offered to the first in line whose party fits in what is free (a family of four does
not block a single person behind it when one place is free; it keeps its position). Nobody jumps
the line: while anyone waits or holds an offer, a new registration joins the waitlist.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


def capacity_constraint(name: str, *, taken: str = "taken", capacity: str = "capacity"):
    return models.CheckConstraint(condition=Q(**{f"{taken}__lte": F(capacity)}), name=name)


def lock(holder):
    """The holder's row again, locked until the transaction ends."""
    return type(holder)._default_manager.select_for_update().get(pk=holder.pk)


def take(holder, places: int = 1, *, field: str = "taken", capacity: str = "capacity") -> bool:
    """Take `places` if they are free: one conditional UPDATE; False when they are not."""
    model = type(holder)._default_manager
    done = model.filter(pk=holder.pk, **{f"{field}__lte": F(capacity) - places}).update(
        **{field: F(field) + places}
    )
    if done:
        setattr(holder, field, getattr(holder, field) + places)
    return bool(done)


def release(holder, places: int = 1, *, field: str = "taken") -> None:
    type(holder)._default_manager.filter(pk=holder.pk).update(**{field: F(field) - places})
    setattr(holder, field, getattr(holder, field) - places)


class EntryState(models.TextChoices):
    REGISTERED = "registered", gettext_lazy("已报名")
    WAITLISTED = "waitlisted", gettext_lazy("候补中")
    OFFERED = "offered", gettext_lazy("候补递补待确认")
    WITHDRAWN = "withdrawn", gettext_lazy("已退出")
    LAPSED = "lapsed", gettext_lazy("递补已过期")


HOLDING = (EntryState.REGISTERED, EntryState.OFFERED)
WAITING = (EntryState.WAITLISTED, EntryState.OFFERED)
ACTIVE = (EntryState.REGISTERED, EntryState.WAITLISTED, EntryState.OFFERED)


class EntryFields(models.Model):
    """An entry in a pool: add a foreign key to the holder (Pool.holder_field)."""

    state = models.CharField(gettext_lazy("状态"), max_length=12, choices=EntryState.choices)
    places = models.PositiveSmallIntegerField(gettext_lazy("占用名额"), default=1)
    queued_at = models.DateTimeField(gettext_lazy("报名时间"), default=timezone.now)
    offered_at = models.DateTimeField(gettext_lazy("递补通知时间"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(gettext_lazy("递补确认截止"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(gettext_lazy("退出时间"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE


@dataclass(frozen=True)
class Pool:
    entry_model: type
    holder_field: str  # the entry's foreign key to the holder
    taken_field: str = "taken"
    # hours an offer is held; a callable takes the holder (a per-activity setting)
    offer_hours: Callable[[object], float] = lambda holder: 24
    on_offer: Callable[[object], None] | None = None  # in the same transaction (a notification row)

    def _entries(self, holder):
        return self.entry_model._default_manager.filter(**{self.holder_field: holder})

    def lock_entry(self, entry):
        return self.entry_model._default_manager.select_for_update().get(pk=entry.pk)

    def someone_waits(self, holder) -> bool:
        return self._entries(holder).filter(state__in=WAITING).exists()

    @transaction.atomic
    def enter(self, *, holder, entry, places: int, waitlist: bool = True) -> str:
        """Place `entry` (new or withdrawn before; saved here) under the locked `holder`.

        Returns the new state: registered when its places are free and nobody waits, else
        waitlisted; without a waitlist a full holder raises ValidationError.
        """
        if places < 1:
            raise ValidationError(_("报名人数至少为1人。"))
        capacity = holder.capacity
        if places > capacity:
            raise ValidationError(
                _("报名人数（含家属）%(n)d人超过了总名额%(c)d人。") % {"n": places, "c": capacity}
            )
        now = timezone.now()
        entry.places, entry.queued_at, entry.withdrawn_at = places, now, None
        entry.offered_at = entry.offer_expires_at = None
        first = not (waitlist and self.someone_waits(holder))
        if first and take(holder, places, field=self.taken_field):
            entry.state = EntryState.REGISTERED
        elif waitlist:
            entry.state = EntryState.WAITLISTED
        else:
            raise ValidationError(_("名额已满。"))
        entry.save()
        return entry.state

    @transaction.atomic
    def leave(self, *, holder, entry, state: str = EntryState.WITHDRAWN) -> None:
        """Withdraw `entry` (locked, active) from the locked holder; freed places are offered on."""
        if entry.state not in ACTIVE:
            raise ValidationError(_("您已退出报名。"))
        held = entry.state in HOLDING
        entry.state, entry.withdrawn_at = state, timezone.now()
        entry.offer_expires_at = None
        entry.save(update_fields=["state", "withdrawn_at", "offer_expires_at"])
        if held:
            release(holder, entry.places, field=self.taken_field)
            self.offer_next(holder=holder)

    @transaction.atomic
    def accept(self, *, holder, entry, now: datetime.datetime | None = None) -> None:
        now = now or timezone.now()
        if entry.state != EntryState.OFFERED:
            raise ValidationError(_("没有待确认的递补名额。"))
        if entry.offer_expires_at and entry.offer_expires_at <= now:
            raise ValidationError(_("递补名额的确认时间已过，名额已让给下一位。"))
        entry.state, entry.offer_expires_at = EntryState.REGISTERED, None
        entry.save(update_fields=["state", "offer_expires_at"])

    def offer_next(self, *, holder) -> list:
        """Offer what is free to the first in line whose party fits (the holder locked)."""
        offered = []
        free = holder.capacity - getattr(holder, self.taken_field)
        if free <= 0:
            return offered
        line = (
            self._entries(holder)
            .filter(state=EntryState.WAITLISTED, places__lte=free)
            .order_by("queued_at", "pk")
        )
        hours = self.offer_hours(holder)
        for entry in line.select_for_update():
            if entry.places > free:
                continue
            if not take(holder, entry.places, field=self.taken_field):
                break
            now = timezone.now()
            entry.state, entry.offered_at = EntryState.OFFERED, now
            entry.offer_expires_at = now + datetime.timedelta(hours=hours)
            entry.save(update_fields=["state", "offered_at", "offer_expires_at"])
            offered.append(entry)
            free -= entry.places
            if free <= 0:
                break
        if self.on_offer is not None:
            for entry in offered:
                self.on_offer(entry)
        return offered

    def expire_offers(self, *, now: datetime.datetime | None = None, holder_lock=lock) -> list:
        """Lapse the offers not accepted in time and offer the places on: one transaction per
        offer, so a job run twice at once lapses each offer once."""
        now = now or timezone.now()
        due = self.entry_model._default_manager.filter(
            state=EntryState.OFFERED, offer_expires_at__lte=now
        ).values_list("pk", f"{self.holder_field}_id")
        lapsed = []
        holder_model = self.entry_model._meta.get_field(self.holder_field).related_model
        for pk, holder_id in list(due):
            with transaction.atomic():
                holder = holder_lock(holder_model(pk=holder_id))
                entry = self.entry_model._default_manager.select_for_update().get(pk=pk)
                if entry.state != EntryState.OFFERED or entry.offer_expires_at > now:
                    continue
                self.leave(holder=holder, entry=entry, state=EntryState.LAPSED)
                lapsed.append(entry)
        return lapsed

    def position(self, entry) -> int | None:
        """1 for the first in line; None when the entry is not waiting."""
        if entry.state != EntryState.WAITLISTED:
            return None
        ahead = (
            self._entries(getattr(entry, f"{self.holder_field}_id"))
            .filter(state=EntryState.WAITLISTED)
            .filter(Q(queued_at__lt=entry.queued_at) | Q(queued_at=entry.queued_at, pk__lt=entry.pk))
            .count()
        )
        return ahead + 1

    @transaction.atomic
    def resize(self, *, holder, capacity: int) -> None:
        """A new capacity for the locked holder: never below the places taken; more places are offered."""
        taken = getattr(holder, self.taken_field)
        if capacity < taken:
            raise ValidationError(
                {"capacity": _("已有%(n)d个名额被占用，名额不能少于%(n)d。") % {"n": taken}}
            )
        holder.capacity = capacity
        type(holder)._default_manager.filter(pk=holder.pk).update(capacity=capacity)
        self.offer_next(holder=holder)
