"""The pure algorithms: pairings, brackets, the schedule and standings (no database)."""

import datetime
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from gonghui.tournaments import formats, scheduling
from gonghui.tournaments.standings import Points, Result, standings

T0 = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)


@given(st.integers(min_value=2, max_value=24))
def test_round_robin_every_pair_meets_exactly_once_and_nobody_plays_twice_a_round(n):
    rounds = formats.round_robin(list(range(n)))
    pairs = [frozenset(p) for r in rounds for p in r]
    assert len(pairs) == len(set(pairs)) == n * (n - 1) // 2
    for r in rounds:
        teams = [t for p in r for t in p]
        assert len(teams) == len(set(teams))
    assert len(rounds) == (n if n % 2 else n - 1)


def test_seed_positions_keep_the_top_seeds_apart_until_the_final():
    assert formats.seed_positions(8) == [1, 8, 4, 5, 2, 7, 3, 6]
    order = formats.seed_positions(16)
    assert order.index(1) < 8 <= order.index(2)
    # seeds 1-4 in four different quarters
    assert sorted(order.index(s) // 4 for s in (1, 2, 3, 4)) == [0, 1, 2, 3]


@given(st.integers(min_value=2, max_value=70))
def test_elimination_has_the_right_rounds_byes_and_matches(n):
    leaves = formats.seeded_bracket(list(range(1, n + 1)))
    size = len(leaves)
    assert size >= n and size & (size - 1) == 0 and size < 2 * n + (n == 1)
    assert formats.byes(leaves) == size - n
    matches = formats.bracket_matches(leaves)
    assert len(matches) == n - 1  # every match removes one team
    assert max(m.round for m in matches) == formats.rounds_count(size) == size.bit_length() - 1
    # the byes go to the top seeds
    first_round = {e.seed for m in matches if m.round == 1 for e in (m.home, m.away)}
    assert all(seed not in first_round for seed in range(1, size - n + 1))


def test_cross_over_seeding_of_two_and_four_groups():
    def first_round(groups):
        leaves = formats.seeded_bracket(formats.knockout_seeds(groups, 2))
        return {
            frozenset((m.home.seed, m.away.seed)) for m in formats.bracket_matches(leaves) if m.round == 1
        }

    a1, b1, c1, d1, a2, b2, c2, d2 = (0, 1), (1, 1), (2, 1), (3, 1), (0, 2), (1, 2), (2, 2), (3, 2)
    assert first_round(2) == {frozenset((a1, b2)), frozenset((b1, a2))}
    assert first_round(4) == {frozenset(p) for p in ((a1, b2), (b1, a2), (c1, d2), (d1, c2))}


@given(st.integers(min_value=2, max_value=9))
def test_no_group_winner_meets_its_own_runner_up_first(groups):
    seeds = formats.knockout_seeds(groups, 2)
    for m in formats.bracket_matches(formats.seeded_bracket(seeds)):
        if m.home.seed and m.away.seed:
            assert m.home.seed[0] != m.away.seed[0]


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=2, max_value=12), st.integers(min_value=1, max_value=5), st.data())
def test_swiss_pairs_by_score_without_rematches(n, rounds, data):
    teams = list(range(n))
    played: set = set()
    scores = dict.fromkeys(teams, 0)
    byes: set = set()
    for _ in range(min(rounds, n - 1 if n % 2 == 0 else n - 2 if n > 2 else 1)):
        try:
            pairs = formats.swiss_pairings(teams, scores, played, byes)
        except ValueError:
            break
        seen = [t for p in pairs for t in (p.home, p.away) if t is not None]
        assert sorted(seen) == teams
        for p in pairs:
            if p.away is None:
                byes.add(p.home)
                continue
            key = frozenset((p.home, p.away))
            assert key not in played
            played.add(key)
            scores[data.draw(st.sampled_from((p.home, p.away)))] += 1


def _slots(n, minutes=50, gap=60):
    return [
        scheduling.Slot(
            T0 + datetime.timedelta(minutes=gap * i), T0 + datetime.timedelta(minutes=gap * i + minutes)
        )
        for i in range(n)
    ]


