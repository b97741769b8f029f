"""Demo data for rights: supervision letters of the county federation (chair 13800000001) and the
城关镇 union (13800000002) to the county's enterprises, through the real services on their own days
(demo.desk.clock): a reminder letter replied, rectified and closed; an opinion letter awaiting its
reply; one past its deadline; one that was not corrected and became a recommendation letter to the
labour authority; a draft. The county's letterhead setting is the marker."""

import datetime

from django.db import transaction
from django.utils import timezone

from gonghui.demo import names as N

AUTHORITY = "桐川县人力资源和社会保障局"

# (kind, problem, title, facts, basis, demands, days ago issued, what happened after)
LETTERS = (
    (
        "reminder",
        "insurance",
        "关于依法为职工缴纳社会保险的提示函",
        "据职工反映，贵单位部分新入职职工试用期内未参加社会保险。",
        "《中华人民共和国社会保险法》第五十八条",
        "请自用工之日起三十日内为职工办理社会保险登记并足额缴费。",
        60,
        "closed",
    ),
    (
        "opinion",
        "wages",
        "关于依法足额支付职工工资的意见书",
        "经调查核实，贵单位自今年9月起拖欠一线职工工资，涉及职工56人，金额约42万元。",
        "《中华人民共和国劳动法》第五十条、《保障农民工工资支付条例》",
        "请于收到本意见书后依法足额支付拖欠的工资，并将整改情况书面回复本会。",
        35,
        "escalated",
    ),
    (
        "opinion",
        "overtime",
        "关于依法安排职工工作时间的意见书",
        "职工反映车间连续三个月每日工作12小时，每月休息不足两天。",
        "《中华人民共和国劳动法》第四十一条",
        "请依法安排工作时间，延长工作时间须与工会和职工协商并支付加班费。",
        30,
        "overdue",
    ),
    (
        "reminder",
        "contract",
        "关于依法与职工签订书面劳动合同的提示函",
        "贵单位部分职工入职超过一个月仍未签订书面劳动合同。",
        "《中华人民共和国劳动合同法》第十条",
        "请尽快与相关职工订立书面劳动合同。",
        5,
        "served",
    ),
    (
        "reminder",
        "safety",
        "关于落实高温天气劳动保护措施的提示函",
        "近期持续高温，请贵单位落实防暑降温措施。",
        "《防暑降温措施管理办法》",
        "请合理调整作业时间，发放高温津贴。",
        0,
        "draft",
    ),
)


def is_loaded() -> bool:
    from gonghui.rights.models import LetterSettings

    return LetterSettings.objects.filter(org__parent=None, org__name=N.FEDERATION_NAME).exists()


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def load() -> list[str]:
    from gonghui.accounts.models import Position
    from gonghui.demo import LOGINS
    from gonghui.orgs.models import Enterprise, Org

    county = Org.objects.filter(parent=None, name=N.FEDERATION_NAME).first()
    if county is None or is_loaded():
        return []
    chair = Position.objects.filter(user__phone=LOGINS[0].phone, org=county).select_related("user").first()
    if chair is None:
        return []
    enterprises = list(
        Enterprise.objects.filter(org__path__startswith=county.path, union__isnull=False).order_by(
            "-employee_count"
        )[: len(LETTERS)]
    )
    if len(enterprises) < len(LETTERS):
        return []
    with transaction.atomic():
        return _build(county, chair.user, enterprises)


def _build(county, actor, enterprises) -> list[str]:
    from gonghui.demo.desk import clock
    from gonghui.rights.services import letters as svc

    today = timezone.localdate()
    svc.settings_save(org=county, organ_code="桐工函", reply_days=15, authority=AUTHORITY, actor=actor)
    events: list = []  # (moment, order, step): run in date order, so numbers follow the dates
    letters: dict[int, object] = {}

    def plan(moment, step):
        events.append((moment, len(events), step))

    for i, (enterprise, (kind, problem, title, facts, basis, demands, ago, after)) in enumerate(
        zip(enterprises, LETTERS, strict=True)
    ):
        issued = today - datetime.timedelta(days=ago)

        def draft(
            i=i,
            enterprise=enterprise,
            kind=kind,
            problem=problem,
            title=title,
            facts=facts,
            basis=basis,
            demands=demands,
            issued=issued,
            after=after,
        ):
            letter = svc.letter_create(
                org=county,
                kind=kind,
                enterprise=enterprise,
                problem=problem,
                title=title,
                facts=facts,
                basis=basis,
                demands=demands,
                actor=actor,
            )
            if after != "draft":
                letter = svc.letter_issue(letter=letter, actor=actor)
                letter = svc.letter_serve(
                    letter=letter,
                    served_on=issued,
                    how="direct",
                    signed_by=enterprise.name[2:4] + "经理",
                    actor=actor,
                )
            letters[i] = letter

        plan(_at(issued), draft)
        replied = issued + datetime.timedelta(days=10)
        if after == "closed":

            def close(i=i, replied=replied):
                letter = svc.letter_reply(
                    letter=letters[i],
                    replied_on=replied,
                    text="已为12名新入职职工补办社会保险登记并补缴费用。",
                    actor=actor,
                )
                letter = svc.letter_verify(
                    letter=letter,
                    verified_on=replied,
                    verification="查阅社保缴费记录，已全部补缴。",
                    actor=actor,
                )
                svc.letter_close(letter=letter, note="整改到位，办结。", actor=actor)

            plan(_at(replied, 15), close)
        elif after == "escalated":
            late = issued + datetime.timedelta(days=24)  # past the 15 working days

            def escalate(i=i, late=late):
                follow = svc.letter_escalate(
                    letter=letters[i], note="逾期未书面回复，经回访工资仍未支付。", actor=actor
                )
                follow = svc.letter_issue(letter=follow, actor=actor)
                svc.letter_serve(
                    letter=follow, served_on=late, how="direct", signed_by="人社局办公室", actor=actor
                )

            plan(_at(late), escalate)
    for moment, _order, step in sorted(events, key=lambda e: (e[0], e[1])):
        with clock(lambda moment=moment: moment):
            step()
    svc.letters_note_overdue()
    return [
        f"一函两书：{len(letters) + 1} 份（已办结、待回复、逾期未回复、已提请建议书、草稿各有），"
        f"文号 桐工函〔{today.year}〕"
    ]
