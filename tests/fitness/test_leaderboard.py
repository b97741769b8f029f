"""Contests rank by percentage lost; teams by the average of their ranked members."""

from decimal import Decimal as D

import pytest

from gonghui.fitness import selectors, services
from tests.factories import make_member, make_user
from tests.fitness.conftest import days_ago

pytestmark = pytest.mark.django_db


def _person(w, name, start, end, team=None):
    user = make_user(name=name)
    make_member(w.union, name=name, user=user)
    enrolment = services.enrol(programme=w.programme, user=user, height="170", actor=user)
    services.weigh_in_record(
        enrolment=enrolment, measured_on=days_ago(40), weight=start, actor=w.township_cadre
    )
    if end is not None:
        services.weigh_in_record(
            enrolment=enrolment, measured_on=days_ago(5), weight=end, actor=w.township_cadre
        )
    if team is not None:
        services.team_assign(enrolment=enrolment, team=team, actor=w.township_cadre)
    return user


@pytest.fixture
def board(fit):
    w = fit
    w.red = services.team_create(programme=w.programme, name="红队", actor=w.township_cadre)
    w.blue = services.team_create(programme=w.programme, name="蓝队", actor=w.township_cadre)
    w.a = _person(w, "赵一", "100", "90", w.red)  # 10%
    w.b = _person(w, "钱二", "80", "76", w.red)  # 5%
    w.c = _person(w, "孙三", "60", "57", w.blue)  # 5%
    w.d = _person(w, "李四", "90", "89.1", w.blue)  # 1%
    w.e = _person(w, "周五", "70", None, w.blue)  # one weigh-in: not ranked
    return w


def test_individuals_rank_by_percentage_lost_ties_share_a_place(board):
    rows = selectors.individual_standings(board.programme, viewer=board.b)
    assert [(r.rank, r.label, r.loss_percent) for r in rows] == [
        (1, "赵*", D("10.00")),
        (2, "钱*", D("5.00")),
        (2, "孙*", D("5.00")),
        (4, "李*", D("1.00")),
    ]
    assert [r.mine for r in rows] == [False, True, False, False]


def test_teams_rank_by_the_average_of_their_ranked_members(board):
    rows = selectors.team_standings(board.programme)
    assert [(r.rank, r.label, r.loss_percent, r.people) for r in rows] == [
        (1, "红队", D("7.50"), 2),
        (2, "蓝队", D("3.00"), 2),
    ]


def test_the_leaderboard_page_shows_percentages_never_weights(board, login):
    services.contest_create(
        programme=board.programme, kind="individual", title="个人赛", actor=board.township_cadre
    )
    services.contest_create(
        programme=board.programme, kind="team", title="团体赛", actor=board.township_cadre
    )
    page = login(board.b).get(f"/fitness/{board.programme.uuid}/leaderboard/").content.decode()
    assert "10.0%" in page and "7.5%" in page and "红队" in page
    assert "89.1" not in page and "76.0" not in page and "赵一" not in page


def test_the_leaderboard_api(board, login):
    body = login(board.a).get(f"/api/v1/fitness/programmes/{board.programme.uuid}/leaderboard").json()
    assert body[0]["standings"][0] == {
        "rank": 1,
        "label": "赵*",
        "loss_percent": "10.00",
        "team": "红队",
        "people": 1,
        "mine": True,
    }
    assert "weight" not in str(body)


def test_the_leaderboard_query_count_does_not_grow_with_people(board, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        selectors.individual_standings(board.programme)
        selectors.team_standings(board.programme)
