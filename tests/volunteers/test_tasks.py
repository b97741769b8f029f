import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.servicedesk.models import BusStop, BusTrip, ServiceOrder
from gonghui.volunteers import services
from gonghui.volunteers.models import Signup, VolunteerTask
from tests.drilled import open_drilled
from tests.volunteers.conftest import make_task, shift, signed

NEW = "/volunteers/tasks/new/"


def _form(**extra):
    starts = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "title": "户外劳动者服务站清洁",
        "place": "城关镇驿站",
        "capacity": "3",
        "starts_at": starts.strftime("%Y-%m-%dT09:00"),
        "ends_at": starts.strftime("%Y-%m-%dT12:00"),
    }
    data.update(extra)
    return data


def test_a_cadre_publishes_an_ad_hoc_task(vol, login):
    client = login(vol.township_cadre)
    response = client.post(NEW, _form(org=str(vol.township.uuid), leader_phone=vol.team_leader.phone))
    task = VolunteerTask.objects.get(title="户外劳动者服务站清洁")
    assert response["Location"] == f"/volunteers/tasks/{task.uuid}/"
    assert task.org == vol.township and task.org_path == vol.township.path and task.capacity == 3
    assert task.leader == vol.team_leader and task.state == "open" and task.signed_up == 0
    assert (task.ends_at - task.starts_at) == datetime.timedelta(hours=3)


def test_task_bad_input_writes_nothing(vol, login):
    client = login(vol.township_cadre)
    before = VolunteerTask.objects.count()
    data = _form(org=str(vol.township.uuid), capacity="0")
    data["ends_at"] = data["starts_at"].replace("T09:00", "T08:00")
    text = client.post(NEW, data).content.decode()
    assert "结束时间必须晚于开始时间。" in text and "招募人数至少为1人。" in text
    assert VolunteerTask.objects.count() == before


def test_task_create_access(vol, login, client):
    assert client.get(NEW).status_code == 302
    assert login(vol.viewer).get(NEW).status_code == 403
    assert login(vol.volunteer_user).get(NEW).status_code == 403
    response = login(vol.township_cadre).post(NEW, _form(org=str(vol.other_county.uuid)))
    assert (
        response.status_code == 200
        and not VolunteerTask.objects.filter(title="户外劳动者服务站清洁").exists()
    )


def test_a_team_leader_publishes_a_task_for_the_team(vol, login):
    team = services.team_create(
        org=vol.township, name="城关队", leader=vol.volunteer, actor=vol.township_cadre
    )
    client = login(vol.volunteer_user)
    assert client.get(f"{NEW}?team={team.uuid}").status_code == 200
    client.post(f"{NEW}?team={team.uuid}", _form())
    task = VolunteerTask.objects.get(title="户外劳动者服务站清洁")
    assert task.team == team and task.org == vol.township and task.leader == vol.volunteer_user
    # a plain team member may not
    services.team_join(team=team, volunteer=vol.member_volunteer, actor=vol.member_user)
    assert login(vol.member_user).get(f"{NEW}?team={team.uuid}").status_code == 403
    assert login(vol.outsider).get(f"{NEW}?team={team.uuid}").status_code == 404


def _order(w, state="dispatched"):
    return ServiceOrder.objects.create(
        org=w.county,
        item=w.lecture,
        category=w.lecture.category,
        orderer=w.enterprise_contact,
        orderer_kind="enterprise",
        enterprise=w.enterprise,
        place="华宇机械会议室",
        wished_date=timezone.localdate() + datetime.timedelta(days=5),
        expected_people=60,
        state=state,
        team=w.legal_team,
        service_date=timezone.localdate() + datetime.timedelta(days=6),
        service_place="华宇机械礼堂",
    )


def test_a_task_from_a_dispatched_order(vol, login):
    order = _order(vol)
    client = login(vol.county_cadre)
    page = client.get(f"{NEW}?order={order.uuid}").content.decode()
    assert "劳动法律法规讲座" in page and "华宇机械礼堂" in page
    date = order.service_date
    client.post(
        f"{NEW}?order={order.uuid}",
        _form(
            title="劳动法律法规讲座",
            place="华宇机械礼堂",
            starts_at=f"{date:%Y-%m-%d}T14:00",
            ends_at=f"{date:%Y-%m-%d}T16:00",
        ),
    )
    task = VolunteerTask.objects.get(order=order)
    assert task.org == vol.county and timezone.localtime(task.starts_at).date() == date
    assert login(vol.outsider).get(f"{NEW}?order={order.uuid}").status_code == 404
    assert (
        login(vol.viewer).get(f"{NEW}?order={order.uuid}").status_code == 404
    )  # not in the township's scope


