"""The organiser's pages, a captain's registration, the public pages and the API, per persona."""

import json

import pytest

from gonghui.accounts.models import ApiToken, Role
from gonghui.tournaments.models import Court, Division, Match, Team, TimeSlot, Tournament
from tests.factories import make_cadre, make_member
from tests.tournaments.conftest import move_to_coming_days

pytestmark = pytest.mark.django_db


def _group_match(cup, *, played=False):
    return (
        cup.division.matches.filter(stage=Match.Stage.GROUP, outcome="").order_by("slot__starts_at").first()
    )


# ---------------------------------------------------------------- the organiser


def test_an_organiser_creates_a_tournament_and_sets_it_up(login, world):
    c = login(world.county_cadre)
    r = c.post(
        "/tournaments/new/",
        {
            "org": world.county.pk,
            "name": "县职工气排球赛",
            "sport": "气排球",
            "sets_to_win": 2,
            "match_minutes": 50,
            "rest_minutes": 60,
            "tiebreakers": "points,head_to_head,set_ratio",
        },
    )
    t = Tournament.objects.get(name="县职工气排球赛")
    assert r.status_code == 302 and r["Location"] == f"/tournaments/{t.uuid}/manage/"
    assert t.tiebreaker_list == ["points", "head_to_head", "set_ratio"]
    r = c.post(
        f"/tournaments/{t.uuid}/divisions/add/",
        {"name": "机关组", "format": "groups_knockout", "group_count": 2, "advance_per_group": 2},
    )
    assert r.status_code == 302 and t.divisions.get().format == Division.Format.GROUPS_KNOCKOUT
    c.post(f"/tournaments/{t.uuid}/courts/add/", {"name": "1号场"})
    c.post(f"/tournaments/{t.uuid}/courts/add/", {"name": "1号场"})  # twice: still one court
    assert Court.objects.filter(tournament=t).count() == 1
    c.post(
        f"/tournaments/{t.uuid}/slots/add/", {"first_day": "2026-06-06", "days": 2, "times": "09:00,10:00"}
    )
    c.post(
        f"/tournaments/{t.uuid}/slots/add/", {"first_day": "2026-06-06", "days": 2, "times": "09:00,10:00"}
    )
    assert TimeSlot.objects.filter(tournament=t).count() == 4


def test_the_organiser_forms_refuse_bad_input_beside_the_field(login, world):
    c = login(world.county_cadre)
    r = c.post("/tournaments/new/", {"org": world.county.pk, "name": "", "tiebreakers": "points,luck"})
    body = r.content.decode()
    assert r.status_code == 200 and "请填写赛事名称。" in body and "排名规则不正确：luck" in body
    assert "novalidate" in body
    t = Tournament.objects.create(org=world.county, name="赛", sport="气排球")
    r = c.post(f"/tournaments/{t.uuid}/slots/add/", {"first_day": "2026-06-06", "days": 1, "times": "25:00"})
    assert r.status_code == 400 and "时间格式不正确：25:00" in r.content.decode()


def test_strangers_get_404_a_viewer_403_and_a_visitor_the_login(client, login, cup):
    t = cup.tournament
    url = f"/tournaments/{t.uuid}/manage/"
    assert client.get(url).status_code == 302
    assert login(cup.w.outsider).get(url).status_code == 404
    viewer = make_cadre(cup.w.county, name="县查看", role=Role.VIEWER)
    assert login(viewer).get(url).status_code == 403
    m = _group_match(cup)
    r = login(viewer).post(f"/tournaments/matches/{m.uuid}/result/", {"sets": "25:1 25:1"})
    assert r.status_code == 403
    m.refresh_from_db()
    assert m.outcome == ""


