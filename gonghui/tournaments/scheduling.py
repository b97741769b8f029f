"""Putting matches on courts and time slots, in plain Python (no ORM).

A match names its known teams and the matches it waits for (a knockout match waits for the
matches whose winners play in it). The rules a schedule keeps, on generation and on every move:

- one match per court and slot;
- no team in two places at once, and at least `rest` between the end of a team's match and the
  start of its next one;
- a match starts at least `rest` after the matches it waits for end;
- stages in order: every match of a stage starts after every match of the stages before it ends.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Slot:
    start: datetime.datetime
    end: datetime.datetime


@dataclass(frozen=True)
class Fixture:
    key: Hashable
    teams: tuple = ()  # the teams known so far (a knockout seat still to be decided, e.g. A1, is left out)
    stage: int = 0  # stages of one track (a division) are played in this order
    track: Hashable = None
    round: int = 0
    after: tuple = ()  # keys of the matches this one waits for


@dataclass(frozen=True)
class Placed:
    slot: int  # index into the slots
    court: int  # index into the courts


@dataclass(frozen=True)
class Conflict:
    kind: str  # court, team, rest, order, stage
    other: Hashable
    team: Hashable = None

    def message(self, names: dict | None = None, labels: dict | None = None) -> str:
        names = names or {}
        labels = labels or {}
        other = labels.get(self.other, str(self.other))
        team = names.get(self.team, str(self.team))
        if self.kind == "court":
            return _("该场地在这一时段已安排了比赛：{match}。").format(match=other)
        if self.kind == "team":
            return _("{team}在这一时段已有比赛：{match}。").format(team=team, match=other)
        if self.kind == "rest":
            return _("{team}与比赛{match}之间的休息时间不足。").format(team=team, match=other)
        if self.kind == "order":
            return _("须在比赛{match}结束并休息之后进行。").format(match=other)
        if self.kind == "later":
            return _("须在比赛{match}开始之前进行并留出休息时间。").format(match=other)
        return _("须在前一阶段的比赛全部结束之后进行，与比赛{match}冲突。").format(match=other)


class NotEnoughSlots(ValueError):
    pass


@dataclass
class _State:
    slots: Sequence[Slot]
    courts: int
    rest: datetime.timedelta
    taken: set = field(default_factory=set)  # (slot, court)
    free_in_slot: list = field(default_factory=list)
    team_ends: dict = field(default_factory=lambda: defaultdict(list))


def generate(
    fixtures: Sequence[Fixture],
    slots: Sequence[Slot],
    courts: int,
    rest: datetime.timedelta,
    *,
    fixed: dict | None = None,
) -> dict:
    """{fixture key: Placed} for every fixture, earliest first (slots must be sorted by start).

    `fixed` holds fixtures already placed (played or moved by hand), which keep their place.
    Raises NotEnoughSlots when the slots run out.
    """
    if courts < 1:
        raise NotEnoughSlots(_("请先添加场地。"))
    starts = [s.start for s in slots]
    placed: dict = dict(fixed or {})
    by_key = {f.key: f for f in fixtures}
    free = [courts] * len(slots)
    taken: set = set()
    busy_until: dict = {}  # team -> the end of its latest match
    for key, p in placed.items():
        taken.add((p.slot, p.court))
        free[p.slot] -= 1
        for team in by_key[key].teams if key in by_key else ():
            busy_until[team] = max(busy_until.get(team, slots[p.slot].end), slots[p.slot].end)
    stage_end: dict[tuple, datetime.datetime] = {}  # (track, stage) -> the end of its latest match
    for key, p in placed.items():
        if key in by_key:
            st = (by_key[key].track, by_key[key].stage)
            stage_end[st] = max(stage_end.get(st, slots[p.slot].end), slots[p.slot].end)
    ordered = sorted((f for f in fixtures if f.key not in placed), key=lambda f: (f.stage, f.round))
    for fixture in ordered:
        ends = [end for (tr, st), end in stage_end.items() if tr == fixture.track and st < fixture.stage]
        earliest = max(ends) if ends else None
        for team in fixture.teams:
            if team in busy_until:
                t = busy_until[team] + rest
                earliest = t if earliest is None or t > earliest else earliest
        for dep in fixture.after:
            if dep in placed:
                t = slots[placed[dep].slot].end + rest
                earliest = t if earliest is None or t > earliest else earliest
        i = 0 if earliest is None else bisect.bisect_left(starts, earliest)
        while i < len(slots) and free[i] == 0:
            i += 1
        if i == len(slots):
            raise NotEnoughSlots(_("时段不够：还有比赛排不进去，请增加场地或时段。"))
        court = next(c for c in range(courts) if (i, c) not in taken)
        taken.add((i, court))
        free[i] -= 1
        placed[fixture.key] = Placed(i, court)
        end = slots[i].end
        for team in fixture.teams:
            busy_until[team] = max(busy_until.get(team, end), end)
        st = (fixture.track, fixture.stage)
        stage_end[st] = max(stage_end.get(st, end), end)
    return placed


def _overlap(a: Slot, b: Slot) -> bool:
    return a.start < b.end and b.start < a.end


def conflicts(
    fixture: Fixture,
    slot: Slot,
    court: Hashable,
    others: Sequence[tuple[Fixture, Slot, Hashable]],
    rest: datetime.timedelta,
) -> list[Conflict]:
    """What placing `fixture` at `slot` on `court` would break, given the other placed fixtures
    (fixture, slot, court). Empty when the place keeps every rule."""
    found: list[Conflict] = []
    teams = set(fixture.teams)
    for other, other_slot, other_court in others:
        if other.key == fixture.key:
            continue
        if other_court == court and _overlap(slot, other_slot):
            found.append(Conflict("court", other.key))
        shared = teams.intersection(other.teams)
        for team in sorted(shared, key=str):
            if _overlap(slot, other_slot):
                found.append(Conflict("team", other.key, team))
            elif other_slot.end + rest > slot.start and slot.end + rest > other_slot.start:
                found.append(Conflict("rest", other.key, team))
        if other.key in fixture.after and other_slot.end + rest > slot.start:
            found.append(Conflict("order", other.key))
        if fixture.key in other.after and slot.end + rest > other_slot.start:
            found.append(Conflict("later", other.key))
        same_track = other.track == fixture.track
        if same_track and other.stage < fixture.stage and other_slot.end > slot.start:
            found.append(Conflict("stage", other.key))
        if same_track and other.stage > fixture.stage and slot.end > other_slot.start:
            found.append(Conflict("stage", other.key))
    return found


def all_conflicts(
    placed: Sequence[tuple[Fixture, Slot, Hashable]], rest: datetime.timedelta
) -> list[tuple[Hashable, Conflict]]:
    """Every broken rule of a whole schedule (for tests and a check after edits)."""
    found = []
    for i, (fixture, slot, court) in enumerate(placed):
        for c in conflicts(fixture, slot, court, placed[i + 1 :], rest):
            found.append((fixture.key, c))
    return found
