"""What tournaments contribute to the home and the navigation (discovered by core.homes)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import homes
from gonghui.core.scoping import is_cadre
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.tournaments.selectors import next_matches_for


def _next(user):
    # the member record under the key the members app's tiles ask it by: read once per request
    member = homes.memo(user, "member", lambda: member_for_user(user))
    return homes.memo(user, "next_matches", lambda: next_matches_for(user, limit=3, member=member))


@homes.modules
def tournament_modules(user):
    yield homes.Module(_("赛事"), reverse("tournaments:list"), homes.GROUP_WORKER, homes.ORDER_WORKER + 30)
    if user.is_authenticated:
        yield homes.Module(
            _("我的下一场比赛"), reverse("tournaments:my_next"), homes.GROUP_WORKER, homes.ORDER_WORKER + 31
        )
    if is_cadre(user):
        yield homes.Module(
            _("赛事管理"), reverse("tournaments:list"), homes.GROUP_DESK, homes.ORDER_DESK + 60
        )


@homes.tiles
def tournament_tiles(user):
    """A player with a coming match: where and when."""
    if not user.is_authenticated:
        return
    matches = _next(user)
    if not matches:
        return
    first = matches[0]
    yield homes.Tile(
        "card",
        _("我的下一场比赛"),
        reverse("tournaments:my_next"),
        detail=f"{first.home_name} vs {first.away_name}",
        items=tuple(
            homes.Item(
                f"{m.home_name} vs {m.away_name}",
                reverse("tournaments:schedule", args=[m.tournament.uuid]),
                " · ".join(
                    (
                        date_format(timezone.localtime(m.slot.starts_at), "SHORT_DATETIME_FORMAT"),
                        m.court.name if m.court_id else "",
                    )
                ),
            )
            for m in matches
        ),
        order=12,
    )
