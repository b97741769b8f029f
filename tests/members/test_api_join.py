"""The join API: submit and status (anonymous allowed), approve and reject (cadres only)."""

import json

import pytest
from django.test import Client

from gonghui.accounts.models import ApiToken
from gonghui.members.models import JoinApplication, Member
from gonghui.members.services.join import duplicate_message, join_submit
from tests.factories import make_id_number, make_mobile

pytestmark = pytest.mark.django_db
BASE = "/api/v1/join-applications"


def post(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


def apply(world, **kw):
    data = {
        "name": "王小明",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "consent": True,
        "enterprise": world.enterprise,
    }
    data.update(kw)
    return join_submit(**data)


def payload(**kw):
    data = {
        "name": "马骁",
        "id_number": make_id_number(),
        "mobile": make_mobile(),
        "consent": True,
        "job_type": "delivery_rider",
    }
    data.update(kw)
    return data


def test_anonymous_submit_returns_201_with_the_union(client, world):
    response = post(client, BASE, payload(work_area=str(world.township.uuid)))
    assert response.status_code == 201, response.content
    body = response.json()
    app = JoinApplication.objects.get()
    assert body == {
        "uuid": str(app.uuid),
        "state": "submitted",
        "state_label": "待审核",
        "union": world.joint.name,
        "reason": "",
    }
    assert app.org == world.joint and app.applicant is None


def test_submit_works_with_csrf_checks_enforced(world):
    client = Client(enforce_csrf_checks=True)
    response = post(client, BASE, payload(enterprise=str(world.enterprise.uuid), job_type=""))
    assert response.status_code == 201
    assert JoinApplication.objects.get().org == world.union


def test_a_token_user_becomes_the_applicant(client, world):
    _token, key = ApiToken.issue(user=world.worker)
    response = post(
        client, BASE, payload(work_area=str(world.county.uuid)), HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201
    assert JoinApplication.objects.get().applicant == world.worker


def test_a_session_user_becomes_the_applicant(login, world):
    response = post(login(world.worker), BASE, payload(work_area=str(world.county.uuid)))
    assert response.status_code == 201
    assert JoinApplication.objects.get().applicant == world.worker


def test_bad_input_is_400_with_a_chinese_detail(client, world):
    response = post(client, BASE, payload(id_number="110105194912310021", work_area=str(world.county.uuid)))
    assert response.status_code == 400
    assert response.json()["detail"] == "身份证号码校验位不正确，请核对后重新输入。"
    response = post(client, BASE, payload(consent=False, work_area=str(world.county.uuid)))
    assert response.status_code == 400 and "同意" in response.json()["detail"]
    response = post(client, BASE, payload(enterprise="6f1c7a1e-0000-4000-8000-000000000000", job_type=""))
    assert response.status_code == 400 and response.json()["detail"] == "请从列表中选择工作单位。"
    # a membership union is not a work area (the same areas as the join page's chooser)
    response = post(client, BASE, payload(work_area=str(world.union.uuid)))
    assert response.status_code == 400 and response.json()["detail"] == "请从列表中选择工作区域。"
    assert JoinApplication.objects.count() == 0


def test_a_malformed_body_is_422(client, world):
    response = post(client, BASE, {"name": "马骁"})
    assert response.status_code == 422
    assert response.json()["detail"] == "提交的数据格式不正确：id_number 必须填写（共 2 处错误）。"
    assert [e["msg"] for e in response.json()["errors"]] == ["id_number 必须填写", "mobile 必须填写"]


def test_duplicate_and_double_submit_give_the_neutral_message(client, world):
    data = payload(work_area=str(world.county.uuid))
    assert post(client, BASE, data).status_code == 201
    second = post(client, BASE, data)
    assert second.status_code == 400 and second.json()["detail"] == duplicate_message()
    member = post(
        client, BASE, payload(id_number=world.member.id_number_plain(), work_area=str(world.county.uuid))
    )
    assert member.status_code == 400 and member.json()["detail"] == duplicate_message()
    assert world.union.name not in member.content.decode()
    assert JoinApplication.objects.count() == 1


def test_status_by_uuid_is_public_and_shows_the_reason(client, login, world):
    app = apply(world)
    post(login(world.enterprise_cadre), f"{BASE}/{app.uuid}/reject", {"reason": "请提供劳动合同"})
    response = Client().get(f"{BASE}/{app.uuid}")
    assert response.status_code == 200
    assert response.json() == {
        "uuid": str(app.uuid),
        "state": "rejected",
        "state_label": "未通过",
        "union": world.union.name,
        "reason": "请提供劳动合同",
    }
    assert Client().get(f"{BASE}/6f1c7a1e-0000-4000-8000-000000000000").status_code == 404


def test_approve_creates_the_member(login, world):
    app = apply(world)
    response = post(login(world.enterprise_cadre), f"{BASE}/{app.uuid}/approve")
    assert response.status_code == 200, response.content
    member = Member.objects.get(id_number_hash=app.id_number_hash)
    assert response.json()["member_no"] == member.member_no and response.json()["state"] == "approved"
    again = post(login(world.enterprise_cadre), f"{BASE}/{app.uuid}/approve")
    assert again.status_code == 400
    assert Member.objects.filter(id_number_hash=app.id_number_hash).count() == 1


def test_approve_with_a_token(client, world):
    app = apply(world)
    _token, key = ApiToken.issue(user=world.township_cadre)
    response = post(client, f"{BASE}/{app.uuid}/approve", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    app.refresh_from_db()
    assert app.state == "approved"


@pytest.mark.parametrize("action", ["approve", "reject"])
def test_deciding_needs_auth_scope_and_role(client, login, world, action):
    app = apply(world)
    url = f"{BASE}/{app.uuid}/{action}"
    data = {"reason": "不符合条件"}
    assert post(Client(), url, data).status_code == 401
    assert post(login(world.outsider), url, data).status_code == 404
    assert post(login(world.viewer), url, data).status_code == 403
    assert post(login(world.member_user), url, data).status_code == 404
    app.refresh_from_db()
    assert app.state == "submitted" and Member.objects.filter(id_number_hash=app.id_number_hash).count() == 0


def test_reject_needs_a_reason(login, world):
    app = apply(world)
    response = post(login(world.enterprise_cadre), f"{BASE}/{app.uuid}/reject", {"reason": ""})
    assert response.status_code == 400 and "理由" in response.json()["detail"]
    app.refresh_from_db()
    assert app.state == "submitted"


def test_the_applicant_withdraws(login, world):
    app = apply(world, applicant=world.worker)
    assert post(login(world.enterprise_cadre), f"{BASE}/{app.uuid}/withdraw").status_code == 403
    response = post(login(world.worker), f"{BASE}/{app.uuid}/withdraw")
    assert response.status_code == 200 and response.json()["state"] == "withdrawn"


def test_a_session_without_the_csrf_token_is_not_taken_as_the_applicant(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.worker)
    response = post(client, BASE, payload(work_area=str(world.county.uuid)))
    assert response.status_code == 201
    assert JoinApplication.objects.get().applicant is None
