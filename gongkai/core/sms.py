"""Text messages (短信) to a mobile number, through a pluggable backend.

The province's SMS gateway differs from one installation to the next, so the platform only names
what it needs: a class with `send(to, text)` that raises on failure. `GONGKAI_SMS_BACKEND` is its
dotted path; an installation plugs in its provider's class. Shipped here:

- `ConsoleBackend` (the default): writes each message to the log, for development and demos;
- `LocmemBackend`: keeps the messages in `outbox`, for tests;
- `DisabledBackend`: no SMS at all; the platform then never promises one.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("gongkai.sms")

# 中国大陆手机号码: 11 digits from 13x to 19x, optionally after +86 / 0086.
_MOBILE = re.compile(r"^(?:\+?86|0086)?(1[3-9]\d{9})$")


def mobile_number(phone: str) -> str | None:
    """The 11-digit mobile number in what the applicant typed (spaces and dashes allowed), or None
    when it is not a mainland mobile (a landline gets no text message)."""
    match = _MOBILE.match(re.sub(r"[\s\-()]", "", phone or ""))
    return match[1] if match else None


class SmsBackend(Protocol):
    enabled: bool

    def send(self, to: str, text: str) -> None: ...


class ConsoleBackend:
    enabled = True

    def send(self, to: str, text: str) -> None:
        logger.info("短信 → %s：%s", to, text)


class LocmemBackend:
    enabled = True
    outbox: list[tuple[str, str]] = []

    def send(self, to: str, text: str) -> None:
        LocmemBackend.outbox.append((to, text))


class DisabledBackend:
    enabled = False

    def send(self, to: str, text: str) -> None:
        raise RuntimeError("SMS is disabled on this installation (GONGKAI_SMS_BACKEND)")


@cache
def _backend(path: str) -> SmsBackend:
    backend: SmsBackend = import_string(path)()
    return backend


def sms_backend() -> SmsBackend:
    return _backend(settings.GONGKAI_SMS_BACKEND)
