"""Check-in (签到) at one or more gates: signed short codes, idempotent scans, an offline queue.

One mechanism for every app whose people check in at an event (volunteer tasks, activities,
recuperation trips, training sessions). The app keeps its own registration model and adds
`AttendanceFields`; it describes one event to this module as a `ScanDesk`.

Codes
-----
A code is ``REF + MAC``: REF is the registration's id in Crockford base32, MAC the first 40 bits
of HMAC-SHA256(event key, REF) in 8 base32 characters, e.g. ``3F7K2M9Q8XD`` (printed in groups
of four, ``3F7-K2M9-Q8XD``). It fits a small QR code and can be typed by hand; typing is
forgiving: spaces, hyphens, full-width characters and lower case are normalised (NFKC), and the
look-alikes O→0, I/L→1 are read as Crockford does.

The event key is HMAC(SECRET_KEY, scope, event id, event secret). It binds a code to one event
(a code of event A fails the MAC at event B) and is all the scanning page of that event receives,
so the page verifies codes without the network (WebCrypto in scanner.js). SECRET_KEY never leaves
the server.

What a leaked event key allows: whoever has it can mint codes for *that event only*, i.e. check
in (or out) any registration of that event by guessing its id — never a person who is not
registered (the server still looks the registration up among the event's registrations), never
another event, never anything else signed with SECRET_KEY. Organisers who suspect a leak rotate
the event secret (the app's "change code"), which changes the key and every code of the event.
The 40-bit MAC is enough because the server answers every code and a forger gets one try per
request; it is not meant to resist an offline search by someone holding a scanned page — that
person already has the key.

Scans
-----
`attendance_check_in` / `attendance_check_out` change a record with one conditional UPDATE, so
scans of the same code at several gates at once, or a page resending its queue, change it once:
the first scan that reaches the server wins, later ones answer "already checked in at gate X at
HH:MM" and change nothing. A scan sent late from an offline queue keeps the time it was scanned,
bounded: never in the future, never before the window opens, never after it closes.

`ScanDesk.batch` answers a list of queued scans ``{id, token, gate, scanned_at}`` one by one with
``ok`` / ``already`` / ``invalid``; it is idempotent, so the page may send the same queue again.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

IN, OUT = "in", "out"
OK, ALREADY, INVALID = "ok", "already", "invalid"
# Why a scan was INVALID (ScanResult.reason), so an app may word it its own way.
BAD_CODE, NOT_OPEN, ENDED, NOT_IN, CHECKOUT_CLOSED = (
    "bad_code",
    "not_open",
    "ended",
    "not_in",
    "checkout_closed",
)

# Crockford base32: no I, L, O, U, so a hand-typed code has no look-alikes.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAC_CHARS = 8  # 40 bits
MAX_REF_CHARS = 13  # a 64-bit id
GATE_MAX = 40
DEFAULT_GATE = "-"
BATCH_MAX = 500
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DROP = re.compile(r"[\s\-_.·\u200b-\u200d\u2060\ufeff]+")


class InvalidToken(ValueError):
    """A code that does not verify with this event's key."""


# ---------------------------------------------------------------- codes


def event_key(*, scope: str, event_id, secret: str = "") -> bytes:
    """The event's scan key: what its scanning page receives (never SECRET_KEY)."""
    message = f"gonghui.checkin|{scope}|{event_id}|{secret}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def _b32(n: int) -> str:
    if n < 0:
        raise ValueError("negative id")
    out = ""
    while True:
        n, r = divmod(n, 32)
        out = ALPHABET[r] + out
        if not n:
            return out


def _unb32(text: str) -> int:
    n = 0
    for ch in text:
        n = n * 32 + ALPHABET.index(ch)
    return n


def _mac(key: bytes, ref: str) -> str:
    digest = hmac.new(key, ref.encode(), hashlib.sha256).digest()
    return _b32(int.from_bytes(digest[:5], "big")).rjust(MAC_CHARS, "0")


