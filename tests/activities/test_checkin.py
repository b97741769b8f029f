"""Check-in by QR at an activity (core.checkin): the member's code, the organiser's gates."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity
from gonghui.core import indicators
from tests.activities.conftest import make_activity, make_workers

pytestmark = pytest.mark.django_db


def _started(activity):
    now = timezone.now()
    Activity.objects.filter(pk=activity.pk).update(
        registration_opens_at=now - datetime.timedelta(days=2),
        registration_closes_at=now - datetime.timedelta(hours=1),
        starts_at=now - datetime.timedelta(minutes=10),
        ends_at=now + datetime.timedelta(hours=2),
    )
    activity.refresh_from_db()
    return activity


def _scan(client, activity, scans):
    return client.post(
        reverse("activities:scan_batch", args=[activity.uuid]),
        json.dumps({"scans": scans}),
        content_type="application/json",
    )


def test_a_member_checks_in_once_whatever_the_gates(world, login):
    activity = make_activity(world.township, actor=world.township_cadre, capacity=5, family_max=2)
    entry = services.registration_create(activity=activity, family_count=2, actor=world.member_user)
    page = login(world.member_user).get(entry.get_absolute_url()).content.decode()
    assert "我的签到码" in page and "<svg" in page
    code = services.registration_code(entry)
    _started(activity)
    client = login(world.township_cadre)
    assert client.get(reverse("activities:scan", args=[activity.uuid])).status_code == 200
    answer = _scan(
        client,
        activity,
        [{"id": 1, "token": code, "gate": "东门"}, {"id": 2, "token": code, "gate": "西门"}],
    ).json()["results"]
    assert [a["status"] for a in answer] == ["ok", "already"]
    entry.refresh_from_db()
    assert entry.checked_in_at is not None and entry.checkin_gate == "东门"
    # attendance counts the family who came with the member
    period = indicators.Period(timezone.localdate() - datetime.timedelta(days=1), timezone.localdate())
    assert indicators.figures(world.county, period)["activities.attended"] == 3


def test_codes_of_waitlisted_or_other_activities_are_refused(world, login):
    activity = make_activity(world.union, actor=world.enterprise_cadre, capacity=1)
    other = make_activity(world.union, actor=world.enterprise_cadre, capacity=1, title="另一场")
    a, b = make_workers(world.union, 2)
    services.registration_create(activity=activity, actor=a)
    waiting = services.registration_create(activity=activity, actor=b)
    assert services.registration_code(waiting) is None
    foreign = services.registration_code(services.registration_create(activity=other, actor=a))
    _started(activity)
    answer = _scan(login(world.enterprise_cadre), activity, [{"id": 1, "token": foreign, "gate": "A"}])
    assert answer.json()["results"][0]["status"] == "invalid"


def test_only_the_organiser_scans(world, login):
    activity = make_activity(world.township, actor=world.township_cadre)
    assert login(world.viewer).get(reverse("activities:scan", args=[activity.uuid])).status_code == 403
    assert login(world.member_user).get(reverse("activities:scan", args=[activity.uuid])).status_code == 404
    bad = login(world.township_cadre).post(
        reverse("activities:scan_batch", args=[activity.uuid]), "nonsense", content_type="application/json"
    )
    assert bad.status_code == 400


def test_rotating_voids_the_codes(world):
    activity = make_activity(world.township, actor=world.township_cadre)
    entry = services.registration_create(activity=activity, actor=world.member_user)
    old = services.registration_code(entry)
    services.checkin_rotate(activity=activity, actor=world.township_cadre)
    entry.refresh_from_db()
    assert services.registration_code(entry) != old
    assert services.registration_desk(activity).record_for(old) is None


def test_the_api_gives_my_code_only_to_me(world, login):
    activity = make_activity(world.township, actor=world.township_cadre)
    entry = services.registration_create(activity=activity, actor=world.member_user)
    mine = login(world.member_user).get(f"/api/v1/activities/registrations/{entry.uuid}").json()
    assert mine["checkin_code"] == services.registration_code(entry)
    theirs = login(world.township_cadre).get(f"/api/v1/activities/registrations/{entry.uuid}").json()
    assert theirs["checkin_code"] is None
