import datetime
import io
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gonghui.core.models import AuditEntry
from gonghui.volunteers import selectors, services
from gonghui.volunteers.models import Signup
from gonghui.volunteers.views import checkin_url
from tests.factories import make_user
from tests.volunteers.conftest import make_task, make_volunteer, shift, signed


def _path(task) -> str:
    return checkin_url(task).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_qr_url_checks_in_then_out(vol, login):
    signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=-datetime.timedelta(minutes=10))
    client = login(vol.volunteer_user)
    url = _path(vol.task)
    page = client.get(url).content.decode()
    assert "签到" in page and vol.task.title in page
    response = client.post(url, follow=True)
    assert "签到成功。" in response.content.decode()
    signup = Signup.objects.get()
    assert signup.checked_in_at is not None and signup.checked_out_at is None
    response = client.post(url, follow=True)
    assert "签退成功" in response.content.decode()
    signup.refresh_from_db()
    assert signup.checked_out_at is not None and signup.hours == Decimal("0.0")
    response = client.post(url)
    assert response.status_code == 400 and "您已签退，无需重复扫码。" in response.content.decode()


def test_check_in_outside_the_window_is_refused(vol, login):
    signed(vol.task, vol.volunteer)
    client = login(vol.volunteer_user)
    shift(vol.task, starts_in=datetime.timedelta(minutes=45))
    response = client.post(_path(vol.task))
    assert response.status_code == 400 and "签到尚未开始" in response.content.decode()
    shift(vol.task, starts_in=-datetime.timedelta(hours=4), hours=3)
    response = client.post(_path(vol.task))
    assert response.status_code == 400 and "任务已经结束，不能再签到" in response.content.decode()
    assert Signup.objects.get().checked_in_at is None
    # 30 minutes early is fine
    shift(vol.task, starts_in=datetime.timedelta(minutes=25))
    client.post(_path(vol.task))
    assert Signup.objects.get().checked_in_at is not None


def test_a_volunteer_checked_in_early_keeps_the_place(vol, login):
    """Check-in opens before the start; a volunteer on site may not withdraw and free the place."""
    signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=datetime.timedelta(minutes=20))
    client = login(vol.volunteer_user)
    client.post(_path(vol.task))
    response = client.post(f"/volunteers/tasks/{vol.task.uuid}/withdraw/", follow=True)
    assert "您已签到，不能退出报名。" in response.content.decode()
    vol.task.refresh_from_db()
    assert Signup.objects.get().state == "signed_up" and vol.task.signed_up == 1
    services.volunteer_leave(
        volunteer=vol.volunteer, actor=vol.volunteer_user
    )  # leaving keeps today's place too
    assert Signup.objects.get().state == "signed_up"


def test_check_out_after_the_late_limit_is_refused(vol):
    signed(vol.task, vol.volunteer)
    task = vol.task
    token = services.checkin_token(task)
    services.checkin_scan(token=token, actor=vol.volunteer_user, now=task.starts_at)
    with pytest.raises(ValidationError, match="签退时间已过"):
        services.checkin_scan(
            token=token,
            actor=vol.volunteer_user,
            now=task.ends_at + services.CHECKOUT_LATE + datetime.timedelta(minutes=1),
        )


def test_forged_and_replaced_tokens_are_refused(vol, login):
    signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=-datetime.timedelta(minutes=10))
    client = login(vol.volunteer_user)
    response = client.post(f"/volunteers/checkin/{vol.task.uuid}/forged-token/")
    assert response.status_code == 400 and "签到二维码无效或已更换" in response.content.decode()
    old = _path(vol.task)
    login(vol.township_cadre).post(vol.task.get_absolute_url() + "rotate-code/")
    client = login(vol.volunteer_user)
    response = client.post(old)
    assert response.status_code == 400 and "签到二维码无效或已更换" in response.content.decode()
    # a token of another task with this task's uuid
    other = make_task(vol.county, leader=vol.county_cadre)
    vol.task.refresh_from_db()
    response = client.post(f"/volunteers/checkin/{vol.task.uuid}/{services.checkin_token(other)}/")
    assert response.status_code == 400
    assert Signup.objects.get().checked_in_at is None


def test_only_signed_up_volunteers_check_in(vol, login, client):
    shift(vol.task, starts_in=-datetime.timedelta(minutes=10))
    url = _path(vol.task)
    assert client.get(url).status_code == 302
    response = login(vol.member_user).post(url)
    assert response.status_code == 400 and "您没有报名该任务，不能签到。" in response.content.decode()
    assert not Signup.objects.exists()


