"""Welfare batches: the eligible members computed once each, sign-off by the member or a cadre, the
report and the masked sign-off list."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from gonghui.care.models import WelfareBatch, WelfareGift
from gonghui.care.selectors import welfare as sel
from gonghui.care.services import welfare as svc
from gonghui.core.models import Job, PersonalDataAccess
from gonghui.members.services import lifecycle
from tests.care.welfare.conftest import make_batch, make_members, rule
from tests.factories import make_member, make_user

pytestmark = pytest.mark.django_db


def _compute(batch, actor):
    job, created = svc.batch_compute_start(batch=batch, actor=actor)
    job.refresh_from_db()
    batch.refresh_from_db()
    return job


def test_a_batch_reserves_one_gift_per_eligible_member_and_running_twice_adds_none(county_rules):
    w = county_rules
    make_members(w.union, 4)
    batch = make_batch(w)
    job = _compute(batch, w.enterprise_cadre)
    assert job.state == Job.State.DONE and job.result["eligible"] == 5 and job.result["added"] == 5
    assert (job.done, job.total) == (5, 5) and job.result["next_url"] == batch.get_absolute_url()
    assert "符合条件5人" in job.result["message"]
    assert batch.state == WelfareBatch.State.READY
    job = _compute(batch, w.enterprise_cadre)
    assert job.result["added"] == 0
    assert WelfareGift.objects.filter(batch=batch).count() == 5
    # a new member joins: the next run adds exactly them
    make_member(w.union, name="新会员")
    assert _compute(batch, w.enterprise_cadre).result["added"] == 1
    assert WelfareGift.objects.filter(batch=batch).values("member").distinct().count() == 6
    # the other county's member and members of other unions of the county are not in it
    assert not WelfareGift.objects.filter(batch=batch, member=w.other_member).exists()


def test_the_county_batch_covers_its_subtree_only(county_rules):
    w = county_rules
    make_members(w.park_joint, 3)
    batch = make_batch(w, org=w.county, actor=w.county_cadre)
    _compute(batch, w.county_cadre)
    assert sel.batch_report(batch).eligible == 4  # the union's member and the park's three
    assert {org.pk for org, _r in sel.batch_report_by_child(batch)} == {w.township.pk, w.park.pk}


def test_eligibility_follows_the_rule(county_rules):
    w = county_rules
    rule(
        w.township,
        "festival",
        w.township_cadre,
        cap_per_year="2200",
        min_member_years=2,
        retired_eligible=False,
    )
    make_member(w.union, name="新人", joined_on=datetime.date.today() - datetime.timedelta(days=100))
    retired = make_member(w.union, name="老李")
    lifecycle.member_retire(member=retired, on=datetime.date.today(), actor=w.enterprise_cadre)
    left = make_member(w.union, name="走了")
    lifecycle.member_leave(member=left, on=datetime.date.today(), reason="离职", actor=w.enterprise_cadre)
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    members = set(WelfareGift.objects.filter(batch=batch).values_list("member__name", flat=True))
    assert members == {"张伟"}


def test_the_yearly_cap_counts_earlier_batches_and_requests(county_rules):
    w = county_rules
    a, b = make_members(w.union, 2)
    first = make_batch(w, value="1500", title="春节慰问")
    _compute(first, w.enterprise_cadre)
    svc.condolence_request_create(
        member=a,
        occasion="festival",
        event_date=datetime.date.today(),
        amount="400",
        form="goods",
        actor=w.enterprise_cadre,
    )
    second = make_batch(w, value="600", title="中秋慰问")
    _compute(second, w.enterprise_cadre)
    # 1500 + 600 ≤ 2200 for everyone but a (1500 + 400 + 600 > 2200)
    names = set(WelfareGift.objects.filter(batch=second).values_list("member_id", flat=True))
    assert a.pk not in names and b.pk in names and w.member.pk in names


def test_a_batch_over_a_cap_or_in_cash_is_refused_naming_the_rule(county_rules):
    w = county_rules
    with pytest.raises(ValidationError) as e:
        make_batch(w, value="2500")
    assert "安平县总工会“节日慰问”标准" in e.value.messages[0] and "2,200.00" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        make_batch(w, form="cash")
    assert "现金" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        make_batch(w, occasion="birthday", value="501")
    assert "500.00" in e.value.messages[0]


@pytest.mark.parametrize("value", ["-5", "0", "1000000", "abc", "0.001"])
def test_bad_values_are_refused(county_rules, value):
    with pytest.raises(ValidationError):
        make_batch(county_rules, value=value) if value != "abc" else svc.batch_create(
            org=county_rules.union,
            title="x",
            occasion="festival",
            description="x",
            value=value,
            form="goods",
            date=datetime.date.today(),
            actor=county_rules.enterprise_cadre,
        )


def test_a_lower_union_with_a_tighter_rule_is_left_out_of_a_county_batch(county_rules):
    w = county_rules
    rule(w.township, "festival", w.township_cadre, cap_per_year="200")
    make_members(w.park_joint, 2)
    batch = make_batch(w, org=w.county, actor=w.county_cadre, value="300")
    _compute(batch, w.county_cadre)
    assert sel.batch_report(batch).eligible == 2  # the park's; the township's union is capped at 200
    assert (
        batch.skipped
        and batch.skipped[0]["org"] == w.union.name
        and "城关镇工会" in batch.skipped[0]["reason"]
    )


def test_only_managers_compute_and_a_closed_batch_is_not_computed(county_rules):
    w = county_rules
    batch = make_batch(w)
    for user in (w.outsider, w.viewer, w.member_user):
        with pytest.raises(PermissionDenied):
            svc.batch_compute_start(batch=batch, actor=user)
    _compute(batch, w.enterprise_cadre)
    svc.batch_close(batch=batch, actor=w.enterprise_cadre)
    with pytest.raises(ValidationError):
        svc.batch_compute_start(batch=batch, actor=w.enterprise_cadre)


def test_member_signs_once_and_a_second_sign_is_refused(county_rules):
    w = county_rules
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    gift = sel.my_gift_get(w.member_user, batch.uuid)
    svc.gift_sign(gift=gift, actor=w.member_user)
    gift.refresh_from_db()
    assert gift.state == "handed_out" and gift.method == "member" and gift.handed_out_at
    with pytest.raises(ValidationError) as e:
        svc.gift_sign(gift=gift, actor=w.member_user)
    assert "不能重复签收" in e.value.messages[0]
    with pytest.raises(ValidationError):
        svc.gift_confirm(gift=gift, actor=w.enterprise_cadre)
    assert sel.batch_report(batch).handed_out == 1


def test_someone_else_cannot_sign_for_a_member(county_rules):
    w = county_rules
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    gift = WelfareGift.objects.select_related("batch", "member").get(batch=batch, member=w.member)
    with pytest.raises(PermissionDenied):
        svc.gift_sign(gift=gift, actor=make_user(name="路人"))
    with pytest.raises(PermissionDenied):
        svc.gift_confirm(gift=gift, actor=w.outsider)
    with pytest.raises(PermissionDenied):
        svc.gift_confirm(gift=gift, actor=w.viewer)
    from django.http import Http404

    with pytest.raises(Http404):
        sel.gift_get_for(w.outsider, batch.uuid, w.member.uuid)


def test_signing_by_scanning_the_point_code(county_rules):
    w = county_rules
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    token = svc.point_token(batch)
    gift = svc.gift_sign_by_scan(token=token, actor=w.member_user)
    assert gift.method == "scan"
    with pytest.raises(ValidationError):
        svc.gift_sign_by_scan(token=token, actor=w.member_user)
    stranger = make_user(name="外人")
    with pytest.raises(ValidationError) as e:
        svc.gift_sign_by_scan(token=token, actor=stranger)
    assert "不在" in e.value.messages[0]
    for forged in ("", "ABC", token[:-1] + ("0" if token[-1] != "0" else "1"), "x" * 40):
        with pytest.raises(ValidationError):
            svc.gift_sign_by_scan(token=forged, actor=w.member_user)
    svc.batch_rotate_point(batch=batch, actor=w.enterprise_cadre)
    with pytest.raises(ValidationError):
        svc.batch_for_token(token)


def test_the_cadre_confirms_on_the_list_and_the_report_counts(county_rules):
    w = county_rules
    others = make_members(w.union, 3)
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    for m in others[:2]:
        svc.gift_confirm(
            gift=WelfareGift.objects.select_related("batch").get(batch=batch, member=m),
            actor=w.township_cadre,
        )
    report = sel.batch_report(batch)
    assert (report.eligible, report.handed_out, report.remaining) == (4, 2, 2)


def test_nothing_is_signed_in_a_closed_batch(county_rules):
    w = county_rules
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    svc.batch_close(batch=batch, actor=w.enterprise_cadre)
    gift = WelfareGift.objects.select_related("batch", "member").get(batch=batch, member=w.member)
    with pytest.raises(ValidationError):
        svc.gift_sign(gift=gift, actor=w.member_user)


def test_the_signoff_list_is_masked_and_its_export_logged(county_rules):
    w = county_rules
    make_member(w.union, name="欧阳明华", mobile="13912345678")
    batch = make_batch(w)
    _compute(batch, w.enterprise_cadre)
    content = svc.signoff_export(batch=batch, actor=w.township_cadre)
    ws = load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    assert rows[0][3] == "姓名"
    flat = " ".join(str(v) for r in rows for v in r)
    assert "欧***" in flat and "139****5678" in flat and "欧阳明华" not in flat and "13912345678" not in flat
    assert len(rows) == 3
    log = PersonalDataAccess.objects.get(actor=w.township_cadre)
    assert log.subject_count == 2 and "脱敏" in log.purpose
    with pytest.raises(PermissionDenied):
        svc.signoff_export(batch=batch, actor=w.outsider)


def test_value_is_kept_on_each_gift(county_rules):
    w = county_rules
    batch = make_batch(w, value="288.50")
    _compute(batch, w.enterprise_cadre)
    gift = WelfareGift.objects.get(batch=batch)
    assert gift.value == Decimal("288.50") and gift.year == batch.date.year and gift.org_path == w.union.path


def test_a_batch_date_far_away_is_refused(county_rules):
    for days in (-400, 400):
        with pytest.raises(ValidationError) as e:
            make_batch(county_rules, date=datetime.date.today() + datetime.timedelta(days=days))
        assert "date" in e.value.message_dict


def test_lower_cadres_see_the_inherited_rules_but_cannot_change_them(county_rules):
    w = county_rules
    assert w.festival_rule in sel.rules_for(w.enterprise_cadre)
    assert w.festival_rule not in sel.rules_for(w.outsider)
    with pytest.raises(PermissionDenied):
        sel.rule_get_for(w.township_cadre, w.festival_rule.pk, write=True)
    with pytest.raises(PermissionDenied):
        svc.rule_delete(rule=w.festival_rule, actor=w.township_cadre)


def test_a_failed_computation_says_what_was_kept_and_can_be_run_again(county_rules, monkeypatch):
    w = county_rules
    batch = make_batch(w)
    real = svc._insert_chunk

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(svc, "_insert_chunk", broken)
    job = _compute(batch, w.enterprise_cadre)
    assert job.state == Job.State.FAILED and "不会重复登记" in job.errors[0]["reason"]
    assert batch.state == WelfareBatch.State.DRAFT
    monkeypatch.setattr(svc, "_insert_chunk", real)
    assert _compute(batch, w.enterprise_cadre).result["eligible"] == 1
