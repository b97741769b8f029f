"""Registration by one-time code (accounts:register): for a visitor who came to order, volunteer or
petition and has no account, then back where they were."""

import time

import pytest
from django.urls import reverse

from gonghui.accounts.models import User
from gonghui.accounts.senders import MemorySender
from tests.factories import make_member

URL = reverse("accounts:register")
PHONE = "13655550001"


def _send(client, phone=PHONE, name="林小雨", **extra):
    return client.post(URL, {"step": "send", "phone": phone, "name": name, **extra})


def _verify(client, code, phone=PHONE, name="林小雨", **extra):
    return client.post(URL, {"step": "verify", "phone": phone, "name": name, "code": code, **extra})


def test_it_registers_and_continues_where_the_visitor_was(client, db):
    body = _send(client, next="/desk/menu/").content.decode()
    assert "请输入发送到" in body and 'name="next" value="/desk/menu/"' in body
    response = _verify(client, MemorySender.last_code(PHONE), next="/desk/menu/")
    assert response.status_code == 302 and response["Location"] == "/desk/menu/"
    user = User.objects.get(phone=PHONE)
    assert user.name == "林小雨" and not user.has_usable_password()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_phone_is_normalised(client, db):
    _send(client, phone="１３６ 5555 0001")
    _verify(client, MemorySender.last_code(PHONE), phone="136 5555 0001")
    assert User.objects.filter(phone=PHONE).count() == 1


def test_a_bad_code_is_refused_and_no_account_made(client, db):
    _send(client)
    body = _verify(
        client, "000000" if MemorySender.last_code(PHONE) != "000000" else "111111"
    ).content.decode()
    assert "验证码不正确" in body
    assert not User.objects.filter(phone=PHONE).exists() and "_auth_user_id" not in client.session


def test_an_expired_code_is_refused(client, db, monkeypatch):
    _send(client)
    code = MemorySender.last_code(PHONE)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 5 * 60 + 1)
    assert "验证码已过期" in _verify(client, code).content.decode()
    assert not User.objects.filter(phone=PHONE).exists()


def test_a_login_code_does_not_register_and_a_registration_code_does_not_log_in(client, world):
    _send(client)
    code = MemorySender.last_code(PHONE)
    body = client.post(
        reverse("accounts:code_login"), {"step": "verify", "phone": PHONE, "code": code}
    ).content.decode()
    assert "验证码已过期或尚未获取" in body and not User.objects.filter(phone=PHONE).exists()


def test_an_existing_number_is_sent_to_the_login(client, world):
    body = _send(client, phone=world.member_user.phone, next="/volunteers/").content.decode()
    assert "该手机号码已注册" in body
    assert reverse("accounts:code_login") + "?next=/volunteers/" in body
    assert MemorySender.last_code(world.member_user.phone) is None
    assert User.objects.filter(phone=world.member_user.phone).count() == 1


def test_an_imported_member_is_sent_to_the_login_too(client, world):
    make_member(world.union, name="黄晓梅", mobile="13712345678")
    assert "该手机号码已注册" in _send(client, phone="13712345678").content.decode()


def test_a_double_submit_never_makes_two_accounts(client, db):
    _send(client)
    code = MemorySender.last_code(PHONE)
    first = _verify(client, code, next="/desk/menu/")
    second = _verify(client, code, next="/desk/menu/")
    assert first.status_code == 302
    assert second.status_code == 200 and "验证码已过期或尚未获取" in second.content.decode()
    assert User.objects.filter(phone=PHONE).count() == 1


def test_a_number_registered_meanwhile_gets_that_account(client, db):
    """Two tabs: the code of the second proves the same holder; no second account, no error."""
    from gonghui.accounts.services import code_request, register_with_code

    code_request(phone=PHONE, purpose="register")
    code = MemorySender.last_code(PHONE)
    existing = User.objects.create_user(PHONE, None, name="先注册的")
    user, created = register_with_code(phone=PHONE, code=code, name="林小雨")
    assert user == existing and not created
    assert User.objects.filter(phone=PHONE).count() == 1


def test_the_resend_limit_holds(client, db):
    _send(client)
    assert "验证码发送过于频繁" in _send(client).content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_next_never_leaves_the_site(client, db, target):
    body = _send(client, next=target).content.decode()
    assert "evil.example" not in body and "javascript:" not in body
    response = _verify(client, MemorySender.last_code(PHONE), next=target)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_a_name_is_required(client, db):
    body = _send(client, name="  ").content.decode()
    assert "请填写姓名" in body and MemorySender.last_code(PHONE) is None


def test_a_logged_in_person_goes_on(client, world):
    client.force_login(world.member_user)
    response = client.get(URL + "?next=/desk/menu/")
    assert response.status_code == 302 and response["Location"] == "/desk/menu/"


def test_the_login_page_offers_registration_with_next(client, db):
    body = client.get(reverse("accounts:login") + "?next=/desk/menu/").content.decode()
    assert URL + "?next=/desk/menu/" in body