def test_an_order_not_dispatched_is_refused(vol):
    order = _order(vol, state="accepted")
    starts = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="只有已派单的服务点单"):
        services.task_create(
            org=vol.county,
            title="x",
            place="y",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=1),
            capacity=2,
            leader=vol.county_cadre,
            order=order,
            actor=vol.county_cadre,
        )


def test_a_task_from_a_bus_trip(vol, login):
    trip = BusTrip.objects.create(
        org=vol.county, title="富乐大巴进园区", date=timezone.localdate() + datetime.timedelta(days=4)
    )
    BusStop.objects.create(trip=trip, seq=1, place="开发区职工宿舍")
    client = login(vol.county_cadre)
    page = client.get(f"{NEW}?trip={trip.uuid}").content.decode()
    assert "开发区职工宿舍" in page and f"{trip.date:%Y-%m-%d}T08:30" in page
    client.post(
        f"{NEW}?trip={trip.uuid}",
        _form(
            title="富乐大巴随车服务",
            starts_at=f"{trip.date:%Y-%m-%d}T08:30",
            ends_at=f"{trip.date:%Y-%m-%d}T17:00",
        ),
    )
    task = VolunteerTask.objects.get(trip=trip)
    assert task.org == vol.county and task.leader == vol.county_cadre


def test_task_detail_access(vol, login, client):
    url = vol.task.get_absolute_url()
    assert client.get(url).status_code == 302
    assert login(vol.outsider).get(url).status_code == 404
    assert login(vol.far_user).get(url).status_code == 404
    assert login(vol.worker).get(url).status_code == 404
    assert login(vol.viewer).get(url).status_code == 200
    text = login(vol.volunteer_user).get(url).content.decode()
    assert "我要报名" in text and "签到二维码" not in text
    leader_page = login(vol.township_cadre).get(url).content.decode()
    assert "<svg" in leader_page and "/volunteers/checkin/" in leader_page


def test_open_task_list_shows_the_county_future_tasks_with_places(vol, login):
    full = make_task(vol.county, leader=vol.county_cadre, title="已满任务", capacity=1)
    signed(full, vol.member_volunteer)
    started = make_task(vol.county, leader=vol.county_cadre, title="已开始任务")
    shift(started, starts_in=-datetime.timedelta(minutes=5))
    make_task(vol.other_county, leader=vol.outsider, title="临川任务")
    text = login(vol.volunteer_user).get("/volunteers/tasks/").content.decode()
    assert "职工法律咨询志愿服务" in text
    assert "已满任务" not in text and "已开始任务" not in text and "临川任务" not in text


def test_sign_up_and_withdraw(vol, login):
    client = login(vol.volunteer_user)
    url = vol.task.get_absolute_url()
    client.post(url + "signup/")
    response = client.post(url + "signup/", follow=True)
    assert "您已报名该任务。" in response.content.decode()
    vol.task.refresh_from_db()
    assert vol.task.signed_up == 1 and Signup.objects.filter(task=vol.task).count() == 1
    client.post(url + "withdraw/")
    vol.task.refresh_from_db()
    assert vol.task.signed_up == 0 and Signup.objects.get().state == "withdrawn"
    client.post(url + "signup/")  # reactivates the same row
    vol.task.refresh_from_db()
    assert vol.task.signed_up == 1 and Signup.objects.get().state == "signed_up"


def test_signup_access(vol, login, client):
    url = vol.task.get_absolute_url()
    assert client.post(url + "signup/").status_code == 302
    assert login(vol.outsider).post(url + "signup/").status_code == 404
    assert login(vol.far_user).post(url + "signup/").status_code == 404
    response = login(vol.viewer).post(url + "signup/")  # a cadre who is not a volunteer is asked to register
    assert response["Location"] == "/volunteers/register/"
    assert not Signup.objects.exists()


def test_capacity_is_never_exceeded(vol):
    task = make_task(vol.county, leader=vol.county_cadre, capacity=1)
    signed(task, vol.volunteer)
    with pytest.raises(ValidationError, match="名额已满"):
        signed(task, vol.member_volunteer)
    task.refresh_from_db()
    assert task.signed_up == 1 and task.signups.count() == 1


