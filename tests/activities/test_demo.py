"""The demo's season of activities: built once, with the big days and a living waitlist."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Sum

from gonghui.activities.models import Activity, Registration

pytestmark = pytest.mark.django_db


def run_demo(members: int = 400) -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--members", str(members), stdout=out)
    return out.getvalue()


def test_the_season_is_loaded_once_with_the_big_days():
    first = run_demo()
    activities, registrations = Activity.objects.count(), Registration.objects.count()
    second = run_demo()
    assert (Activity.objects.count(), Registration.objects.count()) == (activities, registrations)
    assert "活动 30 场" in first and "活动 30 场" not in second
    assert "未能生成一项演示活动" not in first
    open_day = Activity.objects.get(title="华宇机械职工家庭开放日")
    assert open_day.registrations.aggregate(f=Sum("family_count"))["f"] == 62
    assert open_day.taken == open_day.registrations.aggregate(p=Sum("places"))["p"]
    for activity in Activity.objects.all():
        held = activity.registrations.filter(state__in=["registered", "offered"]).aggregate(p=Sum("places"))[
            "p"
        ]
        assert activity.taken == (held or 0) <= activity.capacity, activity.title
    run = Activity.objects.get(title="元旦职工迎新长跑")
    assert run.registrations.filter(state="waitlisted").exists()
    assert run.registrations.filter(state="offered").count() == 1
