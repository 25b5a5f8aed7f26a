"""Letters to a body's mailbox (领导信箱 / 部门信箱, 政民互动): the letter (`Letter`), where it is
(`LetterStatus`), what happened to it (`LetterAction`, `LetterEvent`), the serial of their numbers
(`LetterSerial`) and the reply limits a body sets (`MailboxLimit`).

A letter has a *status*, changed only by `participation.letter_workflow`, and two clocks
(`mailbox_limits.py`): the reply limit the body sets, in working days, and the 3-month red line of
the website inspection, counted from the original receipt. The writer's name and contact are for
the body only; what the public reads (with the writer's consent) is `public_text` and
`public_reply`, with personal data masked.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.core.messaging import OutboxMessage
from gongkai.core.query_codes import QueryCodeMixin
from gongkai.participation.mailbox_limits import (
    CATEGORY_LABELS,
    DEFAULT_REPLY_LIMIT,
    MAILBOX_LABELS,
    LetterCategory,
    ReplyLimit,
)

CATEGORY_CHOICES = [(c.value, CATEGORY_LABELS[c]) for c in LetterCategory]
MAILBOX_CHOICES = [(k, label) for k, label in MAILBOX_LABELS.items()]


class LetterStatus(models.TextChoices):
    """Where a letter is. Changed only by `participation.letter_workflow` (its TABLE)."""

    RECEIVED = "received", "待分办"
    HANDLING = "handling", "办理中"
    IN_REVIEW = "in_review", "答复待审核"
    REPLIED = "replied", "已答复"
    DISMISSED = "dismissed", "不予受理"


class LetterAction(models.TextChoices):
    """What happened to a letter: one event per transition."""

    SUBMIT = "submit", "网上来信"
    ASSIGN = "assign", "分办"
    TRANSFER = "transfer", "转办其他机关"
    EXTEND = "extend", "延长答复时限"
    DRAFT = "draft", "拟写答复，提交审核"
    RETURN = "return", "退回修改"
    APPROVE = "approve", "审核通过，答复来信人"
    DISMISS = "dismiss", "不予受理"
    RATE = "rate", "来信人评价"
    FOLLOW_UP = "follow_up", "来信人追问"


class ReplyKind(models.TextChoices):
    """What the reply is: an answer on the merits, or the statutory answer that the matter belongs
    to another channel (a petition to 信访; a matter in litigation or reconsideration to that
    procedure) — never a silent drop."""

    ANSWER = "answer", "答复"
    PETITION = "petition", "告知通过信访渠道反映"
    LITIGATION = "litigation", "告知通过诉讼、复议等法定途径解决"


# The referral answers (regulations.md §7.1: petitions go to the 信访 channel under 《信访工作条例》;
# a matter already in litigation, arbitration or administrative reconsideration follows that
# procedure). The handler may add to them; this is the part that is always said.
REFERRAL_TEXTS: dict[str, str] = {
    ReplyKind.PETITION: (
        "您反映的事项属于信访事项。根据《信访工作条例》，请您向有权处理的机关或者其信访工作机构"
        "提出信访事项，也可以通过当地的网上信访平台提出。"
    ),
    ReplyKind.LITIGATION: (
        "您反映的事项已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决。请您依照有关法律、"
        "行政法规规定的程序向有关机关提出。"
    ),
}


class DismissReason(models.TextChoices):
    """Why a letter is not handled: the fixed list. The writer is told the reason."""

    DUPLICATE = "duplicate", "重复来信"
    NO_CONTENT = "no_content", "内容不具体，无法办理"
    ABUSIVE = "abusive", "含有辱骂、攻击等不当内容"
    ADVERTISING = "advertising", "广告或与政务无关的信息"


DISMISS_NOTICES: dict[str, str] = {
    DismissReason.DUPLICATE: "您的来信与此前的来信内容相同，已合并办理，请查看此前来信的答复。",
    DismissReason.NO_CONTENT: "您的来信内容不具体，无法办理。欢迎您补充具体事项后重新来信。",
    DismissReason.ABUSIVE: "您的来信含有辱骂、攻击等不当内容，不予受理。",
    DismissReason.ADVERTISING: "您的来信属于广告或与政务无关的信息，不予受理。",
}


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", "满意"
    BASICALLY = "basically", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class LetterSerial(models.Model):
    """The last serial of the letter numbers of one year (one counter for the platform: the
    number names no body, and a letter keeps it when it is transferred)."""

    year = models.PositiveIntegerField("年度", unique=True)
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "来信编号序号"
        verbose_name_plural = "来信编号序号"

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class MailboxLimit(models.Model):
    """A body's reply limit for one category of letter; without a row the platform's default
    applies (`mailbox_limits.DEFAULT_REPLY_LIMIT`, regulations.md §9)."""

    body = models.ForeignKey(
        Body, on_delete=models.CASCADE, related_name="mailbox_limits", verbose_name="机关"
    )
    category = models.CharField("来信类别", max_length=20, choices=CATEGORY_CHOICES)
    days = models.PositiveSmallIntegerField("答复时限（工作日）", default=DEFAULT_REPLY_LIMIT.days)
    extended_days = models.PositiveSmallIntegerField(
        "延长后的答复时限（工作日）",
        default=DEFAULT_REPLY_LIMIT.extended_days,
        help_text="从收到之日起算的总时限，不是再加的天数",
    )
    restart_on_transfer = models.BooleanField(
        "转来的信件重新计算时限",
        default=True,
        help_text="选中：其他机关转来的信件，从转来之日起重新计算答复时限；"
        "不选：从原收到之日起计算。三个月的期限都从原收到之日起算。",
    )

    class Meta:
        verbose_name = "信箱答复时限"
        verbose_name_plural = "信箱答复时限"
        constraints = [
            models.UniqueConstraint(fields=["body", "category"], name="mailbox_limit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.body} {self.get_category_display()}"

    def clean(self) -> None:
        try:
            ReplyLimit(days=self.days, extended_days=self.extended_days)
        except ValueError as error:
            raise ValidationError({"extended_days": str(error)}) from None

    @property
    def limit(self) -> ReplyLimit:
        return ReplyLimit(days=self.days, extended_days=self.extended_days)


class Letter(QueryCodeMixin, models.Model):
    """One letter to a body's mailbox."""

    number = models.CharField("信件编号", max_length=20, unique=True)
    # query_code_hash, query_code_set(), query_code_check(): QueryCodeMixin (core.query_codes)
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name="办理机关",
        help_text="转办后为接收转办的机关",
    )
    first_body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        related_name="letters_written_to",
        verbose_name="来信机关",
        help_text="来信人写信的机关",
    )
    mailbox = models.CharField("信箱", max_length=20, choices=MAILBOX_CHOICES)
    category = models.CharField("来信类别", max_length=20, choices=CATEGORY_CHOICES)
    subject = models.CharField("标题", max_length=100)
    text = models.TextField("来信内容")
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("联系电话", max_length=30)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    consent_to_publish = models.BooleanField(
        "同意公开", default=False, help_text="来信人同意隐去个人信息后公开来信和答复"
    )
    received_on = models.DateField("收到日期")
    received_at = models.DateTimeField("收到时间")

    status = models.CharField(
        "状态",
        max_length=10,
        choices=LetterStatus.choices,
        default=LetterStatus.RECEIVED,
        editable=False,
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="承办人",
        editable=False,
    )
    transferred_on = models.DateField("转来日期", null=True, blank=True, editable=False)
    clock_from = models.DateField(
        "答复时限起算日", editable=False, help_text="收到、转来或追问之日；当日不计入"
    )
    due_on = models.DateField("答复期限", editable=False)
    extended = models.BooleanField("已延长", default=False, editable=False)
    reply_kind = models.CharField(
        "答复类型", max_length=10, choices=ReplyKind.choices, blank=True, editable=False
    )
    reply_text = models.TextField("答复内容", blank=True, editable=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="拟稿人",
        editable=False,
    )
    replied_on = models.DateField("答复日期", null=True, blank=True, editable=False)
    answered_in_time = models.BooleanField(
        "在答复时限内答复", null=True, blank=True, editable=False, help_text="首次答复"
    )
    dismiss_reason = models.CharField(
        "不予受理的理由", max_length=20, choices=DismissReason.choices, blank=True, editable=False
    )
    published = models.BooleanField("已公开", default=False, editable=False)
    public_subject = models.CharField("公开的标题", max_length=100, blank=True, editable=False)
    public_text = models.TextField("公开的来信内容", blank=True, editable=False)
    public_reply = models.TextField("公开的答复内容", blank=True, editable=False)
    satisfaction = models.CharField(
        "满意度", max_length=20, choices=Satisfaction.choices, blank=True, editable=False
    )
    follow_up_text = models.TextField("追问内容", blank=True, editable=False)
    follow_up_on = models.DateField("追问日期", null=True, blank=True, editable=False)
    follow_up_reply = models.TextField("追问答复内容", blank=True, editable=False)
    follow_up_replied_on = models.DateField("追问答复日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "来信"
        verbose_name_plural = "来信"
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["body", "status", "due_on"], name="letter_queue"),
            models.Index(fields=["published", "body", "replied_on"], name="letter_public"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def in_follow_up(self) -> bool:
        """Whether the letter is being answered again, after the writer's follow-up."""
        return self.follow_up_on is not None

    @property
    def waiting_since(self) -> date:
        """The day the writer began to wait for the answer now due: the 3-month red line runs
        from it (the receipt, or the follow-up; a transfer does not move it)."""
        return self.follow_up_on or self.received_on

    @property
    def dismiss_notice(self) -> str:
        return DISMISS_NOTICES.get(self.dismiss_reason, "")


class LetterEvent(models.Model):
    """One transition of one letter. Append-only: written by `participation.letter_workflow`."""

    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, related_name="events", verbose_name="来信"
    )
    action = models.CharField("操作", max_length=10, choices=LetterAction.choices)
    from_status = models.CharField(
        "原状态", max_length=10, choices=LetterStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=10, choices=LetterStatus.choices)
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="+", verbose_name="办理机关"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="空：来信人",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)

    class Meta:
        verbose_name = "来信办理记录"
        verbose_name_plural = "来信办理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["letter", "at"], name="letter_event_time")]

    def __str__(self) -> str:
        return f"{self.letter_id} {self.get_action_display()}"


