"""Condolence requests: proposed by a cadre of the member's union or above, checked against the
rule, approved along the chain (township verifies, county approves)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from gonghui.care.models import CondolenceRequest
from gonghui.care.models.welfare import CONDOLENCE_CHAIN
from gonghui.care.selectors import welfare as sel
from gonghui.care.services import welfare as svc

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _request(
    w, member=None, *, occasion="hospital", amount="800", case_ref="阑尾炎手术", actor=None, **extra
):
    return svc.condolence_request_create(
        member=member or w.member,
        occasion=occasion,
        event_date=extra.pop("event_date", TODAY),
        amount=amount,
        form=extra.pop("form", "goods"),
        case_ref=case_ref,
        reason=extra.pop("reason", "住院治疗一周"),
        actor=actor or w.enterprise_cadre,
    )


def test_a_request_goes_up_the_chain_and_is_approved(county_rules):
    w = county_rules
    r = _request(w)
    assert r.state == "at_verify" and r.approval_org == w.township and r.year == TODAY.year
    assert r in sel.awaiting_for(w.township_cadre)
    with pytest.raises(PermissionDenied):  # the county cannot skip the township
        svc.condolence_request_act(request=r, action="approve", actor=w.county_cadre)
    svc.condolence_request_act(request=r, action="approve", actor=w.township_cadre, note="属实")
    r.refresh_from_db()
    assert r.state == "at_approve" and r.approval_org == w.county
    svc.condolence_request_act(request=r, action="approve", actor=w.county_cadre)
    r.refresh_from_db()
    assert r.state == "approved" and r.decided_at is not None
    assert [h.to_state for h in CONDOLENCE_CHAIN.history(r)] == ["at_verify", "at_approve", "approved"]


def test_send_back_needs_a_reason_and_resubmission_checks_again(county_rules):
    w = county_rules
    r = _request(w)
    with pytest.raises(ValidationError):
        svc.condolence_request_act(request=r, action="send_back", actor=w.township_cadre, note="")
    svc.condolence_request_act(request=r, action="send_back", actor=w.township_cadre, note="缺住院证明")
    r.refresh_from_db()
    assert r.state == "returned"
    svc.condolence_request_act(request=r, action="submit", actor=w.enterprise_cadre)
    r.refresh_from_db()
    assert r.state == "at_verify"
    svc.condolence_request_act(request=r, action="reject", actor=w.township_cadre, note="不符合条件")
    r.refresh_from_db()
    assert r.state == "rejected"
    with pytest.raises((PermissionDenied, ValidationError)):  # final: nobody acts on it any more
        svc.condolence_request_act(request=r, action="approve", actor=w.township_cadre)


def test_a_request_over_the_cap_is_refused_naming_the_rule(county_rules):
    w = county_rules
    with pytest.raises(ValidationError) as e:
        _request(w, amount="1200")
    assert "安平县总工会“住院慰问”标准" in e.value.messages[0] and "1,000.00" in e.value.messages[0]
    assert not CondolenceRequest.objects.exists()


def test_hospital_once_per_illness_a_year(county_rules):
    w = county_rules
    _request(w, case_ref="阑尾炎手术")
    with pytest.raises(ValidationError) as e:
        _request(w, case_ref="阑尾炎手术", event_date=TODAY - datetime.timedelta(days=1))
    assert "同一事由每年只慰问一次" in e.value.messages[0]
    _request(w, case_ref="骨折", event_date=TODAY - datetime.timedelta(days=2))  # another illness
    with pytest.raises(ValidationError) as e:
        _request(w, case_ref="", event_date=TODAY - datetime.timedelta(days=3))
    assert "case_ref" in e.value.message_dict


def test_birthday_once_a_year(county_rules):
    w = county_rules
    _request(w, occasion="birthday", amount="300", case_ref="")
    with pytest.raises(ValidationError) as e:
        _request(
            w, occasion="birthday", amount="100", case_ref="", event_date=TODAY - datetime.timedelta(days=5)
        )
    assert "每年最多慰问1次" in e.value.messages[0]


def test_a_rejected_request_does_not_count(county_rules):
    w = county_rules
    r = _request(w, occasion="birthday", amount="300", case_ref="")
    svc.condolence_request_act(request=r, action="reject", actor=w.township_cadre, note="重复")
    _request(w, occasion="birthday", amount="300", case_ref="", event_date=TODAY - datetime.timedelta(days=1))


def test_the_double_submit_makes_one(county_rules):
    w = county_rules
    _request(w, occasion="wedding", amount="500", case_ref="")
    with pytest.raises(ValidationError) as e:
        _request(w, occasion="wedding", amount="500", case_ref="")
    assert "请勿重复提交" in e.value.messages[0]
    assert CondolenceRequest.objects.count() == 1


@pytest.mark.parametrize("amount", ["-100", "0", "1e12", "abc", "", "99999999", "1.005"])
def test_hostile_amounts_are_refused(county_rules, amount):
    with pytest.raises(ValidationError) as e:
        _request(county_rules, occasion="wedding", amount=amount, case_ref="")
    assert "慰问金额" in e.value.messages[0]


def test_cash_is_refused_where_the_rule_says_so(county_rules):
    with pytest.raises(ValidationError) as e:
        _request(county_rules, form="cash")
    assert "现金" in e.value.messages[0]


def test_dates_out_of_range_are_refused(county_rules):
    w = county_rules
    for day in (TODAY + datetime.timedelta(days=90), TODAY - datetime.timedelta(days=400)):
        with pytest.raises(ValidationError) as e:
            _request(w, event_date=day)
        assert "event_date" in e.value.message_dict


def test_only_a_cadre_over_the_members_union_proposes(county_rules):
    w = county_rules
    for user in (w.outsider, w.viewer, w.joint_cadre, w.member_user):
        with pytest.raises(PermissionDenied):
            _request(w, actor=user)
    with pytest.raises(PermissionDenied):  # the other county's member
        _request(w, member=w.other_member, actor=w.county_cadre)
    with pytest.raises(Http404):
        sel.member_for(w.county_cadre, w.other_member.uuid)
    assert sel.find_members(w.county_cadre, w.other_member.member_no) == []


def test_the_member_sees_their_own_but_cannot_act(county_rules):
    w = county_rules
    r = _request(w)
    assert list(sel.my_requests(w.member_user)) == [r]
    assert sel.request_get_for(w.member_user, r.uuid) == r
    with pytest.raises(PermissionDenied):
        sel.request_get_for(w.member_user, r.uuid, write=True)
    with pytest.raises(Http404):
        sel.request_get_for(w.outsider, r.uuid)


def test_an_approved_request_counts_against_the_yearly_festival_cap(county_rules):
    w = county_rules
    _request(w, occasion="festival", amount="2000", case_ref="")
    with pytest.raises(ValidationError) as e:
        _request(
            w, occasion="festival", amount="300", case_ref="", event_date=TODAY - datetime.timedelta(days=1)
        )
    assert "已慰问2,000.00元" in e.value.messages[0] and "本次最多200.00元" in e.value.messages[0]
    assert sel.used_by(w.member, "festival", TODAY.year).amount == Decimal("2000.00")
