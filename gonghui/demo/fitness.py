"""The demo county's fitness programme: a weight-loss contest (减重大赛) of the 华宇 union.

`load_fitness()` runs after the service desk (gonghui.demo.desk) and builds, through the real
services: a programme of the enterprise union whose chair is a demo login, an individual and a
team contest, three workshop teams of eight members each (the members register and enrol
themselves), six weeks of weekly weigh-ins recorded at the union's weighing sessions (confirmed),
and last week's weigh-ins submitted from phones, some waiting for the chair's confirmation and one
sent back with a reason. One participant is a demo login.

Idempotent: the programme's title in the county is the marker. Seeded, so every run draws the same
people and weights.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import Position, Role, User
from gonghui.demo import names as N

SEED = 2028
MARKER = "华宇职工减重大赛"
TEAMS = ("铸造车间队", "装配车间队", "机关后勤队")
PER_TEAM = 8
WEEKS = 6


@dataclass(frozen=True)
class FitnessLogin:
    role: str
    phone: str
    name: str


PARTICIPANT_PHONE = "13800000010"


@dataclass
class FitnessSummary:
    participants: int = 0
    weigh_ins: int = 0
    pending: int = 0
    logins: list[FitnessLogin] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"全员健身：减重大赛 1 项，参加人 {self.participants} 名，称重记录 {self.weigh_ins} 条（待确认 {self.pending} 条）"
        ]


def is_loaded() -> bool:
    from gonghui.fitness.models import Programme

    return Programme.objects.filter(title=MARKER, org__name__contains="华宇").exists()


def _union_and_chair():
    """The enterprise union of the demo's enterprise chair login (13800000003), else the first
    grassroots union of the county with enough members."""
    from gonghui.demo import LOGINS

    position = (
        Position.objects.filter(user__phone=LOGINS[2].phone, role=Role.CHAIR)
        .select_related("org", "user")
        .first()
    )
    if position is not None:
        return position.org, position.user
    return None, None


def load_fitness() -> FitnessSummary | None:
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return None
    union, chair = _union_and_chair()
    if union is None:
        return None
    summary = FitnessSummary()
    with transaction.atomic():
        _build(union, chair, summary)
    return summary


def _build(union, chair, summary: FitnessSummary) -> None:
    from gonghui.fitness import services
    from gonghui.fitness.models import WeighIn
    from gonghui.members.models import Member

    rng = random.Random(SEED)
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=7 * (WEEKS - 1) + 3)
    programme = services.programme_create(
        org=union,
        title=MARKER,
        description="以车间为单位组队，每周一次称重，按减重比例评选个人和团体名次。倡导科学减重、健康生活。",
        enrol_opens=starts - datetime.timedelta(days=7),
        enrol_closes=today + datetime.timedelta(days=7),
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=7 * 12),
        actor=chair,
    )
    services.contest_create(programme=programme, kind="individual", title="个人减重赛", actor=chair)
    services.contest_create(programme=programme, kind="team", title="车间团体赛", actor=chair)
    teams = [services.team_create(programme=programme, name=name, actor=chair) for name in TEAMS]

    members = list(
        Member.objects.filter(org=union, status=Member.Status.ACTIVE, user=None).order_by("member_no")[
            : PER_TEAM * len(TEAMS)
        ]
    )
    password = make_password(_demo_password())
    taken = set(User.objects.values_list("phone", flat=True))
    for i, member in enumerate(members):
        phone = PARTICIPANT_PHONE if i == 0 and PARTICIPANT_PHONE not in taken else member.mobile
        if phone in taken:
            continue
        user = User.objects.create(phone=phone, name=member.name, password=password)
        taken.add(phone)
        member.user = user  # the member registered on the site with their phone
        member.save(update_fields=["user", "updated_at"])
        if phone == PARTICIPANT_PHONE:
            summary.logins.append(FitnessLogin("减重大赛参加人（华宇机械）", phone, member.name))
        height = Decimal(rng.randrange(155, 186))
        bmi = Decimal(str(round(rng.uniform(22.5, 31.0), 1)))
        weight = (bmi * height * height / 10000).quantize(Decimal("0.1"))
        try:
            enrolment = services.enrol(programme=programme, user=user, height=str(height), actor=user)
            services.team_assign(enrolment=enrolment, team=teams[i % len(teams)], actor=chair)
            summary.participants += 1
            pace = rng.uniform(0.05, 0.9)  # kg a week: some keep at it, some do not
            for week in range(WEEKS):
                day = starts + datetime.timedelta(days=7 * week)
                if day > today:
                    break
                if week:
                    weight = max(Decimal("45"), weight - Decimal(str(round(rng.gauss(pace, 0.35), 1))))
                if week < WEEKS - 1:
                    services.weigh_in_record(
                        enrolment=enrolment, measured_on=day, weight=str(weight), actor=chair
                    )
                else:  # last week: submitted from the phone
                    w = services.weigh_in_submit(
                        enrolment=enrolment, measured_on=day, weight=str(weight), actor=user
                    )
                    if i % 3 == 0:
                        services.weigh_in_confirm(weigh_in=w, actor=chair)
                    elif i == 4:
                        services.weigh_in_reject(
                            weigh_in=w, reason="请附上体重秤读数的照片后重新提交。", actor=chair
                        )
                summary.weigh_ins += 1
        except (ValidationError, PermissionDenied) as e:
            summary.failures.append("；".join(getattr(e, "messages", [str(e)])))
    summary.pending = WeighIn.objects.filter(
        enrolment__programme=programme, state=WeighIn.State.SUBMITTED
    ).count()


def _demo_password() -> str:
    from gonghui.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def logins() -> list[FitnessLogin]:
    """The participant login, once the programme is loaded (printed on every run)."""
    from gonghui.fitness.models import Enrolment

    enrolment = (
        Enrolment.objects.filter(programme__title=MARKER, user__phone=PARTICIPANT_PHONE)
        .select_related("user")
        .first()
    )
    if enrolment is None:
        return []
    return [FitnessLogin("减重大赛参加人（华宇机械）", PARTICIPANT_PHONE, enrolment.user.name)]
