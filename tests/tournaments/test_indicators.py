"""Tournament indicators on the glance: tournaments, teams and matches played, per subtree."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.core import indicators
from gonghui.tournaments import services
from gonghui.tournaments.models import Match, Tournament
from tests.drilled import open_drilled
from tests.tournaments.conftest import make_tournament

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


def test_the_glance_tile_opens_the_tournaments_it_counted(world, login, client):
    """赛事 for a township and period opens the list of the tournaments created then: not the
    county's, not another township's, not one created before the period."""
    make_tournament(world)  # the county's own: 安平县职工气排球赛
    services.tournament_create(
        org=world.township, name="城关镇职工篮球赛", sport="篮球", actor=world.county_cadre
    )
    services.tournament_create(
        org=world.other_township, name="柳溪乡乒乓球赛", sport="乒乓球", actor=world.county_cadre
    )
    old = services.tournament_create(
        org=world.township, name="城关镇去年的拔河赛", sport="拔河", actor=world.county_cadre
    )
    Tournament.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    today = timezone.localdate()
    period = indicators.Period(today - datetime.timedelta(days=30), today)
    assert indicators.figures(world.township, period, keys=["tournaments.tournaments"]) == {
        "tournaments.tournaments": 1
    }
    link = indicators.get("tournaments.tournaments").drill(world.township, period)
    assert link == indicators.get("tournaments.matches_played").drill(world.township, period)  # one list
    url = reverse("tournaments:list")
    open_drilled(
        login(world.county_cadre),
        link,
        url,
        org=world.township,
        shown=["城关镇职工篮球赛"],
        hidden=["安平县职工气排球赛", "柳溪乡乒乓球赛", "城关镇去年的拔河赛"],
        other_county=world.other_county,
    )
    client.logout()  # the list is public; a drill into an org is for the org's cadres
    assert client.get(url, {"org": str(world.township.uuid)}).status_code == 404