def test_proposed_hours_round_down_to_half_hours_within_the_window(vol):
    task = vol.task
    s = task.starts_at
    assert services.proposed_hours(
        task, s - datetime.timedelta(minutes=20), s + datetime.timedelta(minutes=89)
    ) == Decimal("1.0")
    assert services.proposed_hours(
        task, s + datetime.timedelta(minutes=10), s + datetime.timedelta(minutes=100)
    ) == Decimal("1.5")
    assert services.proposed_hours(task, s, task.ends_at + datetime.timedelta(hours=1)) == Decimal("3.0")


def _checked_out(vol, minutes=125):
    signup = signed(vol.task, vol.volunteer)
    token = services.checkin_token(vol.task)
    services.checkin_scan(token=token, actor=vol.volunteer_user, now=vol.task.starts_at)
    services.checkin_scan(
        token=token, actor=vol.volunteer_user, now=vol.task.starts_at + datetime.timedelta(minutes=minutes)
    )
    shift(vol.task, starts_in=-datetime.timedelta(hours=3))
    signup.refresh_from_db()
    return signup


def test_hours_count_only_once_the_leader_confirms(vol, login):
    signup = _checked_out(vol)
    assert signup.hours == Decimal("2.0") and signup.confirmed_at is None
    year = timezone.localtime(vol.task.starts_at).year
    assert selectors.year_total(vol.volunteer, year) == 0
    assert "待确认" in login(vol.volunteer_user).get("/volunteers/me/hours/").content.decode()
    url = f"{vol.task.get_absolute_url()}signups/{signup.pk}/hours/"
    login(vol.township_cadre).post(url, {"hours": ""})
    signup.refresh_from_db()
    assert signup.confirmed_at is not None and signup.confirmed_by == vol.township_cadre
    assert selectors.year_total(vol.volunteer, year) == Decimal("2.0")
    assert AuditEntry.objects.filter(action="hours_confirm", object_id=signup.pk).exists()


def test_hours_confirm_access_and_bounds(vol, login, client):
    signup = _checked_out(vol)
    url = f"{vol.task.get_absolute_url()}signups/{signup.pk}/hours/"
    assert (
        client.post(url, {"hours": "2"}).status_code == 302
        and "/accounts/login/" in client.post(url)["Location"]
    )
    assert login(vol.outsider).post(url, {"hours": "2"}).status_code == 404
    assert login(vol.viewer).post(url, {"hours": "2"}).status_code == 403
    assert login(vol.volunteer_user).post(url, {"hours": "2"}).status_code == 403
    response = login(vol.township_cadre).post(url, {"hours": "9"}, follow=True)
    assert "服务时长应在0至3小时之间。" in response.content.decode()
    response = login(vol.township_cadre).post(url, {"hours": "1.2"}, follow=True)
    assert "服务时长以0.5小时为单位。" in response.content.decode()
    signup.refresh_from_db()
    assert signup.confirmed_at is None
    # adjusted within the window, twice: one sign-up, the last value counts
    login(vol.township_cadre).post(url, {"hours": "2.5"})
    login(vol.township_cadre).post(url, {"hours": "2.5"})
    signup.refresh_from_db()
    assert signup.hours == Decimal("2.5") and Signup.objects.count() == 1


def test_a_leader_who_served_cannot_confirm_their_own_hours(vol, login):
    task = make_task(vol.township, leader=vol.volunteer_user, actor=vol.township_cadre)
    signup = signed(task, vol.volunteer)
    shift(task, starts_in=-datetime.timedelta(hours=4))
    url = f"{task.get_absolute_url()}signups/{signup.pk}/hours/"
    leader = login(vol.volunteer_user)
    assert f'action="{url}"' not in leader.get(task.get_absolute_url()).content.decode()
    response = leader.post(url, {"hours": "3"}, follow=True)
    assert "不能确认自己的服务时长" in response.content.decode()
    signup.refresh_from_db()
    assert signup.confirmed_at is None
    # a cadre over the task's org confirms them
    services.hours_confirm(signup=signup, actor=vol.township_cadre, hours=Decimal("3"))
    signup.refresh_from_db()
    assert signup.hours_confirmed and signup.confirmed_by == vol.township_cadre


