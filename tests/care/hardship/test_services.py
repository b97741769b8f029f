"""Hardship files through the services: classes, the chain, assistance once per need, exits."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gonghui.care.models import Assistance, HardshipFile, MonthlyIncome
from gonghui.care.services import hardship as svc
from gonghui.core import approval, pii
from gonghui.core.models import AuditEntry, PersonalDataAccess
from gonghui.members.models import Member
from tests.care.hardship.conftest import add_household, approve_all, make_file, past
from tests.factories import make_member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("per_capita", "cause", "medical", "income", "expected"),
    [
        ("799.99", "illness", "0", "2400", "deep"),
        ("800", "illness", "0", "2400", "relative"),
        ("1599.99", "unemployment", "0", "2400", "relative"),
        ("1600", "unemployment", "0", "2400", None),
        ("1600", "disaster", "0", "2400", "sudden"),
        ("2000", "illness", "23041", "2400", "sudden"),  # over 80% of 28,800 a year
        ("2000", "illness", "23040", "2400", None),  # exactly 80%: not over
    ],
)
def test_the_class_follows_the_line(per_capita, cause, medical, income, expected):
    assert (
        svc.classify(
            per_capita=Decimal(per_capita),
            line=Decimal("800"),
            cause=cause,
            medical_costs=Decimal(medical),
            household_income=Decimal(income),
        )
        == expected
    )


def test_a_file_takes_the_class_from_the_county_line(world, line):
    file = make_file(world)
    assert file.state == approval.DRAFT
    assert file.per_capita_income == Decimal("500.00")
    assert file.hardship_class == "deep"
    assert (file.line_year, file.line_amount) == (line.year, Decimal("800.00"))


def test_a_township_line_wins_over_the_county_line(world, line):
    svc.poverty_line_set(
        org=world.township, year=line.year, minimum_living=Decimal("450"), actor=world.township_cadre
    )
    file = make_file(world)  # 500 per capita: above 450, below 900
    assert file.hardship_class == "relative"
    assert file.line_amount == Decimal("450.00")


def test_without_a_line_the_file_is_refused_in_chinese(world):
    with pytest.raises(ValidationError, match="尚未设置"):
        make_file(world)


def test_a_household_above_every_line_is_refused(world, line):
    with pytest.raises(ValidationError, match="不符合建档条件"):
        make_file(world, income="6000", size=3, cause="unemployment")
    assert not HardshipFile.objects.exists()


def test_a_grassroots_union_cannot_set_a_line(world):
    with pytest.raises(ValidationError, match="基层工会不能设置"):
        svc.poverty_line_set(
            org=world.union, year=timezone.localdate().year, minimum_living=800, actor=world.enterprise_cadre
        )


@pytest.mark.parametrize("amount", ["0", "-5", "99.99", "10000.01"])
def test_an_absurd_line_is_refused(world, amount):
    with pytest.raises(ValidationError):
        svc.poverty_line_set(
            org=world.county,
            year=timezone.localdate().year,
            minimum_living=Decimal(amount),
            actor=world.county_cadre,
        )


def test_health_and_bank_data_are_encrypted_and_masked(world, line):
    make_file(
        world,
        health="尿毒症，透析中",
        bank_name="农业银行",
        bank_account="６２２８ ４８０４ ０２１２ ３４５６ ７８９",
    )
    raw = HardshipFile.objects.values(
        "health_encrypted", "bank_account_encrypted", "bank_account_masked"
    ).get()
    assert "尿毒症" not in raw["health_encrypted"] and "6228" not in raw["bank_account_encrypted"]
    assert raw["bank_account_masked"] == "6228 **** 6789"
    assert pii.decrypt(raw["bank_account_encrypted"]) == "6228480402123456789"


def test_only_a_cadre_with_the_permission_sees_them_and_it_is_logged(world, line):
    file = make_file(world, health="尿毒症", bank_account="6228480402123456789")
    with pytest.raises(PermissionDenied):
        svc.file_reveal_private(file=file, actor=world.enterprise_cadre)  # no personal-data permission
    with pytest.raises(PermissionDenied):
        svc.file_reveal_private(file=file, actor=world.outsider)
    seen = svc.file_reveal_private(file=file, actor=world.county_cadre)
    assert seen == {"health": "尿毒症", "bank_account": "6228480402123456789"}
    assert PersonalDataAccess.objects.filter(actor=world.county_cadre, object_id=file.pk).count() == 1


def test_a_bad_bank_account_is_refused(world, line):
    with pytest.raises(ValidationError) as exc:
        make_file(world, bank_account="6228-48O4")
    assert "银行账号" in str(exc.value)


def test_one_open_file_per_worker(world, line):
    make_file(world)
    with pytest.raises(ValidationError, match="已有在办或在档"):
        make_file(world)
    assert HardshipFile.objects.count() == 1


def test_a_cadre_of_another_county_cannot_file_for_the_member(world, line):
    with pytest.raises(PermissionDenied):
        svc.file_create(
            member=world.member, actor=world.outsider, cause="illness", household_size=1, household_income=300
        )


def test_a_file_goes_up_the_chain_with_deadlines(world, line):
    file = make_file(world)
    with pytest.raises(ValidationError, match="家庭成员"):
        svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    add_household(world, file)
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    file.refresh_from_db()
    assert (file.state, file.approval_org) == ("at_verify", world.township)
    assert file.approval_due > timezone.localdate()
    with pytest.raises(PermissionDenied):  # the county cannot act for the township
        svc.file_act(file=file, action="approve", actor=world.county_cadre)
    svc.file_act(file=file, action="approve", actor=world.township_cadre)
    file.refresh_from_db()
    assert (file.state, file.approval_org) == ("at_approve", world.county)
    svc.file_act(file=file, action="approve", actor=world.county_cadre)
    file.refresh_from_db()
    assert file.on_file and file.review_due.year == timezone.localdate().year + 1


def test_a_second_click_on_approve_is_refused(world, line):
    file = make_file(world)
    add_household(world, file)
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    stale = HardshipFile.objects.get(pk=file.pk)
    svc.file_act(file=file, action="approve", actor=world.township_cadre)
    with pytest.raises((ValidationError, PermissionDenied)):
        svc.file_act(file=stale, action="approve", actor=world.township_cadre)
    assert HardshipFile.objects.get(pk=file.pk).state == "at_approve"


def test_sending_back_needs_a_reason_and_the_union_corrects_and_resubmits(world, line):
    file = make_file(world)
    add_household(world, file)
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    with pytest.raises(ValidationError):
        svc.file_act(file=file, action="send_back", actor=world.township_cadre, reason="")
    svc.file_act(file=file, action="send_back", actor=world.township_cadre, reason="请补充医疗费用票据")
    file.refresh_from_db()
    assert file.state == approval.RETURNED
    svc.file_update(
        file=file,
        actor=world.enterprise_cadre,
        cause="illness",
        household_size=3,
        household_income=1500,
        medical_costs=40000,
    )
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    file.refresh_from_db()
    assert file.state == "at_verify" and file.medical_costs == Decimal("40000.00")


def test_a_submitted_file_cannot_be_edited(world, line):
    file = make_file(world)
    add_household(world, file)
    svc.file_act(file=file, action="submit", actor=world.enterprise_cadre)
    with pytest.raises(ValidationError, match="撤回"):
        svc.file_update(
            file=file, actor=world.enterprise_cadre, cause="illness", household_size=3, household_income=900
        )


def test_the_household_cannot_outgrow_its_size(world, line):
    file = make_file(world, size=2)
    add_household(world, file, n=1)
    with pytest.raises(ValidationError, match="登记齐"):
        add_household(world, file, n=1)


def test_aid_is_given_once_per_need_whichever_level_gives_it(world, line):
    file = approve_all(world, make_file(world))
    svc.assistance_add(
        file=file,
        org=world.union,
        actor=world.enterprise_cadre,
        kind="schooling",
        need="2026年春季学期 学费",
        amount=Decimal("2000"),
        given_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError, match="安平华宇机械有限公司工会.*不能重复帮扶"):
        svc.assistance_add(
            file=file,
            org=world.county,
            actor=world.county_cadre,
            kind="schooling",
            need="２０２６年春季学期学费",
            amount=Decimal("1500"),
            given_on=timezone.localdate(),
        )
    assert file.assistance.count() == 1
    svc.assistance_add(  # another need is aided
        file=file,
        org=world.county,
        actor=world.county_cadre,
        kind="medical",
        need="2026年住院费用",
        amount=Decimal("5000"),
        given_on=timezone.localdate(),
    )
    assert file.assistance.count() == 2
    kind = ContentType.objects.get_for_model(Assistance)
    assert AuditEntry.objects.filter(action="create", content_type=kind).count() == 2


@pytest.mark.parametrize("amount", ["0", "-100", "1000000.01"])
def test_absurd_amounts_are_refused(world, line, amount):
    file = approve_all(world, make_file(world))
    with pytest.raises(ValidationError, match="金额"):
        svc.assistance_add(
            file=file,
            org=world.union,
            actor=world.enterprise_cadre,
            kind="cash",
            need="春节",
            amount=Decimal(amount),
            given_on=timezone.localdate(),
        )


def test_aid_in_the_future_or_to_a_draft_is_refused(world, line):
    draft = make_file(world)
    with pytest.raises(ValidationError, match="不在档"):
        svc.assistance_add(
            file=draft,
            org=world.union,
            actor=world.enterprise_cadre,
            kind="cash",
            need="春节",
            amount=100,
            given_on=timezone.localdate(),
        )
    file = approve_all(world, draft)
    with pytest.raises(ValidationError, match="晚于今天"):
        svc.assistance_add(
            file=file,
            org=world.union,
            actor=world.enterprise_cadre,
            kind="cash",
            need="春节",
            amount=100,
            given_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_a_union_outside_the_files_line_cannot_give_aid(world, line):
    file = approve_all(world, make_file(world))
    with pytest.raises(PermissionDenied):  # the park is not above the file's union
        svc.assistance_add(
            file=file,
            org=world.park,
            actor=world.county_cadre,
            kind="cash",
            need="春节",
            amount=100,
            given_on=timezone.localdate(),
        )


def _months(n: int) -> list[datetime.date]:
    month = timezone.localdate().replace(day=1)
    out = []
    for _i in range(n):
        out.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return out


def test_six_months_above_the_relative_line_exit_by_rule(world, line):
    file = approve_all(world, make_file(world))
    months = _months(6)
    for month in months[1:]:
        svc.income_record(
            file=file, month=month, household_income=5400, actor=world.enterprise_cadre
        )  # 1,800 each
    file.refresh_from_db()
    assert file.on_file  # five months are not six
    svc.income_record(file=file, month=months[0], household_income=5400, actor=world.enterprise_cadre)
    file.refresh_from_db()
    assert file.exited_on == timezone.localdate() and file.exit_kind == "rule"
    assert "连续 6 个月" in file.exit_reason


def test_a_gap_or_a_low_month_keeps_the_file(world, line):
    file = approve_all(world, make_file(world))
    months = _months(7)
    for i, month in enumerate(months):
        svc.income_record(
            file=file, month=month, household_income=3000 if i == 2 else 5400, actor=world.enterprise_cadre
        )
    file.refresh_from_db()
    assert file.on_file
    assert MonthlyIncome.objects.filter(file=file).count() == 7


def test_a_future_month_is_refused(world, line):
    file = approve_all(world, make_file(world))
    nxt = (timezone.localdate().replace(day=28) + datetime.timedelta(days=7)).replace(day=1)
    with pytest.raises(ValidationError, match="尚未到来"):
        svc.income_record(file=file, month=nxt, household_income=100, actor=world.enterprise_cadre)


def test_the_annual_review_reclassifies_or_exits(world, line):
    file = approve_all(world, make_file(world))
    svc.file_review(
        file=file, actor=world.enterprise_cadre, cause="illness", household_size=3, household_income=3000
    )
    file.refresh_from_db()
    assert file.hardship_class == "relative" and file.on_file
    svc.file_review(
        file=file, actor=world.enterprise_cadre, cause="illness", household_size=3, household_income=9000
    )
    file.refresh_from_db()
    assert file.exited_on and file.exit_kind == "rule" and file.exit_reason.startswith("年审")


def test_exit_by_decision_needs_a_reason(world, line):
    file = approve_all(world, make_file(world))
    with pytest.raises(ValidationError):
        svc.file_exit(file=file, reason=" ", actor=world.enterprise_cadre)
    svc.file_exit(file=file, reason="职工调往外省工作", actor=world.enterprise_cadre)
    file.refresh_from_db()
    assert file.exit_kind == "decision" and not file.on_file
    # After an exit the worker may be filed again.
    make_file(world)
    assert HardshipFile.objects.filter(member=world.member).count() == 2


def test_a_former_member_cannot_be_filed(world, line):
    gone = make_member(world.union, name="吴敏")
    Member.objects.filter(pk=gone.pk).update(status=Member.Status.LEFT, left_on=past(30))
    gone.refresh_from_db()
    with pytest.raises(ValidationError, match="不是会员"):
        make_file(world, member=gone)


def test_the_periodic_check_exits_late_recorded_files(world, line):
    file = approve_all(world, make_file(world))
    for month in _months(6):
        MonthlyIncome.objects.create(
            file=file, month=month, household_income=Decimal("5400"), per_capita_income=Decimal("1800")
        )
    assert svc.exit_by_rule_all() == 1
    file.refresh_from_db()
    assert file.exit_kind == "rule"
    assert past(0) == file.exited_on
