"""Pairings and brackets, in plain Python (no ORM): fast, and property-tested.

Teams are any hashable values (the services pass primary keys). A bracket is a list of leaves of
a power-of-two length; leaf 2i meets leaf 2i+1 in the first round, and None is a bye.
"""

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

Team = Hashable


def round_robin(teams: Sequence[Team]) -> list[list[tuple[Team, Team]]]:
    """Every pair once, in rounds where nobody plays twice (the circle method).

    With an odd number of teams one team rests each round. Home and away alternate, so a team
    is not always first.
    """
    players: list[Team | None] = list(teams)
    if len(players) < 2:
        return []
    if len(players) % 2:
        players.append(None)
    n = len(players)
    rounds = []
    for r in range(n - 1):
        pairs = []
        for i in range(n // 2):
            a, b = players[i], players[n - 1 - i]
            if a is None or b is None:
                continue
            pairs.append((b, a) if (r + i) % 2 else (a, b))
        rounds.append(pairs)
        # keep the first fixed, rotate the others one place
        players = [players[0], players[-1], *players[1:-1]]
    return rounds


def bracket_size(n: int) -> int:
    size = 1
    while size < n:
        size *= 2
    return max(size, 2)


def seed_positions(size: int) -> list[int]:
    """Seeds (1-based) in bracket order so that seed 1 and 2 can only meet in the final:
    [1, 8, 4, 5, 2, 7, 3, 6] for 8."""
    order = [1]
    while len(order) < size:
        total = len(order) * 2 + 1
        order = [s for seed in order for s in (seed, total - seed)]
    return order


def seeded_bracket(seeds: Sequence[Team]) -> list[Team | None]:
    """Leaves for a single elimination of `seeds` (best first): the byes go to the top seeds."""
    size = bracket_size(len(seeds))
    return [seeds[p - 1] if p <= len(seeds) else None for p in seed_positions(size)]


def rounds_count(leaves: int) -> int:
    return max(leaves.bit_length() - 1, 1)


def byes(leaves: Sequence[Team | None]) -> int:
    return sum(1 for t in leaves if t is None)


def _partner(k: int, groups: int) -> int:
    """The group whose runner-up meets the winner of group k: A<->B, C<->D … (a rotation when
    the number of groups is odd, so nobody meets their own group again)."""
    if groups % 2 == 0:
        return k ^ 1
    return (k + 1) % groups


def knockout_seeds(groups: int, advance: int) -> list[tuple[int, int]]:
    """The qualifiers of a group stage as (group index, rank) in seed order (best first).

    Winners first in group order, then runners-up ordered for the cross-over: with 2g qualifiers
    in a bracket of 2g, the winner of group k meets the runner-up of its partner group (A1–B2,
    B1–A2, C1–D2 …). Further ranks follow in group order.
    """
    seeds = [(g, 1) for g in range(groups)]
    if advance >= 2:
        runners = [None] * groups
        for k in range(groups):
            runners[groups - 1 - k] = (_partner(k, groups), 2)
        seeds += runners
    for rank in range(3, advance + 1):
        seeds += [(g, rank) for g in range(groups)]
    return seeds


def snake_groups(teams: Sequence[Team], groups: int) -> list[list[Team]]:
    """Seeded teams into groups by the snake (1..g, g..1 …), so the strong are spread."""
    found: list[list[Team]] = [[] for _ in range(groups)]
    for i, team in enumerate(teams):
        row, col = divmod(i, groups)
        found[col if row % 2 == 0 else groups - 1 - col].append(team)
    return found


def group_name(index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[index] if index < len(letters) else f"{letters[index % 26]}{index // 26}"


@dataclass(frozen=True)
class Pairing:
    home: Team
    away: Team | None  # None: a bye


def swiss_pairings(
    teams: Sequence[Team],
    scores: dict[Team, float],
    played: set[frozenset],
    had_bye: set[Team] = frozenset(),
) -> list[Pairing]:
    """The next Swiss round: teams sorted by score (then their order given) meet the nearest team
    they have not met; with an odd number the lowest-ranked team without a bye rests.

    Raises ValueError when no pairing without a rematch exists.
    """
    ranked = sorted(teams, key=lambda t: -scores.get(t, 0))
    bye = None
    if len(ranked) % 2:
        for team in reversed(ranked):
            if team not in had_bye:
                bye = team
                break
        else:
            bye = ranked[-1]
        ranked.remove(bye)
    pairs = _pair(ranked, played)
    if pairs is None:
        raise ValueError("no pairing without a rematch")
    found = [Pairing(a, b) for a, b in pairs]
    if bye is not None:
        found.append(Pairing(bye, None))
    return found


def _pair(ranked: list, played: set[frozenset]):
    if not ranked:
        return []
    first, rest = ranked[0], ranked[1:]
    for i, other in enumerate(rest):
        if frozenset((first, other)) in played:
            continue
        tail = _pair(rest[:i] + rest[i + 1 :], played)
        if tail is not None:
            return [(first, other), *tail]
    return None


@dataclass(frozen=True)
class Entry:
    """Who takes a place in a knockout match: a seed (a team, or a group place) or a winner."""

    seed: Hashable = None
    winner_of: tuple[int, int] | None = None  # (round, position) of the match whose winner comes


@dataclass(frozen=True)
class BracketMatch:
    round: int  # 1 = the first round
    position: int  # 0-based within the round
    home: Entry
    away: Entry


def bracket_matches(leaves: Sequence[Team | None]) -> list[BracketMatch]:
    """The matches of a single elimination over `leaves` (a power-of-two list, None = bye).

    A first-round pair with a bye is no match: the seed goes straight into the second round.
    n real entrants make n - 1 matches.
    """
    entries: list[Entry | None] = [None if t is None else Entry(seed=t) for t in leaves]
    found: list[BracketMatch] = []
    rnd = 1
    while len(entries) > 1:
        nxt: list[Entry | None] = []
        position = 0
        for i in range(0, len(entries), 2):
            a, b = entries[i], entries[i + 1]
            if a is None or b is None:
                nxt.append(a if b is None else b)
                continue
            found.append(BracketMatch(rnd, position, a, b))
            nxt.append(Entry(winner_of=(rnd, position)))
            position += 1
        entries = nxt
        rnd += 1
    return found


def round_name(rounds: int, rnd: int) -> str:
    left = rounds - rnd  # 0 final, 1 semi-final …
    if left == 0:
        return _("决赛")
    if left == 1:
        return _("半决赛")
    if left == 2:
        return _("1/4决赛")
    if left == 3:
        return _("1/8决赛")
    return _("第%(n)s轮") % {"n": rnd}


def round_label(stage: int, rnd: int, rounds: int) -> str:
    """A round's name: 第n轮 in a group stage (stage 0), else by its distance from the final."""
    if stage == 0:
        return _("第%(n)s轮") % {"n": rnd}
    return round_name(rounds, rnd)
