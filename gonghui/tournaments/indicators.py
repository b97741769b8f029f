"""Tournament indicators (core.indicators): tournaments, teams and matches played, by the
tournament's org."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.indicators import register
from gonghui.tournaments.selectors import FIGURES

_tournaments = FIGURES.family(drill="tournaments:list", drill_org=True)  # the tournaments counted

register(
    _tournaments("tournaments.tournaments", _("赛事"), _("项"), help=_("本期创建的赛事"), order=70),
    _tournaments("tournaments.teams", _("参赛队"), _("支"), help=_("本期报名的参赛队"), order=71),
    _tournaments(
        "tournaments.matches_played", _("已赛场次"), _("场"), help=_("本期录入结果的比赛"), order=72
    ),
)
