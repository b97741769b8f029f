"""The demo county's activities: a season of about 30, past and coming.

`load_activities()` runs after the desk demo and builds, through activities.services, about 30
activities of the federation, its townships and enterprise unions: the dragon-boat race (about 200
workers), a family open day (62 family members), a flag ceremony of 150, lectures, outings,
e-sports; past ones with their summaries (and check-ins, when the activity has them), coming ones
open, some full with a waitlist and an offer waiting for an answer.

For speed (a few seconds), registrations of past activities are written in bulk with the counter
they add up to (the services' rules hold: never above capacity); those of coming activities go
through `registration_create`, so their waitlists are the mechanism's own.

Idempotent: the dragon-boat race of the county federation is the marker.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from gonghui.demo import names as N

SEED = 2028
MARKER = "桐川县第十届职工龙舟赛"


@dataclass
class ActivitySummary:
    activities: int = 0
    registrations: int = 0
    waitlisted: int = 0
    family: int = 0
    failures: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"活动 {self.activities} 场，报名 {self.registrations} 人次（含候补 {self.waitlisted} 人），"
            f"携带家属 {self.family} 人"
        ]


# (title, kind, days from today, hours, capacity, family_max, registrations wanted, family, where)
# where: "county", "township", "enterprise"; family = family members the registrations bring (past)
SEASON = (
    (MARKER, "sports", -190, 5, 220, 0, 200, 0, "county"),
    ("“七一”职工升国旗仪式", "ceremony", -155, 2, 150, 0, 150, 0, "county"),
    ("华宇机械职工家庭开放日", "family", -40, 4, 130, 3, 60, 62, "enterprise"),
    ("劳模工匠宣讲进企业", "lecture", -120, 2, 100, 0, 86, 0, "county"),
    ("新就业形态劳动者健康讲座", "lecture", -100, 2, 60, 0, 48, 0, "township"),
    ("职工气排球联赛", "sports", -95, 6, 96, 0, 96, 0, "county"),
    ("职工书画摄影展开幕", "culture", -88, 3, 80, 1, 52, 10, "county"),
    ("中秋职工游园会", "culture", -80, 3, 150, 2, 120, 30, "township"),
    ("青年职工联谊会", "youth", -75, 3, 60, 0, 58, 0, "township"),
    ("职工王者荣耀电竞赛", "youth", -70, 4, 64, 0, 64, 0, "county"),
    ("安全生产技能培训", "training", -66, 3, 50, 0, 44, 0, "enterprise"),
    ("秋季职工登山", "outing", -60, 5, 80, 1, 70, 12, "county"),
    ("女职工插花沙龙", "culture", -52, 2, 30, 0, 30, 0, "township"),
    ("职工乒乓球赛", "sports", -45, 6, 48, 0, 41, 0, "enterprise"),
    ("重阳节退休职工茶话会", "ceremony", -38, 2, 60, 0, 54, 0, "county"),
    ("职工心理健康讲座", "lecture", -30, 2, 80, 0, 63, 0, "township"),
    ("消防应急演练", "training", -25, 2, 120, 0, 110, 0, "enterprise"),
    ("职工篮球友谊赛", "sports", -18, 4, 40, 0, 40, 0, "township"),
    ("职工读书分享会", "culture", -12, 2, 40, 0, 27, 0, "county"),
    ("劳动法律知识讲座", "lecture", -6, 2, 100, 0, 72, 0, "township"),
    # coming: registrations through the service (waitlists are the mechanism's)
    ("元旦职工迎新长跑", "sports", 9, 3, 30, 0, 38, 0, "county"),
    ("亲子冬令营", "family", 16, 8, 24, 2, 14, 0, "enterprise"),
    ("职工新春联欢会", "culture", 30, 3, 200, 1, 90, 0, "county"),
    ("职工春季踏青", "outing", 44, 6, 50, 1, 20, 0, "township"),
    ("电工技能比武培训", "training", 12, 4, 20, 0, 26, 0, "enterprise"),
    ("青年职工电竞友谊赛", "youth", 20, 4, 32, 0, 12, 0, "county"),
    ("职工羽毛球赛", "sports", 25, 6, 40, 0, 8, 0, "township"),
    ("职工健康义诊", "lecture", 7, 3, 60, 0, 15, 0, "township"),
    ("送温暖春节慰问演出", "culture", 35, 2, 300, 2, 0, 0, "county"),
    ("元宵节猜灯谜", "culture", 50, 2, 100, 2, 0, 0, "enterprise"),
)

PLACES = {
    "county": "桐川县职工文化体育中心",
    "township": "城关镇职工之家",
    "enterprise": "桐川华宇机械制造有限公司职工活动中心",
}
SUMMARY = "活动按计划举办，职工参与热情高，反响良好。"


def is_loaded() -> bool:
    from gonghui.activities.models import Activity

    return Activity.objects.filter(org__parent=None, org__name=N.FEDERATION_NAME, title=MARKER).exists()


def load_activities() -> ActivitySummary | None:
    """Build the season on the demo county; None when the county is missing or it is done."""
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return None
    summary = ActivitySummary()
    with transaction.atomic():
        _Builder(county, summary).build()
    return summary


class _Builder:
    def __init__(self, county, summary: ActivitySummary):
        from gonghui.accounts.models import Position

        self.rng = random.Random(SEED)
        self.county = county
        self.summary = summary
        self.now = timezone.now()
        positions = Position.objects.filter(org__path__startswith=county.path).select_related("org", "user")
        by_kind: dict[str, object] = {}
        for p in positions.order_by("org__depth", "pk"):
            if p.role in ("chair", "staff"):
                by_kind.setdefault(p.org.kind, p)
        self.hosts = {
            "county": by_kind.get("federation"),
            "township": by_kind.get("township") or by_kind.get("federation"),
            "enterprise": by_kind.get("grassroots") or by_kind.get("federation"),
        }

    def workers(self, org, n: int) -> list:
        """Members of the org's subtree with an account; accounts are made for members without one."""
        from gonghui.accounts.models import User
        from gonghui.members.models import Member

        members = list(
            Member.objects.filter(org_path__startswith=org.path, status=Member.Status.ACTIVE)
            .select_related("user")
            .order_by("pk")[: n * 2]
        )
        self.rng.shuffle(members)
        members = members[:n]
        missing = [m for m in members if m.user_id is None]
        if missing:
            password = make_password(None)  # they log in with a one-time code until they set one
            base = User.objects.count()
            users = User.objects.bulk_create(
                [
                    User(phone=f"1996{base + i:07d}", name=m.name, password=password)
                    for i, m in enumerate(missing)
                ]
            )
            for member, user in zip(missing, users, strict=True):
                member.user = user
            Member.objects.bulk_update(missing, ["user"])
        return members

    def build(self) -> None:
        from gonghui.activities import services
        from gonghui.activities.models import Activity, Registration

        checkin = any(f.name == "checked_in_at" for f in Registration._meta.get_fields())
        for title, kind, days, hours, capacity, family_max, wanted, families, where in SEASON:
            position = self.hosts[where]
            if position is None:
                continue
            org, cadre = position.org, position.user
            day = timezone.localtime(self.now).replace(hour=9, minute=0, second=0, microsecond=0)
            starts = day + datetime.timedelta(days=days)
            past = starts <= self.now
            activity = services.activity_publish(
                org=org,
                kind=kind,
                title=title,
                description=f"{org.name}主办。欢迎职工踊跃报名参加。",
                place=PLACES[where],
                starts_at=starts,
                ends_at=starts + datetime.timedelta(hours=hours),
                # open now for every coming one (the demo registers workers whatever today is)
                registration_opens_at=min(
                    starts - datetime.timedelta(days=20), self.now - datetime.timedelta(days=1)
                ),
                registration_closes_at=starts - datetime.timedelta(hours=12),
                capacity=capacity,
                family_max=family_max,
                actor=cadre,
            )
            self.summary.activities += 1
            members = self.workers(org, wanted)
            if past:
                self.past_registrations(activity, members, families, checkin)
                activity.summary = SUMMARY
                activity.save(update_fields=["summary"])
            else:
                for member in members:
                    try:
                        entry = services.registration_create(activity=activity, actor=member.user)
                    except Exception as e:  # noqa: BLE001 - one failure must not stop the demo
                        self.summary.failures.append(f"{title}: {e}")
                        continue
                    self.summary.registrations += 1
                    self.summary.waitlisted += entry.state == "waitlisted"
        # one coming full activity: a registered worker withdraws, the first in line has an offer
        full = Activity.objects.filter(
            title="元旦职工迎新长跑", org__path__startswith=self.county.path
        ).first()
        if full is not None:
            first = full.registrations.filter(state="registered").order_by("queued_at").first()
            if first is not None:
                services.registration_withdraw(entry=first, actor=first.user)

    def past_registrations(self, activity, members, families: int, checkin: bool) -> None:
        from gonghui.activities.models import Registration

        rows, taken, remaining = [], 0, families
        for n, member in enumerate(members):
            family = min(remaining, self.rng.randint(1, activity.family_max)) if remaining else 0
            remaining -= family
            if taken + 1 + family > activity.capacity:
                break
            taken += 1 + family
            queued = activity.registration_opens_at + datetime.timedelta(minutes=7 * n + 3)
            row = Registration(
                activity=activity,
                user=member.user,
                member=member,
                state="registered",
                places=1 + family,
                family_count=family,
                queued_at=queued,
            )
            if checkin and self.rng.random() < 0.92:
                row.checked_in_at = activity.starts_at - datetime.timedelta(minutes=self.rng.randint(0, 25))
            rows.append(row)
        Registration.objects.bulk_create(rows)
        type(activity).objects.filter(pk=activity.pk).update(taken=F("taken") + taken)
        self.summary.registrations += len(rows)
        self.summary.family += sum(r.family_count for r in rows)