def test_no_signup_once_started_or_closed(vol, login):
    task = shift(make_task(vol.county, leader=vol.county_cadre), starts_in=-datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError, match="任务已经开始"):
        signed(task, vol.volunteer)
    other = make_task(vol.county, leader=vol.county_cadre)
    login(vol.county_cadre).post(other.get_absolute_url() + "close/")
    other.refresh_from_db()
    assert other.state == "closed"
    with pytest.raises(ValidationError, match="该任务已停止招募。"):
        signed(other, vol.volunteer)


def test_the_leader_cancels_and_volunteers_are_notified(vol, login):
    from gonghui.core.models import Notification

    signed(vol.task, vol.volunteer)
    url = vol.task.get_absolute_url()
    assert login(vol.viewer).post(url + "cancel/").status_code == 403
    assert login(vol.outsider).post(url + "cancel/").status_code == 404
    login(vol.township_cadre).post(url + "cancel/")
    vol.task.refresh_from_db()
    assert vol.task.state == "cancelled"
    assert Notification.objects.filter(recipient=vol.volunteer_user, title__contains="已取消").exists()
    response = login(vol.township_cadre).post(url + "cancel/", follow=True)
    assert "任务已取消。" in response.content.decode()


def test_manage_list(vol, login):
    text = login(vol.township_cadre).get("/volunteers/tasks/manage/").content.decode()
    assert "职工法律咨询志愿服务" in text
    assert "职工法律咨询志愿服务" not in login(vol.outsider).get("/volunteers/tasks/manage/").content.decode()
    assert login(vol.volunteer_user).get("/volunteers/tasks/manage/").status_code == 403


def test_the_glance_tile_opens_the_tasks_whose_hours_it_counted(vol, login):
    """志愿服务时长 for a township and period opens the cadre's task list at the tasks whose confirmed
    hours it added up (each once): not another township's, not one of another period, not one with
    hours unconfirmed or a sign-up withdrawn."""
    from decimal import Decimal

    from django.urls import reverse

    from gonghui.core import indicators

    def served(task, *volunteers, ago, confirm=None, hours=Decimal("2")):
        signups = [signed(task, v) for v in volunteers]
        shift(task, starts_in=-ago)
        for signup in signups if confirm else ():
            services.hours_confirm(signup=signup, actor=confirm, hours=hours)
        return signups

    day = datetime.timedelta(days=1)
    counted = make_task(vol.township, leader=vol.township_cadre, title="城关镇环境清洁志愿服务")
    served(counted, vol.volunteer, vol.member_volunteer, ago=day, confirm=vol.township_cadre)
    other = make_task(vol.other_township, leader=vol.county_cadre, title="柳溪乡助老志愿服务")
    served(other, vol.volunteer, ago=day, confirm=vol.county_cadre)
    old = make_task(vol.township, leader=vol.township_cadre, title="上季度的义诊志愿服务")
    served(old, vol.volunteer, ago=60 * day, confirm=vol.township_cadre)
    pending = make_task(vol.township, leader=vol.township_cadre, title="未确认时长的宣讲志愿服务")
    served(pending, vol.volunteer, ago=day)
    withdrawn = make_task(vol.township, leader=vol.township_cadre, title="退出报名的值守志愿服务")
    services.signup_withdraw(signup=signed(withdrawn, vol.volunteer), actor=vol.volunteer_user)
    shift(withdrawn, starts_in=-day)
    today = timezone.localdate()
    period = indicators.Period(today - 30 * day, today)
    assert indicators.figures(vol.township, period)["volunteers.hours"] == Decimal("4")
    link = indicators.get("volunteers.hours").drill(vol.township, period)
    url = reverse("volunteers:task_manage_list")
    others = [
        "柳溪乡助老志愿服务",
        "上季度的义诊志愿服务",
        "未确认时长的宣讲志愿服务",
        "退出报名的值守志愿服务",
    ]
    page = open_drilled(
        login(vol.county_cadre),
        link,
        url,
        org=vol.township,
        shown=["城关镇环境清洁志愿服务"],
        hidden=others,
        other_county=vol.other_county,
        whole=[*others, "职工法律咨询志愿服务"],
    )
    assert page.count("城关镇环境清洁志愿服务") == 1  # each task once
