"""Tournament indicators on the glance: tournaments, teams and matches played, per subtree."""

import pytest
from django.utils import timezone

from gonghui.core import indicators
from gonghui.tournaments import services
from gonghui.tournaments.models import Match

pytestmark = pytest.mark.django_db


def test_the_figures_count_the_subtree_and_its_children(cup):
    m = cup.division.matches.filter(stage=Match.Stage.GROUP).first()
    services.match_record(match=m, sets=[(25, 20), (25, 20)], actor=cup.w.county_cadre)
    period = indicators.year_to_date(timezone.localdate())
    values = indicators.figures(
        cup.w.county,
        period,
        keys=["tournaments.tournaments", "tournaments.teams", "tournaments.matches_played"],
    )
    assert values == {"tournaments.tournaments": 1, "tournaments.teams": 8, "tournaments.matches_played": 1}
    other = indicators.figures(cup.w.other_county, period, keys=["tournaments.teams"])
    assert other == {"tournaments.teams": 0}
    children = indicators.get("tournaments.teams").children(cup.w.county, period)
    assert children[cup.w.county.path]["teams"] == 8  # the county's own tournament: this level