def normalise_token(text: str) -> str:
    """A scanned or typed code as the server reads it: NFKC, upper case, separators dropped."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return _DROP.sub("", text).translate(_LOOKALIKES)


def make_token(key: bytes, ref: int) -> str:
    """The code of the registration with id `ref` at the event whose key is `key`."""
    ref_text = _b32(int(ref))
    return ref_text + _mac(key, ref_text)


def read_token(key: bytes, token: str) -> int:
    """The registration id in a code; InvalidToken when malformed, forged or of another event."""
    code = normalise_token(token)
    ref_text, mac = code[:-MAC_CHARS], code[-MAC_CHARS:]
    if not ref_text or len(ref_text) > MAX_REF_CHARS or any(ch not in ALPHABET for ch in code):
        raise InvalidToken(token)
    if not hmac.compare_digest(mac, _mac(key, ref_text)):
        raise InvalidToken(token)
    return _unb32(ref_text)


def token_ref(token: str) -> int | None:
    """The id a code claims, NOT verified: to find the record whose secret verifies the code."""
    code = normalise_token(token)
    ref_text = code[:-MAC_CHARS]
    if not ref_text or len(ref_text) > MAX_REF_CHARS or any(ch not in ALPHABET for ch in code):
        return None
    return _unb32(ref_text)


def display_token(token: str) -> str:
    """The code printed under the QR: groups of four from the end, e.g. 3F7-K2M9-Q8XD."""
    groups = []
    while token:
        groups.insert(0, token[-4:])
        token = token[:-4]
    return "-".join(groups)


# ---------------------------------------------------------------- the record


class AttendanceFields(models.Model):
    """Add to a registration-like model: when and at which gate it checked in and out."""

    checked_in_at = models.DateTimeField(gettext_lazy("签到时间"), null=True, blank=True)
    checked_out_at = models.DateTimeField(gettext_lazy("签退时间"), null=True, blank=True)
    checkin_gate = models.CharField(gettext_lazy("签到入口"), max_length=GATE_MAX, blank=True)
    checkout_gate = models.CharField(gettext_lazy("签退出口"), max_length=GATE_MAX, blank=True)

    class Meta:
        abstract = True

    @property
    def attendance(self) -> str:
        if self.checked_out_at:
            return OUT
        return IN if self.checked_in_at else ""


@dataclass(frozen=True)
class CheckinWindow:
    """When scans count: check-in from `early` before the start to the end; check-out until `late` after."""

    starts_at: datetime.datetime
    ends_at: datetime.datetime
    early: datetime.timedelta = datetime.timedelta(minutes=30)
    late: datetime.timedelta = datetime.timedelta(hours=2)

    @property
    def opens(self) -> datetime.datetime:
        return self.starts_at - self.early

    @property
    def checkout_closes(self) -> datetime.datetime:
        return self.ends_at + self.late


@dataclass(frozen=True)
class ScanResult:
    status: str  # OK, ALREADY or INVALID
    direction: str  # IN or OUT
    message: str
    record: models.Model | None = None
    gate: str = ""
    at: datetime.datetime | None = None
    reason: str = ""  # for INVALID: BAD_CODE, NOT_OPEN, ENDED, NOT_IN or CHECKOUT_CLOSED

    @property
    def ok(self) -> bool:
        return self.status == OK

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "direction": self.direction,
            "message": self.message,
            "gate": self.gate,
            "at": self.at.isoformat() if self.at else None,
            "reason": self.reason,
        }


def _hhmm(at: datetime.datetime) -> str:
    return formats.time_format(timezone.localtime(at), "H:i")


def clean_gate(gate: str) -> str:
    gate = unicodedata.normalize("NFKC", gate or "").strip()[:GATE_MAX]
    return gate or DEFAULT_GATE


def _scan_time(at, now: datetime.datetime) -> datetime.datetime:
    """The time a scan happened: the page's, but never in the future (a fast clock is read as now)."""
    if at is None:
        return now
    if isinstance(at, str):
        at = parse_datetime(at)
        if at is None:
            return now
    if isinstance(at, int | float):
        at = datetime.datetime.fromtimestamp(at / 1000, tz=datetime.UTC)
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return min(at, now)


def _already(record, direction: str) -> ScanResult:
    if direction == IN:
        gate, at = record.checkin_gate, record.checked_in_at
        text = _("已于%(t)s在%(g)s签到，无需重复签到。")
    else:
        gate, at = record.checkout_gate, record.checked_out_at
        text = _("已于%(t)s在%(g)s签退，无需重复签退。")
    return ScanResult(ALREADY, direction, text % {"t": _hhmm(at), "g": gate}, record, gate, at)


def attendance_check_in(
    *, record, gate: str, window: CheckinWindow, at=None, now: datetime.datetime | None = None
) -> ScanResult:
    """Check `record` in at `gate`, once: a later scan from any gate answers ALREADY and changes nothing.

    `at` is when the page scanned (for a late offline scan), clamped to `now`; it must lie in the
    window. One conditional UPDATE, so concurrent scans at two gates end with one check-in.
    """
    now = now or timezone.now()
    gate, at = clean_gate(gate), _scan_time(at, now)
    manager = type(record)._base_manager
    if record.checked_in_at is None:
        if at < window.opens:
            message = _("签到尚未开始：%(t)s起可以签到。") % {"t": _hhmm(window.opens)}
            return ScanResult(INVALID, IN, message, record, reason=NOT_OPEN)
        if at > window.ends_at:
            return ScanResult(INVALID, IN, _("活动已经结束，不能再签到。"), record, reason=ENDED)
        won = manager.filter(pk=record.pk, checked_in_at__isnull=True).update(
            checked_in_at=at, checkin_gate=gate
        )
        if won:
            record.checked_in_at, record.checkin_gate = at, gate
            return ScanResult(
                OK, IN, _("签到成功（%(g)s %(t)s）。") % {"g": gate, "t": _hhmm(at)}, record, gate, at
            )
    record.refresh_from_db(fields=["checked_in_at", "checkin_gate", "checked_out_at", "checkout_gate"])
    return _already(record, IN)


