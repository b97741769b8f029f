"""A table from results, with the tiebreakers in the organiser's order, in plain Python (no ORM).

Tiebreakers: points, head_to_head (the points of the matches among the teams still level), wins,
set_ratio, point_ratio, set_diff, point_diff. Ties that survive every tiebreaker keep the teams'
given order (their seeds) and share nothing: ranks are 1..n.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

TIEBREAKERS = ("points", "head_to_head", "wins", "set_ratio", "point_ratio", "set_diff", "point_diff")
DEFAULT_TIEBREAKERS = ("points", "head_to_head", "set_ratio", "point_ratio")


@dataclass(frozen=True)
class Result:
    home: Hashable
    away: Hashable
    home_score: int  # sets won in a set sport, else goals/points
    away_score: int
    sets: tuple[tuple[int, int], ...] = ()  # (home, away) points per set
    forfeit_by: Hashable = None  # the team that forfeited (a walkover): it loses, no points of play


@dataclass(frozen=True)
class Points:
    win: int = 2
    draw: int = 1
    loss: int = 1
    forfeit: int = 0  # what the forfeiting team gets


@dataclass
class Row:
    team: Hashable
    played: int = 0
    wins: int = 0
    draws: int = 0
    losses: int = 0
    points: int = 0
    sets_won: int = 0
    sets_lost: int = 0
    points_won: int = 0
    points_lost: int = 0
    rank: int = 0
    opponents: list = field(default_factory=list)

    @property
    def set_ratio(self) -> Fraction:
        return _ratio(self.sets_won, self.sets_lost)

    @property
    def point_ratio(self) -> Fraction:
        return _ratio(self.points_won, self.points_lost)

    @property
    def set_diff(self) -> int:
        return self.sets_won - self.sets_lost

    @property
    def point_diff(self) -> int:
        return self.points_won - self.points_lost


def _ratio(won: int, lost: int) -> Fraction:
    if lost == 0:
        return Fraction(10**9 + won)  # unbeaten: above every finite ratio, more won first
    return Fraction(won, lost)


def _winner(result: Result):
    if result.forfeit_by is not None:
        return result.away if result.forfeit_by == result.home else result.home
    if result.home_score > result.away_score:
        return result.home
    if result.away_score > result.home_score:
        return result.away
    return None


def _table(teams: Sequence[Hashable], results: Sequence[Result], points: Points) -> dict:
    rows = {t: Row(t) for t in teams}
    for r in results:
        if r.home not in rows or r.away not in rows:
            continue
        home, away = rows[r.home], rows[r.away]
        home.played += 1
        away.played += 1
        winner = _winner(r)
        if winner is None:
            home.draws += 1
            away.draws += 1
            home.points += points.draw
            away.points += points.draw
        else:
            w, lo = (home, away) if winner == r.home else (away, home)
            w.wins += 1
            lo.losses += 1
            w.points += points.win
            lo.points += points.forfeit if r.forfeit_by is not None else points.loss
        home.sets_won += r.home_score
        home.sets_lost += r.away_score
        away.sets_won += r.away_score
        away.sets_lost += r.home_score
        for h, a in r.sets:
            home.points_won += h
            home.points_lost += a
            away.points_won += a
            away.points_lost += h
        if not r.sets:
            home.points_won += r.home_score
            home.points_lost += r.away_score
            away.points_won += r.away_score
            away.points_lost += r.home_score
    return rows


def standings(
    teams: Sequence[Hashable],
    results: Sequence[Result],
    *,
    points: Points = Points(),
    tiebreakers: Sequence[str] = DEFAULT_TIEBREAKERS,
) -> list[Row]:
    """The table of `teams` (in their seed order) from `results`, best first, ranks 1..n."""
    rows = _table(teams, results, points)
    order = {t: i for i, t in enumerate(teams)}
    ranked = _split([rows[t] for t in teams], list(tiebreakers), results, points)
    ranked_rows = [row for group in ranked for row in sorted(group, key=lambda r: order[r.team])]
    for i, row in enumerate(ranked_rows, start=1):
        row.rank = i
    return ranked_rows


def _split(group: list[Row], criteria: list[str], results, points) -> list[list[Row]]:
    """Groups of rows still level, best group first, after applying `criteria` in order."""
    if len(group) < 2 or not criteria:
        return [group]
    criterion, rest = criteria[0], criteria[1:]
    if criterion == "head_to_head":
        tied = {r.team for r in group}
        mini = _table(list(tied), [r for r in results if r.home in tied and r.away in tied], points)
        key = {r.team: mini[r.team].points for r in group}
    elif criterion in TIEBREAKERS:
        key = {r.team: getattr(r, criterion) for r in group}
    else:
        raise ValueError(f"unknown tiebreaker {criterion!r}")
    values = sorted(set(key.values()), reverse=True)
    found = []
    for value in values:
        sub = [r for r in group if key[r.team] == value]
        found += _split(sub, rest, results, points)
    return found


def winner_of(result: Result):
    """The winning team of a knockout result (a knockout match cannot end level)."""
    return _winner(result)
