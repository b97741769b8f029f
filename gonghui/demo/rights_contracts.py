"""Demo data for rights: collective consultation and contracts. Through the real services:
- the 华宇 union's comprehensive contract (the enterprise chair's login, 13800000003), in force and
  published, ending within three months (the renewal reminder and the home tile);
- the 华宇 union's wage-specific round in progress: demands, two meetings with minutes, and a
  workers' congress vote that met the quorum, still to be filed (the filing tile);
- another enterprise union's women workers' special contract, in force;
- the park's regional contract for its small enterprises (开发区小微企业联合工会), in force and published.
load() returns the lines the demo command prints; it loads once."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from gonghui.demo import names as N

AUTHORITY = f"{N.COUNTY}人力资源和社会保障局"


def is_loaded(county) -> bool:
    from gonghui.rights.models import Contract

    return Contract.objects.filter(org_path__startswith=county.path).exists()


def load() -> list[str]:
    from gonghui.accounts.models import Position, Role
    from gonghui.demo import LOGINS
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded(county):
        return []
    positions = {
        p.user.phone: p
        for p in Position.objects.filter(user__phone__in=[LOGINS[0].phone, LOGINS[2].phone]).select_related(
            "user", "org"
        )
    }
    county_p, union_p = positions.get(LOGINS[0].phone), positions.get(LOGINS[2].phone)
    if not (county_p and union_p) or union_p.role != Role.CHAIR:
        return []
    with transaction.atomic():
        return _build(county, county_p.user, union_p.org, union_p.user)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _in_force(svc, *, org, actor, enterprises, title, kind, starts_on, years, employees, text, publish=True):
    """A round that ran before the term began: voted, filed within ten days, published."""
    ends_on = svc.add_years(starts_on, years) - _days(1)
    round_ = svc.round_start(
        org=org,
        actor=actor,
        title=title,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        employees_covered=employees,
        enterprises=enterprises,
        started_on=starts_on - _days(75),
        text=text,
    )
    total = max(30, min(120, employees // 5))
    svc.vote_record(
        round=round_,
        actor=actor,
        voted_on=starts_on - _days(40),
        representatives_total=total,
        representatives_present=total - total // 6,
        votes_in_favour=total - total // 4,
    )
    contract = svc.contract_file(
        contract=round_.contract, actor=actor, filed_on=starts_on - _days(35), filed_with=AUTHORITY
    )
    if publish:
        svc.contract_publish(contract=contract, actor=actor, published_on=starts_on - _days(15))
    return round_


def _build(county, county_cadre, union, chair) -> list[str]:
    from gonghui.orgs.models import Enterprise, Org, OrgKind
    from gonghui.rights.services import contracts as svc

    today = timezone.localdate()
    lines = []
    huayu = Enterprise.objects.filter(union=union).first()
    if huayu is None:
        return []
    # The comprehensive contract, three years ending in about seven weeks.
    ends = today + _days(50)
    starts = svc.add_years(ends + _days(1), -3)
    _in_force(
        svc,
        org=union,
        actor=chair,
        enterprises=[huayu],
        title=f"{huayu.name}综合性集体合同（{starts.year}—{ends.year}年）",
        kind="comprehensive",
        starts_on=starts,
        years=3,
        employees=huayu.employee_count,
        text=(
            "第一条 为维护职工和企业的合法权益，根据《中华人民共和国劳动法》《集体合同规定》，经平等协商，订立本合同。\n"
            "第二条 职工月平均工资年增长幅度不低于当地工资指导线基准线。\n"
            "第三条 实行标准工时制度，加班须经工会和职工本人同意，并依法支付加班工资。"
        ),
    )
    lines.append(f"集体合同：{huayu.name}综合性集体合同，{date_format(ends, 'DATE_FORMAT')}到期（三个月内）")

    # The wage round in progress: voted three days ago, to be filed within ten days.
    round_ = svc.round_start(
        org=union,
        actor=chair,
        title=f"{today.year + 1}年度{huayu.name}工资专项集体协商",
        kind="wage",
        starts_on=today + _days(30),
        ends_on=svc.add_years(today + _days(30), 1) - _days(1),
        employees_covered=huayu.employee_count,
        enterprises=[huayu],
        started_on=today - _days(45),
        text="第一条 一线职工工资增长不低于6%。\n第二条 夜班津贴每班提高至40元。\n第三条 高温津贴按省标准上浮20%。",
    )
    for demand in (
        "一线职工工资增长不低于6%",
        "夜班津贴每班提高至40元",
        "高温津贴按省标准上浮20%",
        "技能等级与岗位工资挂钩",
    ):
        svc.demand_add(round=round_, actor=chair, text=demand)
    svc.meeting_add(
        round=round_,
        actor=chair,
        held_on=today - _days(30),
        place=f"{huayu.name}三楼会议室",
        minutes="第一次协商会议：职工方提出四项诉求；企业方同意夜班津贴和高温津贴，工资增幅待测算后再议。",
    )
    svc.meeting_add(
        round=round_,
        actor=chair,
        held_on=today - _days(15),
        place=f"{huayu.name}三楼会议室",
        minutes="第二次协商会议：双方就工资增长6%达成一致，形成合同草案，提交职工代表大会审议。",
    )
    svc.vote_record(
        round=round_,
        actor=chair,
        voted_on=today - _days(3),
        representatives_total=60,
        representatives_present=52,
        votes_in_favour=47,
    )
    lines.append("集体协商：华宇工资专项协商，职工代表大会已表决通过（60人，出席52人，赞成47票），待报送")

    # Another enterprise union's women workers' special contract.
    other = (
        Enterprise.objects.filter(union__kind=OrgKind.GRASSROOTS, union__path__startswith=county.path)
        .exclude(union=union)
        .select_related("union")
        .order_by("-employee_count")
        .first()
    )
    if other is not None:
        starts = today - _days(200)
        _in_force(
            svc,
            org=other.union,
            actor=county_cadre,
            enterprises=[other],
            title=f"{other.name}女职工权益保护专项集体合同",
            kind="women",
            starts_on=starts,
            years=2,
            employees=other.employee_count,
            text="第一条 女职工孕期、产期、哺乳期的工资福利待遇不降低。\n第二条 设立母婴室，每年组织一次妇科检查。",
        )
        lines.append(f"集体合同：{other.name}女职工权益保护专项集体合同")

    # The park's regional contract for its small enterprises.
    park_small = Org.objects.filter(
        kind=OrgKind.JOINT_GRASSROOTS, parent__kind=OrgKind.PARK, path__startswith=county.path
    ).first()
    smalls = list(Enterprise.objects.filter(union=park_small).order_by("name")) if park_small else []
    if smalls:
        starts = today - _days(120)
        _in_force(
            svc,
            org=park_small,
            actor=county_cadre,
            enterprises=smalls,
            title=f"{park_small.name}区域性集体合同",
            kind="comprehensive",
            starts_on=starts,
            years=3,
            employees=sum(e.employee_count for e in smalls) or len(smalls),
            text="第一条 本合同适用于开发区内加入小微企业联合工会的企业及其职工。\n第二条 职工工资不低于当地最低工资标准的120%。",
        )
        lines.append(f"集体合同：{park_small.name}区域性集体合同，覆盖 {len(smalls)} 家小微企业")
    return lines