@settings(max_examples=40, deadline=None)
@given(
    st.integers(min_value=2, max_value=12),
    st.integers(min_value=1, max_value=4),
    st.sampled_from([0, 30, 60, 120]),
)
def test_a_generated_schedule_double_books_nobody_and_keeps_the_rest(n, courts, rest_minutes):
    rest = datetime.timedelta(minutes=rest_minutes)
    fixtures = [
        scheduling.Fixture(key=(r, i), teams=p, round=r)
        for r, pairs in enumerate(formats.round_robin(list(range(n))))
        for i, p in enumerate(pairs)
    ]
    # knockout after the group stage: a final waiting for two semi-finals
    fixtures += [
        scheduling.Fixture(key="sf1", stage=1, round=1),
        scheduling.Fixture(key="sf2", stage=1, round=1),
        scheduling.Fixture(key="f", stage=1, round=2, after=("sf1", "sf2")),
    ]
    slots = _slots(200)
    plan = scheduling.generate(fixtures, slots, courts, rest)
    assert set(plan) == {f.key for f in fixtures}
    placed = [(f, slots[plan[f.key].slot], plan[f.key].court) for f in fixtures]
    assert scheduling.all_conflicts(placed, rest) == []
    assert len({(p.slot, p.court) for p in plan.values()}) == len(plan)


def test_the_schedule_refuses_when_the_slots_run_out():
    fixtures = [scheduling.Fixture(key=i, teams=p) for i, p in enumerate(itertools.combinations(range(6), 2))]
    try:
        scheduling.generate(fixtures, _slots(3), 1, datetime.timedelta(0))
    except scheduling.NotEnoughSlots:
        return
    raise AssertionError("expected NotEnoughSlots")


def test_a_move_names_every_conflict():
    rest = datetime.timedelta(minutes=60)
    slots = _slots(4)
    a = scheduling.Fixture(key="a", teams=(1, 2))
    b = scheduling.Fixture(key="b", teams=(1, 3))
    others = [(a, slots[0], "c1")]
    kinds = {c.kind for c in scheduling.conflicts(b, slots[0], "c1", others, rest)}
    assert kinds == {"court", "team"}
    assert [c.kind for c in scheduling.conflicts(b, slots[1], "c2", others, rest)] == ["rest"]
    assert scheduling.conflicts(b, slots[2], "c2", others, rest) == []


def _vb(home, away, *sets):
    hs = sum(1 for h, a in sets if h > a)
    return Result(home, away, hs, len(sets) - hs, tuple(sets))


def test_standings_order_by_points_then_head_to_head_then_ratios():
    results = [
        _vb("A", "B", (25, 20), (25, 20)),
        _vb("B", "C", (25, 10), (25, 10)),
        _vb("C", "A", (25, 23), (25, 23)),
        _vb("A", "D", (25, 0), (25, 0)),
        _vb("B", "D", (25, 20), (20, 25), (15, 10)),
        _vb("C", "D", (20, 25), (25, 20), (15, 13)),
    ]
    rows = standings(["A", "B", "C", "D"], results, tiebreakers=["points", "head_to_head", "set_ratio"])
    # A, B, C all 2 wins 1 loss (5 points); head to head is a circle; A's set ratio 4/2 is best
    assert [r.team for r in rows] == ["A", "B", "C", "D"]
    assert [r.points for r in rows] == [5, 5, 5, 3]
    rows = standings(["A", "B", "C", "D"], results, tiebreakers=["points", "point_ratio"])
    assert rows[0].team == "A"


def test_head_to_head_decides_two_teams_level_on_points():
    results = [Result("X", "Y", 2, 0), Result("Y", "Z", 2, 0), Result("Z", "X", 2, 1), Result("Y", "W", 2, 0)]
    rows = standings(["W", "X", "Y", "Z"], results, points=Points(win=3, loss=0), tiebreakers=["points"])
    assert rows[0].team == "Y"
    rows = standings(["Z", "X"], [Result("X", "Z", 2, 0)], tiebreakers=["points", "head_to_head"])
    assert [r.team for r in rows] == ["X", "Z"]


def test_a_forfeit_loses_without_the_points_of_a_loss():
    rows = standings(
        ["A", "B"], [Result("A", "B", 0, 2, forfeit_by="A")], points=Points(win=2, loss=1, forfeit=0)
    )
    assert [(r.team, r.points) for r in rows] == [("B", 2), ("A", 0)]


@given(
    st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 2), st.integers(0, 2)), max_size=30
    )
)
def test_standings_rank_every_team_once(games):
    teams = list(range(6))
    results = [Result(h, a, x, y) for h, a, x, y in games if h != a]
    rows = standings(teams, results, tiebreakers=["points", "head_to_head", "set_ratio", "point_diff"])
    assert sorted(r.team for r in rows) == teams
    assert [r.rank for r in rows] == list(range(1, 7))
    assert all(rows[i].points >= rows[i + 1].points for i in range(5))
