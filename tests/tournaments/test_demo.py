"""The demo's air-volleyball tournament: 87 teams, about 350 matches, the first weekends played."""

import io

import pytest
from django.core.management import call_command

from gonghui.demo import tournaments as demo_tournaments
from gonghui.tournaments.models import Match, RosterEntry, Team, Tournament

pytestmark = pytest.mark.django_db


def test_the_demo_loads_the_tournament_once_partly_played(client):
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "120", stdout=out)
    assert demo_tournaments.NAME in out.getvalue()
    t = Tournament.objects.get(name=demo_tournaments.NAME)
    assert Team.objects.filter(division__tournament=t).count() == 87
    assert Team.objects.filter(division__tournament=t, division__name="机关组").count() == 79
    assert 330 <= t.matches.count() <= 370
    played = t.matches.exclude(outcome="").count()
    assert 0 < played < t.matches.count()
    assert not t.matches.filter(slot__isnull=True).exclude(outcome=Match.Outcome.WALKOVER).exists()
    assert RosterEntry.objects.filter(team__division__tournament=t).exists()
    assert client.get(f"/tournaments/{t.uuid}/standings/").status_code == 200
    call_command("demo", "--no-serve", "--members", "120", stdout=io.StringIO())
    assert Tournament.objects.filter(name=demo_tournaments.NAME).count() == 1
