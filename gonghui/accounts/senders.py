"""Senders deliver one-time login codes to a phone.

The sender in use is named by ``settings.GONGHUI_CODE_SENDER`` (environment variable of the same
name): a dotted path to a class whose instances have ``send(phone: str, code: str) -> None``.
``send`` raises any exception when delivery fails; the caller then tells the person to try again.

Plugging in an SMS provider (阿里云短信, 腾讯云短信, a carrier gateway on the intranet …):

1. Write a class in your own module, for example ``myunion/sms.py``::

       import os, requests

       class GatewaySender:
           def send(self, phone: str, code: str) -> None:
               response = requests.post(
                   os.environ["SMS_GATEWAY_URL"],
                   json={"phone": phone, "template": "LOGIN_CODE", "params": {"code": code}},
                   headers={"Authorization": f"Bearer {os.environ['SMS_GATEWAY_TOKEN']}"},
                   timeout=5,
               )
               response.raise_for_status()

2. Install it next to Gonghui and start the server with
   ``GONGHUI_CODE_SENDER=myunion.sms.GatewaySender``.

Keep credentials in the environment, never in code; never log the code or the full number.
Gonghui already limits sends (one per phone per minute, and per client address), hashes the
code before storing it and expires it after five minutes, so a sender only has to deliver.
"""

import logging
import sys
import threading

from django.conf import settings
from django.core.cache import cache
from django.utils.module_loading import import_string

from gonghui.core.pii import mask_mobile

logger = logging.getLogger(__name__)


class ConsoleSender:
    """The default: prints the code on the console of a demo or development server.

    In production mode it only logs that a code was sent (masked number, never the code) and
    warns that a real sender must be configured, because nobody reads a server console to log in.
    """

    def send(self, phone: str, code: str) -> None:
        if settings.PRODUCTION:
            logger.warning(
                "login code sent to %s through ConsoleSender, which does not deliver codes in production: "
                "set GONGHUI_CODE_SENDER to a real SMS sender",
                mask_mobile(phone),
            )
            return
        # stdout, not the log: the demo shows it to the person trying it, and logs are kept.
        print(
            f"[gonghui] 登录验证码 {mask_mobile(phone)}: {code}（5分钟内有效）", file=sys.stdout, flush=True
        )


class DemoSender(ConsoleSender):
    """`gonghui demo`'s sender: prints the code like ConsoleSender and keeps the last one per phone,
    for five minutes, so the code-login page can show it to the person trying the demo (who never
    sees the server console). Never in production: there it keeps nothing and shows nothing."""

    shows_codes = True
    _KEY = "gonghui:demo-login-code:{phone}"
    _SECONDS = 5 * 60

    def send(self, phone: str, code: str) -> None:
        super().send(phone, code)
        if not settings.PRODUCTION:
            cache.set(self._KEY.format(phone=phone), code, self._SECONDS)

    @classmethod
    def last_code(cls, phone: str) -> str | None:
        if settings.PRODUCTION:
            return None
        return cache.get(cls._KEY.format(phone=phone))


class MemorySender:
    """Keeps the last code per phone in memory: for tests and browser tests."""

    _codes: dict[str, str] = {}
    _lock = threading.Lock()

    def send(self, phone: str, code: str) -> None:
        with self._lock:
            MemorySender._codes[phone] = code

    @classmethod
    def last_code(cls, phone: str) -> str | None:
        with cls._lock:
            return cls._codes.get(phone)

    @classmethod
    def clear(cls) -> None:
        with cls._lock:
            cls._codes.clear()


def get_sender():
    return import_string(settings.GONGHUI_CODE_SENDER)()


def demo_code_for(phone: str) -> str | None:
    """The code just sent to `phone`, to show on the page: only with the demo's sender, never in
    production settings."""
    sender = import_string(settings.GONGHUI_CODE_SENDER)
    if settings.PRODUCTION or not getattr(sender, "shows_codes", False) or not phone:
        return None
    return sender.last_code(phone)
