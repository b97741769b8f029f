"""Tournament operations: each a function with keyword arguments, one transaction each.

The algorithms (pairings, brackets, the schedule, standings) live in formats, scheduling and
standings; these functions read the rows, call them and write the result.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.scoping import can_manage
from gonghui.members.audience import audience_refusal, member_refusal
from gonghui.tournaments import formats, scheduling
from gonghui.tournaments import standings as table
from gonghui.tournaments.models import Court, Division, Group, Match, RosterEntry, Team, TimeSlot, Tournament
from gonghui.tournaments.selectors import group_tables, points_of, result_of

MAX_PLAYERS = 20


def _require_manage(actor, tournament: Tournament) -> None:
    if actor is not None and not can_manage(actor, tournament.org):
        raise PermissionDenied


@transaction.atomic
def tournament_create(
    *,
    org,
    name: str,
    sport: str,
    actor,
    sets_to_win: int = 2,
    set_points: int = 0,
    deciding_set_points: int = 0,
    match_minutes: int = 50,
    rest_minutes: int = 60,
    tiebreakers=table.DEFAULT_TIEBREAKERS,
    points_win: int = 2,
    points_loss: int = 1,
    members_only: bool = True,
) -> Tournament:
    if actor is not None and not can_manage(actor, org):
        raise PermissionDenied
    unknown = [t for t in tiebreakers if t not in table.TIEBREAKERS]
    if unknown or not tiebreakers:
        raise ValidationError({"tiebreakers": _("排名规则不正确。")})
    tournament = Tournament.objects.create(
        org=org,
        name=name,
        sport=sport,
        sets_to_win=sets_to_win,
        set_points=set_points,
        deciding_set_points=deciding_set_points,
        match_minutes=match_minutes,
        rest_minutes=rest_minutes,
        tiebreakers=",".join(tiebreakers),
        points_win=points_win,
        points_loss=points_loss,
        members_only=members_only,
        created_by=actor,
    )
    audit.record(tournament, action="tournament_create", actor=actor, org=org)
    return tournament


@transaction.atomic
def division_create(
    *,
    tournament: Tournament,
    name: str,
    format: str,
    actor,
    group_count: int = 2,
    advance_per_group: int = 2,
    swiss_rounds: int = 5,
) -> Division:
    _require_manage(actor, tournament)
    if Division.objects.filter(tournament=tournament, name=name).exists():
        raise ValidationError({"name": _("已有同名的组别。")})
    if format == Division.Format.GROUPS_KNOCKOUT and not 1 <= advance_per_group <= 4:
        raise ValidationError({"advance_per_group": _("每组出线队数应为 1 至 4。")})
    return Division.objects.create(
        tournament=tournament,
        name=name,
        format=format,
        group_count=max(group_count, 1),
        advance_per_group=advance_per_group,
        swiss_rounds=swiss_rounds,
        order=tournament.divisions.count(),
    )


@transaction.atomic
def court_add(*, tournament: Tournament, name: str, actor) -> Court:
    _require_manage(actor, tournament)
    court, _created = Court.objects.get_or_create(tournament=tournament, name=name)
    return court


@transaction.atomic
def slots_add(
    *, tournament: Tournament, first_day: datetime.date, days: int, times: list[datetime.time], actor
) -> int:
    """Time slots on `days` days from `first_day`, at each of `times`; an existing start is kept."""
    _require_manage(actor, tournament)
    tz = timezone.get_current_timezone()
    length = datetime.timedelta(minutes=tournament.match_minutes)
    rows = []
    for d in range(days):
        day = first_day + datetime.timedelta(days=d)
        for t in times:
            start = datetime.datetime.combine(day, t, tzinfo=tz)
            rows.append(TimeSlot(tournament=tournament, starts_at=start, ends_at=start + length))
    before = tournament.slots.count()
    TimeSlot.objects.bulk_create(rows, ignore_conflicts=True)
    return tournament.slots.count() - before


# ---------------------------------------------------------------- registration


@transaction.atomic
def team_register(*, division: Division, name: str, captain, players: list, actor, unit: str = "") -> Team:
    """A captain (a member in the audience) registers a team and its roster in one step.

    A player already on another team of the division is refused by name; the constraint on
    (division, member) keeps it true under a double submit too.
    """
    tournament = division.tournament
    if not tournament.registration_open or division.matches.exists():
        raise ValidationError(_("本组别已停止报名。"))
    own = actor is not None and captain.user_id == actor.pk
    refusal = audience_refusal(actor, tournament) if own else member_refusal(captain, tournament)
    if refusal:
        raise ValidationError(refusal)
    name = name.strip()
    if Team.objects.filter(division=division, name=name).exists():
        raise ValidationError({"name": _("本组别已有同名的参赛队。")})
    players = list(dict.fromkeys([captain, *players]))
    if len(players) > MAX_PLAYERS:
        raise ValidationError({"players": _("每队最多 %(n)s 名队员。") % {"n": MAX_PLAYERS}})
    for player in players:
        refusal = member_refusal(player, tournament)
        if refusal:
            raise ValidationError({"players": f"{player.name}：{refusal}"})
    taken = (
        RosterEntry.objects.filter(division=division, member__in=players)
        .select_related("member", "team")
        .first()
    )
    if taken is not None:
        raise ValidationError(
            {
                "players": _("%(name)s已在本组别的%(team)s报名。")
                % {"name": taken.member.name, "team": taken.team.name}
            }
        )
    try:
        with transaction.atomic():
            team = Team.objects.create(division=division, name=name, unit=unit, captain=captain)
    except IntegrityError:  # the same team sent twice at once
        raise ValidationError({"name": _("本组别已有同名的参赛队。")}) from None
    try:
        with transaction.atomic():
            RosterEntry.objects.bulk_create(
                [
                    RosterEntry(team=team, division=division, member=p, number=i)
                    for i, p in enumerate(players, 1)
                ]
            )
    except IntegrityError:
        raise ValidationError({"players": _("有队员已在本组别的其他队报名。")}) from None
    audit.record(team, action="team_register", actor=actor, org=tournament.org)
    return team


# ---------------------------------------------------------------- draw: groups and fixtures


def _seeded(division: Division) -> list[Team]:
    return sorted(division.teams.all(), key=lambda t: (t.seed is None, t.seed or 0, t.pk))


@transaction.atomic
def division_draw(*, division: Division, actor, redraw: bool = False) -> int:
    """Groups and every fixture of the division's format (knockout places named until known).

    Redrawing is allowed until a result is in, and only when asked for (`redraw`): the old groups,
    fixtures and schedule go.
    """
    division = Division.objects.select_for_update().get(pk=division.pk)
    _require_manage(actor, division.tournament)
    played = division.matches.exclude(outcome__in=[Match.Outcome.PENDING, Match.Outcome.WALKOVER])
    if played.exists():
        raise ValidationError(_("已有比赛结果，不能重新抽签。"))
    if division.matches.exists() and not redraw:
        raise ValidationError(_("本组别已抽签。重新抽签会清除现有分组和赛程，请勾选确认后再提交。"))
    teams = _seeded(division)
    if len(teams) < 2:
        raise ValidationError(_("至少需要两支参赛队。"))
    division.matches.all().delete()
    division.groups.all().delete()
    tournament = division.tournament
    fmt = division.format
    new: list[Match] = []
    links: list[tuple[Match, formats.BracketMatch]] = []
    if fmt in (Division.Format.GROUPS_KNOCKOUT, Division.Format.ROUND_ROBIN):
        count = division.group_count if fmt == Division.Format.GROUPS_KNOCKOUT else 1
        count = max(1, min(count, len(teams) // 2))
        groups = Group.objects.bulk_create(
            [Group(division=division, name=formats.group_name(i), order=i) for i in range(count)]
        )
        for group, members in zip(groups, formats.snake_groups(teams, count), strict=True):
            Team.objects.filter(pk__in=[t.pk for t in members]).update(group=group)
            for rnd, pairs in enumerate(formats.round_robin(members), start=1):
                for home, away in pairs:
                    new.append(
                        Match(
                            tournament=tournament,
                            division=division,
                            group=group,
                            round=rnd,
                            home=home,
                            away=away,
                        )
                    )
        if fmt == Division.Format.GROUPS_KNOCKOUT and count > 1:
            advance = min(division.advance_per_group, min(len(m) for m in formats.snake_groups(teams, count)))
            seeds = formats.knockout_seeds(count, advance)
            leaves = formats.seeded_bracket(seeds)
            rounds = formats.rounds_count(len(leaves))
            for bm in formats.bracket_matches(leaves):
                links.append((_knockout_match(tournament, division, bm, groups, rounds), bm))
    elif fmt == Division.Format.ELIMINATION:
        leaves = formats.seeded_bracket(teams)
        rounds = formats.rounds_count(len(leaves))
        for bm in formats.bracket_matches(leaves):
            links.append((_knockout_match(tournament, division, bm, None, rounds), bm))
    elif fmt == Division.Format.SWISS:
        pairs = formats.swiss_pairings(teams, {}, set())
        for i, p in enumerate(pairs):
            new.append(_swiss_match(tournament, division, 1, i, p))
    Match.objects.bulk_create(new)
    if links:
        Match.objects.bulk_create([m for m, _bm in links])
        by_place = {(bm.round, bm.position): m for m, bm in links}
        for m, bm in links:
            if bm.home.winner_of:
                m.home_from = by_place[bm.home.winner_of]
            if bm.away.winner_of:
                m.away_from = by_place[bm.away.winner_of]
        Match.objects.bulk_update([m for m, _bm in links], ["home_from", "away_from"])
    audit.record(division, action="division_draw", actor=actor, org=tournament.org)
    return len(new) + len(links)


def _entry_label(entry: formats.Entry, groups, rounds: int) -> tuple[Team | None, str]:
    if entry.winner_of:
        rnd, pos = entry.winner_of
        return None, _("%(round)s第%(n)s场胜者") % {"round": formats.round_name(rounds, rnd), "n": pos + 1}
    if groups is None:
        return entry.seed, ""
    g, rank = entry.seed
    return None, _("%(group)s组第%(rank)s名") % {"group": groups[g].name, "rank": rank}


def _place(entry: formats.Entry, groups) -> str:
    if groups is None or entry.winner_of:
        return ""
    g, rank = entry.seed
    return f"{g}:{rank}"


def _knockout_match(tournament, division, bm: formats.BracketMatch, groups, rounds: int) -> Match:
    home, home_label = _entry_label(bm.home, groups, rounds)
    away, away_label = _entry_label(bm.away, groups, rounds)
    return Match(
        home_place=_place(bm.home, groups),
        away_place=_place(bm.away, groups),
        tournament=tournament,
        division=division,
        stage=Match.Stage.KNOCKOUT,
        round=bm.round,
        position=bm.position,
        home=home,
        away=away,
        home_label=home_label,
        away_label=away_label,
    )


def _swiss_match(tournament, division, rnd: int, position: int, pairing: formats.Pairing) -> Match:
    match = Match(tournament=tournament, division=division, round=rnd, position=position, home=pairing.home)
    if pairing.away is None:
        match.away_label = _("轮空")
        match.outcome = Match.Outcome.WALKOVER
        match.winner = pairing.home
    else:
        match.away = pairing.away
    return match


@transaction.atomic
def swiss_next_round(*, division: Division, actor) -> int:
    division = Division.objects.select_for_update().get(pk=division.pk)
    _require_manage(actor, division.tournament)
    if division.format != Division.Format.SWISS:
        raise ValidationError(_("本组别不是瑞士制。"))
    matches = list(division.matches.all())
    if any(not m.is_done for m in matches):
        raise ValidationError(_("本轮比赛尚未全部结束。"))
    last = max((m.round for m in matches), default=0)
    if last >= division.swiss_rounds:
        raise ValidationError(_("瑞士制各轮已全部编排。"))
    tournament = division.tournament
    teams = _seeded(division)
    results = [r for r in map(result_of, matches) if r is not None]
    rows = table.standings(
        [t.pk for t in teams], results, points=points_of(tournament), tiebreakers=["points"]
    )
    scores = {r.team: r.points for r in rows}
    played = {frozenset((m.home_id, m.away_id)) for m in matches if m.away_id}
    had_bye = {m.home_id for m in matches if m.away_id is None}
    by_pk = {t.pk: t for t in teams}
    try:
        pairs = formats.swiss_pairings([t.pk for t in teams], scores, played, had_bye)
    except ValueError:
        raise ValidationError(_("找不到不重复交手的编排。")) from None
    new = [
        _swiss_match(
            tournament,
            division,
            last + 1,
            i,
            formats.Pairing(by_pk[p.home], by_pk[p.away] if p.away is not None else None),
        )
        for i, p in enumerate(pairs)
    ]
    Match.objects.bulk_create(new)
    return len(new)


# ---------------------------------------------------------------- schedule


def _fixture(m: Match) -> scheduling.Fixture:
    after = tuple(k for k in (m.home_from_id, m.away_from_id) if k)
    teams = tuple(t for t in (m.home_id, m.away_id) if t)
    return scheduling.Fixture(
        key=m.pk, teams=teams, stage=m.stage, round=m.round, after=after, track=m.division_id
    )


@transaction.atomic
def schedule_generate(*, tournament: Tournament, actor) -> int:
    """Every match without a place gets the earliest court and slot that keep the rules; matches
    already placed (played, or moved by hand) keep theirs. Returns how many were placed."""
    tournament = Tournament.objects.select_for_update().get(pk=tournament.pk)
    _require_manage(actor, tournament)
    slots = list(tournament.slots.order_by("starts_at"))
    courts = list(tournament.courts.order_by("pk"))
    if not courts:
        raise ValidationError(_("请先添加场地。"))
    if not slots:
        raise ValidationError(_("请先添加比赛时段。"))
    matches = list(tournament.matches.exclude(outcome=Match.Outcome.WALKOVER))
    slot_index = {s.pk: i for i, s in enumerate(slots)}
    court_index = {c.pk: i for i, c in enumerate(courts)}
    fixed = {
        m.pk: scheduling.Placed(slot_index[m.slot_id], court_index[m.court_id])
        for m in matches
        if m.slot_id in slot_index and m.court_id in court_index
    }
    plan = scheduling.generate(
        [_fixture(m) for m in matches],
        [scheduling.Slot(s.starts_at, s.ends_at) for s in slots],
        len(courts),
        datetime.timedelta(minutes=tournament.rest_minutes),
        fixed=fixed,
    )
    changed = []
    for m in matches:
        if m.pk in fixed:
            continue
        p = plan[m.pk]
        m.slot = slots[p.slot]
        m.court = courts[p.court]
        changed.append(m)
    Match.objects.bulk_update(changed, ["slot", "court"], batch_size=500)
    return len(changed)


def match_labels(matches) -> dict:
    return {m.pk: f"{m.home_name} vs {m.away_name}" for m in matches}


@transaction.atomic
def match_move(*, match: Match, slot: TimeSlot, court: Court, actor) -> Match:
    """Move a match to another slot and court; refused, naming the conflict, when a rule breaks."""
    tournament = match.tournament
    _require_manage(actor, tournament)
    Tournament.objects.select_for_update().get(pk=tournament.pk)  # one move at a time
    if match.is_done:
        raise ValidationError(_("已有结果的比赛不能调整。"))
    if slot.tournament_id != tournament.pk or court.tournament_id != tournament.pk:
        raise ValidationError(_("时段或场地不属于本赛事。"))
    others = list(
        tournament.matches.filter(slot__isnull=False)
        .exclude(pk=match.pk)
        .select_related("slot", "home", "away")
    )
    placed = [(_fixture(o), scheduling.Slot(o.slot.starts_at, o.slot.ends_at), o.court_id) for o in others]
    found = scheduling.conflicts(
        _fixture(match),
        scheduling.Slot(slot.starts_at, slot.ends_at),
        court.pk,
        placed,
        datetime.timedelta(minutes=tournament.rest_minutes),
    )
    if found:
        names = {t.pk: t.name for o in others for t in (o.home, o.away) if t is not None}
        labels = match_labels(others)
        raise ValidationError([c.message(names, labels) for c in found[:3]])
    match.slot = slot
    match.court = court
    match.save(update_fields=["slot", "court"])
    audit.record(match, action="match_move", actor=actor, org=tournament.org)
    return match


# ---------------------------------------------------------------- results


def _check_sets(tournament: Tournament, sets: list[tuple[int, int]]) -> tuple[int, int]:
    need = tournament.sets_to_win
    home = sum(1 for h, a in sets if h > a)
    away = sum(1 for h, a in sets if a > h)
    if any(h == a for h, a in sets):
        raise ValidationError({"sets": _("每局须分出胜负。")})
    last = 2 * need - 1  # the deciding set's number
    for i, (h, a) in enumerate(sets, start=1):
        target = (tournament.deciding_set_points if i == last else 0) or tournament.set_points
        won, lost = max(h, a), min(h, a)
        # First to the target with a two-point lead; beyond the target play goes on until one leads by two.
        if target and (won < target or won - lost < 2 or (won > target and won - lost != 2)):
            raise ValidationError(
                {
                    "sets": _("第 %(n)s 局 %(h)s:%(a)s 不成立：须先得 %(p)s 分并领先 2 分。")
                    % {"n": i, "h": h, "a": a, "p": target}
                }
            )
    if max(home, away) != need or min(home, away) >= need:
        raise ValidationError({"sets": _("局分不完整：须有一方先胜 %(n)s 局。") % {"n": need}})
    # no set after the match was decided
    won = {"h": 0, "a": 0}
    for i, (h, a) in enumerate(sets):
        won["h" if h > a else "a"] += 1
        if max(won.values()) == need and i != len(sets) - 1:
            raise ValidationError({"sets": _("比赛已决出胜负后不应再有局分。")})
    return home, away


@transaction.atomic
def match_record(
    *,
    match: Match,
    actor,
    sets: list[tuple[int, int]] | None = None,
    home_score: int | None = None,
    away_score: int | None = None,
    forfeit_by: Team | None = None,
) -> Match:
    """Enter (or correct) a result: sets for a set sport, else the score; or a forfeit.

    Entering the same result twice changes nothing; a knockout winner moves on at once, and the
    group places go into the knockout when the division's last group match is in.
    """
    match = (
        Match.objects.select_for_update(of=("self",))
        .select_related("tournament", "division", "slot")
        .get(pk=match.pk)
    )
    tournament = match.tournament
    _require_manage(actor, tournament)
    if match.home_id is None or match.away_id is None:
        raise ValidationError(_("对阵双方尚未确定。"))
    if match.outcome == Match.Outcome.WALKOVER:
        raise ValidationError(_("轮空的比赛无需录入结果。"))
    if match.slot_id and match.slot.starts_at > timezone.now():
        raise ValidationError(
            _("这场比赛 %(when)s 开始，开赛后才能录入结果。")
            % {"when": date_format(timezone.localtime(match.slot.starts_at), "DATETIME_FORMAT")}
        )
    nxt = _next_match(match)
    if nxt is not None and nxt.is_done:
        raise ValidationError(_("下一轮比赛已有结果，不能再修改本场结果。"))
    if forfeit_by is not None:
        if forfeit_by.pk not in (match.home_id, match.away_id):
            raise ValidationError({"forfeit_by": _("弃权方须是本场的参赛队。")})
        need = tournament.sets_to_win or 1
        hs, as_ = (0, need) if forfeit_by.pk == match.home_id else (need, 0)
        outcome, sets = Match.Outcome.FORFEIT, []
    elif tournament.sets_to_win:
        if not sets:
            raise ValidationError({"sets": _("请填写每局比分。")})
        hs, as_ = _check_sets(tournament, sets)
        outcome = Match.Outcome.PLAYED
    else:
        if home_score is None or away_score is None:
            raise ValidationError({"home_score": _("请填写比分。")})
        hs, as_, sets = home_score, away_score, []
        outcome = Match.Outcome.PLAYED
        if match.stage == Match.Stage.KNOCKOUT and hs == as_:
            raise ValidationError({"home_score": _("淘汰赛须分出胜负。")})
    winner = table.winner_of(
        table.Result(match.home_id, match.away_id, hs, as_, forfeit_by=forfeit_by.pk if forfeit_by else None)
    )
    match.outcome = outcome
    match.home_score, match.away_score = hs, as_
    match.sets = [list(s) for s in sets]
    match.forfeit_by = forfeit_by
    match.winner_id = winner
    match.entered_by = actor
    match.entered_at = timezone.now()
    match.save(
        update_fields=[
            "outcome",
            "home_score",
            "away_score",
            "sets",
            "forfeit_by",
            "winner",
            "entered_by",
            "entered_at",
        ]
    )
    audit.record(
        match, action="match_record", actor=actor, org=tournament.org, changes={"score": f"{hs}:{as_}"}
    )
    if nxt is not None:
        field = "home" if nxt.home_from_id == match.pk else "away"
        setattr(nxt, f"{field}_id", winner)
        nxt.save(update_fields=[field])
    if match.stage == Match.Stage.GROUP and match.division.format == Division.Format.GROUPS_KNOCKOUT:
        groups_advance(division=match.division)
    return match


def _next_match(match: Match) -> Match | None:
    if match.stage != Match.Stage.KNOCKOUT:
        return None
    from django.db.models import Q

    return Match.objects.filter(Q(home_from=match) | Q(away_from=match)).first()


def groups_advance(*, division: Division) -> bool:
    """When every group match is in, the group places take their knockout places (first round
    and, for a seed with a bye, the second). Returns whether it happened."""
    matches = list(division.matches.all())
    group_matches = [m for m in matches if m.stage == Match.Stage.GROUP]
    if not group_matches or any(not m.is_done for m in group_matches):
        return False
    tables = group_tables(division, group_matches)
    place = {}
    for g, rows in tables.items():
        for row in rows:
            place[f"{g.order}:{row.rank}"] = row.team
    changed = []
    for m in matches:
        if m.stage != Match.Stage.KNOCKOUT or m.is_done:
            continue
        touched = False
        for side in ("home", "away"):
            label = getattr(m, f"{side}_place")
            if label in place and getattr(m, f"{side}_id") != place[label]:
                setattr(m, f"{side}_id", place[label])
                touched = True
        if touched:
            changed.append(m)
    Match.objects.bulk_update(changed, ["home", "away"])
    return bool(changed)
