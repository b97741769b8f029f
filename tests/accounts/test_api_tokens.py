"""Issue 9 §4 and §8: apps write with a bearer token (no CSRF), browsers with the session (CSRF
checked); tokens expire, are listed and revoked by their owner only, and stop working at once.
Every client here enforces CSRF checks, as a real browser's server does (Django's test client
otherwise skips them)."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.accounts.models import ApiToken
from gonghui.accounts.services import token_issue
from gonghui.core.models import AuditEntry
from gonghui.servicedesk.models import Problem, ServiceOrder
from tests.factories import PASSWORD
from tests.servicedesk.test_orders import place_order

pytestmark = pytest.mark.django_db
API = "/api/v1"


@pytest.fixture
def app():
    """A client like an app's: CSRF enforced, no cookies."""
    return Client(enforce_csrf_checks=True)


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post_json(client, url, data=None, **extra):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **extra)


# ---------------------------------------------------------------- writes: token vs session


def test_an_app_accepts_an_order_with_a_token_and_no_csrf_cookie(app, desk):
    order = place_order(desk)
    _token, key = token_issue(user=desk.county_cadre, name="工作台App")
    response = app.post(f"{API}/desk/orders/{order.uuid}/accept", **bearer(key))
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted"
    assert "csrftoken" not in app.cookies and "sessionid" not in app.cookies
    order.refresh_from_db()
    assert order.state == "accepted"


def test_an_app_creates_a_record_with_a_token(app, desk):
    _token, key = token_issue(user=desk.enterprise_contact)
    body = {
        "enterprise": str(desk.enterprise.uuid),
        "category": "permits",
        "title": "营业执照变更",
        "description": "变更经营范围需要多次跑腿。",
    }
    response = post_json(app, f"{API}/desk/problems/", body, **bearer(key))
    assert response.status_code == 201, response.content
    assert Problem.objects.get().reporter == desk.enterprise_contact


def test_an_app_revokes_its_token_with_delete(app, world):
    _token, key = token_issue(user=world.member_user)
    assert app.delete(f"{API}/auth/token", **bearer(key)).status_code == 204
    response = app.get(f"{API}/auth/me", **bearer(key))
    assert response.status_code == 401 and "已注销" in response.json()["detail"]


def test_a_session_write_without_the_csrf_token_is_refused(desk):
    order = place_order(desk)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(desk.county_cadre)
    response = browser.post(f"{API}/desk/orders/{order.uuid}/accept")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"] and "刷新页面" in response.json()["detail"]
    assert ServiceOrder.objects.get().state == "ordered"
    assert browser.delete(f"{API}/auth/token").status_code == 403


def test_a_session_write_with_the_csrf_token_works(desk):
    order = place_order(desk)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(desk.county_cadre)
    browser.get("/accounts/tokens/")  # any page with a form sets the csrftoken cookie
    response = browser.post(
        f"{API}/desk/orders/{order.uuid}/accept", HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value
    )
    assert response.status_code == 200 and ServiceOrder.objects.get().state == "accepted"


def test_a_session_read_needs_no_csrf_token(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member_user)
    assert browser.get(f"{API}/auth/me").status_code == 200


