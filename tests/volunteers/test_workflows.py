"""Tasks, sign-ups and bus trips change state through core.workflow: declared transitions, who may
fire each, and a transition log row for every change, like every other decision."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import TransitionLog
from gonghui.servicedesk.models import BusStop, BusTrip
from gonghui.servicedesk.services import bus as bus_svc
from gonghui.servicedesk.workflows import BUS_TRIP_FLOW
from gonghui.volunteers import services
from gonghui.volunteers.models import Signup, VolunteerTask
from gonghui.volunteers.workflows import SIGNUP_FLOW, TASK_FLOW
from tests.volunteers.conftest import make_task, signed

pytestmark = pytest.mark.django_db


def _log(obj):
    return [(r.transition, r.from_state, r.to_state, r.actor) for r in TASK_FLOW.history(obj)]


def test_closing_and_cancelling_a_task_log_who_did_it(vol):
    services.task_close(task=vol.task, actor=vol.township_cadre)
    services.task_cancel(task=vol.task, actor=vol.county_cadre)
    vol.task.refresh_from_db()
    assert vol.task.state == VolunteerTask.State.CANCELLED
    assert _log(vol.task) == [
        ("close", "open", "closed", vol.township_cadre),
        ("cancel", "closed", "cancelled", vol.county_cadre),
    ]


@pytest.mark.parametrize("who", ["volunteer_user", "viewer", "outsider", "enterprise_cadre"])
def test_a_wrong_user_may_not_close_or_cancel_a_task(vol, who):
    for action in (services.task_close, services.task_cancel):
        with pytest.raises(PermissionDenied):
            action(task=vol.task, actor=getattr(vol, who))
    assert VolunteerTask.objects.get(pk=vol.task.pk).state == "open"
    assert not TransitionLog.objects.exists()


def test_withdrawing_and_signing_up_again_log_each_change(vol):
    signup = signed(vol.task, vol.volunteer)
    services.signup_withdraw(signup=signup, actor=vol.volunteer_user)
    again = services.signup_create(task=vol.task, volunteer=vol.volunteer, actor=vol.volunteer_user)
    assert again.pk == signup.pk and again.state == Signup.State.SIGNED_UP and again.withdrawn_at is None
    assert [(r.transition, r.from_state, r.to_state, r.actor) for r in SIGNUP_FLOW.history(signup)] == [
        ("withdraw", "signed_up", "withdrawn", vol.volunteer_user),
        ("sign_up_again", "withdrawn", "signed_up", vol.volunteer_user),
    ]
    assert VolunteerTask.objects.get(pk=vol.task.pk).signed_up == 1


def test_another_volunteer_may_not_withdraw_my_sign_up(vol):
    signup = signed(vol.task, vol.volunteer)
    for wrong in (vol.member_user, vol.far_user, vol.outsider):
        with pytest.raises(PermissionDenied):
            services.signup_withdraw(signup=signup, actor=wrong)
    assert Signup.objects.get(pk=signup.pk).state == Signup.State.SIGNED_UP
    assert not SIGNUP_FLOW.history(signup).exists()


def test_a_cadre_removing_a_volunteer_withdraws_their_pending_sign_ups(vol):
    signup = signed(vol.task, vol.volunteer)
    services.volunteer_leave(volunteer=vol.volunteer, actor=vol.township_cadre)
    signup.refresh_from_db()
    assert signup.state == Signup.State.WITHDRAWN
    assert SIGNUP_FLOW.history(signup).get().actor == vol.township_cadre


def test_the_workflow_refuses_a_second_close(vol):
    services.task_close(task=vol.task, actor=vol.township_cadre)
    with pytest.raises(ValidationError):
        TASK_FLOW.fire(vol.task, "close", actor=vol.township_cadre)
    other = make_task(vol.township, leader=vol.township_cadre, title="另一个任务")
    assert TASK_FLOW.label(other.state) == "招募中"


def _trip(w, title="富乐大巴进园区") -> BusTrip:
    trip = bus_svc.trip_plan(
        org=w.county,
        title=title,
        date=datetime.date(2026, 5, 12),
        vehicle="富乐大巴",
        teams=[w.legal_team],
        items=[w.lecture],
        actor=w.county_cadre,
    )
    bus_svc.stop_add(trip=trip, kind=BusStop.Kind.ENTERPRISE, place="华宇公司", actor=w.county_cadre)
    return trip


def test_completing_or_cancelling_a_bus_trip_logs_it(desk):
    done, cancelled = _trip(desk), _trip(desk, title="富乐大巴进社区")
    bus_svc.trip_complete(trip=done, summary="服务120人", actor=desk.county_cadre)
    bus_svc.trip_cancel(trip=cancelled, reason="暴雨", actor=desk.county_cadre)
    assert [(r.transition, r.to_state, r.note) for r in BUS_TRIP_FLOW.history(done)] == [
        ("complete", "done", "服务120人")
    ]
    assert [(r.transition, r.to_state, r.note) for r in BUS_TRIP_FLOW.history(cancelled)] == [
        ("cancel", "cancelled", "暴雨")
    ]
    assert BusTrip.objects.get(pk=done.pk).state == BusTrip.State.DONE
    with pytest.raises(ValidationError) as e:
        bus_svc.trip_cancel(trip=done, reason="x", actor=desk.county_cadre)
    assert e.value.messages == ["行程已完成，不能再修改。"]


def test_a_wrong_user_may_not_end_a_bus_trip(desk):
    trip = _trip(desk)
    for wrong in (
        desk.viewer,
        desk.outsider,
        desk.legal_leader if hasattr(desk, "legal_leader") else desk.worker,
    ):
        with pytest.raises(PermissionDenied):
            bus_svc.trip_complete(trip=trip, actor=wrong)
        with pytest.raises(PermissionDenied):
            bus_svc.trip_cancel(trip=trip, reason="x", actor=wrong)
    assert BusTrip.objects.get(pk=trip.pk).state == "planned" and not BUS_TRIP_FLOW.history(trip).exists()
