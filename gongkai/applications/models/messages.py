"""Messages to an applicant (申请回执, a new query code): an outbox, committed with what they say.

A message is written in the same transaction as the case or the new code it carries, then sent by
the task worker; so a receipt number shown to the applicant has always already been put in the
outbox, and a crash between the commit and the response loses nothing. The text carries the query
code, which is stored only hashed on the case: here it is sealed (Fernet, a key derived from
SECRET_KEY, `core.sealing`) until it is sent, and wiped once it is.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.messaging import MessageChannel, MessageStatus, OutboxMessage

from .case import Application

# The channels and statuses are the shared outbox's; named here too, as the app's models.
__all__ = ["ApplicantMessage", "MessageChannel", "MessageKind", "MessageStatus"]


class MessageKind(models.TextChoices):
    RECEIPT = "receipt", "申请回执"
    NEW_CODE = "new_code", "新查询码"


class ApplicantMessage(OutboxMessage):
    SEAL_PURPOSE = "applicant-messages"

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="messages", verbose_name="申请"
    )
    kind = models.CharField("类型", max_length=20, choices=MessageKind.choices)

    class Meta:
        verbose_name = "申请人消息"
        verbose_name_plural = "申请人消息"
        indexes = [models.Index(fields=["status", "created_at"], name="applicant_message_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_channel_display()}"