def test_a_bad_token_is_refused_even_with_a_session(world):
    """A request that names a token is judged by it: no silent fall-back to the browser's session."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member_user)
    response = browser.get(f"{API}/auth/me", **bearer("not-a-token"))
    assert response.status_code == 401
    assert response.json()["detail"] == "接口令牌无效，请重新登录获取新的令牌。"
    assert response["WWW-Authenticate"] == 'Bearer realm="gonghui", error="invalid_token"'


def test_another_authorization_scheme_is_left_to_the_session(world):
    """A proxy's Basic auth in front of the site does not lock out logged-in browsers."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member_user)
    assert browser.get(f"{API}/auth/me", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 200


def test_anonymous_401_says_how_to_authenticate(app, db):
    response = app.get(f"{API}/auth/me")
    assert response.status_code == 401 and response.json()["detail"] == "请先登录。"
    assert response["WWW-Authenticate"] == 'Bearer realm="gonghui"'


# ---------------------------------------------------------------- expiry


def test_a_token_expires_after_the_configured_days(app, world, settings):
    settings.GONGHUI_API_TOKEN_DAYS = 7
    before = timezone.now()
    response = post_json(app, f"{API}/auth/token", {"phone": world.member_user.phone, "password": PASSWORD})
    assert response.status_code == 200
    data = response.json()
    token = ApiToken.objects.get(pk=data["id"])
    assert (
        before + datetime.timedelta(days=7) <= token.expires_at <= timezone.now() + datetime.timedelta(days=7)
    )
    assert abs(datetime.datetime.fromisoformat(data["expires_at"]) - token.expires_at) < datetime.timedelta(
        seconds=1
    )


def test_the_default_life_is_30_days(world):
    token, _key = token_issue(user=world.member_user)
    assert abs(token.expires_at - token.created_at - datetime.timedelta(days=30)) < datetime.timedelta(
        seconds=5
    )


def test_an_expired_token_is_401_at_once(app, world):
    token, key = token_issue(user=world.member_user)
    assert app.get(f"{API}/auth/me", **bearer(key)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
    response = app.get(f"{API}/auth/me", **bearer(key))
    assert response.status_code == 401
    assert response.json()["detail"] == "该接口令牌已过期，请重新登录获取新的令牌。"
    assert app.post(f"{API}/desk/petitions/", **bearer(key)).status_code == 401


# ---------------------------------------------------------------- list and revoke


def test_the_owner_lists_live_tokens_without_their_secrets(app, world):
    phone_app, phone_key = token_issue(user=world.member_user, name="手机App")
    old, _ = token_issue(user=world.member_user, name="旧手机")
    revoked, revoked_key = token_issue(user=world.member_user, name="已注销")
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(days=1))
    ApiToken.objects.filter(pk=revoked.pk).update(revoked=True)
    _others, others_key = token_issue(user=world.county_cadre, name="别人的令牌")
    mini, _mini_key = token_issue(user=world.member_user, name="小程序")

    response = app.get(f"{API}/auth/tokens", **bearer(phone_key))
    assert response.status_code == 200
    data = response.json()
    assert [t["name"] for t in data] == ["小程序", "手机App"]
    assert [t["current"] for t in data] == [False, True]
    assert set(data[0]) == {"id", "name", "created_at", "last_used_at", "expires_at", "current"}
    assert data[1]["last_used_at"] is not None and data[0]["last_used_at"] is None
    body = response.content.decode()
    for token in ApiToken.objects.all():
        assert token.key_hash not in body
    for key in (phone_key, revoked_key, others_key):
        assert key not in body


def test_revoking_one_token_by_id_stops_it_at_once_and_leaves_the_others(app, world):
    phone, phone_key = token_issue(user=world.member_user, name="手机App")
    pad, pad_key = token_issue(user=world.member_user, name="平板")
    assert app.delete(f"{API}/auth/tokens/{pad.pk}", **bearer(phone_key)).status_code == 204
    response = app.get(f"{API}/auth/me", **bearer(pad_key))
    assert response.status_code == 401
    assert response.json()["detail"] == "该接口令牌已注销，请重新登录获取新的令牌。"
    assert app.get(f"{API}/auth/me", **bearer(phone_key)).status_code == 200
    # Revoking it again changes nothing; one audit entry says who revoked it.
    assert app.delete(f"{API}/auth/tokens/{pad.pk}", **bearer(phone_key)).status_code == 204
    assert (
        AuditEntry.objects.filter(action="token_revoke", object_id=pad.pk, actor=world.member_user).count()
        == 1
    )
    # The token in use can revoke itself by id too.
    assert app.delete(f"{API}/auth/tokens/{phone.pk}", **bearer(phone_key)).status_code == 204
    assert app.get(f"{API}/auth/me", **bearer(phone_key)).status_code == 401


def test_nobody_lists_or_revokes_another_users_tokens(app, world):
    member_token, member_key = token_issue(user=world.member_user, name="张伟的手机")
    _cadre_token, cadre_key = token_issue(user=world.county_cadre)
    listed = app.get(f"{API}/auth/tokens", **bearer(cadre_key)).json()
    assert member_token.pk not in [t["id"] for t in listed]
    response = app.delete(f"{API}/auth/tokens/{member_token.pk}", **bearer(cadre_key))
    assert response.status_code == 404
    member_token.refresh_from_db()
    assert not member_token.revoked
    assert app.get(f"{API}/auth/me", **bearer(member_key)).status_code == 200


def test_a_browser_session_lists_and_revokes_tokens_with_the_csrf_token(world):
    token, key = token_issue(user=world.member_user, name="手机App")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.member_user)
    assert [t["name"] for t in browser.get(f"{API}/auth/tokens").json()] == ["手机App"]
    assert browser.delete(f"{API}/auth/tokens/{token.pk}").status_code == 403  # no CSRF token
    browser.get("/accounts/tokens/")
    csrf = browser.cookies["csrftoken"].value
    assert browser.delete(f"{API}/auth/tokens/{token.pk}", HTTP_X_CSRFTOKEN=csrf).status_code == 204
    assert Client().get(f"{API}/auth/me", **bearer(key)).status_code == 401


