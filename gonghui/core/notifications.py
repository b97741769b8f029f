"""In-app notifications: services call `notify` inside their transaction."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils import timezone

from gonghui.core import facts
from gonghui.core.models import Notification


def notify(*, recipients: Iterable, title: str, body: str = "", url: str = "", actor=None) -> int:
    """Notify each distinct recipient (users; None and the actor themselves are skipped)."""
    actor_id = getattr(actor, "pk", None)
    seen, rows = set(), []
    for user in recipients:
        if user is None or user.pk in seen or user.pk == actor_id:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                title=title[:120],
                body=body[:300],
                url=url[:300],
                actor=actor if getattr(actor, "is_authenticated", False) else None,
            )
        )
    Notification.objects.bulk_create(rows)
    facts.forget(*seen)  # their bells' counts
    return len(rows)


def unread_count(user) -> int:
    """The bell's count, kept across requests (core.facts) until a notification comes or is read."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return facts.remembered(
        user, "unread", lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    )


def notifications_for(user) -> QuerySet:
    return Notification.objects.filter(recipient=user)


def mark_read(*, user, pk: int | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pk is not None:
        qs = qs.filter(pk=pk)
    changed = qs.update(read_at=timezone.now())
    facts.forget(user)
    return changed