def attendance_check_out(
    *, record, gate: str, window: CheckinWindow, at=None, now: datetime.datetime | None = None
) -> ScanResult:
    """Check `record` out at `gate`, once; refused before a check-in or after the window's late end."""
    now = now or timezone.now()
    gate, at = clean_gate(gate), _scan_time(at, now)
    manager = type(record)._base_manager
    record.refresh_from_db(fields=["checked_in_at", "checkin_gate", "checked_out_at", "checkout_gate"])
    if record.checked_in_at is None:
        return ScanResult(INVALID, OUT, _("尚未签到，不能签退。"), record, reason=NOT_IN)
    if record.checked_out_at is None:
        if at > window.checkout_closes:
            return ScanResult(INVALID, OUT, _("签退时间已过。"), record, reason=CHECKOUT_CLOSED)
        at = max(at, record.checked_in_at)  # a queued check-out never lands before its check-in
        won = manager.filter(pk=record.pk, checked_in_at__isnull=False, checked_out_at__isnull=True).update(
            checked_out_at=at, checkout_gate=gate
        )
        if won:
            record.checked_out_at, record.checkout_gate = at, gate
            return ScanResult(
                OK, OUT, _("签退成功（%(g)s %(t)s）。") % {"g": gate, "t": _hhmm(at)}, record, gate, at
            )
        record.refresh_from_db(fields=["checked_out_at", "checkout_gate"])
    return _already(record, OUT)


# ---------------------------------------------------------------- one event's scanning desk


@dataclass
class ScanDesk:
    """One event as the scanners see it.

    scope      names the kind of event, e.g. "activities.activity" (keys differ per scope)
    event_id   the event's id (pk or uuid)
    secret     the event's rotating secret ("" if the app has none): changing it voids every code
    window     when scans count
    records    the registrations that may check in (e.g. not withdrawn); codes carry their pk
    after      optional `after(result)`, called in the scan's transaction when a scan is OK
               (e.g. the volunteers compute the proposed hours on check-out)
    """

    scope: str
    event_id: object
    window: CheckinWindow
    records: models.QuerySet
    secret: str = ""
    after: Callable[[ScanResult], None] | None = None
    _key: bytes = field(default=b"", repr=False)

    @property
    def key(self) -> bytes:
        if not self._key:
            self._key = event_key(scope=self.scope, event_id=self.event_id, secret=self.secret)
        return self._key

    @property
    def key_hex(self) -> str:
        """For the scanning page (data-key); it lets the page verify, and mint, this event's codes."""
        return self.key.hex()

    def token_for(self, record) -> str:
        return make_token(self.key, record.pk)

    def record_for(self, token: str):
        """The registration a code names, or None when the code is invalid or names none of `records`."""
        try:
            ref = read_token(self.key, token)
        except InvalidToken:
            return None
        return self.records.filter(pk=ref).first()

    def scan(self, *, token: str, gate: str, direction: str = IN, at=None, now=None) -> ScanResult:
        record = self.record_for(token)
        if record is None:
            return ScanResult(INVALID, direction, _("签到码无效：不是本场活动的报名。"), reason=BAD_CODE)
        act = attendance_check_out if direction == OUT else attendance_check_in
        with transaction.atomic():
            result = act(record=record, gate=gate, window=self.window, at=at, now=now)
            if result.ok and self.after is not None:
                self.after(result)
            return result

    def batch(self, items: Iterable[dict], *, direction: str = IN, now=None) -> list[dict]:
        """Answer queued scans [{id, token, gate, scanned_at}] one by one; safe to resend."""
        answers = []
        for item in list(items)[:BATCH_MAX]:
            if not isinstance(item, dict):
                continue
            result = self.scan(
                token=str(item.get("token") or ""),
                gate=str(item.get("gate") or ""),
                direction=OUT if item.get("direction", direction) == OUT else IN,
                at=item.get("scanned_at"),
                now=now,
            )
            answers.append({"id": item.get("id"), **result.as_json()})
        return answers

    def page_config(
        self, *, post_url: str, gate: str = "", direction: str = IN, checkout: bool = False, name: str = ""
    ) -> dict:
        """What core/scanner.html needs: `{% include "core/scanner.html" with scanner=config %}`.

        post_url   the app's view that answers `read_batch(request.body)` with
                   JsonResponse({"results": desk.batch(scans)})
        checkout   offer a check-in / check-out choice on the page
        """
        return {
            "checkout": checkout,
            "key": self.key_hex,
            "event": f"{self.scope}:{self.event_id}",
            "post_url": post_url,
            "gate": gate,
            "direction": direction,
            "name": name,
        }


def read_batch(body: bytes) -> list[dict]:
    """The queued scans a page posted as JSON {"scans": [...]}; ValueError when it is not that."""
    try:
        data = json.loads(body or b"{}")
    except (TypeError, ValueError) as e:
        raise ValueError("not JSON") from e
    scans = data.get("scans") if isinstance(data, dict) else None
    if not isinstance(scans, list):
        raise ValueError("no scans")
    return [s for s in scans if isinstance(s, dict)][:BATCH_MAX]
