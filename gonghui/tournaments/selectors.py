"""Reads of tournaments: who sees what, the schedule, standings and bracket (one read per page,
tables computed in Python from the division's matches: never a query per row)."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from gonghui.core.indicators import Scan, Source, Window
from gonghui.core.scoping import can_manage
from gonghui.members.audience import reaching_q
from gonghui.members.selectors.lifecycle import member_for_user
from gonghui.tournaments import formats
from gonghui.tournaments import standings as table
from gonghui.tournaments.models import Division, Match, RosterEntry, Team, Tournament


def tournament_list_for(user, *, drilled=None):
    """The tournaments the list shows; `drilled` (orgs.selectors.drilled): only those a glance tile
    counted."""
    qs = Tournament.objects.select_related("org")
    if not getattr(user, "is_authenticated", False):
        qs = qs.filter(reaching_q(user))
    else:
        qs = (qs.filter(reaching_q(user)) | qs.visible_to(user)).distinct()
    if drilled is not None:
        # the tournaments scan (the family's main figure, 赛事); teams and matches are other scans
        qs = qs.filter(pk__in=drilled.counted(FIGURES).values("pk"))
    return qs


def tournament_get_public(uuid) -> Tournament:
    return get_object_or_404(Tournament.objects.select_related("org"), uuid=uuid)


def tournament_get_for(user, uuid, *, write: bool = False) -> Tournament:
    tournament = get_object_or_404(Tournament.objects.visible_to(user).select_related("org"), uuid=uuid)
    if write and not can_manage(user, tournament.org):
        raise PermissionDenied
    return tournament


def match_get_for(user, uuid, *, write: bool = False) -> Match:
    match = get_object_or_404(
        Match.objects.select_related("tournament__org", "division", "home", "away", "slot", "court"),
        uuid=uuid,
    )
    if not Tournament.objects.visible_to(user).filter(pk=match.tournament_id).exists():
        raise Http404
    if write and not can_manage(user, match.tournament.org):
        raise PermissionDenied
    return match


def division_get_public(uuid) -> Division:
    return get_object_or_404(Division.objects.select_related("tournament__org"), uuid=uuid)


def schedule_of(tournament: Tournament, *, division: Division | None = None):
    qs = tournament.matches.select_related("home", "away", "slot", "court", "division", "group").order_by(
        "slot__starts_at", "court_id", "division__order", "stage", "round", "position"
    )
    if division is not None:
        qs = qs.filter(division=division)
    return qs


def points_of(tournament: Tournament) -> table.Points:
    return table.Points(
        win=tournament.points_win,
        draw=tournament.points_draw,
        loss=tournament.points_loss,
        forfeit=tournament.points_forfeit,
    )


def result_of(m: Match) -> table.Result | None:
    if not m.outcome or m.away_id is None or m.home_id is None:
        return None
    return table.Result(
        home=m.home_id,
        away=m.away_id,
        home_score=m.home_score or 0,
        away_score=m.away_score or 0,
        sets=tuple(tuple(s) for s in m.sets),
        forfeit_by=m.forfeit_by_id,
    )


def group_tables(division: Division, matches=None) -> dict:
    """{group: [Row]} of the division's groups, from one read of its matches."""
    tournament = division.tournament
    groups = list(division.groups.all())
    teams = list(division.teams.all())
    if matches is None:
        matches = list(division.matches.filter(stage=Match.Stage.GROUP))
    out = {}
    for g in groups:
        members = sorted(
            (t for t in teams if t.group_id == g.pk), key=lambda t: (t.seed is None, t.seed or 0, t.pk)
        )
        results = [r for m in matches if m.group_id == g.pk and (r := result_of(m))]
        out[g] = table.standings(
            [t.pk for t in members],
            results,
            points=points_of(tournament),
            tiebreakers=tournament.tiebreaker_list,
        )
    return out


@dataclass
class TableRow:
    team: Team
    row: table.Row


