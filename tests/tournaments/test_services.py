"""Registration, draw, schedule, moves and results through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.tournaments import services
from gonghui.tournaments.models import Division, Match, RosterEntry
from gonghui.tournaments.selectors import bracket_of, next_matches_for, standings_of
from tests.factories import make_member
from tests.tournaments.conftest import (
    add_teams,
    add_venue,
    make_players,
    make_tournament,
    move_to_coming_days,
)

pytestmark = pytest.mark.django_db


def _play_group_stage(division, actor):
    for m in division.matches.filter(stage=Match.Stage.GROUP).order_by("pk"):
        # the team registered first wins every match
        home_wins = m.home.pk < m.away.pk
        sets = [(25, 20), (25, 18)] if home_wins else [(20, 25), (18, 25)]
        services.match_record(match=m, sets=sets, actor=actor)


def test_a_captain_registers_a_roster_and_a_player_plays_once_per_division(world):
    t = make_tournament(world)
    d = services.division_create(
        tournament=t, name="企业组", format=Division.Format.ROUND_ROBIN, actor=world.county_cadre
    )
    players = make_players(world.union, 3)
    team = services.team_register(
        division=d, name="华宇队", captain=world.member, players=players, actor=world.member_user
    )
    assert RosterEntry.objects.filter(team=team).count() == 4
    with pytest.raises(ValidationError) as e:
        services.team_register(
            division=d,
            name="第二队",
            captain=make_member(world.union, name="李队长"),
            players=[players[0]],
            actor=None,
        )
    assert "已在本组别的华宇队报名" in str(e.value)
    # the database says it too, whatever the path
    with pytest.raises(IntegrityError), transaction.atomic():
        RosterEntry.objects.create(team=team, division=d, member=players[1])


def test_a_member_outside_the_audience_cannot_play(world):
    t = make_tournament(world, org=world.township)
    d = services.division_create(
        tournament=t, name="企业组", format=Division.Format.ROUND_ROBIN, actor=world.county_cadre
    )
    with pytest.raises(ValidationError) as e:
        services.team_register(division=d, name="外县队", captain=world.other_member, players=[], actor=None)
    assert "不在其中" in str(e.value)


def test_the_draw_makes_groups_a_cross_over_knockout_and_the_schedule_keeps_the_rules(cup):
    d = cup.division
    group_matches = d.matches.filter(stage=Match.Stage.GROUP)
    assert group_matches.count() == 2 * 6
    ko = list(d.matches.filter(stage=Match.Stage.KNOCKOUT).order_by("round", "position"))
    assert [m.round for m in ko] == [1, 1, 2]
    assert {(m.home_label, m.away_label) for m in ko[:2]} == {
        ("A组第1名", "B组第2名"),
        ("B组第1名", "A组第2名"),
    }
    assert not Match.objects.filter(tournament=cup.tournament, slot__isnull=True).exists()
    last_group = max(m.slot.ends_at for m in group_matches.select_related("slot"))
    assert all(m.slot.starts_at >= last_group for m in d.matches.filter(stage=1).select_related("slot"))


def test_group_winners_move_into_the_bracket_and_winners_move_on(cup):
    actor = cup.w.county_cadre
    _play_group_stage(cup.division, actor)
    semis = list(cup.division.matches.filter(stage=1, round=1).order_by("position"))
    assert all(m.home_id and m.away_id for m in semis)
    tables = standings_of(cup.tournament)[0].groups
    a1, b1 = tables[0][1][0].team, tables[1][1][0].team
    assert {semis[0].home, semis[1].home} == {a1, b1}
    services.match_record(match=semis[0], sets=[(25, 10), (25, 12)], actor=actor)
    services.match_record(match=semis[1], sets=[(10, 25), (25, 12), (13, 15)], actor=actor)
    final = cup.division.matches.get(stage=1, round=2)
    assert final.home == semis[0].home and final.away == semis[1].away
    ((division, rounds),) = bracket_of(cup.tournament)
    assert [r.name for r in rounds] == ["半决赛", "决赛"]


def test_a_result_needs_complete_sets_and_the_same_result_twice_changes_nothing(cup):
    actor = cup.w.county_cadre
    m = cup.division.matches.filter(stage=0).first()
    with pytest.raises(ValidationError) as e:
        services.match_record(match=m, sets=[(25, 20)], actor=actor)
    assert "须有一方先胜 2 局" in str(e.value)
    with pytest.raises(ValidationError):
        services.match_record(match=m, sets=[(25, 20), (25, 20), (25, 20)], actor=actor)
    services.match_record(match=m, sets=[(25, 20), (25, 22)], actor=actor)
    services.match_record(match=m, sets=[(25, 20), (25, 22)], actor=actor)
    m.refresh_from_db()
    assert (m.home_score, m.away_score, m.winner_id) == (2, 0, m.home_id)


@pytest.mark.parametrize(
    "sets, refused",
    [
        ([(25, 24), (25, 20)], "第 1 局 25:24"),  # a set is won by two points
        ([(24, 20), (25, 20)], "第 1 局 24:20"),  # nobody reached 25
        ([(27, 20), (25, 20)], "第 1 局 27:20"),  # past 25 play stops at a two-point lead
        ([(20, 25), (25, 20), (14, 12)], "第 3 局 14:12"),  # the deciding set is to 15
    ],
)
def test_a_set_score_that_cannot_happen_is_refused(cup, sets, refused):
    cup.tournament.set_points, cup.tournament.deciding_set_points = 25, 15
    cup.tournament.save(update_fields=["set_points", "deciding_set_points"])
    m = cup.division.matches.filter(stage=0).first()
    with pytest.raises(ValidationError) as e:
        services.match_record(match=m, sets=sets, actor=cup.w.county_cadre)
    assert refused in str(e.value) and "领先 2 分" in str(e.value)
    m.refresh_from_db()
    assert m.outcome == ""


def test_real_set_scores_are_accepted(cup):
    cup.tournament.set_points, cup.tournament.deciding_set_points = 25, 15
    cup.tournament.save(update_fields=["set_points", "deciding_set_points"])
    m = cup.division.matches.filter(stage=0).first()
    services.match_record(match=m, sets=[(26, 28), (25, 23), (16, 14)], actor=cup.w.county_cadre)
    m.refresh_from_db()
    assert (m.home_score, m.away_score) == (2, 1)


def test_no_result_before_the_match_has_started(cup):
    move_to_coming_days(cup.tournament)
    m = cup.division.matches.filter(stage=0).select_related("slot").first()
    with pytest.raises(ValidationError) as e:
        services.match_record(match=m, sets=[(25, 20), (25, 20)], actor=cup.w.county_cadre)
    assert "开赛后才能录入结果" in str(e.value)


def test_a_forfeit_counts_as_a_loss_without_points(cup):
    actor = cup.w.county_cadre
    m = cup.division.matches.filter(stage=0).first()
    services.match_record(match=m, forfeit_by=m.home, actor=actor)
    rows = {r.team.pk: r.row for g, rows in standings_of(cup.tournament)[0].groups for r in rows}
    assert rows[m.home_id].points == 0 and rows[m.away_id].points == 2


def test_a_move_that_double_books_a_team_is_refused_naming_the_conflict(cup):
    actor = cup.w.county_cadre
    m1, m2 = (
        (
            cup.division.matches.filter(stage=0, home=cup.teams[0])
            | cup.division.matches.filter(stage=0, away=cup.teams[0])
        )
        .select_related("slot", "court")
        .order_by("slot__starts_at")[:2]
    )
    other_court = cup.tournament.courts.exclude(pk=m1.court_id).first()
    with pytest.raises(ValidationError) as e:
        services.match_move(match=m2, slot=m1.slot, court=other_court, actor=actor)
    assert f"{cup.teams[0].name}在这一时段已有比赛" in " ".join(e.value.messages)
    # the final moved to the last slot keeps every rule, and the move is made
    final = cup.division.matches.get(stage=1, round=2)
    last = cup.tournament.slots.order_by("-starts_at").first()
    services.match_move(match=final, slot=last, court=other_court, actor=actor)
    final.refresh_from_db()
    assert (final.slot, final.court) == (last, other_court)
    ko = cup.division.matches.filter(stage=1, round=1).first()
    early = cup.tournament.slots.order_by("starts_at").first()
    court = cup.tournament.courts.last()
    with pytest.raises(ValidationError) as e:
        services.match_move(match=ko, slot=early, court=court, actor=actor)
    assert "前一阶段" in " ".join(e.value.messages) or "已安排" in " ".join(e.value.messages)


def test_only_the_organiser_may_change_it(cup):
    m = cup.division.matches.first()
    with pytest.raises(PermissionDenied):
        services.match_record(match=m, sets=[(25, 1), (25, 1)], actor=cup.w.viewer)
    with pytest.raises(PermissionDenied):
        services.schedule_generate(tournament=cup.tournament, actor=cup.w.outsider)


def test_elimination_gives_byes_to_the_top_seeds(world):
    t = make_tournament(world)
    d = services.division_create(
        tournament=t, name="淘汰组", format=Division.Format.ELIMINATION, actor=world.county_cadre
    )
    teams = add_teams(d, world, 6)
    services.division_draw(division=d, actor=world.county_cadre)
    first = list(d.matches.filter(round=1))
    assert len(first) == 2 and d.matches.count() == 5
    in_first = {t for m in first for t in (m.home_id, m.away_id)}
    assert teams[0].pk not in in_first and teams[1].pk not in in_first


def test_swiss_rounds_pair_without_rematches(world):
    t = make_tournament(world, sets_to_win=0)
    d = services.division_create(
        tournament=t, name="瑞士组", format=Division.Format.SWISS, actor=world.county_cadre
    )
    add_teams(d, world, 6)
    services.division_draw(division=d, actor=world.county_cadre)
    for _round in range(3):
        for m in d.matches.filter(outcome=""):
            services.match_record(match=m, home_score=3, away_score=1, actor=world.county_cadre)
        services.swiss_next_round(division=d, actor=world.county_cadre)
    pairs = [frozenset((m.home_id, m.away_id)) for m in d.matches.all()]
    assert len(pairs) == len(set(pairs)) == 12


def test_a_player_sees_the_next_match(cup):
    move_to_coming_days(cup.tournament)
    captain = cup.teams[0].captain
    from tests.factories import make_user

    user = make_user(name=captain.name)
    captain.user = user
    captain.save(update_fields=["user"])
    matches = next_matches_for(user)
    assert matches and cup.teams[0].pk in (matches[0].home_id, matches[0].away_id)
    assert matches == sorted(matches, key=lambda m: m.slot.starts_at)


def test_the_schedule_refuses_without_enough_slots(world):
    t = make_tournament(world)
    d = services.division_create(
        tournament=t, name="企业组", format=Division.Format.ROUND_ROBIN, actor=world.county_cadre
    )
    add_teams(d, world, 6)
    add_venue(t, world.county_cadre, courts=1, days=1, first_day=datetime.date(2026, 6, 1))
    services.division_draw(division=d, actor=world.county_cadre)
    with pytest.raises(ValueError, match="时段不够"):
        services.schedule_generate(tournament=t, actor=world.county_cadre)


def test_a_drawn_division_is_drawn_again_only_when_confirmed(cup):
    actor = cup.w.county_cadre
    before = set(cup.division.matches.values_list("pk", flat=True))
    with pytest.raises(ValidationError) as e:
        services.division_draw(division=cup.division, actor=actor)
    assert "请勾选确认" in str(e.value)
    assert set(cup.division.matches.values_list("pk", flat=True)) == before
    assert services.division_draw(division=cup.division, actor=actor, redraw=True) > 0
    assert not before & set(cup.division.matches.values_list("pk", flat=True))
    m = cup.division.matches.filter(stage=0).first()
    services.match_record(match=m, sets=[(25, 20), (25, 20)], actor=actor)
    with pytest.raises(ValidationError) as e:
        services.division_draw(division=cup.division, actor=actor, redraw=True)
    assert "已有比赛结果" in str(e.value)
