import logging

from gonghui.accounts.senders import ConsoleSender, MemorySender, get_sender


def test_console_sender_prints_the_code_outside_production(settings, capsys):
    settings.PRODUCTION = False
    ConsoleSender().send("13912345678", "482913")
    out = capsys.readouterr().out
    assert "482913" in out and "139****5678" in out
    assert "13912345678" not in out


def test_console_sender_never_logs_the_code_in_production(settings, caplog, capsys):
    settings.PRODUCTION = True
    with caplog.at_level(logging.DEBUG):
        ConsoleSender().send("13912345678", "482913")
    assert "login code sent to 139****5678" in caplog.text
    assert "GONGHUI_CODE_SENDER" in caplog.text  # warns that a real sender is needed
    sent = [r for r in caplog.records if "login code sent" in r.getMessage()]
    assert len(sent) == 1 and sent[0].levelno == logging.WARNING
    assert "482913" not in caplog.text and "13912345678" not in caplog.text
    captured = capsys.readouterr()
    assert "482913" not in captured.out + captured.err


def test_production_code_request_does_not_log_the_code(settings, caplog, capsys, world, client):
    from django.urls import reverse

    settings.PRODUCTION = True
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.ConsoleSender"
    phone = world.member_user.phone
    with caplog.at_level(logging.DEBUG):
        client.post(reverse("accounts:code_login"), {"step": "send", "phone": phone})
    from django.core.cache import cache

    from gonghui.accounts import throttle

    assert cache.get(throttle.key("code", phone)) is not None  # a code was issued
    captured = capsys.readouterr()
    assert phone not in caplog.text + captured.out + captured.err
    # No six-digit code anywhere in the log or on the console.
    import re

    assert not re.search(r"(?<!\d)\d{6}(?!\d)", caplog.text.replace(phone, "") + captured.out)


def test_memory_sender_keeps_the_last_code_per_phone(settings):
    settings.GONGHUI_CODE_SENDER = "gonghui.accounts.senders.MemorySender"
    sender = get_sender()
    sender.send("13900000001", "111111")
    sender.send("13900000001", "222222")
    sender.send("13900000002", "333333")
    assert MemorySender.last_code("13900000001") == "222222"
    assert MemorySender.last_code("13900000002") == "333333"
    assert MemorySender.last_code("13900000003") is None