@dataclass
class DivisionTables:
    division: Division
    groups: list  # [(group or None, [TableRow])]


def standings_of(tournament: Tournament) -> list[DivisionTables]:
    """Every division's tables from three queries, whatever the number of teams."""
    divisions = list(tournament.divisions.prefetch_related("groups"))
    teams = list(Team.objects.filter(division__tournament=tournament))
    matches = list(tournament.matches.filter(stage=Match.Stage.GROUP))
    by_division = defaultdict(list)
    for m in matches:
        by_division[m.division_id].append(m)
    team_by_pk = {t.pk: t for t in teams}
    points = points_of(tournament)
    found = []
    for d in divisions:
        d_teams = sorted(
            (t for t in teams if t.division_id == d.pk), key=lambda t: (t.seed is None, t.seed or 0, t.pk)
        )
        groups = list(d.groups.all())
        tables = []
        buckets = [(g, [t for t in d_teams if t.group_id == g.pk]) for g in groups] or [(None, d_teams)]
        for g, members in buckets:
            results = [
                r
                for m in by_division[d.pk]
                if (g is None or m.group_id == g.pk) and (r := result_of(m)) is not None
            ]
            rows = table.standings(
                [t.pk for t in members], results, points=points, tiebreakers=tournament.tiebreaker_list
            )
            tables.append((g, [TableRow(team_by_pk[r.team], r) for r in rows]))
        found.append(DivisionTables(d, tables))
    return found


@dataclass
class BracketRound:
    name: str
    matches: list


def bracket_of(tournament: Tournament) -> list[tuple[Division, list[BracketRound]]]:
    ko = list(
        tournament.matches.filter(stage=Match.Stage.KNOCKOUT)
        .select_related("home", "away", "slot", "court", "division")
        .order_by("division__order", "round", "position")
    )
    by_division: dict = defaultdict(list)
    for m in ko:
        by_division[m.division].append(m)
    found = []
    for d, matches in by_division.items():
        last = max(m.round for m in matches)
        rounds = []
        for rnd in range(1, last + 1):
            ms = [m for m in matches if m.round == rnd]
            rounds.append(BracketRound(formats.round_label(Match.Stage.KNOCKOUT, rnd, last), ms))
        found.append((d, rounds))
    return found


def next_matches_for(user, *, limit: int = 3, member=False) -> list[Match]:
    """The player's coming matches (any of their teams), earliest first: one query (`member` when
    the caller has the user's member record already; None for a non-member)."""
    if member is False:
        member = member_for_user(user)
    if member is None:
        return []
    teams = RosterEntry.objects.filter(member=member).values("team_id")
    return list(
        Match.objects.filter(Q(home_id__in=teams) | Q(away_id__in=teams), outcome="")
        .filter(slot__starts_at__gte=timezone.now() - timezone.timedelta(hours=2))
        .select_related("tournament", "home", "away", "slot", "court", "division")
        .order_by("slot__starts_at")[:limit]
    )


def divisions_open_for(tournament: Tournament):
    return tournament.divisions.annotate(
        team_count=Count("teams", distinct=True), match_count=Count("matches", distinct=True)
    )


# ---------------------------------------------------------------- indicators


def _created(lo, hi) -> Q:
    return Q(created_at__gte=lo, created_at__lt=hi)


def _clean(row: dict) -> dict:
    return {k: row.get(k) or 0 for k in ("tournaments", "teams", "matches_played")}


# In a subtree (by the tournament's org) and a period: tournaments created, teams entered, matches
# whose result was entered.
FIGURES = Source(
    Scan(Tournament.objects, "org_path", (Window({"tournaments": Count("pk")}, _created),)),
    Scan(Team.objects, "division__tournament__org_path", (Window({"teams": Count("pk")}, _created),)),
    Scan(
        Match.objects,
        "tournament__org_path",
        (Window({"matches_played": Count("pk")}, lambda lo, hi: Q(entered_at__gte=lo, entered_at__lt=hi)),),
    ),
    clean=_clean,
)
