"""Which decisions of a body need 签发 by the head of its openness office (政府信息公开工作机构负责人)
after the reviewer's 审核 (requirements B3; docs/workflow.md, "Review and 签发")."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.applications.decisions import DecisionCode

# Without a row of its own a body needs 签发 for every decision but a plain 予以公开.
DEFAULT_SIGN_OFF_DECISIONS = frozenset(c.value for c in DecisionCode if c != DecisionCode.DISCLOSED)


class DecisionReviewSetting(models.Model):
    """One body's choice of the decisions that need 签发; edited in the workbench by the body's
    site admin or openness office head (`services.review_settings`)."""

    body = models.OneToOneField(
        "bodies.Body",
        on_delete=models.CASCADE,
        related_name="decision_review_setting",
        verbose_name="机关",
    )
    sign_off_decisions = models.JSONField(
        "须经签发的办理结果",
        default=list,
        blank=True,
        help_text="办理结果代码（DecisionCode）；未列出的，审核通过后即可送达",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修改人",
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "答复签发设置"
        verbose_name_plural = "答复签发设置"

    def __str__(self) -> str:
        return f"{self.body_id}: {', '.join(self.sign_off_decisions)}"
