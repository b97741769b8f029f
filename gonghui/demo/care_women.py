"""Demo data for care: women-worker care. load() returns the lines the demo command prints.

Care records of the demo county over the past year (三八节 activities, maternity visits, health
checks, lectures) and two mother-and-baby rooms, through the real services. Idempotent: the
county's place named MARKER is the marker.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

MARKER = "县总工会爱心妈妈小屋"


def load() -> list[str]:
    from gonghui.accounts.models import Position
    from gonghui.care.models.women import WomenCarePlace
    from gonghui.care.services import women as services
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or WomenCarePlace.objects.filter(org=county, name=MARKER).exists():
        return []
    positions = (
        Position.objects.filter(org__path__startswith=county.path, role__in=("chair", "staff"))
        .select_related("org", "user")
        .order_by("org__depth", "pk")
    )
    by_kind: dict[str, object] = {}
    for p in positions:
        by_kind.setdefault(p.org.kind, p)
    top = by_kind.get("federation")
    if top is None:
        return []
    grassroots = by_kind.get("grassroots") or top
    township = by_kind.get("township") or top
    today = timezone.localdate()
    march8 = datetime.date(today.year if today >= datetime.date(today.year, 3, 8) else today.year - 1, 3, 8)
    women = list(
        Member.objects.filter(
            org_path__startswith=grassroots.org.path, gender="F", status=Member.Status.ACTIVE
        ).order_by("pk")[:4]
    )
    records = [
        (top, "march8", march8, 620, "", "全县女职工“巾帼建功”三八节主题活动", ""),
        (township, "march8", march8, 145, "", "城关镇女职工插花、手工体验活动", ""),
        (grassroots, "march8", march8, 86, "", "企业女职工三八节座谈会并发放慰问品", ""),
        (top, "health", march8 + datetime.timedelta(days=40), 380, "", "女职工“两癌”免费筛查", ""),
        (township, "lecture", march8 + datetime.timedelta(days=70), 90, "", "女职工劳动保护特别规定宣讲", ""),
    ]
    for i, member in enumerate(women[:3]):
        day = today - datetime.timedelta(days=20 + 35 * i)
        records.append(
            (grassroots, "maternity", day, 1, member.member_no, "孕期走访慰问，送上营养品和母婴用品", "")
        )
    if women:
        records.append(
            (
                grassroots,
                "health",
                today - datetime.timedelta(days=12),
                1,
                women[-1].member_no,
                "体检结果回访",
                "甲状腺结节（3类），建议半年后复查",
            )
        )
    with transaction.atomic():
        for position, kind, date, reached, member_no, note, details in records:
            services.record_add(
                org=position.org,
                kind=kind,
                date=min(date, today),
                people_reached=reached,
                note=note,
                member_no=member_no,
                health_details=details,
                actor=position.user,
            )
        services.place_add(
            org=top.org,
            name=MARKER,
            address="县职工服务中心一楼东侧",
            facilities="哺乳椅、婴儿护理台、冰箱、温奶器、洗手池",
            opening_hours="工作日 8:30-17:30",
            actor=top.user,
        )
        services.place_add(
            org=grassroots.org,
            name=f"{grassroots.org.short_name or grassroots.org.name}母婴室",
            address="厂区办公楼二楼",
            facilities="哺乳椅、冰箱、遮挡帘",
            opening_hours="全天开放",
            actor=grassroots.user,
        )
    return [f"女职工关爱：关爱记录{len(records)}条，爱心妈妈小屋2处"]
