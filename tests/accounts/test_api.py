import json

from gonghui.accounts.models import ApiToken
from tests.factories import PASSWORD

TOKEN = "/api/v1/auth/token"
ME = "/api/v1/auth/me"


def _post_token(client, phone, password, **extra):
    return client.post(
        TOKEN, json.dumps({"phone": phone, "password": password, **extra}), content_type="application/json"
    )


def _bearer(key):
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_token_for_good_credentials_works_for_me(client, world):
    response = _post_token(client, world.county_cadre.phone, PASSWORD, name="手机App")
    assert response.status_code == 200
    key = response.json()["token"]
    token = ApiToken.objects.get(user=world.county_cadre)
    assert token.name == "手机App" and token.key_hash == ApiToken.hash_key(key) and key not in token.key_hash
    response = client.get(ME, **_bearer(key))
    assert response.status_code == 200
    data = response.json()
    phone = world.county_cadre.phone
    assert data["name"] == "周建国"
    assert data["phone"] == phone[:3] + "****" + phone[-4:]
    assert data["is_member"] is False
    assert data["positions"] == [
        {
            "org": "安平县总工会",
            "org_uuid": str(world.county.uuid),
            "role": "chair",
            "role_display": "主席",
            "title": "",
        }
    ]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_me_for_a_member(client, world):
    key = _post_token(client, world.member_user.phone, PASSWORD).json()["token"]
    data = client.get(ME, **_bearer(key)).json()
    assert data["is_member"] is True and data["positions"] == []


def test_me_with_a_session(login, world):
    client = login(world.township_cadre)
    data = client.get(ME).json()
    assert data["name"] == "李秀英" and data["positions"][0]["role"] == "staff"


def test_me_anonymous_is_401(client, db):
    response = client.get(ME)
    assert response.status_code == 401
    assert response.json()["detail"] == "请先登录。"
    assert client.get(ME, **_bearer("not-a-token")).status_code == 401


def test_bad_credentials_are_401_in_chinese(client, world):
    response = _post_token(client, world.member_user.phone, "wrong-password")
    assert response.status_code == 401
    assert "手机号码或密码不正确" in response.json()["detail"]
    assert not ApiToken.objects.exists()
    response = _post_token(client, "13600001111", PASSWORD)
    assert response.status_code == 401
    response = _post_token(client, "abc", PASSWORD)
    assert response.status_code == 401


def test_missing_fields_are_422(client, db):
    response = client.post(TOKEN, json.dumps({"phone": "13900000001"}), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["detail"] == "提交的数据格式不正确：password 必须填写。"
    assert not ApiToken.objects.exists()


def test_token_endpoint_is_throttled_like_the_login_page(client, world):
    for _ in range(5):
        _post_token(client, world.member_user.phone, "wrong-password")
    response = _post_token(client, world.member_user.phone, PASSWORD)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.json()["detail"]
    # A client is told when to try again, in seconds.
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert not ApiToken.objects.exists()


def test_failures_on_the_api_lock_the_login_page_too(client, world):
    for _ in range(5):
        _post_token(client, world.member_user.phone, "wrong-password")
    response = client.post("/accounts/login/", {"phone": world.member_user.phone, "password": PASSWORD})
    assert "登录失败次数过多" in response.content.decode()


def test_revoked_token_gets_401(client, world):
    key = _post_token(client, world.member_user.phone, PASSWORD).json()["token"]
    other = _post_token(client, world.member_user.phone, PASSWORD).json()["token"]
    response = client.delete(TOKEN, **_bearer(key))
    assert response.status_code == 204
    assert ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).revoked
    assert client.get(ME, **_bearer(key)).status_code == 401
    assert client.delete(TOKEN, **_bearer(key)).status_code == 401
    # Only the token used is revoked.
    assert client.get(ME, **_bearer(other)).status_code == 200


def test_delete_token_anonymous_is_401(client, db):
    assert client.delete(TOKEN).status_code == 401


def test_delete_token_with_a_session_is_refused(login, world):
    client = login(world.member_user)
    response = client.delete(TOKEN)
    assert response.status_code == 400
    assert "请使用接口令牌" in response.json()["detail"]


def test_inactive_user_token_gets_401(client, world):
    key = _post_token(client, world.member_user.phone, PASSWORD).json()["token"]
    world.member_user.is_active = False
    world.member_user.save(update_fields=["is_active"])
    assert client.get(ME, **_bearer(key)).status_code == 401
