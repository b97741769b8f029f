"""Demo data for care: honors. load() returns the lines the demo command prints.

A retirement ceremony (荣退仪式) of the demo enterprise union for the members who retired in the
last half year: four long-serving members reaching the statutory retirement age then are added to
its roll (their retirement recorded by the members' service, membership kept), each with a
certificate to download. Idempotent: the ceremony's title is the marker.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

SEED = 2032
MARKER = "华宇机械光荣退休职工荣退仪式"
UNION_NAME = "桐川华宇机械制造有限公司工会"
RETIREES = (("周国庆", True, 1988), ("吴秀兰", False, 1993), ("郑卫东", True, 1986), ("冯桂芳", False, 1995))


def _birth_for(retire_by: datetime.date, male: bool, earliest: datetime.date) -> datetime.date | None:
    """A birth date whose statutory retirement falls in [earliest, retire_by]."""
    from gonghui.care.selectors.honors import add_months, retirement_date

    base = 60 if male else 55
    for extra in range(0, 40):
        birth = add_months(retire_by, -(base * 12 + extra))
        on = retirement_date(birth, "M" if male else "F")
        if earliest <= on <= retire_by:
            return birth
    return None


def _id_number(rng: random.Random, birth: datetime.date, male: bool) -> str:
    from gonghui.core import pii
    from gonghui.core.validators import ric_check_digit
    from gonghui.members.models import Member

    while True:
        order = rng.randrange(0, 500) * 2 + (1 if male else 0)
        first17 = f"330127{birth:%Y%m%d}{order:03d}"
        number = first17 + ric_check_digit(first17)
        if not Member.objects.filter(id_number_hash=pii.lookup_hash(number)).exists():
            return number


def load() -> list[str]:
    from gonghui.accounts.models import Position
    from gonghui.care.models.honors import RetirementCeremony
    from gonghui.care.selectors.honors import retirement_date
    from gonghui.care.services import honors as services
    from gonghui.members.services.roster import build_member, member_create
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if (
        county is None
        or RetirementCeremony.objects.filter(org_path__startswith=county.path, title=MARKER).exists()
    ):
        return []
    union = Org.objects.filter(path__startswith=county.path, name=UNION_NAME).first() or county
    position = (
        Position.objects.filter(org=union, role__in=("chair", "staff")).select_related("user").first()
        or Position.objects.filter(org=county, role__in=("chair", "staff")).select_related("user").first()
    )
    if position is None:
        return []
    cadre, rng = position.user, random.Random(SEED)
    today = timezone.localdate()
    earliest = today - datetime.timedelta(days=180)
    with transaction.atomic():
        ceremony = services.ceremony_create(
            org=union,
            title=MARKER,
            held_on=today,
            place=f"{union.name}职工之家",
            period_start=earliest,
            period_end=today + datetime.timedelta(days=180),
            actor=cadre,
        )
        honoured = 0
        for i, (name, male, joined) in enumerate(RETIREES):
            birth = _birth_for(today - datetime.timedelta(days=10 + 30 * i), male, earliest)
            if birth is None:
                continue
            member = member_create(
                member=build_member(
                    org=union,
                    name=name,
                    id_number=_id_number(rng, birth, male),
                    mobile=f"1398{rng.randrange(10**7):07d}",
                    joined_on=datetime.date(joined, 7, 1),
                    source="manual",
                ),
                actor=cadre,
            )
            services.honouree_add(
                ceremony=ceremony,
                member=member,
                retired_on=retirement_date(member.birth_date, member.gender),
                actor=cadre,
            )
            honoured += 1
    return [f"荣退仪式 1 场：{union.name}，{honoured}名退休会员获颁荣退证书（会籍保留）"]
