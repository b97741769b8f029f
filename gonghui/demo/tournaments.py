"""The demo county's city air-volleyball tournament (气排球): 87 teams in two divisions (79 agency
teams in nine groups then a knockout, 8 enterprise teams in a round robin), about 350 matches on
six courts over weekends, the first three weekends played.

Teams and rosters are bulk-inserted (the registration rules hold: each player once per division);
the draw and the schedule run through the real services; the results of the weekends already
past are written in one bulk update, then the group stage's knockout places are filled as the
service does. Idempotent: the tournament's name is the marker.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

NAME = "桐川县第五届职工气排球联赛"
SEED = 2028
AGENCY_TEAMS = 79
ENTERPRISE_TEAMS = 8
COURTS = 6
TIMES = (datetime.time(8, 30), datetime.time(9, 30), datetime.time(10, 30), datetime.time(14, 0),
         datetime.time(15, 0), datetime.time(16, 0), datetime.time(19, 0))  # fmt: skip
PLAYERS = 8
AGENCIES = (
    "县委办", "县政府办", "县人大办", "县政协办", "县纪委监委", "组织部", "宣传部", "统战部", "政法委", "发改局",
    "教育局", "科技局", "公安局", "民政局", "司法局", "财政局", "人社局", "自然资源局", "生态环境局", "住建局",
    "交通运输局", "水利局", "农业农村局", "商务局", "文旅局", "卫健委", "退役军人局", "应急管理局", "审计局", "市场监管局",
    "统计局", "医保局", "林业局", "城管局", "信访局", "税务局", "供电公司", "邮政公司", "电信公司", "移动公司",
)  # fmt: skip
ENTERPRISES = ("华宇机械", "恒通物流", "桐川纺织", "绿源食品", "新材科技", "瑞丰电子", "汇丰建材", "金桥酒店")


@dataclass
class TournamentSummary:
    teams: int = 0
    matches: int = 0
    played: int = 0

    def lines(self) -> list[str]:
        return [f"赛事 1 项（{NAME}），参赛队 {self.teams} 支，比赛 {self.matches} 场，已赛 {self.played} 场"]


def _agency_names(n: int) -> list[str]:
    names = []
    for i in range(n):
        base = AGENCIES[i % len(AGENCIES)]
        names.append(base + ("队" if i < len(AGENCIES) else "二队"))
    return names


def weekends(first: datetime.date, count: int) -> list[datetime.date]:
    days = []
    day = first
    while len(days) < count * 2:
        if day.weekday() >= 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def build(*, org, actor, members=(), today: datetime.date | None = None, rng=None, played_weeks: int = 3):
    """The tournament under `org`; `members` (members of the org's subtree) fill the rosters."""
    from gonghui.tournaments import services
    from gonghui.tournaments.models import Division, Match, RosterEntry, Team, TimeSlot

    rng = rng or random.Random(SEED)
    today = today or timezone.localdate()
    summary = TournamentSummary()
    tournament = services.tournament_create(
        org=org, name=NAME, sport="气排球", sets_to_win=2, set_points=21, deciding_set_points=15, actor=actor
    )
    agency = services.division_create(
        tournament=tournament,
        name="机关组",
        format=Division.Format.GROUPS_KNOCKOUT,
        group_count=9,
        actor=actor,
    )
    enterprise = services.division_create(
        tournament=tournament, name="企业组", format=Division.Format.ROUND_ROBIN, actor=actor
    )
    teams = [Team(division=agency, name=n, unit=n.removesuffix("二队").removesuffix("队"), seed=i + 1 if i < 9 else None)
             for i, n in enumerate(_agency_names(AGENCY_TEAMS))]  # fmt: skip
    teams += [Team(division=enterprise, name=f"{n}队", unit=n) for n in ENTERPRISES[:ENTERPRISE_TEAMS]]
    Team.objects.bulk_create(teams)
    members = list(members)
    rng.shuffle(members)
    roster = []
    pool = iter(members)  # each member on one team (the rule is once per division)
    for division in (agency, enterprise):
        for team in (t for t in teams if t.division_id == division.pk):
            for number in range(1, PLAYERS + 1):
                member = next(pool, None)
                if member is None:
                    break
                roster.append(RosterEntry(team=team, division=division, member=member, number=number))
                if number == 1:
                    team.captain = member
    RosterEntry.objects.bulk_create(roster, batch_size=2000)
    Team.objects.bulk_update([t for t in teams if t.captain_id], ["captain"])
    summary.teams = len(teams)
    for i in range(COURTS):
        services.court_add(tournament=tournament, name=f"{i + 1}号场", actor=actor)
    tz = timezone.get_current_timezone()
    first_day = today - datetime.timedelta(days=today.weekday() + 7 * played_weeks)  # a Monday
    length = datetime.timedelta(minutes=tournament.match_minutes)
    slots = []
    for day in weekends(first_day, 8):
        for t in TIMES:
            start = datetime.datetime.combine(day, t, tzinfo=tz)
            slots.append(TimeSlot(tournament=tournament, starts_at=start, ends_at=start + length))
    TimeSlot.objects.bulk_create(slots)
    for division in (agency, enterprise):
        summary.matches += services.division_draw(division=division, actor=actor)
    services.schedule_generate(tournament=tournament, actor=actor)
    # the weekends already past: results, in one update
    now = timezone.now()
    played = []
    for m in tournament.matches.filter(stage=Match.Stage.GROUP, slot__ends_at__lt=now).select_related(
        "home", "away"
    ):
        strength = (m.away.pk - m.home.pk) * 0.01
        home_wins = rng.random() < 0.5 + max(min(strength, 0.3), -0.3)
        sets = _sets(rng, home_wins)
        m.sets = [list(s) for s in sets]
        m.home_score = sum(1 for h, a in sets if h > a)
        m.away_score = len(sets) - m.home_score
        m.outcome = Match.Outcome.PLAYED
        m.winner = m.home if home_wins else m.away
        m.entered_by = actor
        m.entered_at = m.slot.ends_at if m.slot_id else now
        played.append(m)
    Match.objects.bulk_update(
        played,
        ["sets", "home_score", "away_score", "outcome", "winner", "entered_by", "entered_at"],
        batch_size=500,
    )
    for division in (agency, enterprise):
        services.groups_advance(division=division)
    summary.played = len(played)
    return tournament, summary


def _sets(rng, home_wins: bool) -> list[tuple[int, int]]:
    def one(win: bool):
        loser = rng.randint(10, 19)
        return (21, loser) if win else (loser, 21)

    if rng.random() < 0.6:
        return [one(home_wins), one(home_wins)]
    return [
        one(not home_wins),
        one(home_wins),
        (15, rng.randint(8, 13)) if home_wins else (rng.randint(8, 13), 15),
    ]


def is_loaded() -> bool:
    from gonghui.tournaments.models import Tournament

    return Tournament.objects.filter(name=NAME).exists()


def load_tournaments() -> TournamentSummary | None:
    """The demo tournament on the demo county; None when the county is missing or it is there."""
    from gonghui.accounts.models import User
    from gonghui.demo import names as N
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return None
    actor = User.objects.filter(positions__org=county).order_by("pk").first()
    members = Member.objects.filter(org_path__startswith=county.path, status=Member.Status.ACTIVE).order_by(
        "pk"
    )[: (AGENCY_TEAMS + ENTERPRISE_TEAMS) * PLAYERS]
    with transaction.atomic():
        _tournament, summary = build(org=county, actor=actor, members=members)
    return summary
