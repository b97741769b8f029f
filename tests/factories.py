"""Test data: named personas and `make_*` helpers shared by every test."""

import contextlib
import datetime
import itertools
from types import SimpleNamespace
from unittest import mock

from django.utils import timezone

from gonghui.accounts.models import Role, User
from gonghui.accounts.services import position_grant
from gonghui.core.validators import ric_check_digit
from gonghui.orgs.models import OrgKind
from gonghui.orgs.services import enterprise_create, org_create, route_set

PASSWORD = "Gonghui-test-2026"
_seq = itertools.count(1)


def make_id_number(
    n: int | None = None,
    *,
    birth: datetime.date = datetime.date(1990, 5, 17),
    male: bool = True,
    area: str = "330102",
) -> str:
    """A valid 18-digit resident ID number; `n` makes it unique."""
    n = next(_seq) if n is None else n
    order = (n % 500) * 2 + (1 if male else 0)
    first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    if n >= 500:  # vary the birth date to stay unique beyond 500 per day
        birth = birth + datetime.timedelta(days=n // 500)
        first17 = f"{area}{birth:%Y%m%d}{order:03d}"
    return first17 + ric_check_digit(first17)


def make_uscc(n: int | None = None, *, prefix: str = "91330102") -> str:
    from stdnum.cn import uscc

    n = next(_seq) if n is None else n
    body = f"{prefix}{n:09d}"[:17]
    return body + uscc.calc_check_digit(body)


def make_mobile(n: int | None = None) -> str:
    n = next(_seq) if n is None else n
    return f"139{n:08d}"


def make_user(*, name: str, phone: str | None = None) -> User:
    return User.objects.create_user(phone or make_mobile(), PASSWORD, name=name)


def make_cadre(org, *, name: str, role: str = Role.CHAIR, pii: bool = False) -> User:
    user = make_user(name=name)
    position_grant(user=user, org=org, role=role, actor=None, can_view_personal_data=pii, check_scope=False)
    return user


def make_member(
    org,
    *,
    name: str = "张伟",
    user=None,
    enterprise=None,
    id_number: str | None = None,
    mobile: str | None = None,
    joined_on: datetime.date = datetime.date(2020, 1, 1),
    job_type: str = "",
):
    from gonghui.members.services.roster import build_member, member_create

    member = build_member(
        org=org,
        name=name,
        id_number=id_number or make_id_number(),
        mobile=mobile or make_mobile(),
        joined_on=joined_on,
        source="manual",
        enterprise=enterprise,
        job_type=job_type,
        user=user,
    )
    return member_create(member=member, actor=None)


def make_world() -> SimpleNamespace:
    """Two counties. Personas: county cadre, township cadre, enterprise union cadre, joint union cadre,
    a read-only viewer, a member, and an outsider (cadre of another county)."""
    w = SimpleNamespace()
    w.county = org_create(name="安平县总工会", kind=OrgKind.FEDERATION, parent=None, check_scope=False)
    w.township = org_create(name="城关镇工会", kind=OrgKind.TOWNSHIP, parent=w.county, check_scope=False)
    w.other_township = org_create(
        name="柳溪乡工会", kind=OrgKind.TOWNSHIP, parent=w.county, check_scope=False
    )
    w.park = org_create(name="安平经济开发区工会", kind=OrgKind.PARK, parent=w.county, check_scope=False)
    w.joint = org_create(
        name="安平县新就业形态劳动者工会联合会",
        kind=OrgKind.JOINT_UNION,
        parent=w.county,
        check_scope=False,
        formed_on=datetime.date(2022, 3, 1),
    )
    w.park_joint = org_create(
        name="开发区小微企业联合工会",
        kind=OrgKind.JOINT_GRASSROOTS,
        parent=w.park,
        check_scope=False,
        formed_on=datetime.date(2021, 6, 1),
    )
    w.union = org_create(
        name="安平华宇机械有限公司工会",
        kind=OrgKind.GRASSROOTS,
        parent=w.township,
        check_scope=False,
        formed_on=datetime.date(2015, 7, 1),
    )
    w.enterprise = enterprise_create(
        org=w.township,
        name="安平华宇机械有限公司",
        uscc=make_uscc(),
        employee_count=180,
        union=w.union,
        union_formed_on=datetime.date(2015, 7, 1),
        check_scope=False,
    )
    w.small_enterprise = enterprise_create(
        org=w.park,
        name="安平小橙科技有限公司",
        uscc=make_uscc(),
        employee_count=12,
        union=w.park_joint,
        union_formed_on=datetime.date(2021, 6, 1),
        check_scope=False,
    )
    w.no_union_enterprise = enterprise_create(
        org=w.township, name="安平恒通物流有限公司", uscc=make_uscc(), employee_count=60, check_scope=False
    )
    route_set(job_type="delivery_rider", area=w.county, union=w.joint, actor=None, check_scope=False)

    w.other_county = org_create(name="临川县总工会", kind=OrgKind.FEDERATION, parent=None, check_scope=False)
    w.other_union = org_create(
        name="临川纺织厂工会", kind=OrgKind.GRASSROOTS, parent=w.other_county, check_scope=False
    )

    w.county_cadre = make_cadre(w.county, name="周建国", pii=True)
    w.township_cadre = make_cadre(w.township, name="李秀英", role=Role.STAFF)
    w.enterprise_cadre = make_cadre(w.union, name="王志强")
    w.joint_cadre = make_cadre(w.joint, name="陈晓东")
    w.viewer = make_cadre(w.township, name="赵丽", role=Role.VIEWER)
    w.outsider = make_cadre(w.other_county, name="孙海")
    w.worker = make_user(name="刘洋")  # a registered person with no membership yet
    w.member_user = make_user(name="张伟")
    w.member = make_member(
        w.union, name="张伟", user=w.member_user, enterprise=w.enterprise, mobile=w.member_user.phone
    )
    w.other_member = make_member(w.other_union, name="钱芳")
    return w


def make_desk_world(w: SimpleNamespace) -> SimpleNamespace:
    """Service-desk and volunteer personas on top of make_world: an enterprise contact, the
    法安先锋 legal team and its leader, a volunteer, a partner unit with its contact, menu items."""
    from gonghui.orgs.services import enterprise_contact_add
    from gonghui.servicedesk.models import Category, MenuItem, PartnerUnit, ServiceTeam, ServiceTeamMember

    w.enterprise_contact = make_user(name="吴敏")
    enterprise_contact_add(
        enterprise=w.enterprise, user=w.enterprise_contact, actor=None, title="人事经理", check_scope=False
    )
    w.team_leader = make_user(name="郑律")
    w.legal_team = ServiceTeam.objects.create(
        org=w.county, name="法安先锋", leader=w.team_leader, description="律师和法律工作者组成的法律服务队"
    )
    ServiceTeamMember.objects.create(team=w.legal_team, user=w.team_leader, kind=ServiceTeamMember.Kind.STAFF)
    w.health_team = ServiceTeam.objects.create(org=w.county, name="康体活力", leader=make_user(name="冯医生"))
    w.lecture = MenuItem.objects.create(
        org=w.county,
        title="劳动法律法规讲座",
        category=Category.LEGAL,
        team=w.legal_team,
        duration_minutes=90,
        serves_people=100,
        bus_eligible=True,
    )
    w.checkup = MenuItem.objects.create(
        org=w.county,
        title="职工健康义诊",
        category=Category.HEALTH,
        team=w.health_team,
        duration_minutes=180,
        serves_people=200,
        bus_eligible=True,
        for_workers=False,
    )
    w.volunteer_user = make_user(name="何志愿")
    w.unit_contact = make_user(name="曹科长")
    w.market_unit = PartnerUnit.objects.create(
        org=w.county,
        name="安平县市场监督管理局",
        department="市场监管",
        contact_name="曹科长",
        contact_phone="0571-88881234",
    )
    w.market_unit.contacts.add(w.unit_contact)
    return w


@contextlib.contextmanager
def on_day(day: datetime.date):
    """Let today be `day` for the code under test (timezone.localdate() with no argument): a team
    delivers on the service date it was dispatched for, days after the dispatch."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    with mock.patch("django.utils.timezone.localdate", localdate):
        yield