def test_last_used_is_written_at_most_once_a_minute(app, world):
    token, key = token_issue(user=world.member_user)
    app.get(f"{API}/auth/me", **bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    app.get(f"{API}/auth/me", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    app.get(f"{API}/auth/me", **bearer(key))
    token.refresh_from_db()
    assert token.last_used_at > first


def test_a_deactivated_users_tokens_stop_working(app, world):
    _token, key = token_issue(user=world.member_user)
    world.member_user.is_active = False
    world.member_user.save(update_fields=["is_active"])
    assert app.get(f"{API}/auth/tokens", **bearer(key)).status_code == 401


def test_a_new_password_ends_every_token_taken_with_the_old_one(app, world):
    from gonghui.accounts.services import user_set_password

    _token, key = token_issue(user=world.member_user)
    assert app.get(f"{API}/auth/tokens", **bearer(key)).status_code == 200
    user_set_password(user=world.member_user, password="a-new-Passw0rd-2026", actor=world.member_user)
    assert app.get(f"{API}/auth/tokens", **bearer(key)).status_code == 401
    assert AuditEntry.objects.filter(action="token_revoke", object_id=_token.pk).exists()


def test_the_first_password_of_a_code_login_account_keeps_its_tokens(app, world):
    """Setting a first password (an account made by code login) is not a change of credentials."""
    from gonghui.accounts.services import user_set_password

    world.member_user.set_unusable_password()
    world.member_user.save(update_fields=["password"])
    _token, key = token_issue(user=world.member_user)
    user_set_password(user=world.member_user, password="a-new-Passw0rd-2026", actor=world.member_user)
    assert app.get(f"{API}/auth/tokens", **bearer(key)).status_code == 200


# ---------------------------------------------------------------- bounded pagination


LIST_ENDPOINTS = [
    "/orgs",
    "/desk/orders/mine",
    "/desk/orders/team-jobs",
    "/desk/problems/mine",
    "/desk/petitions/mine",
    "/volunteers/tasks",
    "/auth/tokens",
]
HOSTILE = [
    ({"offset": "9223372036854775808"}, "offset 不能大于 100000"),
    ({"offset": "-1"}, "offset 不能小于 0"),
    ({"limit": "0"}, "limit 不能小于 1"),
    ({"limit": "100000000000000000000"}, "limit 不能大于"),
    ({"limit": "十"}, "limit 应为整数"),
    ({"offset": "1e3"}, "offset 应为整数"),
]


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
@pytest.mark.parametrize(("query", "message"), HOSTILE)
def test_list_endpoints_refuse_hostile_paging_in_chinese(app, world, path, query, message):
    _token, key = token_issue(user=world.county_cadre)
    response = app.get(API + path, query, **bearer(key))
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail.startswith("提交的数据格式不正确：") and message in detail
    assert response.json()["errors"][0]["loc"] == ["query", next(iter(query))]


def test_paging_within_bounds_works(app, world):
    _token, key = token_issue(user=world.county_cadre)
    first = app.get(f"{API}/orgs", {"limit": 1, "offset": 0}, **bearer(key)).json()
    second = app.get(f"{API}/orgs", {"limit": 1, "offset": 1}, **bearer(key)).json()
    assert len(first) == len(second) == 1 and first[0]["uuid"] != second[0]["uuid"]
    assert app.get(f"{API}/orgs", {"offset": 100000}, **bearer(key)).json() == []


@pytest.mark.parametrize(
    ("query", "message"),
    [({"page": "9223372036854775808"}, "page 不能大于 100000"), ({"page_size": "0"}, "page_size 不能小于 1")],
)
def test_the_roster_refuses_hostile_pages(app, world, query, message):
    _token, key = token_issue(user=world.county_cadre)
    response = app.get(f"{API}/roster", query, **bearer(key))
    assert response.status_code == 422 and message in response.json()["detail"]


# ---------------------------------------------------------------- other input that used to crash


def test_a_nul_character_is_refused_not_stored(app, world):
    _token, key = token_issue(user=world.member_user)
    response = app.get(f"{API}/orgs", {"q": "安平\x00"}, **bearer(key))
    assert response.status_code == 422 and "q 不能包含空字符" in response.json()["detail"]
    body = {"subject": "欠薪\x00", "content": "三个月", "consent": True}
    response = post_json(app, f"{API}/desk/petitions/", body, **bearer(key))
    assert response.status_code == 422 and "subject 不能包含空字符" in response.json()["detail"]


def test_a_body_that_is_not_json_is_400_in_chinese(app, world):
    _token, key = token_issue(user=world.member_user)
    response = app.post(f"{API}/desk/petitions/", "{not json", content_type="application/json", **bearer(key))
    assert (
        response.status_code == 400
        and response.json()["detail"] == "请求内容不是有效的 JSON，请检查后重新提交。"
    )


def test_an_id_beyond_64_bits_is_422(app, world):
    _token, key = token_issue(user=world.member_user)
    response = app.delete(f"{API}/auth/tokens/9223372036854775808", **bearer(key))
    assert response.status_code == 422 and "token_id 不能大于" in response.json()["detail"]


def test_a_body_that_is_not_an_object_is_422(app, world):
    _token, key = token_issue(user=world.county_cadre)
    response = app.post(f"{API}/roster/search", '"张伟"', content_type="application/json", **bearer(key))
    assert (
        response.status_code == 422
        and response.json()["detail"] == "提交的数据格式不正确：请求内容应为 JSON 对象。"
    )
