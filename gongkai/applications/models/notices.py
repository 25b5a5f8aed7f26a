"""The letters of a case (`Notice`) and the bodies' wording of them (`NoticeTemplate`)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property

from .case import Application, ApplicationEvent

# --- Generated documents ------------------------------------------------------------------------------


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    CLARIFICATION = "clarification", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    THIRD_PARTY = "third_party", "征求第三方意见书"
    OTHER_BODY = "other_body", "征求意见函（其他机关）"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "答复书"


# The path is where migrations find the class (`models/__init__.py` re-exports it).
@deconstructible(path="gongkai.applications.models.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Case files hold personal data: kept beside MEDIA_ROOT, not under it, so they are never
    served by the public media URL; views hand them out after checking access."""

    @cached_property
    def base_location(self):
        media = Path(settings.MEDIA_ROOT)
        return self._value_or_setting(self._location, str(media.parent / f"{media.name}-private"))

    def url(self, name):
        raise ValueError("案件文书不提供公开地址，请通过有权限检查的视图下载")


private_storage = PrivateStorage()


class Notice(models.Model):
    """A document generated for a case and kept with it (receipt, notices, the reply letter)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="notices", verbose_name="申请"
    )
    kind = models.CharField("文书类型", max_length=20, choices=NoticeKind.choices)
    event = models.ForeignKey(
        ApplicationEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notices",
        verbose_name="对应办理记录",
    )
    number = models.CharField("文书编号", max_length=80, blank=True)
    title = models.CharField("标题", max_length=200)
    body_text = models.TextField("正文（纯文本）", blank=True)
    body_html = models.TextField("正文（HTML）", blank=True)
    docx = models.FileField(
        "Word 文件", upload_to="applications/notices/%Y/", storage=private_storage, blank=True
    )
    pdf = models.FileField(
        "PDF 文件", upload_to="applications/notices/%Y/", storage=private_storage, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生成人",
    )
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "案件文书"
        verbose_name_plural = "案件文书"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class NoticeTemplate(models.Model):
    """The text of a kind of notice, in Django template syntax; `body` empty = platform default."""

    kind = models.CharField("文书类型", max_length=20, choices=NoticeKind.choices)
    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notice_templates",
        verbose_name="机关",
        help_text="留空表示平台默认模板",
    )
    title = models.CharField("标题", max_length=200)
    text = models.TextField("模板正文", help_text="Django 模板语法")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "body"],
                condition=Q(body__isnull=False),
                name="unique_notice_template_of_body",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(body__isnull=True),
                name="unique_notice_template_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.body or '平台默认'}）"
