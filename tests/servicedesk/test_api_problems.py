"""/api/v1/desk/problems: raise, mine, detail, answer, confirm, reopen — the same services as the pages."""

import pytest

from gonghui.accounts.models import ApiToken
from gonghui.servicedesk.models import Problem
from gonghui.servicedesk.services import problems as svc

pytestmark = pytest.mark.django_db
BASE = "/api/v1/desk/problems"


def _payload(w, **kw):
    return {
        "enterprise": str(w.enterprise.uuid),
        "category": "permits",
        "title": "营业执照变更",
        "description": "变更经营范围需要多次跑腿。",
        "urgency": "urgent",
        **kw,
    }


def test_raise_with_a_token_then_follow_it(client, desk):
    _t, key = ApiToken.issue(user=desk.enterprise_contact)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    response = client.post(BASE + "/", _payload(desk), content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    data = response.json()
    problem = Problem.objects.get()
    assert data["uuid"] == str(problem.uuid) and data["state"] == "raised" and data["state_label"] == "待交办"
    assert problem.org == desk.township and problem.urgency == "urgent"
    # Double submit: the same problem back, one row.
    again = client.post(BASE + "/", _payload(desk), content_type="application/json", **headers)
    assert again.json()["uuid"] == data["uuid"] and Problem.objects.count() == 1
    mine = client.get(BASE + "/mine", **headers).json()
    assert [p["uuid"] for p in mine] == [data["uuid"]]

    svc.problem_assign(problem=problem, unit=desk.market_unit, actor=desk.county_cadre)
    _t, unit_key = ApiToken.issue(user=desk.unit_contact)
    unit_headers = {"HTTP_AUTHORIZATION": f"Bearer {unit_key}"}
    response = client.post(
        f"{BASE}/{problem.uuid}/answer",
        {"answer": "已开通线上变更。"},
        content_type="application/json",
        **unit_headers,
    )
    assert response.status_code == 200 and response.json()["state"] == "answered"
    detail = client.get(f"{BASE}/{problem.uuid}", **headers).json()
    assert detail["answer"] == "已开通线上变更。" and detail["unit"] == "安平县市场监督管理局"
    assert [h["transition"] for h in detail["history"]] == ["assign", "answer"]
    assert set(detail["actions"]) == {"confirm", "reopen"}
    response = client.post(
        f"{BASE}/{problem.uuid}/reopen", {"reason": ""}, content_type="application/json", **headers
    )
    assert response.status_code == 400 and "请填写" in response.json()["detail"]
    response = client.post(
        f"{BASE}/{problem.uuid}/reopen",
        {"reason": "仍需现场办理"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200 and response.json()["state"] == "reopened"
    svc.problem_assign(problem=Problem.objects.get(), unit=desk.market_unit, actor=desk.county_cadre)
    svc.problem_answer(problem=Problem.objects.get(), actor=desk.unit_contact, answer="已办结。")
    response = client.post(f"{BASE}/{problem.uuid}/confirm", {}, content_type="application/json", **headers)
    assert response.status_code == 200 and response.json()["state"] == "resolved"
    response = client.post(f"{BASE}/{problem.uuid}/confirm", {}, content_type="application/json", **headers)
    assert response.status_code == 400  # double submit: the state no longer allows it
    assert Problem.objects.get().resolved_at is not None


def test_anonymous_401(client, desk):
    problem = svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="tax",
        title="t",
        description="d",
    )
    assert client.post(BASE + "/", _payload(desk), content_type="application/json").status_code == 401
    assert client.get(BASE + "/mine").status_code == 401
    assert client.get(f"{BASE}/{problem.uuid}").status_code == 401
    assert (
        client.post(f"{BASE}/{problem.uuid}/confirm", {}, content_type="application/json").status_code == 401
    )


def test_outsider_404_viewer_403_bad_input_400(login, desk):
    problem = svc.problem_raise(
        enterprise=desk.enterprise,
        reporter=desk.enterprise_contact,
        category="tax",
        title="t",
        description="d",
    )
    outsider = login(desk.outsider)
    assert outsider.get(f"{BASE}/{problem.uuid}").status_code == 404
    assert outsider.post(BASE + "/", _payload(desk), content_type="application/json").status_code == 404
    viewer = login(desk.viewer)
    assert viewer.get(f"{BASE}/{problem.uuid}").status_code == 200
    assert (
        viewer.post(BASE + "/", _payload(desk, title="另一个"), content_type="application/json").status_code
        == 404
    )
    svc.problem_assign(problem=problem, unit=desk.market_unit, actor=desk.county_cadre)
    response = viewer.post(f"{BASE}/{problem.uuid}/answer", {"answer": "x"}, content_type="application/json")
    assert response.status_code == 403
    contact = login(desk.enterprise_contact)
    response = contact.post(
        BASE + "/", _payload(desk, title=" ", category="nope"), content_type="application/json"
    )
    assert response.status_code == 400 and set(response.json()["errors"]) == {"title", "category"}
    assert Problem.objects.count() == 1
    assert contact.post(BASE + "/", {"title": 1}, content_type="application/json").status_code == 422


def test_in_openapi_schema(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/desk/problems/" in paths and "/api/v1/desk/problems/{uuid}/reopen" in paths
