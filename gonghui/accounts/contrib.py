"""What the apps above accounts contribute to it, registered at start-up (accounts imports none of
them):

- who may sign in by a one-time code without an account yet: members registers its members without
  an account (a member's first code login creates the account and links it);
- the org tree the positions pages grant positions in: orgs registers `org_get_for` (an org in the
  user's scope, else 404) and `orgs_for_grant` (the orgs a chair may grant positions in).
"""

from collections.abc import Callable

_unlinked: list[Callable] = []


def register_unlinked_people(source: Callable) -> None:
    """`source(phone)` → a queryset of the people with that phone and no account, each with `name`,
    `org_id` and a `user` field to link."""
    _unlinked[:] = [source]


_orgs: dict[str, Callable] = {}


def register_orgs(*, org_get_for: Callable, orgs_for_grant: Callable) -> None:
    _orgs.update(org_get_for=org_get_for, orgs_for_grant=orgs_for_grant)


def _org_source(name: str) -> Callable:
    if name not in _orgs:
        raise LookupError("no app registered the org tree (orgs does, in its AppConfig.ready)")
    return _orgs[name]


def org_get_for(user, uuid):
    return _org_source("org_get_for")(user, uuid)


def orgs_for_grant(user):
    return _org_source("orgs_for_grant")(user)


def unlinked_people(phone: str):
    if not _unlinked:
        raise LookupError("no app registered who may sign in without an account (members does)")
    return _unlinked[0](phone)
