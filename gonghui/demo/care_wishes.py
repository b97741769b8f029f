"""Demo data for care: micro-wishes. load() returns the lines the demo command prints.

About twenty wishes of the demo county in every state, mostly from delivery riders and drivers,
claimed by volunteers, through the real services (post, vet, claim, fulfil with a photo, confirm);
their dates are then spread over the last two months. The demo rider (13800000005) has a wish
delivered and waiting for their confirmation; the demo volunteer (13800000008) has one to fulfil.

Idempotent: the county's wish titled MARKER is the marker.
"""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

MARKER = "一件冬季骑行防寒服"
RIDER_PHONE = "13800000005"
VOLUNTEER_PHONE = "13800000008"

# (title, kind, reason, amount, state)
WISHES = (
    (MARKER, "work", "冬天早晚送餐风大，旧的防寒服已经不保暖了。", "260", "fulfilled"),
    (
        "给女儿买一套初中数学辅导书",
        "study",
        "孩子刚上初一，数学跟不上，想给她买几本辅导书。",
        "120",
        "confirmed",
    ),
    ("一个电动车充电宝", "work", "跑单到晚上电量不够，想有个备用电池。", "450", "confirmed"),
    ("一副防滑骑行手套", "work", "下雨天车把打滑，想要一副防滑手套。", "80", "confirmed"),
    ("车载手机支架", "work", "原来的支架坏了，看导航很不方便。", "60", "claimed"),
    ("腰椎护具", "health", "长时间开车腰疼，医生建议戴护腰。", "180", "claimed"),
    ("给母亲买一台血压计", "health", "母亲高血压，一个人在老家，想让她每天量一量。", "200", "claimed"),
    ("一双防水工作鞋", "work", "雨天送件鞋总是湿的。", "150", "fulfilled"),
    ("孩子的新书包", "study", "孩子的书包背了三年，拉链坏了。", "100", "published"),
    ("一个保温饭盒", "daily", "中午在车上吃饭，饭菜总是凉的。", "70", "published"),
    ("车用坐垫", "work", "每天开车十个小时，想换个透气的坐垫。", "130", "published"),
    ("一盏护眼台灯", "study", "孩子晚上写作业灯光太暗。", "90", "published"),
    ("春节回家的火车票", "family", "三年没回老家过年了，想回去看看父母。", "480", "published"),
    ("一件反光背心", "work", "夜里送餐怕被车撞，想要一件反光背心。", "40", "submitted"),
    ("头盔内衬", "work", "夏天头盔里太闷，想换个透气内衬。", "50", "submitted"),
    ("给孩子报一期游泳课", "study", "孩子暑假在家，想让他学会游泳。", "500", "submitted"),
    ("一箱常用药品", "health", "驾驶室里想备一些常用药。", "150", "submitted"),
    ("一台新手机", "daily", "手机用了五年，经常死机。", "480", "refused"),
    ("家里的热水器维修", "daily", "热水器坏了一个月，冬天洗澡很困难。", "300", "refused"),
    ("一个折叠小凳", "daily", "等单的时候想有个地方坐。", "35", "withdrawn"),
)
REFUSALS = {
    "一台新手机": "手机属于个人大额消费品，不在微心愿范围内，建议申请困难职工帮扶。",
    "家里的热水器维修": "已转交社区维修服务，由工会服务队上门维修。",
}
NEW_FORM = ("delivery_rider", "ride_hailing", "truck_driver", "courier")


