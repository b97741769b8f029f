"""Legal aid through the services: consultations, cases through the stages, the conflict check,
amounts, closure and the worker's rating, and the hostile inputs."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.core import workdays
from gonghui.core.models import TransitionLog
from gonghui.rights.models import CaseStage, Consultation, LegalCase
from gonghui.rights.selectors import legal as sel
from gonghui.rights.services import legal as svc
from tests.factories import make_user
from tests.rights.legal.conftest import make_case, make_consultation, past

pytestmark = pytest.mark.django_db


def test_a_hotline_consultation_of_a_member_links_their_account(world):
    c = make_consultation(world, answer="可向劳动监察大队投诉，并申请劳动仲裁。")
    assert c.worker_user == world.member_user and c.worker_name == "张伟"
    assert c.answered_at is not None and c.employer == "安平华宇机械有限公司"
    assert list(sel.consultations_of_worker(world.member_user)) == [c]


def test_a_non_member_is_recorded_by_name_and_a_normalised_phone(world):
    stranger = make_user(name="孙丽")
    c = make_consultation(
        world,
        member=None,
        worker_name=" 孙丽 ",
        worker_phone=" +86 " + "".join(chr(ord(d) + 0xFEE0) for d in stranger.phone),  # full-width digits
        enterprise=None,
        employer_name="安平某餐饮店",
        channel="station",
    )
    assert c.worker_phone == stranger.phone and c.worker_user == stranger
    assert c.phone_masked == stranger.phone[:3] + "****" + stranger.phone[-4:]


def test_a_non_member_without_a_phone_or_with_a_bad_one_is_refused(world):
    with pytest.raises(ValidationError, match="请填写手机号码"):
        make_consultation(world, member=None, worker_name="孙丽", worker_phone="")
    with pytest.raises(ValidationError, match="11位数字"):
        make_consultation(world, member=None, worker_name="孙丽", worker_phone="12345")
    assert not Consultation.objects.exists()


def test_another_countys_cadre_cannot_record_for_the_union(world):
    with pytest.raises(PermissionDenied):
        make_consultation(world, actor=world.outsider)


def test_an_online_question_twice_is_one_record(world):
    key = uuid.uuid4()
    ask = dict(
        user=world.member_user,
        topic="overtime",
        summary="每天加班四小时没有加班费",
        employer_name="",
        submission=key,
    )
    first = svc.consultation_ask(**ask)
    second = svc.consultation_ask(**ask)
    assert first.pk == second.pk and Consultation.objects.count() == 1
    assert first.org == world.union and first.channel == "online" and first.enterprise == world.enterprise


def test_a_non_member_asking_online_picks_the_area(world):
    with pytest.raises(ValidationError, match="请选择"):
        svc.consultation_ask(
            user=world.worker,
            topic="wages",
            summary="工资被拖欠两个月",
            employer_name="某工地",
            submission=uuid.uuid4(),
        )
    c = svc.consultation_ask(
        user=world.worker,
        topic="wages",
        summary="工资被拖欠两个月",
        employer_name="某工地",
        submission=uuid.uuid4(),
        org=world.township,
    )
    assert c.worker_user == world.worker and c.member is None and c.employer_name == "某工地"


def test_someone_elses_form_key_is_not_theirs(world):
    key = uuid.uuid4()
    svc.consultation_ask(
        user=world.member_user, topic="wages", summary="工资被拖欠两个月", employer_name="", submission=key
    )
    with pytest.raises(PermissionDenied):
        svc.consultation_ask(
            user=world.worker,
            topic="wages",
            summary="工资被拖欠两个月",
            employer_name="x",
            submission=key,
            org=world.county,
        )


def test_a_case_from_a_consultation_takes_its_worker_and_is_opened_once(world):
    c = make_consultation(world)
    case = svc.case_open(actor=world.enterprise_cadre, consultation=c, amount_claimed="18000")
    assert (
        case.worker_user == world.member_user
        and case.enterprise == world.enterprise
        and case.topic == "wages"
    )
    assert case.state == "consult" and case.number.startswith("法援〔")
    assert case.next_due == workdays.add_working_days(timezone.localdate(), 5, org=world.union)
    assert case.close_due == workdays.add_working_days(timezone.localdate(), 60, org=world.union)
    with pytest.raises(ValidationError, match="不能重复立案"):
        svc.case_open(actor=world.enterprise_cadre, consultation=c)
    assert LegalCase.objects.count() == 1 and CaseStage.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "不能为负数"),
        ("1e12", "不能超过"),
        ("NaN", "金额数字"),
        ("Infinity", "金额数字"),
        ("很多", "金额数字"),
    ],
)
def test_negative_or_absurd_amounts_are_refused(world, amount, message):
    with pytest.raises(ValidationError, match=message):
        make_case(world, amount_claimed=amount)
    assert not LegalCase.objects.exists()
    case = make_case(world)
    with pytest.raises(ValidationError, match=message):
        svc.case_amounts(case=case, claimed="100", recovered=amount, actor=world.enterprise_cadre)
    case.refresh_from_db()
    assert case.amount_recovered == 0


def test_recovered_may_exceed_claimed(world):
    case = make_case(world)
    svc.case_amounts(case=case, claimed="18000", recovered="21600.50", actor=world.enterprise_cadre)
    case.refresh_from_db()
    assert case.amount_recovered == Decimal("21600.50")


def test_the_stages_move_forward_with_a_log(world):
    case = make_case(world)
    svc.case_advance(
        case=case,
        actor=world.enterprise_cadre,
        stage="consult",
        on=past(9),
        outcome="收集工资条",
        next_days=3,
    )
    svc.case_advance(
        case=case,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(8),
        outcome="企业同意调解",
        next_action="调解会",
        next_days=5,
    )
    svc.case_advance(
        case=case,
        actor=world.enterprise_cadre,
        stage="litigation",
        on=past(2),
        outcome="调解未果，仲裁裁决后起诉",
        next_due=past(-20),
    )
    case.refresh_from_db()
    assert case.state == "litigation" and case.next_due == past(-20)
    assert [s.stage for s in case.stages.all()] == ["consult", "consult", "mediation", "litigation"]
    assert [log.to_state for log in TransitionLog.objects.filter(object_id=case.pk)] == [
        "mediation",
        "litigation",
    ]
    with pytest.raises(ValidationError, match="不能回到"):
        svc.case_advance(
            case=case, actor=world.enterprise_cadre, stage="mediation", on=past(1), outcome="再次调解"
        )


def test_a_stage_dated_before_the_opening_or_in_the_future_is_refused(world):
    case = make_case(world)
    with pytest.raises(ValidationError, match="早于立案日期"):
        svc.case_advance(
            case=case, actor=world.enterprise_cadre, stage="mediation", on=past(30), outcome="调解"
        )
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.case_advance(
            case=case, actor=world.enterprise_cadre, stage="mediation", on=past(-3), outcome="调解"
        )
    with pytest.raises(ValidationError, match="工作日之间"):
        svc.case_advance(
            case=case,
            actor=world.enterprise_cadre,
            stage="mediation",
            on=past(1),
            outcome="调解",
            next_days=9999,
        )


def test_a_conflicting_lawyer_is_refused_naming_the_conflict(world, adviser, lawyer):
    case = make_case(world)
    with pytest.raises(ValidationError, match="钱律（安平信达律师事务所）是安平华宇机械有限公司的法律顾问"):
        svc.case_assign_lawyer(case=case, lawyer=adviser, actor=world.enterprise_cadre)
    with pytest.raises(ValidationError, match="利益冲突"):
        make_case(world, lawyer=adviser)
    # by name too, when the employer was typed rather than chosen
    with pytest.raises(ValidationError, match="利益冲突"):
        make_case(world, enterprise=None, employer_name="安平华宇 机械有限公司", lawyer=adviser)
    svc.case_assign_lawyer(case=case, lawyer=lawyer, actor=world.enterprise_cadre)
    case.refresh_from_db()
    assert case.lawyer == lawyer


def test_a_lawyer_with_an_open_case_cannot_become_the_adversarys_adviser(world, lawyer):
    case = make_case(world, lawyer=lawyer)
    with pytest.raises(ValidationError, match="正在承办针对安平华宇机械有限公司的案件"):
        svc.lawyer_save(
            lawyer=lawyer,
            org=world.county,
            actor=world.county_cadre,
            name=lawyer.name,
            firm=lawyer.firm,
            kind="volunteer",
            enterprises=[world.enterprise],
        )
    assert case.number


def test_a_lawyer_of_another_county_is_not_offered(world):
    theirs = svc.lawyer_save(
        org=world.other_county, actor=world.outsider, name="外县律师", firm="临川所", kind="retained"
    )
    case = make_case(world)
    with pytest.raises(ValidationError, match="上级工会名册"):
        svc.case_assign_lawyer(case=case, lawyer=theirs, actor=world.enterprise_cadre)
    assert theirs not in sel.lawyers_for_case(case)


def test_closure_before_the_opening_is_refused(world):
    case = make_case(world)
    with pytest.raises(ValidationError, match="结案日期不能早于立案日期"):
        svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(11), outcome="mediated")
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(-1), outcome="mediated")
    case.refresh_from_db()
    assert case.state == "consult" and case.closed_on is None


def test_closing_records_the_outcome_and_nothing_more_can_happen(world):
    case = make_case(world)
    svc.case_close(
        case=case,
        actor=world.enterprise_cadre,
        closed_on=past(1),
        outcome="mediated",
        recovered="18000",
        note="一次性支付",
    )
    case.refresh_from_db()
    assert case.state == "closed" and case.amount_recovered == Decimal("18000.00") and case.closed_on_time
    assert case.next_due is None
    with pytest.raises(ValidationError, match="已结案"):
        svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(1), outcome="won")
    with pytest.raises(ValidationError, match="已结案"):
        svc.case_advance(case=case, actor=world.enterprise_cadre, stage="litigation", on=past(0), outcome="x")


def test_the_worker_rates_once_after_closure(world):
    case = make_case(world)
    with pytest.raises(ValidationError, match="结案后才能评价"):
        svc.case_rate(case=case, user=world.member_user, score=5)
    svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="won")
    with pytest.raises(PermissionDenied):
        svc.case_rate(case=case, user=world.enterprise_cadre, score=5)
    with pytest.raises(ValidationError, match="1 至 5"):
        svc.case_rate(case=case, user=world.member_user, score=6)
    svc.case_rate(case=case, user=world.member_user, score=4, note="律师很耐心")
    with pytest.raises(ValidationError, match="只能评价一次"):
        svc.case_rate(case=case, user=world.member_user, score=1)
    case.refresh_from_db()
    assert case.satisfaction == 4


def test_a_read_only_viewer_or_outsider_cannot_act_on_a_case(world):
    case = make_case(world)
    for who in (world.viewer, world.outsider):
        with pytest.raises(PermissionDenied):
            svc.case_close(case=case, actor=who, closed_on=past(0), outcome="won")


def test_overdue_cases_are_listed_first(world):
    late = make_case(world, summary="甲", opened_on=past(40))
    svc.case_advance(
        case=late,
        actor=world.enterprise_cadre,
        stage="mediation",
        on=past(30),
        outcome="调解",
        next_due=past(20),
    )
    fresh = make_case(world, summary="乙", opened_on=past(0))
    cases = list(sel.case_list_for(world.county_cadre))
    assert cases[0] == late and fresh in cases
    assert sel.is_overdue(late) and not sel.is_overdue(fresh)
    assert list(sel.case_list_for(world.county_cadre, state="overdue")) == [late]
    assert late in sel.due_for(world.county_cadre)
    assert list(sel.case_list_for(world.outsider)) == []


def test_the_figures_count_a_subtrees_legal_aid(world):
    make_consultation(world)
    make_consultation(world, channel="station")
    case = make_case(world, opened_on=past(1))
    svc.case_close(
        case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="won", recovered="9000"
    )
    svc.case_rate(case=case, user=world.member_user, score=5)
    now = timezone.now()
    lo, hi = now - datetime.timedelta(days=30), now + datetime.timedelta(days=1)
    f = sel.figures(world.county, lo, hi)
    assert f["consultations"] == 2 and f["consultations_station"] == 1
    assert f["cases"] == 1 and f["cases_wages"] == 1 and f["closed"] == 1 and f["on_time_rate"] == 1
    assert f["recovered"] == Decimal("9000.00") and f["satisfaction"] == 5
    assert sel.figures(world.other_county, lo, hi)["cases"] == 0
    by_child = sel.figures_by_child(world.county, lo, hi)
    assert by_child[world.township.path]["cases"] == 1


def test_the_worker_is_asked_to_rate_on_closure_and_told_of_an_answer(world):
    from gonghui.core.models import Notification

    c = svc.consultation_ask(
        user=world.member_user,
        topic="wages",
        summary="工资被拖欠两个月",
        employer_name="",
        submission=uuid.uuid4(),
    )
    svc.consultation_answer(consultation=c, answer="可申请仲裁", actor=world.enterprise_cadre)
    case = make_case(world)
    svc.case_close(case=case, actor=world.enterprise_cadre, closed_on=past(0), outcome="won")
    titles = list(Notification.objects.filter(recipient=world.member_user).values_list("title", flat=True))
    assert "工会已解答您的法律咨询" in titles and "您的法律援助案件已结案，请评价" in titles


def test_the_daily_reminder_tells_the_handling_cadres_once_per_date(world):
    from gonghui.core.models import Notification
    from gonghui.rights.tasks_legal import legal_overdue_remind  # noqa: F401 (the task is declared)

    late = make_case(world, opened_on=past(40))
    svc.case_advance(
        case=late, actor=world.county_cadre, stage="mediation", on=past(30), outcome="调解", next_due=past(20)
    )
    make_case(world, opened_on=past(0))  # not due yet
    assert svc.overdue_remind_all() == 1
    assert svc.overdue_remind_all() == 0
    told = Notification.objects.filter(title__contains=late.number)
    assert set(told.values_list("recipient", flat=True)) == {world.enterprise_cadre.pk}
    svc.case_advance(
        case=late, actor=world.county_cadre, stage="mediation", on=past(10), outcome="再约", next_due=past(5)
    )
    assert svc.overdue_remind_all() == 1