def test_entering_a_result_updates_the_standings_and_a_double_submit_counts_once(login, cup):
    c = login(cup.w.county_cadre)
    m = _group_match(cup)
    for _ in range(2):
        r = c.post(f"/tournaments/matches/{m.uuid}/result/", {"sets": "25:20 18:25 15：12", "forfeit": ""})
        assert r.status_code == 302
    m.refresh_from_db()
    assert (m.home_score, m.away_score, m.sets) == (2, 1, [[25, 20], [18, 25], [15, 12]])
    body = c.get(f"/tournaments/{cup.tournament.uuid}/standings/").content.decode()
    assert m.home.name in body
    rows = json.loads(c.get(f"/api/v1/tournaments/{cup.tournament.uuid}/standings").content)
    home_row = next(r for t in rows for r in t["rows"] if r["team"] == m.home.name)
    assert (home_row["played"], home_row["points"], home_row["sets_won"]) == (1, 2, 2)


def test_an_incomplete_result_is_refused_in_chinese(login, cup):
    m = _group_match(cup)
    r = login(cup.w.county_cadre).post(f"/tournaments/matches/{m.uuid}/result/", {"sets": "25:20"})
    assert r.status_code == 400 and "须有一方先胜 2 局" in r.content.decode()
    r = login(cup.w.county_cadre).post(f"/tournaments/matches/{m.uuid}/result/", {"sets": "abc"})
    assert "局分格式不正确" in r.content.decode()


def test_a_move_onto_a_busy_team_is_refused_naming_the_conflict(login, cup):
    team = cup.teams[0]
    m1, m2 = (
        cup.division.matches.filter(stage=0, home=team) | cup.division.matches.filter(stage=0, away=team)
    ).order_by("slot__starts_at")[:2]
    court = cup.tournament.courts.exclude(pk=m1.court_id).first()
    r = login(cup.w.county_cadre).post(
        f"/tournaments/matches/{m2.uuid}/move/", {"slot": m1.slot_id, "court": court.pk}
    )
    assert r.status_code == 400 and f"{team.name}在这一时段已有比赛" in r.content.decode()
    before = m2.slot_id
    m2.refresh_from_db()
    assert m2.slot_id == before


def test_the_bracket_fills_when_the_group_stage_is_complete(login, cup):
    c = login(cup.w.county_cadre)
    for m in cup.division.matches.filter(stage=0):
        c.post(f"/tournaments/matches/{m.uuid}/result/", {"sets": "25:20 25:20"})
    body = c.get(f"/tournaments/{cup.tournament.uuid}/bracket/").content.decode()
    assert "A组第1名" not in body and "半决赛" in body
    semi = cup.division.matches.filter(stage=1, round=1).first()
    assert semi.home.name in body