def _png(width: int = 48, height: int = 32, rgb=(229, 57, 53)) -> bytes:
    """A small solid PNG (the fulfilment photo of the demo), drawn without an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def load() -> list[str]:
    from gonghui.care.models.wishes import Wish
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or Wish.objects.filter(org_path__startswith=county.path, title=MARKER).exists():
        return []
    with transaction.atomic():
        made = _Builder(county).build()
    if not made:
        return []
    by_state: dict[str, int] = {}
    for wish in made:
        by_state[wish.state] = by_state.get(wish.state, 0) + 1
    from gonghui.care.models.wishes import WISH_FLOW

    states = "，".join(f"{WISH_FLOW.label(s)}{n}个" for s, n in by_state.items())
    return [
        f"微心愿：{len(made)}个（{states}），骑手刘小军有一个心愿待确认收到，志愿者何静怡有一个心愿待送达"
    ]


class _Builder:
    def __init__(self, county):
        self.county = county
        self.now = timezone.now()

    def _wishers(self, n: int) -> list:
        from django.contrib.auth.hashers import make_password

        from gonghui.accounts.models import User
        from gonghui.members.models import Member

        active = Member.objects.filter(org_path__startswith=self.county.path, status=Member.Status.ACTIVE)
        rider = list(active.filter(user__phone=RIDER_PHONE).select_related("user", "org"))
        new_form = list(
            active.filter(job_type__in=NEW_FORM)
            .exclude(user__phone=RIDER_PHONE)
            .select_related("user", "org")
            .order_by("pk")[: n - 4]
        )
        others = list(active.filter(job_type="").select_related("user", "org").order_by("pk")[:3])
        members = (rider + new_form + others)[:n]
        missing = [m for m in members if m.user_id is None]
        if missing:
            password = make_password(None)
            base = User.objects.count()
            users = User.objects.bulk_create(
                [
                    User(phone=f"1997{base + i:07d}", name=m.name, password=password)
                    for i, m in enumerate(missing)
                ]
            )
            for member, user in zip(missing, users, strict=True):
                member.user = user
            Member.objects.bulk_update(missing, ["user"])
        return members

    def _donors(self) -> list:
        from gonghui.accounts.models import User
        from gonghui.volunteers.models import Volunteer

        first = list(User.objects.filter(phone=VOLUNTEER_PHONE))
        volunteers = (
            Volunteer.objects.filter(org__path__startswith=self.county.path)
            .exclude(user__phone=VOLUNTEER_PHONE)
            .select_related("user")
            .order_by("pk")[:6]
        )
        donors = first + [v.user for v in volunteers]
        if not donors:
            donors = list(User.objects.filter(phone="13800000007"))  # the enterprise contact
        return donors

    def _vetter(self, org):
        from gonghui.accounts.models import Position

        positions = (
            Position.objects.filter(org__path__in=org.ancestor_paths(), role__in=("chair", "staff"))
            .select_related("user", "org")
            .order_by("-org__depth", "pk")
        )
        first = positions.first()
        return first.user if first else None

    def build(self) -> list:
        from gonghui.care.models.wishes import Wish
        from gonghui.care.services import wishes as services

        wishers = self._wishers(len(WISHES))
        donors = self._donors()
        if not wishers or not donors:
            return []
        made = []
        # the demo rider gets the first wish (delivered, to confirm); the demo volunteer claims it
        # and the first "claimed" one (to fulfil); the other volunteers take turns
        turn = 0
        for i, (member, (title, kind, reason, amount, state)) in enumerate(
            zip(wishers, WISHES, strict=False)
        ):
            vetter = self._vetter(member.org)
            if vetter is None:
                continue
            wish = services.wish_post(kind=kind, title=title, reason=reason, amount=amount, actor=member.user)
            if state == "withdrawn":
                services.wish_withdraw(wish=wish, actor=member.user)
            elif state == "refused":
                services.wish_refuse(wish=wish, reason=REFUSALS[title], actor=vetter)
            elif state != "submitted":
                services.wish_publish(wish=wish, actor=vetter)
            if state in ("claimed", "fulfilled", "confirmed"):
                if i == 0 or (state == "claimed" and title == "车载手机支架"):
                    donor = donors[0]
                else:
                    donor = donors[turn % len(donors)]
                    turn += 1
                if donor.pk == member.user_id:
                    donor = donors[(turn + 1) % len(donors)]
                services.wish_claim(wish=wish, actor=donor)
                if state in ("fulfilled", "confirmed"):
                    photo = SimpleUploadedFile("photo.png", _png(rgb=(229, 57 + 9 * i, 53)), "image/png")
                    services.wish_fulfil(
                        wish=wish, upload=photo, note="已当面送到，祝工作顺利！", actor=donor
                    )
                if state == "confirmed":
                    services.wish_confirm(wish=wish, actor=member.user)
            made.append(wish)
        self._spread(made)
        return [Wish.objects.get(pk=w.pk) for w in made]

    def _spread(self, made: list) -> None:
        """Dates over the last two months: posted first, vetted two days later, and so on."""
        from gonghui.care.models.wishes import Wish

        day = datetime.timedelta(days=1)
        for i, wish in enumerate(made):
            posted = self.now - (60 - 3 * i) * day
            w = Wish.objects.get(pk=wish.pk)
            fields = {"created_at": posted}
            if w.published_at:
                fields["published_at"] = posted + 2 * day
            if w.claimed_at:
                fields["claimed_at"] = posted + 4 * day
            if w.fulfilled_at:
                fields["fulfilled_at"] = posted + 9 * day
            if w.confirmed_at:
                fields["confirmed_at"] = posted + 10 * day
            Wish.objects.filter(pk=w.pk).update(**{k: min(v, self.now) for k, v in fields.items()})
