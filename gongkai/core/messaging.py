"""Messages to a member of the public (an applicant, a letter's writer): the outbox they share.

A message is a row written in the same transaction as what it announces (a case, a letter, a new
query code), then sent by the task worker; the timer sends again what is still pending (a worker
that died, a gateway that was down). So a number shown to a person has always already been queued,
and a crash between the commit and the response loses nothing. The text may carry a query code,
which the case or letter stores only hashed: here it is sealed (Fernet, a key derived from
SECRET_KEY, `core.sealing`) until it is sent, and wiped once it is.

Each app keeps its own concrete table (`applications.ApplicantMessage`,
`participation.WriterMessage`), with what the message is about and its kinds; the fields, the
sealing, the sending and the retries are here.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.db import models, transaction
from django.utils import timezone

from gongkai.core.sealing import seal, unseal
from gongkai.core.sms import mobile_number, sms_backend

logger = logging.getLogger("gongkai.core.messaging")

MAX_ATTEMPTS = 8  # then FAILED: the person can still recover the code, the staff see it
RETRY_AFTER = timedelta(minutes=2)


class MessageChannel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class OutboxMessage(models.Model):
    """One message to one e-mail address or mobile number. Concrete tables add the object it is
    about, `kind` and `SEAL_PURPOSE`."""

    SEAL_PURPOSE = "messages"

    channel = models.CharField("方式", max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField("收件地址或号码", max_length=254)
    subject = models.CharField("标题", max_length=200)
    sealed_text = models.TextField("正文（加密，发出后清除）", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)

    class Meta:
        abstract = True

    def seal(self, text: str) -> None:
        self.sealed_text = seal(text, purpose=self.SEAL_PURPOSE)

    def unseal(self) -> str:
        """The text; `core.sealing.InvalidToken` if SECRET_KEY changed since it was sealed."""
        return unseal(self.sealed_text, purpose=self.SEAL_PURPOSE)


def mask_email(address: str) -> str:
    """`z***@example.com`: enough for the person to know which address, not for a stranger."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_mobile(number: str) -> str:
    return f"{number[:3]}****{number[-4:]}"


def told(message: OutboxMessage) -> str:
    """Where a message goes, masked: 电子邮箱 z***@example.com / 手机 139****5678."""
    if message.channel == MessageChannel.EMAIL:
        return f"电子邮箱 {mask_email(message.recipient)}"
    return f"手机 {mask_mobile(message.recipient)}"


def contact_on_file(given: str, *, email: str, phone: str) -> tuple[str, str | None] | None:
    """(email, mobile) to send a new query code to when `given` is the e-mail or the mobile
    number on file (as typed: case and spacing ignored), else None — 补发查询码 for applications
    and letters alike."""
    given = (given or "").strip()
    if "@" in given:
        return (email, None) if email and email.lower() == given.lower() else None
    mobile = mobile_number(given)
    return ("", mobile) if mobile and mobile == mobile_number(phone) else None


def message_send(message: OutboxMessage) -> bool:
    """Send one pending message; on success the sealed text is wiped. Returns whether it went."""
    if message.status != MessageStatus.PENDING:
        return message.status == MessageStatus.SENT
    message.attempts += 1
    try:
        text = message.unseal()
        if message.channel == MessageChannel.EMAIL:
            EmailMessage(message.subject, text, to=[message.recipient]).send()
        else:
            sms_backend().send(message.recipient, text)
    except Exception as exc:  # the gateway, the network, a changed SECRET_KEY: retried, then failed
        logger.warning("%s %s not sent: %s", type(message).__name__, message.pk, exc)
        message.last_error = str(exc)[:500]
        if message.attempts >= MAX_ATTEMPTS:
            message.status = MessageStatus.FAILED
        message.save(update_fields=["attempts", "last_error", "status"])
        return False
    message.status = MessageStatus.SENT
    message.sealed_text = ""
    message.sent_at = timezone.now()
    message.save(update_fields=["attempts", "status", "sealed_text", "sent_at", "last_error"])
    return True


def message_send_locked(model: type[OutboxMessage], pk: int) -> bool:
    """The worker's task: send the message if it is still there and nobody else is sending it."""
    with transaction.atomic():
        row = model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        return row is not None and message_send(row)


def messages_retry(model: type[OutboxMessage]) -> int:
    """The timer's pass: send again what is still pending a while after it was written. Returns
    how many went."""
    due = model.objects.filter(
        status=MessageStatus.PENDING, created_at__lt=timezone.now() - RETRY_AFTER
    ).values_list("pk", flat=True)
    return sum(message_send_locked(model, pk) for pk in list(due[:500]))
