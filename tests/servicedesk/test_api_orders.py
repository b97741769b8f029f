"""/api/v1/desk/orders: place, mine, detail, team-jobs and every step, with every persona."""

import pytest

from gonghui.accounts.models import ApiToken
from gonghui.servicedesk.models import ServiceOrder
from tests.factories import on_day
from tests.servicedesk.test_orders import place_order, soon

API = "/api/v1/desk/orders"


def _payload(desk, **overrides):
    data = {
        "item": desk.lecture.pk,
        "orderer_kind": "enterprise",
        "enterprise": str(desk.enterprise.uuid),
        "place": "华宇公司会议室",
        "wished_date": soon().isoformat(),
        "expected_people": 60,
    }
    data.update(overrides)
    return data


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def test_anonymous_gets_401(client, desk):
    order = place_order(desk)
    assert _post(client, f"{API}/", _payload(desk)).status_code == 401
    for url in (f"{API}/mine", f"{API}/team-jobs", f"{API}/{order.uuid}"):
        assert client.get(url).status_code == 401
    assert _post(client, f"{API}/{order.uuid}/accept").status_code == 401
    assert ServiceOrder.objects.get().state == "ordered"


def test_the_whole_flow_over_the_api_with_a_token(login, desk):
    from django.test import Client

    client = Client()  # its own client: `login` logs the shared one in as other people
    _token, key = ApiToken.issue(user=desk.enterprise_contact)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.post(f"{API}/", _payload(desk), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    uuid = response.json()["uuid"]
    again = client.post(f"{API}/", _payload(desk), content_type="application/json", **headers)
    assert again.json()["uuid"] == uuid and ServiceOrder.objects.count() == 1  # double submit → one order
    assert response.json()["actions"] == ["cancel"]

    cadre = login(desk.county_cadre)
    assert _post(cadre, f"{API}/{uuid}/accept").json()["state"] == "accepted"
    data = _post(
        cadre,
        f"{API}/{uuid}/dispatch",
        {"team": desk.legal_team.pk, "service_date": soon(2).isoformat(), "service_place": "三楼会议室"},
    ).json()
    assert data["state"] == "dispatched" and data["team"] == "法安先锋"

    leader = login(desk.team_leader)
    jobs = leader.get(f"{API}/team-jobs").json()
    assert jobs["count"] == 1 and jobs["items"][0]["uuid"] == uuid
    early = _post(leader, f"{API}/{uuid}/deliver", {"people_served": 60})
    assert early.status_code == 400 and "还没到服务日期" in early.json()["detail"]
    with on_day(soon(2)):  # the service day
        assert (
            _post(leader, f"{API}/{uuid}/deliver", {"people_served": 60, "report": "讲座顺利"}).json()[
                "state"
            ]
            == "delivered"
        )
        rated = client.post(
            f"{API}/{uuid}/rate", {"rating": 5, "comment": "很好"}, content_type="application/json", **headers
        )
    assert rated.json()["state"] == "rated" and rated.json()["rating"] == 5
    detail = client.get(f"{API}/{uuid}", **headers).json()
    assert [h["transition"] for h in detail["history"]] == ["accept", "dispatch", "deliver", "rate"]
    mine = client.get(f"{API}/mine", **headers).json()
    assert mine["count"] == 1 and mine["items"][0]["state"] == "rated"
    order = ServiceOrder.objects.get()
    assert (order.people_served, order.rating) == (60, 5)


def test_bad_input_is_400_in_chinese_and_writes_nothing(login, desk):
    client = login(desk.enterprise_contact)
    response = _post(client, f"{API}/", _payload(desk, wished_date="2020-01-01"))
    assert response.status_code == 400 and response.json()["detail"] == "期望日期不能早于今天。"
    response = _post(client, f"{API}/", _payload(desk, orderer_kind="worker"))
    assert response.status_code == 400 and "不能以该身份" in response.json()["detail"]
    assert _post(client, f"{API}/", {"item": desk.lecture.pk}).status_code == 422
    assert ServiceOrder.objects.count() == 0


def test_outsider_gets_404(login, desk):
    order = place_order(desk)
    client = login(desk.outsider)
    assert client.get(f"{API}/{order.uuid}").status_code == 404
    assert _post(client, f"{API}/{order.uuid}/accept").status_code == 404
    assert _post(client, f"{API}/", _payload(desk)).status_code == 404  # an item not on their menu
    assert ServiceOrder.objects.get().state == "ordered"


def test_a_read_only_cadre_gets_403(login, desk):
    from gonghui.accounts.models import Role
    from tests.factories import make_cadre

    county_viewer = make_cadre(desk.county, name="钱观察", role=Role.VIEWER)
    order = place_order(desk)
    client = login(county_viewer)
    assert client.get(f"{API}/{order.uuid}").status_code == 200
    assert _post(client, f"{API}/{order.uuid}/accept").status_code == 403
    assert _post(client, f"{API}/{order.uuid}/decline", {"reason": "不行"}).status_code == 403
    assert ServiceOrder.objects.get().state == "ordered"


@pytest.mark.parametrize(
    "step, payload",
    [
        ("rate", {"rating": 5}),
        ("deliver", {"people_served": 10}),
    ],
)
def test_forbidden_steps_before_their_time(login, desk, step, payload):
    order = place_order(desk)
    client = login(desk.county_cadre if step == "deliver" else desk.enterprise_contact)
    response = _post(client, f"{API}/{order.uuid}/{step}", payload)
    assert response.status_code == 400 and "不能执行" in response.json()["detail"]
    assert ServiceOrder.objects.get().state == "ordered"


def test_decline_and_cancel_need_a_reason(login, desk):
    order = place_order(desk)
    response = _post(login(desk.county_cadre), f"{API}/{order.uuid}/decline", {"reason": ""})
    assert response.status_code == 400 and response.json()["detail"] == "请填写不予受理的理由。"
    response = _post(login(desk.enterprise_contact), f"{API}/{order.uuid}/cancel", {"reason": "改期"})
    assert response.json()["state"] == "cancelled"
    assert ServiceOrder.objects.get().state == "cancelled"
