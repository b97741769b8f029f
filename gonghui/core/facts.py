"""Per-user facts kept across requests: what every logged-in page asks about its user (positions,
the navigation's modules, the bell's count) read from the cache in one round trip instead of a
handful of queries.

A user's facts live in one cache entry, valid while two stamps hold: the user's own (a change to
something their facts come from gives them a new one, see `forget`) and a global one (a change that
can touch anyone's, such as an org moving in the tree, see `forget_everyone`). A request that read
the old stamp and computes meanwhile writes under it, so the next request does not trust it. The
apps whose models the facts are read from say so with `follow(model, users)`: every save and
delete of such a row gives its users a new stamp, at once and again when the transaction commits
(so a request that read the old rows before the commit does not keep them either). Bulk updates
send no signals: services that change such rows in bulk call `forget` themselves; and every entry
expires after `TIMEOUT` anyway.
"""

import time
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

TIMEOUT = 600
_EPOCH_KEY = "gonghui:facts:epoch"
_ATTR = "_gonghui_facts"


def _entry_key(user_id) -> str:
    return f"gonghui:facts:v2:{user_id}"  # v2: values kept with the time they were computed


def _stamp_key(user_id) -> str:
    return f"gonghui:facts:{user_id}:stamp"


def _load(user) -> dict:
    keys = [_entry_key(user.pk), _stamp_key(user.pk), _EPOCH_KEY]
    try:
        got = cache.get_many(keys)
    except Exception:  # a cache outage costs queries, never a page
        got = {}
    stamp = got.get(keys[1]) or "-"
    epoch = got.get(keys[2]) or "-"
    entry = got.get(keys[0])
    if not isinstance(entry, dict) or entry.get("_stamp") != stamp or entry.get("_epoch") != epoch:
        entry = {"_stamp": stamp, "_epoch": epoch}
    return entry


def remembered(user, key: str, compute: Callable, *, fresh: int | None = None):
    """`compute()` for this user, from the cache when a request since the last change computed it.

    Values must pickle and must not depend on the request (the path, the language: put those in
    `key`). `fresh`: seconds after which the value is computed again even without a change, for
    values that also depend on rows no app can follow user by user (what is on offer to everyone).
    Each user's value ages from when it was computed, so they do not all expire at once.
    Anonymous users get `compute()` each time.
    """
    if not getattr(user, "is_authenticated", False) or user.pk is None:
        return compute()
    entry = user.__dict__.get(_ATTR)
    if entry is None:
        entry = user.__dict__[_ATTR] = _load(user)
    now = time.time()
    found = entry.get(key)
    if found is None or (fresh is not None and now - found[0] >= fresh):
        entry[key] = found = (now, compute())
        try:
            cache.set(_entry_key(user.pk), entry, TIMEOUT)
        except Exception:
            pass
    return found[1]


def _new_stamp(user_ids: Iterable) -> None:
    ids = {i for i in user_ids if i is not None}
    if not ids:
        return
    try:
        cache.set_many({_stamp_key(i): uuid.uuid4().hex for i in ids}, TIMEOUT)
    except Exception:
        pass


def forget(*users) -> None:
    """Something the facts of these users (objects or ids) come from changed."""
    ids = [getattr(u, "pk", u) for u in users]
    for u in users:
        if hasattr(u, "__dict__"):
            u.__dict__.pop(_ATTR, None)
    _new_stamp(ids)
    transaction.on_commit(lambda: _new_stamp(ids))


def forget_everyone() -> None:
    """A change that may touch any user's facts (an org moved, renamed or closed)."""

    def bump():
        try:
            cache.set(_EPOCH_KEY, uuid.uuid4().hex, None)
        except Exception:
            pass

    bump()
    transaction.on_commit(bump)


def follow(model, users: Callable[[object], Iterable] | None = None) -> None:
    """Every save and delete of a `model` row makes `users(row)` (user ids; default: the row's
    `user_id`) forget their facts; `users=None` on a model without `user_id` means everyone.
    A row's users as they are after the save: a service that takes a row from a user (a team's
    new leader) makes the old one forget too."""

    def ids(instance):
        return users(instance) if users else [instance.user_id]

    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        if users is None and not hasattr(instance, "user_id"):
            forget_everyone()
        else:
            forget(*ids(instance))

    uid = f"gonghui-facts-{model._meta.label_lower}"
    post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)


def follow_m2m(relation, *, everyone: bool = False) -> None:
    """A many-to-many relation to users the facts come from (e.g. `PartnerUnit.contacts`): the
    users added, removed or cleared forget theirs; `everyone=True` for a relation between other
    models (a bus trip's teams) that can change anyone's."""
    name = relation.field.name

    def changed(sender, instance, action, reverse=False, pk_set=None, **kwargs):
        if action not in ("post_add", "post_remove", "pre_clear"):
            return
        if everyone:
            forget_everyone()
        elif reverse:  # changed from the user's side
            forget(instance.pk)
        elif pk_set is not None:
            forget(*pk_set)
        else:  # a clear: the users about to go
            forget(*getattr(instance, name).values_list("pk", flat=True))

    through = relation.through
    m2m_changed.connect(
        changed, sender=through, dispatch_uid=f"gonghui-facts-{through._meta.label_lower}", weak=False
    )
