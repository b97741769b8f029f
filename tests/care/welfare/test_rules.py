"""Condolence rules: inherited down the tree, tightened only, the strictest holds, refusals name the rule."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.care.selectors import welfare as sel
from gonghui.care.services import welfare as svc
from tests.care.welfare.conftest import rule

pytestmark = pytest.mark.django_db


def test_the_effective_rule_is_the_strictest_along_the_ancestors(county_rules):
    w = county_rules
    eff = sel.effective_rule(w.union, "festival")
    assert eff.cap_per_year == Decimal("2200.00") and eff.cap_per_year_rule == w.festival_rule
    assert "cash" not in eff.forms
    township = rule(w.township, "festival", w.township_cadre, cap_per_year="1800", min_member_years=1)
    eff = sel.effective_rule(w.union, "festival")
    assert eff.cap_per_year == Decimal("1800.00") and eff.cap_per_year_rule == township
    assert eff.min_member_years == 1
    # the other township still has the county's cap
    assert sel.effective_rule(w.other_township, "festival").cap_per_year == Decimal("2200.00")
    # no rule: nothing is capped
    assert not sel.effective_rule(w.union, "wedding").exists


def test_effective_rules_of_a_subtree_match_one_by_one(county_rules):
    w = county_rules
    rule(w.township, "festival", w.township_cadre, cap_per_year="1500")
    rules = sel.effective_rules_in_subtree(w.county, "festival")
    assert rules[w.union.path].cap_per_year == Decimal("1500.00")
    assert rules[w.park_joint.path].cap_per_year == Decimal("2200.00")
    for path, eff in rules.items():
        from gonghui.orgs.models import Org

        assert eff.params() == sel.effective_rule(Org.objects.get(path=path), "festival").params()


def test_a_lower_union_may_only_tighten(county_rules):
    w = county_rules
    with pytest.raises(ValidationError) as e:
        rule(w.union, "festival", w.enterprise_cadre, cap_per_year="3000")
    assert "安平县总工会“节日慰问”标准" in str(e.value.message_dict["cap_per_year"])
    with pytest.raises(ValidationError) as e:
        rule(w.union, "festival", w.enterprise_cadre, cap_per_year="2000", allow_cash=True)
    assert "不得发放现金" in str(e.value.message_dict["allow_cash"])
    with pytest.raises(ValidationError) as e:
        rule(w.union, "birthday", w.enterprise_cadre, cap_per_occasion="400", times_per_year=2)
    assert "times_per_year" in e.value.message_dict
    with pytest.raises(ValidationError):  # no cap is looser than the county's cap
        rule(w.union, "festival", w.enterprise_cadre)
    ok = rule(w.union, "festival", w.enterprise_cadre, cap_per_year="2000")
    assert ok.cap_per_year == Decimal("2000.00")


@pytest.mark.parametrize("bad", ["-1", "0", "abc", "1e9", "NaN", "12.345", "100000000"])
def test_bad_caps_are_refused_in_chinese(world, bad):
    with pytest.raises(ValidationError) as e:
        rule(world.county, "festival", world.county_cadre, cap_per_year=bad)
    assert any("上限" in m for m in e.value.messages)


def test_one_rule_per_org_and_occasion_and_only_by_its_managers(county_rules):
    w = county_rules
    with pytest.raises(ValidationError) as e:
        rule(w.county, "festival", w.county_cadre, cap_per_year="2000")
    assert "已有" in str(e.value)
    with pytest.raises(PermissionDenied):
        rule(w.county, "wedding", w.outsider, cap_per_occasion="500")
    with pytest.raises(PermissionDenied):
        rule(w.township, "wedding", w.viewer, cap_per_occasion="500")


def test_check_gift_names_the_rule(county_rules):
    w = county_rules
    today = datetime.date.today()
    with pytest.raises(ValidationError) as e:
        svc.check_gift(
            member=w.member, org=w.union, occasion="birthday", amount=Decimal("600"), form="goods", on=today
        )
    assert "安平县总工会“生日慰问”标准" in e.value.messages[0] and "500.00" in e.value.messages[0]
    with pytest.raises(ValidationError) as e:
        svc.check_gift(
            member=w.member, org=w.union, occasion="festival", amount=Decimal("100"), form="cash", on=today
        )
    assert "不允许以“现金”形式" in e.value.messages[0]
    svc.check_gift(
        member=w.member, org=w.union, occasion="birthday", amount=Decimal("500"), form="goods", on=today
    )


def test_years_of_membership_and_retired_members(county_rules):
    from gonghui.members.services import lifecycle
    from tests.factories import make_member

    w = county_rules
    rule(
        w.township,
        "birthday",
        w.township_cadre,
        cap_per_occasion="300",
        times_per_year=1,
        min_member_years=3,
        retired_eligible=False,
    )
    today = datetime.date.today()
    new = make_member(w.union, name="新会员", joined_on=today - datetime.timedelta(days=400))
    with pytest.raises(ValidationError) as e:
        svc.check_gift(
            member=new, org=w.union, occasion="birthday", amount=Decimal("100"), form="goods", on=today
        )
    assert "城关镇工会“生日慰问”标准" in e.value.messages[0] and "入会满3年" in e.value.messages[0]
    lifecycle.member_retire(member=w.member, on=today, actor=w.enterprise_cadre)
    w.member.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        svc.check_gift(
            member=w.member, org=w.union, occasion="birthday", amount=Decimal("100"), form="goods", on=today
        )
    assert "退休会员不享受" in e.value.messages[0]
