"""Consultation and contracts through the services: the term, the vote's quorum and majority, the
filing and review dates, publication, renewal, the daily job and its reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import Notification
from gonghui.rights.models import ConsultationDemand, ConsultationMeeting, ConsultationRound, Contract
from gonghui.rights.services import contracts as svc
from tests.rights.contracts.conftest import day, in_force, start_round, vote

pytestmark = pytest.mark.django_db


def _messages(exc) -> str:
    return " ".join(exc.value.messages)


# ---------------------------------------------------------------- the vote


@pytest.mark.parametrize(
    ("total", "present", "yes"),
    [
        (60, 40, 31),  # exactly two thirds present passes
        (3, 2, 2),
        (61, 41, 31),  # 41*3 = 123 >= 122
        (1, 1, 1),
    ],
)
def test_a_vote_on_or_above_the_boundaries_passes(total, present, yes):
    svc.check_vote(total=total, present=present, in_favour=yes)


@pytest.mark.parametrize(
    ("total", "present", "yes", "words"),
    [
        (60, 39, 39, "至少 40 人"),  # one short of two thirds
        (61, 40, 40, "至少 41 人"),  # 40*3 = 120 < 122
        (60, 40, 30, "至少 31 人"),  # exactly half of all fails
        (60, 60, 30, "实际赞成 30 票"),  # half of all, though most of those present
        (59, 59, 29, "至少 30 人"),
    ],
)
def test_a_vote_below_the_quorum_or_the_majority_is_refused_with_the_numbers(total, present, yes, words):
    with pytest.raises(ValidationError) as exc:
        svc.check_vote(total=total, present=present, in_favour=yes)
    assert words in _messages(exc)


def test_the_quorum_message_says_quorum_and_the_majority_message_says_majority():
    with pytest.raises(ValidationError) as exc:
        svc.check_vote(total=60, present=39, in_favour=39)
    assert "未达到法定人数" in _messages(exc) and "三分之二" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        svc.check_vote(total=60, present=40, in_favour=30)
    assert "半数以上" in _messages(exc)


@pytest.mark.parametrize(
    ("total", "present", "yes", "words"),
    [(60, 61, 50, "超过了职工代表总数"), (60, 50, 51, "超过了出席代表"), (0, 0, 0, "至少为 1 人")],
)
def test_impossible_counts_are_refused(total, present, yes, words):
    with pytest.raises(ValidationError) as exc:
        svc.check_vote(total=total, present=present, in_favour=yes)
    assert words in _messages(exc)


def test_a_vote_that_passes_sets_the_filing_due_date(world):
    round_ = start_round(world)
    vote(world, round_, on=day(-3))
    contract = Contract.objects.get(round=round_)
    round_.refresh_from_db()
    assert contract.state == "voted" and contract.filing_due == day(7)
    assert (round_.representatives_total, round_.representatives_present, round_.votes_in_favour) == (
        60,
        40,
        31,
    )


def test_a_failed_vote_records_nothing(world):
    round_ = start_round(world)
    with pytest.raises(ValidationError):
        vote(world, round_, yes=30)
    round_.refresh_from_db()
    assert round_.voted_on is None and round_.contract.state == "draft"


def test_a_second_vote_is_refused(world):
    round_ = start_round(world)
    vote(world, round_)
    with pytest.raises(ValidationError) as exc:
        vote(world, round_, yes=50)
    assert "已经表决" in _messages(exc)
    round_.refresh_from_db()
    assert round_.votes_in_favour == 31


def test_a_vote_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        vote(world, start_round(world), on=day(1))
    assert "不能晚于今天" in _messages(exc)


# ---------------------------------------------------------------- the term and the coverage


@pytest.mark.parametrize("years", [1, 2, 3])
def test_one_to_three_years_are_accepted(world, years):
    round_ = start_round(world, starts_on=datetime.date(2027, 1, 1), years=years)
    assert round_.contract.ends_on == datetime.date(2026 + years, 12, 31)


@pytest.mark.parametrize(
    ("ends_on", "words"),
    [
        (datetime.date(2030, 12, 31), "一至三年"),  # four years
        (datetime.date(2027, 1, 1), "一至三年"),  # one day
        (datetime.date(2027, 12, 30), "一至三年"),  # a day short of a year
        (datetime.date(2029, 12, 31) + datetime.timedelta(days=1), "一至三年"),  # a day over three
        (datetime.date(2026, 12, 1), "不能早于起始日期"),
    ],
)
def test_a_term_outside_one_to_three_years_is_refused(world, ends_on, words):
    with pytest.raises(ValidationError) as exc:
        start_round(world, starts_on=datetime.date(2027, 1, 1), ends_on=ends_on)
    assert words in _messages(exc)
    assert not ConsultationRound.objects.exists()


def test_a_term_from_the_29th_of_february():
    svc.check_term(datetime.date(2028, 2, 29), datetime.date(2029, 2, 27))
    with pytest.raises(ValidationError):
        svc.check_term(datetime.date(2028, 2, 29), datetime.date(2029, 2, 26))


def test_an_enterprise_union_covers_its_enterprise_only(world):
    with pytest.raises(ValidationError) as exc:
        start_round(world, enterprises=[world.enterprise, world.no_union_enterprise])
    assert "只覆盖本企业一家" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        start_round(world, enterprises=[world.small_enterprise])
    assert "不在本工会的覆盖范围内" in _messages(exc)
    with pytest.raises(ValidationError) as exc:
        start_round(world, employees_covered=0)
    assert "至少为 1 人" in _messages(exc)


def test_a_regional_contract_covers_many_small_enterprises(world):
    from tests.factories import enterprise_create, make_uscc

    second = enterprise_create(
        org=world.park,
        name="安平青柠食品有限公司",
        uscc=make_uscc(),
        employee_count=9,
        union=world.park_joint,
        check_scope=False,
    )
    round_ = start_round(
        world,
        org=world.park,
        actor=world.county_cadre,
        enterprises=[world.small_enterprise, second],
        employees_covered=21,
    )
    assert round_.contract.level == "regional"
    assert set(round_.contract.enterprises.all()) == {world.small_enterprise, second}


def test_a_cadre_without_management_is_refused(world):
    with pytest.raises(PermissionDenied):
        start_round(world, actor=world.viewer)
    with pytest.raises(PermissionDenied):
        start_round(world, actor=world.outsider)


# ---------------------------------------------------------------- demands and meetings


def test_demands_and_meetings_are_recorded_once(world):
    round_ = start_round(world)
    svc.demand_add(round=round_, actor=world.enterprise_cadre, text="一线职工工资增长不低于 6%")
    with pytest.raises(ValidationError) as exc:
        svc.demand_add(round=round_, actor=world.enterprise_cadre, text="一线职工工资增长不低于６%")
    assert "已经登记" in _messages(exc)
    svc.meeting_add(
        round=round_,
        actor=world.enterprise_cadre,
        held_on=day(-30),
        place="三楼会议室",
        minutes="双方就工资增幅达成一致。",
    )
    with pytest.raises(ValidationError):
        svc.meeting_add(
            round=round_, actor=world.enterprise_cadre, held_on=day(-30), place="三楼会议室", minutes="again"
        )
    with pytest.raises(ValidationError) as exc:
        svc.meeting_add(round=round_, actor=world.enterprise_cadre, held_on=day(2), place="三楼", minutes="x")
    assert "不能晚于今天" in _messages(exc)
    assert ConsultationDemand.objects.count() == 1 and ConsultationMeeting.objects.count() == 1
    vote(world, round_)
    with pytest.raises(ValidationError):
        svc.demand_add(round=round_, actor=world.enterprise_cadre, text="又一条")


# ---------------------------------------------------------------- filing, review, publication


def test_filing_in_time_sets_the_review_and_the_effective_date(world):
    round_ = start_round(world, starts_on=day(30))
    vote(world, round_, on=day(-5))
    contract = svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-1), filed_with="安平县人社局"
    )
    assert contract.state == "filed" and not contract.filed_late
    assert contract.filing_due == day(5)
    assert contract.objection_until == day(14)  # 15 calendar days from the filing
    assert contract.effective_on == day(30)  # the term starts after the review ends


def test_the_effective_date_is_the_day_after_the_review_when_the_term_has_begun(world):
    round_ = start_round(world, starts_on=day(-5), years=1)
    vote(world, round_, on=day(-20))
    contract = svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-3), filed_with="人社局"
    )
    assert contract.effective_on == day(13) and contract.state == "filed"
    assert svc.advance(today=day(12))["in_force"] == 0
    assert svc.advance(today=day(13))["in_force"] == 1
    contract.refresh_from_db()
    assert contract.state == "in_force"


def test_a_late_filing_is_recorded_and_flagged(world):
    round_ = start_round(world, starts_on=day(-5))
    vote(world, round_, on=day(-20))
    contract = svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-9), filed_with="人社局"
    )
    assert contract.filing_due == day(-10) and contract.filed_late


def test_filing_before_the_vote_or_twice_is_refused(world):
    round_ = start_round(world)
    with pytest.raises(ValidationError) as exc:
        svc.contract_file(
            contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-1), filed_with="人社局"
        )
    assert "表决通过后" in _messages(exc)
    vote(world, round_, on=day(-5))
    with pytest.raises(ValidationError) as exc:
        svc.contract_file(
            contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-6), filed_with="人社局"
        )
    assert "不能早于表决日期" in _messages(exc)
    svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-1), filed_with="人社局"
    )
    with pytest.raises(ValidationError) as exc:
        svc.contract_file(
            contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(0), filed_with="人社局"
        )
    assert "已于" in _messages(exc)


def test_publication_after_filing_once(world):
    contract = in_force(world)
    with pytest.raises(ValidationError):
        svc.contract_publish(contract=contract, actor=world.enterprise_cadre, published_on=day(-30))
    svc.contract_publish(contract=contract, actor=world.enterprise_cadre, published_on=day(-1))
    with pytest.raises(ValidationError) as exc:
        svc.contract_publish(contract=contract, actor=world.enterprise_cadre, published_on=day(0))
    assert "已于" in _messages(exc)
    from gonghui.rights.selectors.contracts import published_for_member

    assert list(published_for_member(world.member_user)) == [contract]
    assert not published_for_member(world.worker).exists()


# ---------------------------------------------------------------- renewal, expiry, reminders


def test_renewal_starts_a_new_round_linked_to_the_old_contract(world):
    old = in_force(world, starts_on=day(-300))
    round_ = svc.renewal_start(contract=old, actor=world.enterprise_cadre)
    assert round_.renews == old and round_.contract.starts_on == old.ends_on + datetime.timedelta(days=1)
    assert round_.contract.kind == old.kind and list(round_.contract.enterprises.all()) == [world.enterprise]
    with pytest.raises(ValidationError) as exc:
        svc.renewal_start(contract=old, actor=world.enterprise_cadre)
    assert "已发起续签" in _messages(exc)
    assert ConsultationRound.objects.filter(renews=old).count() == 1


def test_a_contract_past_its_end_expires_or_is_renewed(world):
    old = in_force(world, starts_on=day(-300))
    assert svc.advance(today=old.ends_on)["expired"] == 0
    assert svc.advance(today=old.ends_on + datetime.timedelta(days=1))["expired"] == 1
    old.refresh_from_db()
    assert old.state == "expired"


def test_the_reminder_job_tells_the_cadres_once(world):
    from gonghui.core.models import Job
    from gonghui.rights.tasks_contracts import contracts_daily

    soon = in_force(world, starts_on=day(-300))  # ends in about two months
    later = in_force(world, starts_on=day(-10), title="工资专项", kind="wage")
    assert svc.remind_from(soon) <= day(0) < svc.remind_from(later)
    assert svc.remind_expiring() == 1
    assert svc.remind_expiring() == 0
    contracts_daily(Job.objects.create(kind="rights.contracts_daily"))  # the periodic job, run again
    notes = Notification.objects.filter(recipient=world.enterprise_cadre)
    assert notes.count() == 1 and "即将到期" in notes.get().title
    soon.refresh_from_db()
    assert soon.expiry_notified_at is not None


def test_an_objection_in_the_review_sends_the_contract_back_to_a_new_vote(world):
    round_ = start_round(world, starts_on=day(30))
    vote(world, round_, on=day(-10))
    contract = svc.contract_file(
        contract=round_.contract, actor=world.enterprise_cadre, filed_on=day(-5), filed_with="人社局"
    )
    with pytest.raises(ValidationError) as exc:
        svc.contract_objection(contract=contract, actor=world.enterprise_cadre, received_on=day(-6), note="x")
    assert "审查期为" in _messages(exc)
    contract = svc.contract_objection(
        contract=contract,
        actor=world.enterprise_cadre,
        received_on=day(-1),
        note="第三条加班工资标准低于法定标准",
    )
    round_.refresh_from_db()
    assert contract.state == "draft" and contract.filed_on is None and contract.objected_on == day(-1)
    assert round_.voted_on is None and round_.votes_in_favour is None
    with pytest.raises(ValidationError):
        svc.contract_objection(
            contract=contract, actor=world.enterprise_cadre, received_on=day(0), note="again"
        )
    vote(world, round_, on=day(0))  # the revised text goes to the congress again
    round_.refresh_from_db()
    assert round_.contract.state == "voted"
