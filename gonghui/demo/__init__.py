"""The demo county: a federation, its area unions, enterprises, members, cadres and open cases.

`load(members=3000)` builds it through the same services the pages use (org_create,
enterprise_create, position_grant, build_member + member_create_many, join_submit,
transfer_request). It is deterministic (seeded) and idempotent: the federation's name is the
marker, so a second run changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from stdnum.cn import uscc as stdnum_uscc

from gonghui.accounts.models import Role, User
from gonghui.accounts.services import position_grant
from gonghui.core.validators import ric_check_digit
from gonghui.demo import names as N
from gonghui.orgs.models import Enterprise, Org, OrgKind
from gonghui.orgs.services import enterprise_create, org_create, route_set

DEMO_PASSWORD = "gonghui-demo-2026"
SEED = 2026


@dataclass(frozen=True)
class DemoLogin:
    role: str
    phone: str
    name: str


# One login per role, printed by `gonghui demo`.
LOGINS = (
    DemoLogin("县总工会主席（可查看完整身份证号）", "13800000001", "林建华"),
    DemoLogin("城关镇工会工作人员", "13800000002", "许丽萍"),
    DemoLogin("企业工会主席（桐川华宇机械制造有限公司工会）", "13800000003", "陈志刚"),
    DemoLogin("新就业形态劳动者工会联合会主席", "13800000004", "黄海波"),
    DemoLogin("会员（外卖骑手）", "13800000005", "刘小军"),
)
OTHER_CADRE_PHONE_PREFIX = "1380001"
NEW_FORM_SHARE = 0.12
NEW_FORM_JOBS = (("delivery_rider", 45), ("ride_hailing", 25), ("truck_driver", 20), ("courier", 10))
NEW_FORM_EMPLOYERS = {
    "delivery_rider": ("迅达外卖桐川配送站", "快送即时配送桐川站", "众包骑手（个人）"),
    "ride_hailing": ("顺路出行桐川分公司", "个体网约车"),
    "truck_driver": ("个体货运", "桐川陆港货运平台"),
    "courier": ("捷运快递桐川网点", "飞鸿速递城关营业部"),
}


@dataclass
class Summary:
    orgs: int = 0
    enterprises: int = 0
    members: int = 0
    cadres: int = 0
    join_applications: int = 0
    transfers: int = 0
    notes: list[str] = field(default_factory=list)
    desk: object = None  # gonghui.demo.desk.DeskSummary: the service desk and volunteers (issue 4)


def is_loaded() -> bool:
    return Org.objects.filter(parent=None, name=N.FEDERATION_NAME).exists()


def load(*, members: int = 3000) -> Summary | None:
    """Load the demo county unless it is already there; return what was created (None if nothing)."""
    if is_loaded():
        return None
    builder = _Builder(random.Random(SEED), members)
    with transaction.atomic():
        builder.build_tree()
        builder.build_cadres()
        builder.build_members()
    # Open cases go through the real services, each in its own transaction like a real request.
    builder.open_cases()
    # The service desk and volunteers (issue 4): a season replayed through their services.
    from gonghui.demo.desk import load_desk

    builder.summary.desk = load_desk()
    return builder.summary


def _org_code(rng: random.Random) -> str:
    """A GB 11714 organisation code (8 characters and its check digit), as embedded in a USCC."""
    body = "".join(
        rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY" if i == 0 else "0123456789") for i in range(8)
    )
    total = sum(int(c, 36) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, *, kind: str = "91") -> str:
    """A well-formed USCC: registration authority and type ("91" enterprise, "81" trade union)."""
    first17 = kind + N.USCC_AREA + _org_code(rng)
    return first17 + stdnum_uscc.calc_check_digit(first17)


def _random_date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return end
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


@dataclass
class _Plan:
    """An enterprise before it is saved."""

    name: str
    industry: str
    ownership: str
    employees: int
    area: Org
    union_parent: Org | None = None  # where its own grassroots union sits in the tree
    union: Org | None = None
    formed_on: datetime.date | None = None
    allocated: int = 0
    obj: Enterprise | None = None


class _Builder:
    def __init__(self, rng: random.Random, members: int):
        self.rng = rng
        self.target = max(0, members)
        self.today = datetime.date.today()
        self.summary = Summary()
        self.ids: set[str] = set()
        self.mobiles: set[str] = {login.phone for login in LOGINS}
        self.password = make_password(DEMO_PASSWORD)  # hashed once (argon2 is slow), copied to every account
        self.cadre_seq = 0
        self.grassroots: list[Org] = []

    # --- people ----------------------------------------------------------------------------
    def person_name(self, male: bool) -> str:
        given = N.MALE_GIVEN if male else N.FEMALE_GIVEN
        return self.rng.choice(N.SURNAMES) + "".join(
            self.rng.choice(given) for _ in range(self.rng.choice((1, 2, 2)))
        )

    def id_number(self, birth: datetime.date, male: bool) -> str:
        while True:
            order = self.rng.randrange(0, 500) * 2 + (1 if male else 0)
            first17 = f"{self.rng.choice(N.AREA_CODES)}{birth:%Y%m%d}{order:03d}"
            number = first17 + ric_check_digit(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(N.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def birth(self, lo: int = 1965, hi: int = 2003) -> datetime.date:
        return _random_date(self.rng, datetime.date(lo, 1, 1), datetime.date(hi, 12, 31))

    def address(self, area_name: str) -> str:
        area_name = area_name.removeprefix(N.COUNTY).removeprefix(N.COUNTY[:2])
        return f"{N.COUNTY}{area_name}{self.rng.choice(N.ROADS)}{self.rng.randrange(1, 400)}号"

    # --- the tree --------------------------------------------------------------------------
    def org(self, name: str, kind: str, parent: Org | None, **fields) -> Org:
        org = org_create(name=name, kind=kind, parent=parent, actor=None, check_scope=False, **fields)
        self.summary.orgs += 1
        return org

    def build_tree(self) -> None:
        rng = self.rng
        self.county = self.org(
            N.FEDERATION_NAME,
            OrgKind.FEDERATION,
            None,
            formed_on=datetime.date(1951, 5, 1),
            address=f"{N.COUNTY}城关镇人民路1号",
            uscc=make_uscc(rng, kind="81"),
        )
        self.areas: list[Org] = []
        self.small_unions: list[Org] = []  # joint grassroots unions covering small enterprises
        for area_name, kind, communities in N.AREAS:
            area = self.org(
                f"{area_name}工会",
                OrgKind.TOWNSHIP if kind == "township" else OrgKind.STREET,
                self.county,
                formed_on=_random_date(rng, datetime.date(1980, 1, 1), datetime.date(1995, 12, 31)),
                address=self.address(area_name),
            )
            self.areas.append(area)
            for community in communities:
                c = self.org(
                    f"{area_name}{community}工会",
                    OrgKind.COMMUNITY,
                    area,
                    formed_on=_random_date(rng, datetime.date(2005, 1, 1), datetime.date(2015, 12, 31)),
                )
                self.small_unions.append(
                    self.org(
                        f"{area_name}{community}联合工会",
                        OrgKind.JOINT_GRASSROOTS,
                        c,
                        uscc=make_uscc(rng, kind="81"),
                        formed_on=_random_date(rng, datetime.date(2012, 1, 1), datetime.date(2020, 12, 31)),
                    )
                )
        self.park = self.org(
            f"{N.COUNTY[:2]}经济开发区工会",
            OrgKind.PARK,
            self.county,
            formed_on=datetime.date(2003, 9, 1),
            address=f"{N.COUNTY}经济开发区兴业大道8号",
        )
        self.cluster = self.org(
            f"{N.COUNTY[:2]}经济开发区装备制造产业集群工会联合会",
            OrgKind.JOINT_UNION,
            self.park,
            formed_on=datetime.date(2016, 4, 28),
            uscc=make_uscc(rng, kind="81"),
        )
        self.park_small = self.org(
            f"{N.COUNTY[:2]}经济开发区小微企业联合工会",
            OrgKind.JOINT_GRASSROOTS,
            self.park,
            formed_on=datetime.date(2019, 11, 6),
            uscc=make_uscc(rng, kind="81"),
        )
        self.small_unions.insert(0, self.park_small)
        self.new_form = self.org(
            f"{N.COUNTY}新就业形态劳动者工会联合会",
            OrgKind.JOINT_UNION,
            self.county,
            formed_on=datetime.date(2021, 6, 18),
            uscc=make_uscc(rng, kind="81"),
            address=f"{N.COUNTY}城关镇文化路66号（户外劳动者服务站）",
        )
        for job_type, _weight in NEW_FORM_JOBS:
            route_set(job_type=job_type, area=self.county, union=self.new_form, actor=None, check_scope=False)

        plans = self.plan_enterprises()
        self.allocate(plans)
        for plan in plans:
            if plan.union_parent is not None:
                plan.union = self.org(
                    f"{plan.name}工会",
                    OrgKind.GRASSROOTS,
                    plan.union_parent,
                    uscc=make_uscc(rng, kind="81"),
                    formed_on=plan.formed_on,
                )
                self.grassroots.append(plan.union)
            lat, lon = N.CENTRE
            plan.obj = enterprise_create(
                org=plan.area,
                actor=None,
                check_scope=False,
                union=plan.union,
                union_formed_on=plan.formed_on if plan.union else None,
                name=plan.name,
                uscc=make_uscc(rng),
                employee_count=plan.employees,
                industry=plan.industry,
                ownership=plan.ownership,
                address=self.address(plan.area.name.removesuffix("工会")),
                latitude=round(lat + rng.uniform(-0.12, 0.12), 6),
                longitude=round(lon + rng.uniform(-0.15, 0.15), 6),
                contact_name=self.person_name(rng.random() < 0.5),
                contact_phone=self.mobile(),
            )
            self.summary.enterprises += 1
        self.plans = plans

    def plan_enterprises(self) -> list[_Plan]:
        rng = self.rng
        firms = list(N.FIRMS)
        rng.shuffle(firms)
        firms.sort(key=lambda f: f[0] != "华宇")  # the enterprise whose chair is a demo login comes first
        unionised, pipeline = firms[:30], firms[30:]
        plans = []

        def area_for(industry: str) -> Org:
            if industry == "manufacturing" and rng.random() < 0.5:
                return self.park
            return rng.choice(self.areas)

        for trade, business, industry, ownership, (lo, hi) in unionised:
            area = self.areas[0] if trade == "华宇" else area_for(industry)
            parent = self.cluster if area == self.park and industry == "manufacturing" else area
            plans.append(
                _Plan(
                    name=_firm_name(trade, business),
                    industry=industry,
                    ownership=ownership,
                    employees=rng.randint(lo, hi),
                    area=area,
                    union_parent=parent,
                    formed_on=_random_date(rng, datetime.date(1993, 1, 1), datetime.date(2025, 6, 30)),
                )
            )
        for trade, business, industry, ownership, (lo, hi) in pipeline:
            # The organizing pipeline: 25 or more employees and no union yet.
            plans.append(
                _Plan(
                    name=_firm_name(trade, business),
                    industry=industry,
                    ownership=ownership,
                    employees=rng.randint(max(25, lo // 2), min(hi, 260)),
                    area=area_for(industry),
                )
            )
        for i, (trade, business, industry) in enumerate(N.SMALL_FIRMS):
            union = self.small_unions[i % len(self.small_unions)]
            area = self.park if union == self.park_small else self.area_of(union)
            plans.append(
                _Plan(
                    name=_firm_name(trade, business),
                    industry=industry,
                    ownership="private",
                    employees=rng.randint(5, 24),
                    area=area,
                    union=union,
                    formed_on=union.formed_on,
                )
            )
        return plans

    def area_of(self, org: Org) -> Org:
        return next(a for a in self.areas if org.path.startswith(a.path))

    def allocate(self, plans: list[_Plan]) -> None:
        """Share the members among covered enterprises by size; raise head counts if asked for many."""
        covered = [p for p in plans if p.union_parent is not None or p.union is not None]
        self.new_form_count = round(self.target * NEW_FORM_SHARE)
        rest = self.target - self.new_form_count
        weights = [p.employees * self.rng.uniform(0.55, 0.92) for p in covered]
        total = sum(weights) or 1
        shares = [rest * w / total for w in weights]
        counts = [int(s) for s in shares]
        for i in sorted(range(len(covered)), key=lambda i: shares[i] - counts[i], reverse=True)[
            : rest - sum(counts)
        ]:
            counts[i] += 1
        for plan, count in zip(covered, counts, strict=True):
            plan.allocated = count
            if count > plan.employees * 0.95:
                plan.employees = int(count / 0.9) + 1

    # --- cadres ----------------------------------------------------------------------------
    def user(self, phone: str, name: str) -> User:
        user = User(phone=phone, name=name, password=self.password)
        user.save()
        return user

    def cadre(
        self,
        org: Org,
        *,
        role: str = Role.CHAIR,
        phone: str | None = None,
        name: str | None = None,
        title: str = "",
        pii: bool = False,
    ) -> User:
        if phone is None:
            self.cadre_seq += 1
            phone = f"{OTHER_CADRE_PHONE_PREFIX}{self.cadre_seq:04d}"
        user = self.user(phone, name or self.person_name(self.rng.random() < 0.6))
        position_grant(
            user=user,
            org=org,
            role=role,
            actor=None,
            title=title,
            can_view_personal_data=pii,
            check_scope=False,
        )
        self.summary.cadres += 1
        return user

    def build_cadres(self) -> None:
        chair, staff, enterprise_chair, joint_chair, _rider = LOGINS
        self.county_chair = self.cadre(
            self.county, phone=chair.phone, name=chair.name, title="主席", pii=True
        )
        self.cadre(self.county, role=Role.STAFF, title="组织部部长", pii=True)
        self.cadre(self.county, role=Role.VIEWER, title="统计员")
        self.cadre(self.areas[0], role=Role.STAFF, phone=staff.phone, name=staff.name, title="工会干事")
        self.cadre(
            self.grassroots[0], phone=enterprise_chair.phone, name=enterprise_chair.name, title="工会主席"
        )
        self.cadre(self.new_form, phone=joint_chair.phone, name=joint_chair.name, title="主席")
        for org in [*self.areas, self.park, self.cluster, *self.small_unions, *self.grassroots[1:]]:
            self.cadre(org, title="工会主席" if org.kind == OrgKind.GRASSROOTS else "主席")

    # --- members ---------------------------------------------------------------------------
    def build_members(self) -> None:
        from gonghui.members.models import Member
        from gonghui.members.services.roster import build_member, member_create_many

        rng = self.rng
        by_org: dict[int, tuple[Org, list[Member]]] = {}

        def add(org: Org, member: Member) -> None:
            by_org.setdefault(org.pk, (org, []))[1].append(member)

        def person(org: Org, since: datetime.date | None, **kwargs) -> Member:
            male = rng.random() < 0.58
            birth = self.birth()
            status = Member.Status.ACTIVE
            roll = rng.random()
            if roll < 0.035:  # retired: women at 55 (born 1965–1970), membership kept, dues-free
                male, status = False, Member.Status.RETIRED
                birth = self.birth(1965, 1970)
            start = max(since or datetime.date(1995, 1, 1), _add_years(birth, 18), datetime.date(1990, 1, 1))
            joined = _random_date(rng, start, self.today - datetime.timedelta(days=20))
            member = build_member(
                org=org,
                name=self.person_name(male),
                id_number=self.id_number(birth, male),
                mobile=self.mobile(),
                joined_on=joined,
                source=rng.choice((Member.Source.IMPORT, Member.Source.IMPORT, Member.Source.ONLINE)),
                **kwargs,
            )
            if status == Member.Status.RETIRED:
                member.status = status
                member.retired_on = min(_add_years(birth, 55), self.today)
                member.joined_on = min(member.joined_on, member.retired_on)
            elif roll > 0.985:  # a few have left the union
                member.status = Member.Status.LEFT
                member.left_on = _random_date(rng, member.joined_on, self.today)
            return member

        for plan in self.plans:
            for _i in range(plan.allocated):
                add(plan.union, person(plan.union, plan.formed_on, enterprise=plan.obj))

        jobs = [j for j, _w in NEW_FORM_JOBS]
        weights = [w for _j, w in NEW_FORM_JOBS]
        rider_login = LOGINS[4]
        for i in range(self.new_form_count):
            job_type = "delivery_rider" if i == 0 else rng.choices(jobs, weights)[0]
            kwargs = {
                "job_type": job_type,
                "employer_name": rng.choice(NEW_FORM_EMPLOYERS[job_type]),
                "work_area": rng.choice([self.county, *self.areas, self.park]),
            }
            member = person(self.new_form, self.new_form.formed_on, **kwargs)
            if i == 0:  # the demo rider: active, with a login
                member.name, member.mobile, member.status = (
                    rider_login.name,
                    rider_login.phone,
                    Member.Status.ACTIVE,
                )
                member.user = self.user(rider_login.phone, rider_login.name)
            add(self.new_form, member)

        for org, members in by_org.values():
            self.summary.members += member_create_many(org=org, members=members, actor=None)

    # --- open cases through the real services ---------------------------------------------
    def open_cases(self) -> None:
        try:
            from gonghui.members.services.join import join_submit
        except ImportError:
            join_submit = None
            self.note("入会申请服务（members.services.join.join_submit）尚未就绪，未生成待审核的入会申请。")
        try:
            from gonghui.members.services.lifecycle import transfer_request
        except ImportError:
            transfer_request = None
            self.note(
                "转会服务（members.services.lifecycle.transfer_request）尚未就绪，未生成待接收的转会申请。"
            )
        rng = self.rng
        if join_submit is not None:
            unionised = [
                p.obj for p in self.plans if p.union is not None and p.union.kind == OrgKind.GRASSROOTS
            ]
            small = [p.obj for p in self.plans if p.union is not None and p.union.kind != OrgKind.GRASSROOTS]
            # The first goes to the enterprise whose chair is a demo login, so its workbench has a to-do.
            firms = [unionised[0], *rng.sample(unionised[1:], 2), rng.choice(small)]
            applications: list[dict] = [{"enterprise": e} for e in firms]
            for job_type, _w in NEW_FORM_JOBS:
                applications.append(
                    {
                        "job_type": job_type,
                        "employer_name": rng.choice(NEW_FORM_EMPLOYERS[job_type]),
                        "work_area": rng.choice(self.areas),
                    }
                )
            for kwargs in applications:
                male = rng.random() < 0.7
                try:
                    with transaction.atomic():
                        join_submit(
                            name=self.person_name(male),
                            id_number=self.id_number(self.birth(1975, 2003), male),
                            mobile=self.mobile(),
                            consent=True,
                            **kwargs,
                        )
                    self.summary.join_applications += 1
                except (ValidationError, PermissionDenied, DatabaseError) as e:
                    self.note(f"一份演示入会申请未能提交：{_messages(e)}")
        if transfer_request is not None:
            from gonghui.members.models import Member

            unions = [p for p in self.plans if p.union is not None and p.union.kind == OrgKind.GRASSROOTS]
            movers = []
            for plan in rng.sample(
                unions[1:], min(3, len(unions) - 1)
            ):  # one mover from each of three unions
                member = (
                    Member.objects.filter(org=plan.union, status=Member.Status.ACTIVE, user=None)
                    .order_by("member_no")
                    .first()
                )
                if member is not None:
                    movers.append(member)
            for i, member in enumerate(movers):
                target = (
                    unions[0]
                    if i == 0
                    else rng.choice([p for p in unions[1:] if p.union.pk != member.org_id])
                )
                try:
                    with transaction.atomic():
                        transfer_request(
                            member=member,
                            to_org=target.union,
                            to_enterprise=target.obj,
                            actor=self.county_chair,
                            note="工作调动，已与新单位签订劳动合同。",
                        )
                    self.summary.transfers += 1
                except (ValidationError, PermissionDenied, DatabaseError) as e:
                    self.note(f"一份演示转会申请未能提交：{_messages(e)}")

    def note(self, text: str) -> None:
        self.summary.notes.append(text)


def _firm_name(trade: str, business: str) -> str:
    prefix = "" if trade.startswith(N.COUNTY[:2]) else N.COUNTY[:2]
    return f"{prefix}{trade}{business}有限公司"


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _messages(error: Exception) -> str:
    return "；".join(getattr(error, "messages", None) or [str(error) or type(error).__name__])