def test_without_check_out_the_leader_enters_the_hours(vol):
    signup = signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=-datetime.timedelta(hours=4))
    with pytest.raises(ValidationError, match="没有签退记录"):
        services.hours_confirm(signup=signup, actor=vol.township_cadre)
    services.hours_confirm(signup=signup, actor=vol.township_cadre, hours=Decimal("1.5"))
    signup.refresh_from_db()
    assert signup.hours == Decimal("1.5") and signup.hours_confirmed


def test_my_hours_page_and_certificate(vol, login):
    from docx import Document

    signup = _checked_out(vol, minutes=180)
    services.hours_confirm(signup=signup, actor=vol.township_cadre)
    year = timezone.localtime(vol.task.starts_at).year
    client = login(vol.volunteer_user)
    text = client.get(f"/volunteers/me/hours/?year={year}").content.decode()
    assert vol.task.title in text and "3" in text
    response = client.get(f"/volunteers/me/hours/{year}/certificate/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename*=UTF-8''%E5%BF%97%E6%84%BF")
    doc = Document(io.BytesIO(response.content))
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "志愿服务时长证明" in body and "何志愿" in body and "累计3小时" in body
    assert f"{year}年度" in body and vol.volunteer.org.name in body
    today = timezone.localdate()
    assert f"{today.year}年{today.month}月{today.day}日" in body
    cells = [c.text for row in doc.tables[0].rows for c in row.cells]
    assert vol.task.title in cells and "3" in cells


def test_certificate_verification_page(vol, client):
    from gonghui.volunteers.certificates import certificate_token

    token = certificate_token(vol.volunteer, 2026, Decimal("12.5"))
    text = client.get(f"/volunteers/certificates/verify/{token}/").content.decode()
    assert "证明有效" in text and "12.5" in text and "何**" in text and vol.volunteer_user.phone not in text
    assert "无法核验" in client.get("/volunteers/certificates/verify/forged/").content.decode()


def test_cadre_certificate_access(vol, login):
    url = f"/volunteers/people/{vol.volunteer.uuid}/certificate/2026/"
    assert login(vol.township_cadre).get(url).status_code == 200
    assert login(vol.outsider).get(url).status_code == 404
    assert login(vol.viewer).get(url).status_code == 403
    assert login(vol.member_user).get(url).status_code == 404
    assert login(vol.volunteer_user).get(url).status_code == 200  # their own
    assert "何志愿" in login(vol.township_cadre).get("/volunteers/people/").content.decode()
    assert login(vol.volunteer_user).get("/volunteers/people/").status_code == 403


def test_team_page_hours_use_constant_queries(vol, login):
    team = services.team_create(
        org=vol.township, name="城关队", leader=vol.volunteer, actor=vol.township_cadre
    )
    year = timezone.localdate().year

    def add_member_with_hours(n):
        user = make_user(name=f"队员{n}")
        v = make_volunteer(user, vol.township)
        services.team_join(team=team, volunteer=v, actor=user)
        task = make_task(vol.township, leader=vol.township_cadre, team=team, title=f"任务{n}")
        s = signed(task, v)
        shift(task, starts_in=-datetime.timedelta(hours=4) - datetime.timedelta(days=n % 3))
        services.hours_confirm(signup=s, actor=vol.township_cadre, hours=Decimal("2.5"))

    add_member_with_hours(1)
    client = login(vol.township_cadre)
    url = f"/volunteers/teams/{team.uuid}/?year={year}"
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(2, 6):
        add_member_with_hours(n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(many) == len(few)
    assert "12.5" in response.content.decode()  # 5 × 2.5 on the team's tasks
    assert selectors.team_hours(team, year) == Decimal("12.5")


def test_my_hours_by_year_is_one_query(vol):
    signup = _checked_out(vol)
    services.hours_confirm(signup=signup, actor=vol.township_cadre)
    with CaptureQueriesContext(connection) as q:
        rows = selectors.hours_by_year(vol.volunteer)
    assert len(q) == 1 and rows[0]["hours"] == Decimal("2.0") and rows[0]["tasks"] == 1


def test_check_in_window_uses_the_clock(vol):
    signed(vol.task, vol.volunteer)
    token = services.checkin_token(vol.task)
    early = vol.task.starts_at - datetime.timedelta(minutes=31)
    with mock.patch("gonghui.volunteers.services.timezone.now", return_value=early):
        with pytest.raises(ValidationError, match="签到尚未开始"):
            services.checkin_scan(token=token, actor=vol.volunteer_user)
