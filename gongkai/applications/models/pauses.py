"""Consultations and fee notices: while one is out the reply period does not run (条例 Arts.
32–34, 42; 国办函〔2020〕109号)."""

from __future__ import annotations

from django.db import models

from .case import Application

# --- Consultations (条例 Arts. 32, 34) --------------------------------------------------------------


class OpinionKind(models.TextChoices):
    THIRD_PARTY = "third_party", "征求第三方意见"
    OTHER_BODY = "other_body", "征求其他机关意见"


class OpinionReply(models.TextChoices):
    CONSENT = "consent", "同意公开"
    OBJECTION = "objection", "不同意公开"
    SILENT = "silent", "逾期未提出意见"


# What silence means (条例 Art. 32: the body decides; Art. 34: 视为同意公开).
SILENCE_MEANING = {
    OpinionKind.THIRD_PARTY: "第三方逾期未提出意见的，由行政机关依照条例的规定决定是否公开（条例第三十二条）",
    OpinionKind.OTHER_BODY: "被征求意见机关逾期未提出意见的，视为同意公开（条例第三十四条）",
}


class Opinion(models.Model):
    """A written consultation; the reply period does not run while it is out (条例 Art. 33 para 3)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="opinions", verbose_name="申请"
    )
    kind = models.CharField("征求意见类型", max_length=20, choices=OpinionKind.choices)
    addressee = models.CharField("被征求意见方", max_length=200)
    addressee_contact = models.CharField("联系方式", max_length=300, blank=True)
    sent_on = models.DateField("发出征求意见书之日")
    replied_on = models.DateField("收到意见之日", null=True, blank=True)
    reply = models.CharField("意见", max_length=20, choices=OpinionReply.choices, blank=True)
    reply_summary = models.TextField("意见摘要", blank=True)
    closed_on = models.DateField("办结日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.addressee}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    @property
    def silence_meaning(self) -> str:
        return SILENCE_MEANING[OpinionKind(self.kind)]


# --- Processing fee (条例 Art. 42; 国办函〔2020〕109号) ------------------------------------------------


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", "按件计收"
    PER_VOLUME = "per_volume", "按量计收"


class FeeNotice(models.Model):
    """收费通知: from issue to payment the reply period does not run (regulations.md §9)."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="fee_notices", verbose_name="申请"
    )
    method = models.CharField("计收方式", max_length=20, choices=FeeMethod.choices)
    units = models.PositiveIntegerField("计费件数或页数")
    earlier_items = models.PositiveIntegerField("本月此前已申请件数", default=0)
    amount = models.PositiveIntegerField("金额（元）")
    tiers = models.JSONField("分档计算", default=list)
    issued_on = models.DateField("通知之日")
    pay_by = models.DateField("缴费期限")
    paid_on = models.DateField("缴费之日", null=True, blank=True)
    lapsed_on = models.DateField("逾期未缴费确认之日", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"
        ordering = ["issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.amount}元"
