"""The demo's welfare: the county's caps, a festival batch mostly handed out, requests at each level."""

import io

import pytest
from django.core.management import call_command

from gonghui.care.models import CondolenceRequest, CondolenceRule, WelfareBatch
from gonghui.care.selectors.welfare import batch_report
from gonghui.demo import care_welfare

pytestmark = pytest.mark.django_db


def test_the_demo_loads_welfare_once():
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", "400", stdout=out)
    assert "普惠发放批次 1 个" in out.getvalue() and "慰问标准 7 项" in out.getvalue()
    rules = {r.occasion: r for r in CondolenceRule.objects.all()}
    assert rules["festival"].cap_per_year == 2200 and not rules["festival"].allow_cash
    assert rules["birthday"].cap_per_occasion == 500 and rules["birthday"].times_per_year == 1
    assert rules["hospital"].once_per_case
    batch = WelfareBatch.objects.get()
    report = batch_report(batch)
    assert report.eligible > 0 and report.handed_out == round(report.eligible * 1015 / 1072)
    states = set(CondolenceRequest.objects.values_list("state", flat=True))
    assert {"at_verify", "at_approve", "approved", "returned"} <= states
    assert care_welfare.load() == []  # once
    assert WelfareBatch.objects.count() == 1
