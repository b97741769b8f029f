"""The tournaments API at /api/v1/tournaments: the same selectors and services as the pages."""

import datetime
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema

from gonghui.core.api import PUBLIC, responses
from gonghui.tournaments import selectors, services

router = Router(tags=["赛事"])


class MatchOut(Schema):
    uuid: UUID
    division: str
    group: str | None = None
    stage: str
    round: int
    home: str
    away: str
    starts_at: datetime.datetime | None = None
    court: str | None = None
    outcome: str
    home_score: int | None = None
    away_score: int | None = None
    sets: list[list[int]] = []


class RowOut(Schema):
    rank: int
    team: str
    played: int
    wins: int
    losses: int
    points: int
    sets_won: int
    sets_lost: int
    points_won: int
    points_lost: int


class TableOut(Schema):
    division: str
    group: str | None = None
    rows: list[RowOut]


class ResultIn(Schema):
    sets: list[tuple[int, int]] = []
    home_score: int | None = None
    away_score: int | None = None
    forfeit: str = ""  # "home" or "away"


def _match_out(m) -> dict:
    return {
        "uuid": m.uuid,
        "division": m.division.name,
        "group": m.group.name if m.group_id else None,
        "stage": "knockout" if m.stage else "group",
        "round": m.round,
        "home": m.home_name,
        "away": m.away_name,
        "starts_at": m.slot.starts_at if m.slot_id else None,
        "court": m.court.name if m.court_id else None,
        "outcome": m.outcome,
        "home_score": m.home_score,
        "away_score": m.away_score,
        "sets": m.sets,
    }


@router.get("/{uuid}/schedule", auth=None, response=responses(list[MatchOut], codes=PUBLIC), summary="赛程")
def schedule(request, uuid: UUID):
    tournament = selectors.tournament_get_public(uuid)
    return [_match_out(m) for m in selectors.schedule_of(tournament)]


@router.get(
    "/{uuid}/standings", auth=None, response=responses(list[TableOut], codes=PUBLIC), summary="积分榜"
)
def standings(request, uuid: UUID):
    tournament = selectors.tournament_get_public(uuid)
    out = []
    for dt in selectors.standings_of(tournament):
        for group, rows in dt.groups:
            out.append(
                {
                    "division": dt.division.name,
                    "group": group.name if group else None,
                    "rows": [
                        {
                            "rank": r.row.rank,
                            "team": r.team.name,
                            "played": r.row.played,
                            "wins": r.row.wins,
                            "losses": r.row.losses,
                            "points": r.row.points,
                            "sets_won": r.row.sets_won,
                            "sets_lost": r.row.sets_lost,
                            "points_won": r.row.points_won,
                            "points_lost": r.row.points_lost,
                        }
                        for r in rows
                    ],
                }
            )
    return out


@router.get("/me/next", response=responses(list[MatchOut]), summary="我的下一场比赛")
def my_next(request):
    return [_match_out(m) for m in selectors.next_matches_for(request.auth, limit=5)]


@router.post("/matches/{uuid}/result", response=responses(MatchOut), summary="录入比赛结果")
def match_result(request, uuid: UUID, payload: ResultIn):
    match = selectors.match_get_for(request.auth, uuid, write=True)
    if payload.forfeit not in ("", "home", "away"):
        raise ValidationError({"forfeit": _("弃权方应为 home 或 away。")})
    forfeit_by = {"home": match.home, "away": match.away}.get(payload.forfeit)
    services.match_record(
        match=match,
        actor=request.auth,
        sets=[tuple(s) for s in payload.sets],
        home_score=payload.home_score,
        away_score=payload.away_score,
        forfeit_by=forfeit_by,
    )
    return _match_out(selectors.match_get_for(request.auth, uuid))
