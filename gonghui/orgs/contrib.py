"""What the apps above orgs contribute to it, registered at start-up so orgs imports none of them.

- Membership figures: the member tally (orgs.tally) and the statistics (orgs.stats) count members,
  which are members' records. members registers `member_rows` (the memberships that count, as a
  queryset with `org_id`, `org_path`, `joined_on` and `job_type`).
- Chooser purposes: the org and enterprise search endpoints (orgs.views) offer, for `for=<purpose>`,
  the choices of a form of another app (the roster filter, a transfer, a rejoin). A purpose is
  (who may ask: "login", "cadre" or "manage"; a function of the request giving the queryset).
"""

from collections.abc import Callable

_member_rows: list[Callable] = []
org_purposes: dict[str, tuple[str, Callable]] = {}
enterprise_purposes: dict[str, tuple[str, Callable]] = {}


def register_member_rows(source: Callable) -> None:
    _member_rows[:] = [source]


def member_rows():
    """The memberships that count (active and retired), from the app that keeps them."""
    if not _member_rows:
        raise LookupError("no app registered the member rows (members does, in its AppConfig.ready)")
    return _member_rows[0]()


def register_org_purpose(name: str, needs: str, queryset_for: Callable) -> None:
    org_purposes[name] = (needs, queryset_for)


def register_enterprise_purpose(name: str, needs: str, queryset_for: Callable) -> None:
    enterprise_purposes[name] = (needs, queryset_for)