def test_the_standings_page_does_not_query_per_row(client, cup, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        r = client.get(f"/tournaments/{cup.tournament.uuid}/standings/")
    assert r.status_code == 200


# ---------------------------------------------------------------- the captain and the player


def test_a_captain_registers_a_team_with_a_roster(login, world):
    t = Tournament.objects.create(org=world.county, name="赛", sport="气排球")
    d = Division.objects.create(tournament=t, name="企业组", format=Division.Format.ROUND_ROBIN)
    mate = make_member(world.union, name="队员甲")
    c = login(world.member_user)
    data = {"name": "华宇队", "unit": "华宇", "players": f"{mate.mobile}\n"}
    assert c.post(f"/tournaments/divisions/{d.uuid}/register/", data).status_code == 302
    r = c.post(f"/tournaments/divisions/{d.uuid}/register/", data)  # the double submit
    assert r.status_code == 200 and "本组别已有同名的参赛队。" in r.content.decode()
    team = Team.objects.get(division=d)
    assert set(team.roster.values_list("member__name", flat=True)) == {"张伟", "队员甲"}
    r = c.post(f"/tournaments/divisions/{d.uuid}/register/", {"name": "二队", "players": "13000000000"})
    assert "找不到这些号码的会员：13000000000" in r.content.decode()


def test_a_non_member_may_not_captain(login, world):
    t = Tournament.objects.create(org=world.county, name="赛", sport="气排球")
    d = Division.objects.create(tournament=t, name="企业组")
    assert login(world.worker).get(f"/tournaments/divisions/{d.uuid}/register/").status_code == 403


def test_a_player_finds_the_next_match_on_the_page_home_and_api(client, login, cup):
    move_to_coming_days(cup.tournament)
    cup.w.member.user = None
    cup.w.member.save(update_fields=["user"])
    captain = cup.teams[0].captain
    captain.user = cup.w.member_user
    captain.save(update_fields=["user"])
    c = login(cup.w.member_user)
    body = c.get("/tournaments/me/next/").content.decode()
    assert cup.teams[0].name in body
    assert "我的下一场比赛" in c.get("/").content.decode()
    _token, key = ApiToken.issue(user=cup.w.member_user)
    r = client.get("/api/v1/tournaments/me/next", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert r.status_code == 200 and cup.teams[0].name in {m["home"] for m in r.json()} | {
        m["away"] for m in r.json()
    }


# ---------------------------------------------------------------- the API


def test_the_api_reads_publicly_and_enters_results_for_the_organiser(client, cup):
    t = cup.tournament
    assert client.get(f"/api/v1/tournaments/{t.uuid}/schedule").status_code == 200
    assert client.get("/api/v1/tournaments/me/next").status_code == 401
    m = _group_match(cup)
    url = f"/api/v1/tournaments/matches/{m.uuid}/result"
    _token, key = ApiToken.issue(user=cup.w.county_cadre)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    r = client.post(url, {"sets": [[25, 20]]}, content_type="application/json", **auth)
    assert r.status_code in (400, 422) and "须有一方先胜" in json.dumps(r.json(), ensure_ascii=False)
    r = client.post(url, {"sets": [[25, 20], [25, 21]]}, content_type="application/json", **auth)
    assert r.status_code == 200 and r.json()["home_score"] == 2
    _token, key = ApiToken.issue(user=cup.w.outsider)
    r = client.post(
        url,
        {"sets": [[25, 20], [25, 21]]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert r.status_code == 404


def test_the_organiser_draws_the_next_swiss_round_when_the_round_is_in(login, world):
    from gonghui.tournaments import services
    from tests.tournaments.conftest import add_teams, make_tournament

    t = make_tournament(world, sets_to_win=0)
    d = services.division_create(
        tournament=t, name="瑞士组", format=Division.Format.SWISS, actor=world.county_cadre
    )
    add_teams(d, world, 4)
    services.division_draw(division=d, actor=world.county_cadre)
    c = login(world.county_cadre)
    r = c.post(f"/tournaments/divisions/{d.uuid}/swiss-next/", follow=True)
    assert "本轮比赛尚未全部结束。" in r.content.decode()
    for m in d.matches.all():
        services.match_record(match=m, home_score=3, away_score=0, actor=world.county_cadre)
    c.post(f"/tournaments/divisions/{d.uuid}/swiss-next/")
    assert d.matches.filter(round=2).count() == 2
    assert login(world.outsider).post(f"/tournaments/divisions/{d.uuid}/swiss-next/").status_code == 404


def test_the_organiser_confirms_a_redraw_on_the_page(client, login, cup):
    c = login(cup.w.county_cadre)
    page = c.get(f"/tournaments/{cup.tournament.uuid}/manage/").content.decode()
    assert "重新抽签" in page and 'name="redraw"' in page
    before = cup.division.matches.count()
    r = c.post(f"/tournaments/divisions/{cup.division.uuid}/draw/", follow=True)
    assert "请勾选确认" in r.content.decode()
    r = c.post(f"/tournaments/divisions/{cup.division.uuid}/draw/", {"redraw": "1"}, follow=True)
    assert "已分组并编排" in r.content.decode() and cup.division.matches.count() == before
