"""The petitions API: POST / (online petition), GET /mine, GET /{uuid}."""

import json

from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.servicedesk.models import Petition
from gonghui.servicedesk.services import petitions as services

BASE = "/api/v1/desk/petitions"
BODY = {"subject": "加班费", "content": "加班没有加班费。", "consent": True}


def _post(client, body, **headers):
    return client.post(BASE + "/", data=json.dumps(body), content_type="application/json", **headers)


def test_member_petitions_online(login, world):
    client = login(world.member_user)
    response = _post(client, BODY)
    assert response.status_code == 201, response.content
    data = response.json()
    petition = Petition.objects.get()
    assert data["uuid"] == str(petition.uuid) and data["org"] == "安平县总工会"  # the member's federation
    assert data["petitioner_phone"] == world.member_user.phone[:3] + "****" + world.member_user.phone[-4:]
    assert data["state"] == "received" and data["working_days_left"] >= 1 and data["overdue"] is False
    assert petition.petitioner == world.member_user
    # double submit: the same petition
    assert _post(client, BODY).json()["uuid"] == data["uuid"]
    assert Petition.objects.count() == 1
    mine = client.get(BASE + "/mine").json()
    assert [p["uuid"] for p in mine] == [data["uuid"]]
    assert client.get(f"{BASE}/{petition.uuid}").json()["subject"] == "加班费"


def test_bearer_token_and_explicit_org(client, world):
    _token, key = ApiToken.issue(user=world.worker)
    response = _post(client, {**BODY, "org": str(world.county.uuid)}, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 201
    assert Petition.objects.get().petitioner == world.worker


def test_bad_input_is_refused_in_chinese(login, world):
    client = login(world.worker)
    response = _post(client, {**BODY, "consent": False})  # no membership, no org either
    assert response.status_code == 400 and response.json()["detail"] == "请选择受理的总工会。"
    response = _post(client, {**BODY, "org": str(world.county.uuid), "consent": False, "subject": ""})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["subject"] == ["请填写事由。"] and "consent" in errors
    response = _post(client, {"subject": "x"})
    assert response.status_code == 422
    assert not Petition.objects.exists()


def test_anonymous_gets_401(client, world):
    assert _post(client, BODY).status_code == 401
    assert client.get(BASE + "/mine").status_code == 401
    petition = services.petition_submit_online(
        actor=world.member_user, org=world.county, subject="x", content="y", consent=True
    )
    assert client.get(f"{BASE}/{petition.uuid}").status_code == 401
    assert Petition.objects.count() == 1


def test_detail_owner_or_cadre_in_scope(login, world):
    petition = services.petition_submit_online(
        actor=world.member_user, org=world.county, subject="x", content="y", consent=True
    )
    url = f"{BASE}/{petition.uuid}"
    assert login(world.worker).get(url).status_code == 404  # another petitioner
    assert login(world.outsider).get(url).status_code == 404
    assert login(world.township_cadre).get(url).status_code == 404  # county petition
    data = login(world.county_cadre).get(url).json()
    assert data["petitioner_name"] == "张伟" and "****" in data["petitioner_phone"]
    assert login(world.worker).get(f"{BASE}/not-a-uuid").status_code == 422
    assert login(world.worker).get(BASE + "/mine").json() == []


def test_registered_petitions_are_not_in_anyones_mine(login, world):
    services.petition_register(
        org=world.county,
        actor=world.county_cadre,
        channel="visit",
        petitioner_name="王",
        petitioner_phone=world.member_user.phone,
        subject="s",
        content="c",
        received_on=timezone.localdate(),
    )
    assert login(world.member_user).get(BASE + "/mine").json() == []
