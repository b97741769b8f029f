"""In the demo only, the code-login page shows the one-time code it just sent (nobody trying the
demo reads the server console); never with production settings, never with another sender."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from gonghui.accounts.senders import DemoSender
from gonghui.core.management.commands.demo import DEMO_SENDER, use_demo_settings

URL = reverse("accounts:code_login")


@pytest.fixture
def demo_sender(settings):
    settings.GONGHUI_CODE_SENDER = DEMO_SENDER
    cache.clear()
    yield
    cache.clear()


def _send(client, phone):
    return client.post(URL, {"step": "send", "phone": phone})


def test_the_demo_shows_the_code_it_sent_and_it_logs_in(client, world, demo_sender):
    phone = world.member_user.phone
    html = _send(client, phone).content.decode()
    code = DemoSender.last_code(phone)
    assert code and f"本次验证码：<strong>{code}</strong>" in html
    response = client.post(URL, {"step": "verify", "phone": phone, "code": code})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(world.member_user.pk)


def test_a_wrong_code_keeps_showing_the_demo_code(client, world, demo_sender):
    phone = world.member_user.phone
    _send(client, phone)
    code = DemoSender.last_code(phone)
    html = client.post(URL, {"step": "verify", "phone": phone, "code": "000000"}).content.decode()
    assert f"<strong>{code}</strong>" in html


def test_production_settings_never_show_or_keep_a_code(client, world, demo_sender, settings):
    settings.PRODUCTION = True
    phone = world.member_user.phone
    html = _send(client, phone).content.decode()
    assert "本次验证码" not in html
    assert DemoSender.last_code(phone) is None
    settings.PRODUCTION = False
    assert DemoSender.last_code(phone) is None  # nothing was kept either


def test_other_senders_show_nothing(client, world, settings):
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    html = _send(client, world.member_user.phone).content.decode()
    assert "请输入发送到" in html and "本次验证码" not in html


def _isolate(settings):
    # Through the fixture first, so what use_demo_settings changes is undone after the test.
    settings.GONGHUI_PUBLIC_URL = "http://127.0.0.1:8000"
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"


def test_the_served_demo_uses_its_own_address_and_the_demo_sender(settings, monkeypatch):
    _isolate(settings)
    for name in ("GONGHUI_PUBLIC_URL", "GONGHUI_CODE_SENDER"):
        monkeypatch.setenv(name, "x")  # remembered, so the test leaves the environment as it was
        monkeypatch.delenv(name)
    use_demo_settings("http://127.0.0.1:8104")
    assert settings.GONGHUI_PUBLIC_URL == "http://127.0.0.1:8104" == os.environ["GONGHUI_PUBLIC_URL"]
    assert settings.GONGHUI_CODE_SENDER == DEMO_SENDER == os.environ["GONGHUI_CODE_SENDER"]


def test_the_card_links_to_the_served_demo_address(world, settings, monkeypatch):
    from gonghui.members.selectors.lifecycle import card_verify_url

    _isolate(settings)
    monkeypatch.setenv("GONGHUI_PUBLIC_URL", "x")
    monkeypatch.delenv("GONGHUI_PUBLIC_URL")
    monkeypatch.setenv("GONGHUI_CODE_SENDER", "gonghui.accounts.senders.MemorySender")
    use_demo_settings("http://127.0.0.1:8104")
    assert card_verify_url(world.member).startswith("http://127.0.0.1:8104/")


def test_an_operators_settings_win_over_the_demo_defaults(settings, monkeypatch):
    monkeypatch.setenv("GONGHUI_PUBLIC_URL", "https://gonghui.example")
    monkeypatch.setenv("GONGHUI_CODE_SENDER", "gonghui.accounts.senders.ConsoleSender")
    settings.GONGHUI_PUBLIC_URL = "https://gonghui.example"
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.ConsoleSender"
    use_demo_settings("http://127.0.0.1:8104")
    assert settings.GONGHUI_PUBLIC_URL == "https://gonghui.example"
    assert settings.GONGHUI_CODE_SENDER == "gonghui.accounts.senders.ConsoleSender"
