"""Comments on a consultation (`Comment`), where each is (`CommentStatus`), what happened to it
(`CommentAction`, `CommentEvent`), and the serial of their receipt numbers (`CommentSerial`).

A comment has a *status* (pending moderation, published, withheld), changed only by
`participation.comment_workflow`, and a *disposition* (采纳 / 部分采纳 / 不予采纳, `feedback.Disposition`),
the staff's answer that the feedback report counts. The contact a person leaves is for the body
only and is never shown; what the public reads is `public_text`, the text with personal data
masked when the comment was published.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone

from gongkai.participation.feedback import Disposition

from .consultation import ConsultationArticle, ConsultationPage

MSG_CONTACT_INVALID = "请填写有效的联系电话或电子邮箱（仅供工作人员联系，不会公开）"
CONTACT_MAX_LENGTH = 100

# A phone number as people write one: digits, with +86, brackets, spaces, hyphens, 转 (extension).
_PHONE = re.compile(r"[0-9+()（）\s\-转]{7,30}")


def validate_contact(value: str) -> None:
    """A phone number (7 to 15 digits) or an e-mail address; checked lightly, never published."""
    value = (value or "").strip()
    if len(value) > CONTACT_MAX_LENGTH:
        raise ValidationError(MSG_CONTACT_INVALID)
    if "@" in value:
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(MSG_CONTACT_INVALID) from None
        return
    digits = re.sub(r"\D", "", value)
    if not _PHONE.fullmatch(value) or not 7 <= len(digits) <= 15:
        raise ValidationError(MSG_CONTACT_INVALID)


class CommentStatus(models.TextChoices):
    """Where a comment is. Changed only by `participation.comment_workflow` (its TABLE)."""

    PENDING = "pending", "待审核"
    PUBLISHED = "published", "已公开"
    WITHHELD = "withheld", "不予公开"


class CommentAction(models.TextChoices):
    """What happened to a comment: one event per transition."""

    SUBMIT = "submit", "网上提交意见"
    REGISTER = "register", "登记意见"
    PUBLISH = "publish", "审核公开"
    WITHHOLD = "withhold", "不予公开"
    DISPOSE = "dispose", "填写采纳情况"


class CommentChannel(models.TextChoices):
    ONLINE = "online", "网上提交"
    EMAIL = "email", "电子邮件"
    LETTER = "letter", "信函"
    FAX = "fax", "传真"


class WithheldReason(models.TextChoices):
    """Why a comment is not published: the fixed list moderators choose from."""

    OFF_TOPIC = "off_topic", "与征求意见稿无关"
    ABUSIVE = "abusive", "含有辱骂、攻击等不当内容"
    PERSONAL_DATA = "personal_data", "含有个人信息"
    PETITION = "petition", "属于信访事项"


# What the public (and staff) read about a withheld comment. A petition is not dropped: the
# person is told where it belongs (regulations.md §7.1: petitions go to the 信访 channel).
WITHHELD_NOTICES: dict[str, str] = {
    WithheldReason.OFF_TOPIC: "该意见与征求意见稿无关，不予公开，不计入意见采纳情况。",
    WithheldReason.ABUSIVE: "该意见含有辱骂、攻击等不当内容，不予公开，不计入意见采纳情况。",
    WithheldReason.PERSONAL_DATA: "该意见含有个人信息，不予公开；意见本身已收到，计入意见采纳情况。",
    WithheldReason.PETITION: (
        "该意见属于信访事项，不属于对征求意见稿的意见，不予公开，不计入意见采纳情况；"
        "已转由信访渠道处理，请通过信访渠道反映诉求。"
    ),
}

# Withheld comments that are still opinions on the draft: they get a disposition and count in
# the feedback report. The others are not opinions on the draft at all.
COUNTED_WITHHELD = frozenset({WithheldReason.PERSONAL_DATA})

DISPOSITION_CHOICES = [(d.value, d.label) for d in Disposition]
# 部分采纳 and 不予采纳 are explained to the public (《优化营商环境条例》 Art. 62: 意见采纳情况反馈).
REASON_REQUIRED = frozenset({Disposition.PARTLY, Disposition.NOT_ADOPTED})


class CommentSerial(models.Model):
    """The last serial of the comment numbers of one year (all bodies share one counter: the
    number names no body); locked while a number is taken (`core.serials`)."""

    year = models.PositiveIntegerField("年度", unique=True)
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "意见编号序号"
        verbose_name_plural = "意见编号序号"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class Comment(models.Model):
    """One comment on a consultation: on one article, or on the whole draft (`article` empty)."""

    consultation = models.ForeignKey(
        ConsultationPage,
        on_delete=models.PROTECT,
        related_name="public_comments",
        verbose_name="意见征集",
    )
    article = models.ForeignKey(
        ConsultationArticle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name="条文",
        help_text="空：对征求意见稿整体的意见",
    )
    number = models.CharField("意见编号", max_length=20, unique=True)
    channel = models.CharField("提交方式", max_length=10, choices=CommentChannel.choices)
    received_on = models.DateField("收到日期")
    received_at = models.DateTimeField("收到时间", null=True, blank=True)
    text = models.TextField("意见内容")
    name = models.CharField("姓名或称呼", max_length=100, blank=True)
    contact = models.CharField(
        "联系方式",
        max_length=CONTACT_MAX_LENGTH,
        validators=[validate_contact],
        help_text="不公开",
    )

    status = models.CharField(
        "状态",
        max_length=10,
        choices=CommentStatus.choices,
        default=CommentStatus.PENDING,
        editable=False,
    )
    withheld_reason = models.CharField(
        "不予公开的理由", max_length=20, choices=WithheldReason.choices, blank=True, editable=False
    )
    public_text = models.TextField("公开的意见内容", blank=True, editable=False)
    disposition = models.CharField(
        "采纳情况", max_length=20, choices=DISPOSITION_CHOICES, blank=True, editable=False
    )
    disposition_reason = models.TextField("采纳情况说明", blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "意见"
        verbose_name_plural = "意见"
        ordering = ["received_on", "pk"]
        indexes = [
            models.Index(fields=["consultation", "status"], name="comment_moderation"),
            models.Index(fields=["status", "received_on"], name="comment_status_received"),
            # The moderation queue's order: a deep page without sorting every comment.
            models.Index(fields=["consultation", "received_on", "id"], name="comment_queue_order"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def counted(self) -> bool:
        """Whether the feedback report counts it: published, or withheld for personal data."""
        return self.status == CommentStatus.PUBLISHED or (
            self.status == CommentStatus.WITHHELD and self.withheld_reason in COUNTED_WITHHELD
        )

    @property
    def withheld_notice(self) -> str:
        return WITHHELD_NOTICES.get(self.withheld_reason, "")


def counted_condition() -> models.Q:
    """The comments the feedback report counts, as a query condition (`Comment.counted`)."""
    return models.Q(status=CommentStatus.PUBLISHED) | models.Q(
        status=CommentStatus.WITHHELD, withheld_reason__in=list(COUNTED_WITHHELD)
    )


class CommentEvent(models.Model):
    """One transition of one comment. Append-only: written by `participation.comment_workflow` only."""

    comment = models.ForeignKey(
        Comment, on_delete=models.PROTECT, related_name="events", verbose_name="意见"
    )
    action = models.CharField("操作", max_length=10, choices=CommentAction.choices)
    from_status = models.CharField(
        "原状态", max_length=10, choices=CommentStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=10, choices=CommentStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="空：提交意见的公众",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "意见处理记录"
        verbose_name_plural = "意见处理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["comment", "at"], name="comment_event_time")]

    def __str__(self) -> str:
        return f"{self.comment_id} {self.get_action_display()}"
