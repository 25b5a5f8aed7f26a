"""After the reply: reconsideration and litigation (条例 Art. 51; report table 四) and the case
library (典型案例)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .case import Application
from .notices import private_storage

# --- After the reply: remedies (report table 四) and the case library --------------------------------


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", "行政复议"
    LITIGATION = "litigation", "行政诉讼"


class LitigationRoute(models.TextChoices):
    DIRECT = "direct", "未经复议直接起诉"
    AFTER_RECONSIDERATION = "after_reconsideration", "复议后起诉"


class RemedyOutcome(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"
    PENDING = "pending", "尚未审结"


class RemedyCase(models.Model):
    """A reconsideration or lawsuit about a case's handling (条例 Art. 51; report table 四)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="remedies", verbose_name="申请"
    )
    kind = models.CharField("类型", max_length=20, choices=RemedyKind.choices)
    litigation_route = models.CharField(
        "起诉方式", max_length=30, choices=LitigationRoute.choices, blank=True
    )
    filed_on = models.DateField("申请或起诉日期")
    outcome = models.CharField(
        "结果", max_length=20, choices=RemedyOutcome.choices, default=RemedyOutcome.PENDING
    )
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="记录人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"
        ordering = ["filed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()} {self.get_outcome_display()}"


class TypicalStatus(models.TextChoices):
    """Where a typical case is: a handler proposes, the office head publishes or returns it."""

    PROPOSED = "proposed", "待审核"
    RETURNED = "returned", "已退回"
    PUBLISHED = "published", "已发布"
    UNPUBLISHED = "unpublished", "已撤回"


class TypicalCase(models.Model):
    """典型案例: a delivered case written up by a handler without personal data, with its reply
    letter anonymised, published in the case library once the office head approves it (B6)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="typical_cases", verbose_name="申请"
    )
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("案情摘要（已去除个人信息）")
    reply_text = models.TextField("答复要点（已去除个人信息）")
    letter_text = models.TextField("答复书（已去除个人信息）", blank=True)
    letter_pdf = models.FileField(
        "答复书 PDF（已去除个人信息）",
        upload_to="applications/typical/%Y/",
        storage=private_storage,
        blank=True,
    )
    status = models.CharField(
        "状态", max_length=20, choices=TypicalStatus.choices, default=TypicalStatus.PROPOSED
    )
    return_reason = models.TextField("退回理由", blank=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="编写人",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def published(self) -> bool:
        return self.status == TypicalStatus.PUBLISHED
