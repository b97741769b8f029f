"""Demo data for care: hardship files of the 华宇 union (the enterprise chair's login, 13800000003)
in every class and at every step of the chain: on file with aid, waiting at the township (城关镇,
13800000002), waiting at the county (13800000001), sent back with a reason, a draft, and one that
left hardship. Through the real services; the county's minimum-living line is the marker."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

LINE = Decimal("780")  # the county's 低保标准 (元/人/月)

# (cause, household size, monthly household income, medical costs, where it stands)
FILES = (
    ("illness", 3, "1800", "42000", "on_file"),  # deep: 600 per person
    ("schooling", 4, "4200", "0", "on_file"),  # relative: 1,050
    ("disaster", 3, "4500", "0", "on_file"),  # sudden: a house flooded
    ("disability", 2, "1300", "0", "at_verify"),  # deep
    ("unemployment", 3, "3600", "0", "at_approve"),  # relative
    ("illness", 4, "5600", "61000", "returned"),  # sudden: medical costs
    ("schooling", 3, "3900", "0", "draft"),  # relative
    ("illness", 2, "1400", "0", "exited"),  # deep, then moved away
)
HOUSEHOLD = (
    ("spouse", 1978, "unemployed", "0"),
    ("child", 2010, "student", "0"),
    ("parent", 1950, "ill", "300"),
)


def is_loaded() -> bool:
    from gonghui.care.models import PovertyLine

    return PovertyLine.objects.filter(org__parent=None, org__name=N.FEDERATION_NAME).exists()


def load() -> list[str]:
    from gonghui.accounts.models import Position, Role
    from gonghui.demo import LOGINS
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return []
    chairs = {
        p.user.phone: p
        for p in Position.objects.filter(
            user__phone__in=[login.phone for login in LOGINS[:3]]
        ).select_related("user", "org")
    }
    county_p, township_p, union_p = (chairs.get(login.phone) for login in LOGINS[:3])
    if not (county_p and township_p and union_p) or union_p.role != Role.CHAIR:
        return []
    with transaction.atomic():
        return _build(county, county_p.user, township_p.user, union_p.org, union_p.user)


def _build(county, county_cadre, township_cadre, union, chair) -> list[str]:
    from gonghui.care.services import hardship as svc
    from gonghui.members.models import Member

    today = timezone.localdate()
    svc.poverty_line_set(org=county, year=today.year - 1, minimum_living=LINE - 30, actor=county_cadre)
    svc.poverty_line_set(org=county, year=today.year, minimum_living=LINE, actor=county_cadre)
    members = list(
        Member.objects.filter(org=union, status=Member.Status.ACTIVE)
        .exclude(mobile__startswith="138000000")  # not the demo logins
        .order_by("-member_no")[: len(FILES)]
    )
    on_file = 0
    for member, (cause, size, income, medical, where) in zip(members, FILES, strict=False):
        file = svc.file_create(
            member=member,
            actor=chair,
            cause=cause,
            household_size=size,
            household_income=Decimal(income),
            medical_costs=Decimal(medical),
            cause_detail=_detail(cause),
            bank_name="中国农业银行桐川支行",
            bank_account=f"62284804{member.member_no[-10:]:0>10}1",
            health="慢性肾病，每周透析三次" if cause == "illness" else "",
        )
        for relation, year, situation, earns in HOUSEHOLD[: size - 1]:
            svc.household_add(
                file=file,
                actor=chair,
                name=member.name[0]
                + ("秀兰" if relation == "spouse" else "小宇" if relation == "child" else "德明"),
                relation=relation,
                birth_year=year,
                situation=situation,
                monthly_income=Decimal(earns),
            )
        if where == "draft":
            continue
        svc.file_act(file=file, action="submit", actor=chair)
        if where == "at_verify":
            continue
        if where == "returned":
            svc.file_act(
                file=file,
                action="send_back",
                actor=township_cadre,
                reason="请补充近一年医疗费用票据和医院诊断证明。",
            )
            continue
        svc.file_act(file=file, action="approve", actor=township_cadre, reason="经入户核实，情况属实。")
        if where == "at_approve":
            continue
        svc.file_act(file=file, action="approve", actor=county_cadre)
        on_file += 1
        svc.assistance_add(
            file=file,
            org=county,
            actor=county_cadre,
            kind="cash",
            need=f"{today.year}年元旦春节送温暖",
            amount=Decimal("1000"),
            given_on=today,
        )
        if cause == "schooling":
            svc.assistance_add(
                file=file,
                org=union,
                actor=chair,
                kind="schooling",
                need=f"{today.year}年秋季学期学费",
                amount=Decimal("2000"),
                given_on=today,
            )
        if cause == "illness":
            svc.assistance_add(
                file=file,
                org=county,
                actor=county_cadre,
                kind="medical",
                need=f"{today.year}年住院自付费用",
                amount=Decimal("5000"),
                given_on=today,
            )
        if where == "exited":
            svc.file_exit(file=file, reason="职工随子女迁往外省居住，转出本地。", actor=chair)
            on_file -= 1
    return [
        f"困难职工档案：{len(members)} 份（在档 {on_file} 户，待乡镇审核、待县总工会审批、已退回、草稿、已退出各有），"
        f"县低保标准 {LINE} 元/人/月"
    ]


def _detail(cause: str) -> str:
    return {
        "illness": "本人患慢性肾病需长期透析，医疗费用负担重。",
        "schooling": "两个子女在读，学费和生活费支出大。",
        "disaster": "今年7月洪水冲毁住房，正在重建。",
        "disability": "本人肢体二级残疾，配偶无固定收入。",
        "unemployment": "配偶所在企业停产，失业半年。",
    }.get(cause, "")
