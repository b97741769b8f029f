"""Demo data for rights: legal aid. Lawyers on the county's list (one the legal adviser of the 华宇
enterprise: the conflict check refuses him for cases against it), consultations on every channel
(the 12351 hotline, a worker home, online — the rider's own, 13800000005), and cases in every stage
with recovered wages: 咨询, 调解, 仲裁, 诉讼, closed and rated, and one whose next action is overdue.
Through the real services; the county's lawyer 周正 is the marker. load() returns the lines printed."""

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

MARKER_LAWYER = "周正"


def is_loaded() -> bool:
    from gonghui.rights.models import Lawyer

    return Lawyer.objects.filter(name=MARKER_LAWYER, org__parent=None, org__name=N.FEDERATION_NAME).exists()


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
    county_p, _township_p, union_p = (chairs.get(login.phone) for login in LOGINS[:3])
    if not (county_p and union_p) or union_p.role != Role.CHAIR:
        return []
    with transaction.atomic():
        return _build(county, county_p.user, union_p.org, union_p.user, LOGINS[4].phone)


def _ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _build(county, county_cadre, union, chair, rider_phone: str) -> list[str]:
    from gonghui.accounts.models import User
    from gonghui.members.models import Member
    from gonghui.orgs.models import Enterprise
    from gonghui.rights.services import legal as svc

    employer = Enterprise.objects.filter(union=union).first()
    volunteer = svc.lawyer_save(
        org=county, actor=county_cadre, name=MARKER_LAWYER, firm="桐川正平律师事务所", kind="volunteer"
    )
    adviser = svc.lawyer_save(
        org=county,
        actor=county_cadre,
        name="吴立信",
        firm="桐川立信律师事务所",
        kind="retained",
        enterprises=[employer] if employer else [],
    )
    members = list(
        Member.objects.filter(org=union, status=Member.Status.ACTIVE)
        .exclude(mobile__startswith="138000000")
        .order_by("member_no")[:6]
    )
    if len(members) < 6:
        return []
    where = {"enterprise": employer} if employer else {"employer_name": "桐川华宇机械制造有限公司"}

    # consultations on every channel
    svc.consultation_record(
        org=union,
        actor=chair,
        channel="hotline",
        topic="overtime",
        summary="车间连续三个月每周六加班，没有加班费，也没有安排补休。",
        member=members[0],
        answer="休息日加班又不能安排补休的，应支付不低于工资200%的加班费。可先向企业工会反映，由工会与企业协商。",
        **where,
    )
    svc.consultation_record(
        org=union,
        actor=chair,
        channel="station",
        topic="insurance",
        summary="入职半年，企业一直没有缴纳社会保险。",
        worker_name="郑晓燕",
        worker_phone="13912345678",
        employer_name="桐川顺达餐饮管理有限公司",
        answer="用人单位应自用工之日起三十日内为职工办理社会保险登记。可向社保经办机构投诉，工会可协助。",
    )
    rider = User.objects.filter(phone=rider_phone).first()
    lines = []
    if rider is not None:
        asked = svc.consultation_ask(
            user=rider,
            topic="wages",
            summary="配送站拖欠我两个月的配送费共 8,600 元，站长说平台没结算。",
            employer_name="桐川快达配送站",
            submission=uuid.uuid4(),
            org=county,
        )
        svc.consultation_answer(
            consultation=asked,
            answer="配送费属于劳动报酬。工会已受理，将安排律师介入调解，请保留接单记录和聊天记录。",
            actor=county_cadre,
        )
        rider_case = svc.case_open(
            actor=county_cadre,
            consultation=asked,
            amount_claimed=Decimal("8600"),
            opened_on=_ago(12),
            lawyer=volunteer,
            next_action="收集接单记录",
        )
        svc.case_advance(
            case=rider_case,
            actor=county_cadre,
            stage="mediation",
            on=_ago(5),
            outcome="配送站同意参加调解",
            next_action="调解会（县总工会职工服务中心）",
            next_due=timezone.localdate() + datetime.timedelta(days=6),
        )
        lines.append(f"骑手的法律援助案件 {rider_case.number}：调解阶段，下一步有日期")

    # cases in every stage, by the enterprise union, with the volunteer lawyer (the adviser would conflict)
    def case(member, *, days, claimed, topic="wages", summary):
        return svc.case_open(
            actor=chair,
            org=union,
            member=member,
            topic=topic,
            summary=summary,
            amount_claimed=Decimal(claimed),
            opened_on=_ago(days),
            lawyer=volunteer,
            **where,
        )

    case(members[1], days=2, claimed="12000", summary="被拖欠两个月工资。")
    mediating = case(members[2], days=20, claimed="24000", summary="被拖欠四个月工资。")
    svc.case_advance(
        case=mediating,
        actor=chair,
        stage="mediation",
        on=_ago(15),
        outcome="企业承认欠薪，同意分期支付",
        next_action="核对第一期付款",
        next_days=3,
    )
    # overdue: the next action's date has passed
    svc.case_advance(
        case=mediating,
        actor=chair,
        stage="mediation",
        on=_ago(10),
        outcome="第一期未按时支付",
        next_due=_ago(4),
    )
    arbitrating = case(
        members[3], days=40, claimed="36000", topic="dismissal", summary="被违法解除劳动合同。"
    )
    svc.case_advance(case=arbitrating, actor=chair, stage="mediation", on=_ago(35), outcome="调解未成")
    svc.case_advance(
        case=arbitrating,
        actor=chair,
        stage="arbitration",
        on=_ago(20),
        outcome="已向县劳动人事争议仲裁委员会申请仲裁",
        next_action="仲裁开庭",
        next_due=timezone.localdate() + datetime.timedelta(days=12),
    )
    suing = case(members[4], days=90, claimed="58000", topic="injury", summary="工伤待遇争议。")
    svc.case_advance(case=suing, actor=chair, stage="arbitration", on=_ago(80), outcome="申请仲裁")
    svc.case_advance(
        case=suing,
        actor=chair,
        stage="litigation",
        on=_ago(30),
        outcome="不服仲裁裁决，向县人民法院起诉",
        next_action="一审开庭",
        next_due=timezone.localdate() + datetime.timedelta(days=20),
    )
    closed = case(members[5], days=30, claimed="15000", summary="被拖欠三个月工资。")
    svc.case_advance(case=closed, actor=chair, stage="mediation", on=_ago(25), outcome="调解")
    svc.case_close(
        case=closed,
        actor=chair,
        closed_on=_ago(8),
        outcome="mediated",
        recovered=Decimal("16200"),
        note="足额支付欠薪并支付经济补偿",
    )
    if closed.worker_user_id:
        svc.case_rate(case=closed, user=closed.worker_user, score=5, note="律师很专业")
    lines.insert(
        0,
        f"法律援助：律师 2 名（{adviser.name}为企业法律顾问，不能承办针对该企业的案件），"
        "咨询 3 条（热线、服务站、网上），案件 6 件（咨询、调解（已超期）、仲裁、诉讼、已结案追回 16200 元）",
    )
    return lines
