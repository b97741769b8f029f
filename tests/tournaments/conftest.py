"""Tournament personas on top of the world: a county tournament with a division of teams."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gonghui.tournaments import services
from gonghui.tournaments.models import Division
from tests.factories import make_member


def make_players(org, n, *, prefix="队员"):
    return [make_member(org, name=f"{prefix}{i}") for i in range(n)]


def make_tournament(w, *, org=None, sets_to_win=2, rest_minutes=60):
    return services.tournament_create(
        org=org or w.county,
        name="安平县职工气排球赛",
        sport="气排球",
        sets_to_win=sets_to_win,
        rest_minutes=rest_minutes,
        actor=w.county_cadre,
    )


def add_teams(division, w, n, *, org=None):
    teams = []
    for i in range(n):
        captain = make_member(org or w.union, name=f"队长{division.pk}-{i}")
        teams.append(
            services.team_register(
                division=division, name=f"{division.name}{i + 1}队", captain=captain, players=[], actor=None
            )
        )
    return teams


def add_venue(tournament, actor, *, courts=2, days=10, first_day=None):
    for i in range(courts):
        services.court_add(tournament=tournament, name=f"{i + 1}号场", actor=actor)
    # Played already (results are entered once a match has started), unless a test says otherwise.
    first_day = first_day or timezone.localdate() - datetime.timedelta(days=days + 1)
    services.slots_add(
        tournament=tournament,
        first_day=first_day,
        days=days,
        times=[datetime.time(h) for h in (9, 10, 11, 14, 15, 16)],
        actor=actor,
    )


def move_to_coming_days(tournament) -> None:
    """Shift the whole schedule a month ahead: for what a player sees of matches still to come."""
    from django.db.models import F

    month = datetime.timedelta(days=30)
    tournament.slots.update(starts_at=F("starts_at") + month, ends_at=F("ends_at") + month)


@pytest.fixture
def cup(world):
    """A tournament of the county: a 2-group + knockout division of 8 teams, drawn and scheduled."""
    w = world
    t = make_tournament(w)
    d = services.division_create(
        tournament=t,
        name="机关组",
        format=Division.Format.GROUPS_KNOCKOUT,
        group_count=2,
        actor=w.county_cadre,
    )
    teams = add_teams(d, w, 8)
    add_venue(t, w.county_cadre)
    services.division_draw(division=d, actor=w.county_cadre)
    services.schedule_generate(tournament=t, actor=w.county_cadre)
    return SimpleNamespace(w=w, tournament=t, division=d, teams=teams)