class WriterMessageKind(models.TextChoices):
    RECEIPT = "receipt", "来信回执"
    NEW_CODE = "new_code", "新查询码"
    RESULT = "result", "办理结果通知"


class WriterMessage(OutboxMessage):
    """A message to a letter's writer (the receipt with the query code, a new code, the notice
    that the letter was answered): the shared outbox (`core.messaging`), written in the
    transaction of what it announces (`participation.letter_messages`)."""

    SEAL_PURPOSE = "writer-messages"

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="messages", verbose_name="来信"
    )
    kind = models.CharField("类型", max_length=20, choices=WriterMessageKind.choices)

    class Meta:
        verbose_name = "来信人消息"
        verbose_name_plural = "来信人消息"
        indexes = [models.Index(fields=["status", "created_at"], name="writer_message_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_channel_display()}"


class LetterReminderSent(models.Model):
    """One reminder about one letter to one person on one day (`letter_reminders`)."""

    letter = models.ForeignKey(
        Letter, on_delete=models.CASCADE, related_name="+", verbose_name="来信"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="收件人"
    )
    sent_on = models.DateField("发送日期")
    kind = models.CharField("提醒类型", max_length=20)  # "due_soon", "overdue" or "alarm"

    class Meta:
        verbose_name = "来信办理提醒"
        verbose_name_plural = "来信办理提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "recipient", "sent_on"], name="letter_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.recipient_id} {self.sent_on}"
