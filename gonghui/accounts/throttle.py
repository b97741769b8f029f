"""Failure counters and locks kept in the Django cache (Redis in production, shared by all web processes).

A counter starts with the first failure and lives for the lock period; when it reaches its limit
a lock is set for the lock period. Phone numbers are hashed in cache keys, never stored plain.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache


def _digest(value: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]


def key(kind: str, value: str) -> str:
    return f"gonghui:{kind}:{_digest(value)}"


def lock_seconds() -> int:
    return int(settings.GONGHUI_LOGIN_LOCK_SECONDS)


def phone_limit() -> int:
    return int(settings.GONGHUI_LOGIN_FAILURE_LIMIT)


def ip_limit() -> int:
    # A whole office or campus may share one address behind NAT: allow many more tries per address.
    return int(getattr(settings, "GONGHUI_LOGIN_IP_FAILURE_LIMIT", phone_limit() * 10))


def locked_for(*keys: str) -> int:
    """Seconds left on the longest of the given locks (0 if none is set)."""
    now = time.time()
    left = 0.0
    for k in keys:
        until = cache.get(f"{k}:lock")
        if until:
            left = max(left, until - now)
    return math.ceil(left) if left > 0 else 0


def count(k: str, *, limit: int, period: int) -> int:
    """Add one to the counter `k`; set its lock when it reaches `limit`. Returns the new count."""
    cache.add(k, 0, timeout=period)
    try:
        n = cache.incr(k)
    except ValueError:  # expired between add and incr
        cache.set(k, 1, timeout=period)
        n = 1
    if n >= limit:
        cache.set(f"{k}:lock", time.time() + period, timeout=period)
    return n


def reset(k: str) -> None:
    cache.delete_many([k, f"{k}:lock"])


def wait_text(seconds: int) -> str:
    """'15分钟' or '40秒': how long to wait, in words a person reads."""
    from django.utils.translation import gettext as _

    if seconds >= 60:
        return _("%(n)d分钟") % {"n": math.ceil(seconds / 60)}
    return _("%(n)d秒") % {"n": max(seconds, 1)}


def rate_limit(kind: str, value: str, *, limit: int, period: int) -> None:
    """Count one action of `kind` by `value` (a client address); over `limit` within `period`
    raise a Chinese ValidationError saying how long to wait. Used for anonymous submissions."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    k = key(kind, value)
    locked = locked_for(k)
    if not locked:
        count(k, limit=limit + 1, period=period)
        locked = locked_for(k)
    if locked:
        error = ValidationError(
            _("提交过于频繁，请%(wait)s后再试。") % {"wait": wait_text(locked)}, code="rate_limited"
        )
        error.retry_after = locked  # the API's 429 says it in a Retry-After header
        raise error
