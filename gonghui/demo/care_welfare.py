"""Demo data for care: welfare. load() returns the lines the demo command prints.

The county's condolence rules with the published caps (festival gifts ≤ 2,200 元 per person per
year, birthday ≤ 500 元 once a year, a hospital visit once per illness per year, no cash), a
festival batch at the 华宇 enterprise union computed and mostly handed out (1,015 of 1,072 in the
factory of the issue: the same share of the union's members here), and condolence requests waiting
at each level of the chain. Through the services; idempotent: the county's festival rule is the marker.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo import LOGINS
from gonghui.demo import names as N

SHARE_HANDED_OUT = Decimal(1015) / Decimal(1072)

RULES = (
    # occasion, per occasion, per year, times a year, once per case, note
    ("festival", None, "2200", None, False, "节日慰问品每人每年不超过2200元，不得发放现金、购物卡"),
    ("birthday", "500", None, 1, False, "生日慰问每人每年一次，不超过500元"),
    ("hospital", "1000", None, None, True, "会员住院慰问，同一病情每年慰问一次"),
    ("wedding", "500", None, None, False, ""),
    ("birth", "500", None, None, False, ""),
    ("bereavement", "1000", None, None, False, ""),
    ("retirement", "800", None, 1, False, ""),
)


def load() -> list[str]:
    from gonghui.care.models import CondolenceRule
    from gonghui.orgs.models import Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or CondolenceRule.objects.filter(org=county, occasion="festival").exists():
        return []
    users = {u.phone: u for u in User.objects.filter(phone__in=[lg.phone for lg in LOGINS[:3]])}
    chair, township_cadre, union_chair = (users.get(lg.phone) for lg in LOGINS[:3])
    if chair is None or union_chair is None:
        return []
    union = union_chair.positions.select_related("org").first().org
    lines = [_rules(county, chair)]
    lines.append(_batch(union, union_chair))
    lines.append(_requests(union, union_chair, township_cadre, chair))
    return lines


def _rules(county, chair) -> str:
    from gonghui.care.services import welfare as svc

    with transaction.atomic():
        for occasion, per_occasion, per_year, times, once, note in RULES:
            svc.rule_save(
                org=county,
                occasion=occasion,
                data={
                    "cap_per_occasion": per_occasion,
                    "cap_per_year": per_year,
                    "times_per_year": times,
                    "once_per_case": once,
                    "allow_goods": True,
                    "allow_voucher": occasion != "festival",
                    "allow_cash": False,
                    "retired_eligible": True,
                    "min_member_years": 0,
                    "note": note,
                },
                actor=chair,
            )
    return f"慰问标准 {len(RULES)} 项（县总工会制定：节日每人每年≤2200元、生日≤500元、住院同一病情每年一次、不发现金）"


def _batch(union, union_chair) -> str:
    from gonghui.care.models import WelfareGift
    from gonghui.care.selectors import welfare as sel
    from gonghui.care.services import welfare as svc

    today = timezone.localdate()
    batch = svc.batch_create(
        org=union,
        title=f"{today.year}年春节职工慰问",
        occasion="festival",
        description="米、面、油节日礼包",
        value=Decimal("300"),
        form="goods",
        date=today - datetime.timedelta(days=10),
        actor=union_chair,
    )
    # What the background job runs (the demo runs it in place: no worker needs to be up).
    svc.batch_compute(batch=batch)
    batch.refresh_from_db()
    gifts = list(WelfareGift.objects.filter(batch=batch).select_related("batch", "member").order_by("pk"))
    to_hand = int((len(gifts) * SHARE_HANDED_OUT).to_integral_value())
    for gift in gifts[:to_hand]:
        if gift.member.user_id:
            svc.gift_sign(gift=gift, actor=gift.member.user)
        else:
            svc.gift_confirm(gift=gift, actor=union_chair)
    report = sel.batch_report(batch)
    return (
        f"普惠发放批次 1 个（{union.name}，{batch.title}）：符合条件 {report.eligible:,} 人，"
        f"已签收 {report.handed_out:,} 人，待领取 {report.remaining:,} 人"
    )


def _requests(union, union_chair, township_cadre, chair) -> str:
    from gonghui.care.services import welfare as svc
    from gonghui.members.models import Member

    today = timezone.localdate()
    members = list(Member.objects.filter(org=union, status="active").order_by("member_no")[:8])
    plans = (
        # occasion, amount, case, days ago, what happens next
        ("hospital", "800", "腰椎间盘突出手术", 12, "approve_all"),
        ("bereavement", "1000", "", 20, "approve_all"),
        ("wedding", "500", "", 6, "verify"),
        ("birth", "500", "", 3, "verify"),
        ("hospital", "600", "肺炎住院", 2, ""),
        ("birthday", "300", "", 1, ""),
        ("retirement", "800", "", 15, "send_back"),
    )
    made = 0
    for member, (occasion, amount, case, days, then) in zip(members, plans, strict=False):
        request = svc.condolence_request_create(
            member=member,
            occasion=occasion,
            event_date=today - datetime.timedelta(days=days),
            amount=amount,
            form="goods",
            case_ref=case,
            reason="企业工会走访核实。",
            actor=union_chair,
        )
        made += 1
        if township_cadre is not None and then in ("approve_all", "verify", "send_back"):
            if then == "send_back":
                svc.condolence_request_act(
                    request=request, action="send_back", actor=township_cadre, note="请补充退休审批材料。"
                )
                continue
            svc.condolence_request_act(
                request=request, action="approve", actor=township_cadre, note="情况属实。"
            )
        if then == "approve_all" and request.state == "at_approve":
            svc.condolence_request_act(request=request, action="approve", actor=chair, note="同意。")
    return f"慰问申请 {made} 件（待乡镇审核、待县总工会审批、已批准、已退回各有）"
