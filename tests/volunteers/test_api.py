import datetime
import json
from decimal import Decimal

from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.volunteers import services
from gonghui.volunteers.models import Signup
from tests.volunteers.conftest import make_task, shift, signed

BASE = "/api/v1/volunteers"


def _post(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def test_open_tasks(vol, login):
    make_task(vol.other_county, leader=vol.outsider, title="临川任务")
    body = login(vol.volunteer_user).get(f"{BASE}/tasks").json()
    assert [t["title"] for t in body] == ["职工法律咨询志愿服务"]
    assert body[0]["places_left"] == 5 and body[0]["uuid"] == str(vol.task.uuid)
    assert login(vol.worker).get(f"{BASE}/tasks").json() == []


def test_anonymous_gets_401(vol, client):
    assert client.get(f"{BASE}/tasks").status_code == 401
    assert _post(client, f"{BASE}/tasks/{vol.task.uuid}/signup").status_code == 401
    assert _post(client, f"{BASE}/checkin", {"token": "x"}).status_code == 401
    assert client.get(f"{BASE}/me/hours").status_code == 401


def test_signup_and_withdraw(vol, login):
    client = login(vol.volunteer_user)
    response = _post(client, f"{BASE}/tasks/{vol.task.uuid}/signup")
    assert response.status_code == 201 and response.json()["places_left"] == 4
    again = _post(client, f"{BASE}/tasks/{vol.task.uuid}/signup")
    assert again.status_code == 400 and again.json()["detail"] == "您已报名该任务。"
    assert Signup.objects.count() == 1
    response = _post(client, f"{BASE}/tasks/{vol.task.uuid}/withdraw")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"
    vol.task.refresh_from_db()
    assert vol.task.signed_up == 0


def test_signup_errors(vol, login):
    assert _post(login(vol.outsider), f"{BASE}/tasks/{vol.task.uuid}/signup").status_code == 404
    assert _post(login(vol.far_user), f"{BASE}/tasks/{vol.task.uuid}/signup").status_code == 404
    response = _post(login(vol.viewer), f"{BASE}/tasks/{vol.task.uuid}/signup")
    assert response.status_code == 400 and response.json()["detail"] == "请先登记为志愿者。"
    assert _post(login(vol.volunteer_user), f"{BASE}/tasks/{vol.task.uuid}/withdraw").status_code == 404
    assert not Signup.objects.exists()


def test_full_task_says_so(vol, login):
    task = make_task(vol.county, leader=vol.county_cadre, capacity=1)
    signed(task, vol.member_volunteer)
    response = _post(login(vol.volunteer_user), f"{BASE}/tasks/{task.uuid}/signup")
    assert response.status_code == 400 and response.json()["detail"] == "名额已满。"


def test_checkin_and_hours_with_a_bearer_token(vol, client):
    signed(vol.task, vol.volunteer)
    shift(vol.task, starts_in=-datetime.timedelta(minutes=5))
    _token, key = ApiToken.issue(user=vol.volunteer_user)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    token = services.checkin_token(vol.task)
    response = _post(client, f"{BASE}/checkin", {"token": token}, **auth)
    assert response.status_code == 200 and response.json()["direction"] == "in"
    assert response.json()["message"] == "签到成功。"
    response = _post(client, f"{BASE}/checkin", {"token": token}, **auth)
    assert response.json()["direction"] == "out" and response.json()["hours_confirmed"] is False
    bad = _post(client, f"{BASE}/checkin", {"token": "forged"}, **auth)
    assert bad.status_code == 400 and "签到二维码无效" in bad.json()["detail"]

    year = timezone.localtime(vol.task.starts_at).year
    body = client.get(f"{BASE}/me/hours?year={year}", **auth).json()
    assert Decimal(body["total"]) == 0 and body["tasks"] == []
    signup = Signup.objects.get()
    shift(vol.task, starts_in=-datetime.timedelta(hours=4))
    services.hours_confirm(signup=signup, actor=vol.township_cadre, hours=Decimal("2.5"))
    body = client.get(f"{BASE}/me/hours?year={year}", **auth).json()
    assert Decimal(body["total"]) == Decimal("2.5") and body["tasks"][0]["title"] == vol.task.title
    assert body["years"][0]["year"] == year


def test_my_hours_errors(vol, login):
    assert login(vol.outsider).get(f"{BASE}/me/hours").status_code == 404
    response = login(vol.volunteer_user).get(f"{BASE}/me/hours?year=1900")
    assert response.status_code == 400 and response.json()["detail"] == "年度不正确。"


def test_routes_are_in_the_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for route in ("/tasks", "/tasks/{uuid}/signup", "/tasks/{uuid}/withdraw", "/checkin", "/me/hours"):
        assert f"{BASE}{route}" in paths
