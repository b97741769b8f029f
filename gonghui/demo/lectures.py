"""The demo county's lecture tour: model workers and craftsmen (劳模工匠"五进"宣讲) with about ten
stops at enterprises, workshops and morning meetings, the past ones held with attendance, and
an enterprise's lecture request through the service menu waiting to be scheduled.

Idempotent: the county's tour titled MARKER is the marker."""

import datetime

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo import LOGINS
from gonghui.demo import names as N
from gonghui.demo.desk import LOGINS as DESK_LOGINS

MARKER = "2026年劳模工匠“五进”宣讲"

# name, kind, title, employer, topics, is the enterprise-union chair's account
LECTURERS = (
    ("赵铁军", "model_worker", "全国劳动模范", "桐川华宇机械制造有限公司", "爱岗敬业 · 劳模精神", False),
    ("孙秀兰", "model_worker", "省劳动模范", "桐川县人民医院", "平凡岗位上的坚守", False),
    ("陈志刚", "craftsman", "市级工匠", "桐川华宇机械制造有限公司", "数控加工技艺 · 带徒传技", True),
    ("钱永福", "craftsman", "省级工匠", "桐川电力检修公司", "安全生产 · 精益求精", False),
    ("周律师", "lawyer", "县职工法律服务团律师", "桐川正衡律师事务所", "劳动合同与工伤维权", False),
)

# days from today, hour, kind, lecturer index, topic, headcount (past stops)
STOPS = (
    (-40, 9, "enterprise", 0, "劳模精神代代传", 120),
    (-33, 8, "morning", 2, "班前十分钟：一把量具的精度", 35),
    (-26, 14, "workshop", 3, "安全生产无小事", 60),
    (-19, 9, "enterprise", 4, "签好劳动合同，守住合法权益", 85),
    (-12, 8, "morning", 2, "班前十分钟：带徒的三个诀窍", 28),
    (-5, 15, "park", 1, "平凡岗位上的坚守", 150),
    (3, 9, "enterprise", 0, "新时代的劳模精神", None),
    (8, 8, "morning", 3, "班前十分钟：检修前的五问", None),
    (15, 14, "workshop", 2, "数控加工的匠心", None),
    (22, 9, "community", 4, "新就业形态劳动者的权益保障", None),
)


def load_lectures() -> list[str] | None:
    from gonghui.lectures import services
    from gonghui.lectures.models import LectureTour
    from gonghui.orgs.models import Enterprise, Org
    from gonghui.servicedesk.models import Category, MenuItem
    from gonghui.servicedesk.services.orders import order_place

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or LectureTour.objects.filter(org=county, title=MARKER).exists():
        return None
    phones = [LOGINS[0].phone, LOGINS[2].phone, DESK_LOGINS[1].phone]
    users = {u.phone: u for u in User.objects.filter(phone__in=phones)}
    chair, enterprise_chair = users.get(LOGINS[0].phone), users.get(LOGINS[2].phone)
    contact = users.get(DESK_LOGINS[1].phone)
    if chair is None:
        return None
    enterprises = list(Enterprise.objects.filter(org_path__startswith=county.path).order_by("pk")[:6])
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        lecturers = [
            services.lecturer_create(
                org=county,
                name=name,
                kind=kind,
                title=title,
                employer=employer,
                topics=topics,
                user=enterprise_chair if is_chair else None,
                actor=chair,
            )
            for name, kind, title, employer, topics, is_chair in LECTURERS
        ]
        tour = services.tour_create(
            org=county,
            title=MARKER,
            theme="进企业、进车间、进班组、进园区、进社区",
            description="县总工会组织劳模、工匠和职工法律服务团律师，深入一线宣讲劳模精神、劳动精神、工匠精神。",
            lecturers=lecturers,
            actor=chair,
        )
        held = 0
        for i, (days, hour, kind, who, topic, headcount) in enumerate(STOPS):
            enterprise = enterprises[i % len(enterprises)] if enterprises else None
            place = (
                f"{enterprise.name}{'车间' if kind in ('workshop', 'morning') else '会议室'}"
                if enterprise
                else "县职工服务中心"
            )
            starts = datetime.datetime.combine(
                today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=tz
            )
            stop = services.stop_add(
                tour=tour,
                kind=kind,
                starts_at=starts,
                duration_minutes=10 if kind == "morning" else 60,
                place=place,
                enterprise=enterprise,
                lecturer=lecturers[who],
                topic=topic,
                actor=chair,
            )
            if headcount:
                services.stop_record(stop=stop, headcount=headcount, actor=chair, note="现场反响热烈。")
                held += 1
        requests = 0
        item = MenuItem.objects.create(
            org=county,
            title="劳模工匠宣讲进企业",
            category=Category.LECTURE,
            description="劳模、工匠到企业、车间宣讲，可安排班前十分钟微宣讲。",
            duration_minutes=60,
            serves_people=150,
        )
        if contact is not None:
            enterprise = Enterprise.objects.filter(contacts__user=contact).first()
            if enterprise is not None:
                order_place(
                    item=item,
                    orderer=contact,
                    orderer_kind="enterprise",
                    enterprise=enterprise,
                    place=f"{enterprise.name}职工活动室",
                    wished_date=today + datetime.timedelta(days=18),
                    expected_people=90,
                    note="希望安排工匠讲讲技能提升。",
                )
                requests = 1
    return [
        f"宣讲活动 1 个：宣讲员 {len(lecturers)} 名，场次 {len(STOPS)} 场（已宣讲 {held} 场），待安排的宣讲需求 {requests} 项"
    ]
