"""Subtree stamps: what a page reads from one kind of row in some subtrees (the dispatch board's
counts and the keys of its page) kept in the cache until such a row changes there.

Each kind of row (`"servicedesk.order"`) has a stamp per org path. A save or delete of a row gives
the stamp of its org and of every org above it a new value, at once and again when the transaction
commits, as core.facts does for a user's facts: a request that read the rows before the commit
keeps what it read under a stamp that no longer holds. A value is kept under the stamps of the
subtrees it was read from, so the next request after a change reads the rows again. An org's
move (`scoping.path_moved`) renews every stamp of every kind. Bulk updates send no signals: code
that changes such rows in bulk calls `touch` itself; and every value expires after `TIMEOUT`
anyway. A cache outage costs the reads, never a page.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.utils.translation import get_language

from gonghui.core.scoping import path_prefixes

TIMEOUT = 120  # seconds a value is kept, changed or not
STAMP_TIMEOUT = 600  # longer than TIMEOUT: a stamp outlives every value kept under the one before
_EPOCH_KEY = "gonghui:stamps:epoch"


def _stamp_key(kind: str, path: str) -> str:
    return f"gonghui:stamps:{kind}:{path}"


def _renew(keys: list[str]) -> None:
    try:
        cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), STAMP_TIMEOUT)
    except Exception:
        pass


def touch(kind: str, paths: Iterable[str]) -> None:
    """Rows of `kind` under these org paths changed: the subtrees holding them read afresh."""
    keys = sorted({_stamp_key(kind, p) for path in paths if path for p in path_prefixes(path)})
    if keys:
        _renew(keys)
        transaction.on_commit(lambda: _renew(keys))


def touch_everything(**kwargs) -> None:
    """Every stamp of every kind (an org moved: its rows now count in other subtrees)."""
    _renew([_EPOCH_KEY])
    transaction.on_commit(lambda: _renew([_EPOCH_KEY]))


class Kept:
    """The values read from rows of `kind` in the subtrees of `paths` for one `key` (everything else
    they depend on: the filters, the day), kept together in one cache entry while no such row
    changed there: the stamps and the entry are read in one round trip, each value computed once
    (`get`). Values must pickle."""

    def __init__(self, kind: str, paths: Iterable[str], key: str):
        paths = sorted(set(paths))
        digest = hashlib.blake2b(f"{kind}\n{','.join(paths)}\n{key}".encode(), digest_size=16)
        self.entry_key = f"gonghui:stamped:{digest.hexdigest()}"
        stamp_keys = [*(_stamp_key(kind, p) for p in paths), _EPOCH_KEY]
        try:
            got = cache.get_many([*stamp_keys, self.entry_key])
            self.available = True
        except Exception:
            got, self.available = {}, False
        self.stamps = "|".join(got.get(k) or "-" for k in stamp_keys)
        found = got.get(self.entry_key)
        held = isinstance(found, tuple) and len(found) == 2 and found[0] == self.stamps
        self.values: dict = found[1] if held else {}

    def get(self, name: str, compute: Callable):
        if name in self.values:
            return self.values[name]
        value = self.values[name] = compute()
        if self.available:
            try:
                cache.set(self.entry_key, (self.stamps, self.values), TIMEOUT)
            except Exception:
                pass
        return value

    def drawn(self, page: "Page", draw: Callable[[list], str]) -> str:
        """`draw(rows)` for a list page in the page's language, kept like the other values: opened
        again, the page costs no query and no drawing. What the rows show of other rows (an org's
        or a team's name) is as of the drawing, for at most TIMEOUT."""
        return self.get(f"drawn:{get_language()}:{page.name}", lambda: draw(list(page)))


class Page(Sequence):
    """A list page for a Paginator (what a slice of the list gives), read when first used: a page
    whose drawing is kept (`Kept.drawn`) is never read. `name` tells pages apart in one Kept."""

    def __init__(self, read: Callable[[], list], name: str):
        self._reader, self.name = read, name

    @cached_property
    def _rows(self) -> list:
        return self._reader()

    def __getitem__(self, index):
        return self._rows[index]

    def __len__(self) -> int:
        return len(self._rows)


class KeptList:
    """A queryset for a Paginator, its count and each page kept in `kept`: a page is read as the
    values of `fields` (no instances) when first used, and `kept.drawn` keeps it as drawn."""

    def __init__(self, qs, kept: Kept, fields: tuple[str, ...]):
        self.qs, self.kept, self.fields = qs, kept, fields

    def count(self) -> int:
        return self.kept.get("count", self.qs.count)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> Page:
        start, stop = key.start or 0, key.stop
        return Page(lambda: list(self.qs[start:stop].values(*self.fields)), f"{start}:{stop}")


def follow(model, kind: str, path_field: str = "org_path") -> None:
    """Every save and delete of a `model` row touches `kind` at the row's org path (and, after a
    save that moved it, at the one it had when loaded, which `path_field` then no longer holds)."""

    def loaded(sender, instance, **kwargs):
        instance.__dict__["_gonghui_stamp_path"] = instance.__dict__.get(path_field)

    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        touch(kind, [getattr(instance, path_field), instance.__dict__.get("_gonghui_stamp_path")])

    uid = f"gonghui-stamps-{model._meta.label_lower}"
    post_init.connect(loaded, sender=model, dispatch_uid=uid, weak=False)
    post_save.connect(changed, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(changed, sender=model, dispatch_uid=uid, weak=False)
