"""Messages to an applicant (申请回执, a new query code): an outbox, committed with what they say.

A message is written in the same transaction as the case or the new code it carries, then sent by
the task worker; so a receipt number shown to the applicant has always already been put in the
outbox, and a crash between the commit and the response loses nothing. The text carries the query
code, which is stored only hashed on the case: here it is sealed (Fernet, a key derived from
SECRET_KEY, `core.sealing`) until it is sent, and wiped once it is.
"""

from __future__ import annotations

from django.db import models

from gongkai.core.sealing import seal, unseal

from .case import Application

SEAL_PURPOSE = "applicant-messages"


class MessageChannel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"


class MessageKind(models.TextChoices):
    RECEIPT = "receipt", "申请回执"
    NEW_CODE = "new_code", "新查询码"


class MessageStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


class ApplicantMessage(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="messages", verbose_name="申请"
    )
    kind = models.CharField("类型", max_length=20, choices=MessageKind.choices)
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
        verbose_name = "申请人消息"
        verbose_name_plural = "申请人消息"
        indexes = [models.Index(fields=["status", "created_at"], name="applicant_message_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_channel_display()}"

    def seal(self, text: str) -> None:
        self.sealed_text = seal(text, purpose=SEAL_PURPOSE)

    def unseal(self) -> str:
        """The text; `core.sealing.InvalidToken` if SECRET_KEY changed since it was sealed."""
        return unseal(self.sealed_text, purpose=SEAL_PURPOSE)
