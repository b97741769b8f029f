import logging

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, make_user

URL = reverse("accounts:login")


def _post(client, phone, password, **extra):
    return client.post(URL, {"phone": phone, "password": password, **extra})


def test_page_renders_in_chinese(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "手机号码" in body and "密码" in body and "短信验证码登录" in body


def test_login_with_phone_and_password(client, world):
    response = _post(client, world.member_user.phone, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(world.member_user.pk)
    world.member_user.refresh_from_db()
    assert world.member_user.last_login is not None


def test_phone_with_spaces_and_country_code_is_accepted(client, world):
    phone = world.member_user.phone
    response = _post(client, f"+86 {phone[:3]} {phone[3:7]} {phone[7:]}", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.member_user.pk)


def test_wrong_password_shows_chinese_error(client, world):
    response = _post(client, world.member_user.phone, "wrong-password")
    assert response.status_code == 200
    body = response.content.decode()
    assert "手机号码或密码不正确" in body
    assert "再错4次将暂停登录15分钟" in body
    assert "_auth_user_id" not in client.session


def test_unknown_phone_gets_the_same_error(client, db):
    response = _post(client, "13900009999", "whatever-1234")
    assert "手机号码或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_malformed_phone_shows_field_error(client, db):
    response = _post(client, "12345", PASSWORD)
    assert "手机号码应为以1开头的11位数字" in response.content.decode()


def test_empty_form_shows_required_errors(client, db):
    body = client.post(URL, {}).content.decode()
    assert "请填写手机号码" in body and "请填写密码" in body


def test_inactive_user_cannot_log_in(client, world):
    world.worker.is_active = False
    world.worker.save(update_fields=["is_active"])
    response = _post(client, world.worker.phone, PASSWORD)
    assert "手机号码或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_locked_after_five_failures_even_with_right_password(client, world):
    phone = world.member_user.phone
    for _ in range(4):
        _post(client, phone, "wrong-password")
    response = _post(client, phone, "wrong-password")
    assert "登录失败次数过多" in response.content.decode()
    response = _post(client, phone, PASSWORD)
    body = response.content.decode()
    assert response.status_code == 200
    assert "登录失败次数过多" in body and "15分钟后再试" in body
    assert "_auth_user_id" not in client.session


def test_lock_is_per_phone(client, world):
    for _ in range(5):
        _post(client, world.member_user.phone, "wrong-password")
    response = _post(client, world.worker.phone, PASSWORD)
    assert response.status_code == 302


def test_lock_ends_after_the_lock_period(client, world, monkeypatch):
    import time

    phone = world.member_user.phone
    for _ in range(5):
        _post(client, phone, "wrong-password")
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 15 * 60 + 1)
    response = _post(client, phone, PASSWORD)
    assert response.status_code == 302


def test_success_resets_the_failure_count(client, world):
    phone = world.member_user.phone
    for _ in range(4):
        _post(client, phone, "wrong-password")
    assert _post(client, phone, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _post(client, phone, "wrong-password")
    assert _post(client, phone, PASSWORD).status_code == 302


def test_client_address_is_locked_after_its_own_higher_limit(client, db, settings):
    settings.GONGHUI_LOGIN_IP_FAILURE_LIMIT = 8
    users = [make_user(name=f"用户{i}") for i in range(3)]
    # Spread over several phones so that no single phone reaches its own limit.
    for i in range(8):
        _post(client, users[i % 2].phone, "wrong-password")
    response = _post(client, users[2].phone, PASSWORD)
    assert "登录失败次数过多" in response.content.decode()
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert other.post(URL, {"phone": users[2].phone, "password": PASSWORD}).status_code == 302


def test_safe_next_is_followed(client, world):
    response = _post(client, world.member_user.phone, PASSWORD, next="/me/")
    assert response["Location"] == "/me/"


@pytest.mark.parametrize("evil", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_unsafe_next_is_ignored(client, world, evil):
    response = _post(client, world.member_user.phone, PASSWORD, next=evil)
    assert response["Location"] == reverse("home")


def test_next_is_kept_on_the_form(client, db):
    body = client.get(URL + "?next=/me/").content.decode()
    assert 'name="next" value="/me/"' in body
    body = client.get(URL + "?next=https://evil.example/").content.decode()
    assert 'name="next" value="https://evil' not in body
    assert "?next=https%3A//evil" not in body and "?next=https://evil" not in body.replace(
        'value="/accounts/login/?next=https://evil.example/"', ""
    )


def test_password_and_full_phone_never_logged(client, world, caplog):
    phone = world.member_user.phone
    with caplog.at_level(logging.DEBUG):
        for _ in range(6):
            _post(client, phone, "Secret-wrong-99")
    assert "Secret-wrong-99" not in caplog.text
    assert phone not in caplog.text
    assert phone[:3] + "****" + phone[-4:] in caplog.text


def test_logout_is_post_only(client, world):
    client.force_login(world.member_user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert "_auth_user_id" in client.session
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_logged_in_user_visiting_login_goes_home(login, world):
    client = login(world.member_user)
    assert client.get(URL)["Location"] == reverse("home")


class TestClientAddress:
    """The per-address limits key on the real client, also behind a trusted nginx."""

    def _request(self, remote, forwarded=None):
        from django.test import RequestFactory

        meta = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            meta["HTTP_X_FORWARDED_FOR"] = forwarded
        return RequestFactory().get("/", **meta)

    def test_without_trusted_proxies_the_peer_is_the_client(self, settings):
        from gonghui.accounts.services import client_ip

        settings.GONGHUI_TRUSTED_PROXIES = frozenset()
        assert client_ip(self._request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"

    def test_behind_a_trusted_proxy_the_forwarded_client_counts(self, settings):
        from gonghui.accounts.services import client_ip

        settings.GONGHUI_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
        assert client_ip(self._request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"

    def test_a_forged_left_entry_is_ignored(self, settings):
        from gonghui.accounts.services import client_ip

        settings.GONGHUI_TRUSTED_PROXIES = frozenset({"127.0.0.1"})
        # The client sent "1.2.3.4" itself; nginx appended the real peer.
        assert client_ip(self._request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
