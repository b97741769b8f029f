import datetime
import time

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.senders import MemorySender
from gonghui.core.models import AuditEntry
from tests.factories import make_member

URL = reverse("accounts:code_login")
SENT = "验证码已发送，5分钟内有效。"


def _send(client, phone, **extra):
    return client.post(URL, {"step": "send", "phone": phone, **extra})


def _verify(client, phone, code, **extra):
    return client.post(URL, {"step": "verify", "phone": phone, "code": code, **extra})


def test_page_renders(client, db):
    body = client.get(URL).content.decode()
    assert "获取验证码" in body and "手机号码" in body


def test_code_login_for_a_user(client, world):
    phone = world.member_user.phone
    response = _send(client, phone)
    assert response.status_code == 200
    body = response.content.decode()
    assert SENT in body and "请输入发送到" in body
    assert phone not in body.replace(f'value="{phone}"', "")  # only in the hidden field, masked in the text
    code = MemorySender.last_code(phone)
    assert code is not None and len(code) == 6 and code.isdigit()
    response = _verify(client, phone, code)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # has a password already: nothing to offer
    assert client.session["_auth_user_id"] == str(world.member_user.pk)


def test_code_is_single_use(client, world):
    phone = world.member_user.phone
    _send(client, phone)
    code = MemorySender.last_code(phone)
    assert _verify(client, phone, code).status_code == 302
    client.logout()
    response = _verify(client, phone, code)
    assert "验证码已过期或尚未获取" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_login_creates_and_links_an_account_for_an_imported_member(client, world):
    member = make_member(world.union, name="黄晓梅", mobile="13712345678")
    assert member.user_id is None
    _send(client, "13712345678")
    code = MemorySender.last_code("13712345678")
    response = _verify(client, "13712345678", code, next="/me/")
    assert response.status_code == 302
    # No password yet: offered the page to set one, keeping where they were going.
    assert response["Location"] == reverse("accounts:password_set") + "?next=%2Fme%2F"
    user = User.objects.get(phone="13712345678")
    assert user.name == "黄晓梅" and not user.has_usable_password()
    member.refresh_from_db()
    assert member.user_id == user.pk
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEntry.objects.filter(object_id=member.pk, action="account_link").count() == 1


def test_member_who_left_gets_no_code(client, world):
    member = make_member(world.union, name="吴刚", mobile="13712340000")
    member.status = member.Status.LEFT
    member.save(update_fields=["status"])
    response = _send(client, "13712340000")
    assert "该手机号码尚未注册" in response.content.decode()  # no account, and no membership to open one for
    assert MemorySender.last_code("13712340000") is None


def test_two_members_on_one_phone_are_not_linked_blindly(client, world):
    make_member(world.union, name="甲", mobile="13712341111")
    make_member(world.union, name="乙", mobile="13712341111")
    _send(client, "13712341111")
    response = _verify(client, "13712341111", MemorySender.last_code("13712341111"))
    assert "登记在多名会员名下" in response.content.decode()
    assert not User.objects.filter(phone="13712341111").exists()


def test_an_unknown_phone_is_told_so_and_offered_registration(client, db):
    response = _send(client, "13600001111", next="/desk/menu/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "该手机号码尚未注册" in body and "用这个号码注册" in body
    assert reverse("accounts:register") + "?next=/desk/menu/&amp;phone=13600001111" in body
    assert MemorySender.last_code("13600001111") is None
    assert not User.objects.filter(phone="13600001111").exists()


def test_an_unknown_phone_may_register_at_once(client, db):
    """Nothing was sent to it: the registration page may send a code without the minute's wait."""
    _send(client, "13600001111")
    response = client.post(
        reverse("accounts:register"), {"step": "send", "phone": "13600001111", "name": "新用户"}
    )
    assert SENT in response.content.decode()
    assert MemorySender.last_code("13600001111") is not None


def test_unknown_phone_cannot_log_in_with_a_guess(client, db):
    _send(client, "13600001111")
    response = _verify(client, "13600001111", "123456")
    assert "验证码已过期或尚未获取" in response.content.decode()
    assert not User.objects.filter(phone="13600001111").exists()


def test_resend_within_a_minute_is_refused(client, world):
    phone = world.member_user.phone
    _send(client, phone)
    first = MemorySender.last_code(phone)
    MemorySender.clear()
    response = _send(client, phone)
    body = response.content.decode()
    assert "验证码发送过于频繁" in body and "秒后再获取" in body
    assert MemorySender.last_code(phone) is None
    # The first code still works.
    assert _verify(client, phone, first).status_code == 302


def test_resend_after_a_minute_sends_a_new_code(client, world, monkeypatch):
    phone = world.member_user.phone
    _send(client, phone)
    MemorySender.clear()
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 61)
    response = _send(client, phone)
    assert SENT in response.content.decode()
    assert MemorySender.last_code(phone) is not None


