"""Demo data for care: recuperation. load() returns the lines the demo command prints.

Two programmes of the demo county federation, built through the services: one whose window has
closed and that was drawn by lottery with a published public value (two trips, priority groups
first: riders and drivers from the membership, declared model and front-line workers), and one
still open, which the demo rider (刘小军) has applied for. Idempotent: the drawn programme's title is
the marker.
"""

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

SEED = 2031
MARKER = "劳模和一线职工疗休养（千岛湖）"
OPEN_TITLE = "职工春季疗休养（莫干山）"
PUBLIC_VALUE = "福彩3D第2026321期开奖号码 5 1 7"
DEMO_RIDER_PHONE = "13800000005"


def _trips(today: datetime.date, first: int, second: int, places: tuple[int, int]) -> list[dict]:
    one = today + datetime.timedelta(days=first)
    two = today + datetime.timedelta(days=second)
    if two.year != one.year:  # a programme's trips are in one year
        two = one
    return [
        {"starts_on": one, "ends_on": one + datetime.timedelta(days=4), "capacity": places[0]},
        {"starts_on": two, "ends_on": two + datetime.timedelta(days=4), "capacity": places[1]},
    ]


def _applicants(county, n: int, rng: random.Random) -> list:
    """Active members of the county with an account (made for those without one)."""
    from gonghui.accounts.models import User
    from gonghui.members.models import Member

    members = list(
        Member.objects.filter(org_path__startswith=county.path, status=Member.Status.ACTIVE)
        .exclude(user__phone=DEMO_RIDER_PHONE)
        .select_related("user")
        .order_by("pk")[: n * 3]
    )
    rng.shuffle(members)
    members = members[:n]
    missing = [m for m in members if m.user_id is None]
    if missing:
        password = make_password(None)
        base = User.objects.count()
        users = User.objects.bulk_create(
            [User(phone=f"1997{base + i:07d}", name=m.name, password=password) for i, m in enumerate(missing)]
        )
        for member, user in zip(missing, users, strict=True):
            member.user = user
        Member.objects.bulk_update(missing, ["user"])
    return members


def load() -> list[str]:
    from gonghui.accounts.models import Position
    from gonghui.care.models.recuperation import RecuperationProgramme
    from gonghui.care.services import recuperation as services
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or RecuperationProgramme.objects.filter(org=county, title=MARKER).exists():
        return []
    chair = Position.objects.filter(org=county, role__in=("chair", "staff")).select_related("user").first()
    if chair is None:
        return []
    cadre, rng = chair.user, random.Random(SEED)
    now, today = timezone.now(), timezone.localdate()
    with transaction.atomic():
        drawn = services.programme_create(
            org=county,
            title=MARKER,
            destination="淳安县千岛湖职工疗休养基地",
            description="面向全县劳动模范、一线职工和新就业形态劳动者，每批5天，含往返交通、食宿和健康体检。",
            price_cap="450.00",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(hours=1),
            priority_groups=["front_line", "model_worker", "new_form"],
            trips=_trips(today, 12, 19, (12, 10)),
            actor=cadre,
        )
        trips = list(drawn.trips.all())
        people = _applicants(county, 40, rng)
        for i, member in enumerate(people):
            declared = ["model_worker"] if i % 9 == 0 else (["front_line"] if i % 4 == 0 else [])
            services.application_submit(
                programme=drawn, trip=trips[i % 2], declared=declared, actor=member.user
            )
        # the window closed yesterday; the federation drew with the lottery result announced after it
        RecuperationProgramme.objects.filter(pk=drawn.pk).update(
            opens_at=now - datetime.timedelta(days=30), closes_at=now - datetime.timedelta(days=1)
        )
        drawn.refresh_from_db()
        drawn = services.programme_draw(programme=drawn, public_value=PUBLIC_VALUE, actor=cadre)
        placed = drawn.applications.filter(state="registered").count()
        waiting = drawn.applications.filter(state="waitlisted").count()

        upcoming = services.programme_create(
            org=county,
            title=OPEN_TITLE,
            destination="德清县莫干山职工疗休养基地",
            description="春季疗休养，每批5天。",
            price_cap="420.00",
            opens_at=now - datetime.timedelta(days=1),
            closes_at=now + datetime.timedelta(days=20),
            priority_groups=["new_form"],
            trips=_trips(today, 40, 47, (15, 15)),
            actor=cadre,
        )
        rider = _rider()
        applied = 0
        if rider is not None:
            try:
                services.application_submit(programme=upcoming, trip=upcoming.trips.first(), actor=rider)
                applied = 1
            except ValidationError:  # the demo rider's union outside the county: still open to others
                applied = 0
    return [
        f"疗休养项目 2 个：“{MARKER}”{len(people)}人申请，按公开随机值抽签，入选{placed}人、候补{waiting}人；"
        f"“{OPEN_TITLE}”正在接受申请（{applied}人已申请）"
    ]


def _rider():
    from gonghui.accounts.models import User
    from gonghui.members.models import Member

    user = User.objects.filter(phone=DEMO_RIDER_PHONE).first()
    if user is None or not Member.objects.filter(user=user, status=Member.Status.ACTIVE).exists():
        return None
    return user
