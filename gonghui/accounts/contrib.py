"""What the apps above accounts contribute to the login, registered at start-up (accounts imports
none of them): who may sign in by a one-time code without an account yet. members registers its
members without an account (a member's first code login creates the account and links it)."""

from collections.abc import Callable

_unlinked: list[Callable] = []


def register_unlinked_people(source: Callable) -> None:
    """`source(phone)` → a queryset of the people with that phone and no account, each with `name`,
    `org_id` and a `user` field to link."""
    _unlinked[:] = [source]


def unlinked_people(phone: str):
    if not _unlinked:
        raise LookupError("no app registered who may sign in without an account (members does)")
    return _unlinked[0](phone)