def test_code_expires_after_five_minutes(client, world, monkeypatch):
    phone = world.member_user.phone
    _send(client, phone)
    code = MemorySender.last_code(phone)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5 * 60 + 1)
    response = _verify(client, phone, code)
    assert "验证码已过期或尚未获取" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_code_is_still_valid_just_before_expiry(client, world, monkeypatch):
    phone = world.member_user.phone
    _send(client, phone)
    code = MemorySender.last_code(phone)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 4 * 60 + 50)
    assert _verify(client, phone, code).status_code == 302


def test_at_most_five_tries(client, world):
    phone = world.member_user.phone
    _send(client, phone)
    code = MemorySender.last_code(phone)
    wrong = "000000" if code != "000000" else "111111"
    body = _verify(client, phone, wrong).content.decode()
    assert "验证码不正确，还可以再试4次" in body
    for _ in range(3):
        _verify(client, phone, wrong)
    body = _verify(client, phone, wrong).content.decode()
    assert "验证码输入错误次数过多" in body
    # The right code no longer works: a new one must be requested.
    body = _verify(client, phone, code).content.decode()
    assert "验证码已过期或尚未获取" in body
    assert "_auth_user_id" not in client.session


def test_malformed_code_is_refused(client, world):
    phone = world.member_user.phone
    _send(client, phone)
    body = _verify(client, phone, "12ab").content.decode()
    assert "验证码为6位数字" in body


def test_malformed_phone_is_refused(client, db):
    body = _send(client, "1234").content.decode()
    assert "手机号码应为以1开头的11位数字" in body
    assert MemorySender.last_code("1234") is None


def test_code_login_unlocks_password_login(client, world):
    phone = world.member_user.phone
    login_url = reverse("accounts:login")
    for _ in range(5):
        client.post(login_url, {"phone": phone, "password": "wrong-password"})
    _send(client, phone)
    assert _verify(client, phone, MemorySender.last_code(phone)).status_code == 302
    client.logout()
    from tests.factories import PASSWORD

    assert client.post(login_url, {"phone": phone, "password": PASSWORD}).status_code == 302


def test_code_is_stored_hashed(client, world):
    from django.core.cache import cache

    from gonghui.accounts import throttle

    phone = world.member_user.phone
    _send(client, phone)
    stored = cache.get(throttle.key("code", phone))
    assert stored and MemorySender.last_code(phone) not in str(stored)


def test_sender_failure_shows_an_error_and_allows_a_retry(client, world, settings):
    settings.GONGHUI_CODE_SENDER = "tests.accounts.test_codes.BrokenSender"
    body = _send(client, world.member_user.phone).content.decode()
    assert "验证码发送失败" in body
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    assert SENT in _send(client, world.member_user.phone).content.decode()


class BrokenSender:
    def send(self, phone, code):
        raise ConnectionError("gateway down")


@pytest.mark.parametrize("n", [1])
def test_double_code_login_creates_one_account(client, world, n):
    member = make_member(world.union, name="郑敏", mobile="13712342222", joined_on=datetime.date(2021, 1, 1))
    _send(client, "13712342222")
    code = MemorySender.last_code("13712342222")
    _verify(client, "13712342222", code)
    _verify(client, "13712342222", code)
    assert User.objects.filter(phone="13712342222").count() == n
    member.refresh_from_db()
    assert member.user is not None


def test_code_requests_per_client_address_are_limited(client, world, settings):
    settings.GONGHUI_CODE_IP_LIMIT = 3
    for i in range(3):
        # Unknown numbers count too: one client cannot ask about numbers without limit.
        assert "该手机号码尚未注册" in _send(client, f"1360000000{i}").content.decode()
    body = _send(client, world.member_user.phone).content.decode()
    assert "本网络获取验证码次数过多" in body
    assert MemorySender.last_code(world.member_user.phone) is None
