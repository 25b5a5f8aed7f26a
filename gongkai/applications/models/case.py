"""The case (`Application`), where it is (`ApplicationStatus`), what happened to it (`Action`,
`ApplicationEvent`), its number and query code, and the reminders sent about it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.applications.decisions import DecisionCode
from gongkai.core.identifiers import mask_middle
from gongkai.core.query_codes import (  # noqa: F401 (re-exported)
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    QueryCodeMixin,
    query_code_hash,
    query_code_matches,
    query_code_new,
)

from .applicants import (
    MSG_CONTACT_REQUIRED,
    ORGANISATION_TYPES,
    ApplicantType,
    Channel,
    Delivery,
    IdType,
    ProvisionForm,
    applicant_identity_errors,
    phone_validator,
    postcode_validator,
)

# --- Where a case is --------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    """Where the case is. Changed only by the `workflow` package; its table says what each status means."""

    REGISTERED = "registered", "已登记"
    CLARIFICATION = "clarification", "补正中"
    HANDLING = "handling", "办理中"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    # The handler's draft decision and reply letter, before the body's reviewer (审核) and,
    # for the decisions the body names, the openness office head (签发) approve it.
    REVIEWING = "reviewing", "待审核"
    SIGNING = "signing", "待签发"
    DECIDED = "decided", "已决定"
    REPLIED = "replied", "已答复"
    ARCHIVED = "archived", "已归档"
    TRANSFERRED = "transferred", "已转送"
    WITHDRAWN = "withdrawn", "已撤回"


# Statuses in which the reply period is running or paused (an open case, 结转 at year end).
OPEN_STATUSES = frozenset(
    {
        ApplicationStatus.REGISTERED,
        ApplicationStatus.CLARIFICATION,
        ApplicationStatus.HANDLING,
        ApplicationStatus.CONSULTING,
        ApplicationStatus.AWAITING_FEE,
        # The clock runs on through internal review; the decision is recorded at approval.
        ApplicationStatus.REVIEWING,
        ApplicationStatus.SIGNING,
    }
)


class Action(models.TextChoices):
    """What happened to a case: one event per transition (the `workflow` package)."""

    SUBMIT = "submit", "在线提交申请"
    REGISTER = "register", "登记申请"
    IMPORT = "import", "导入历史案件"
    ACCEPT = "accept", "开始办理"
    REQUEST_CLARIFICATION = "request_clarification", "告知补正"
    RECEIVE_CORRECTION = "receive_correction", "收到补正后的申请"
    CLARIFICATION_LAPSE = "clarification_lapse", "逾期未补正，不再处理"
    CONSULT = "consult", "征求意见"
    RECORD_OPINION = "record_opinion", "记录征求意见结果"
    ISSUE_FEE_NOTICE = "issue_fee_notice", "发出收费通知"
    RECORD_PAYMENT = "record_payment", "确认缴费"
    FEE_LAPSE = "fee_lapse", "逾期未缴费，不再处理"
    EXTEND = "extend", "延长答复期限"
    DECIDE = "decide", "拟定答复决定，提交审核"
    REVIEW_APPROVE = "review_approve", "审核通过"
    REVIEW_RETURN = "review_return", "退回修改"
    SIGN_OFF = "sign_off", "签发"
    SIGN_OFF_RETURN = "sign_off_return", "不予签发，退回修改"
    REPLY_ON_THE_SPOT = "reply_on_the_spot", "当场答复"
    DELIVER_REPLY = "deliver_reply", "送达答复"
    ARCHIVE = "archive", "归档"
    TRANSFER = "transfer", "转送其他机关"
    WITHDRAW = "withdraw", "撤回申请"


# --- The case --------------------------------------------------------------------------------------


class ApplicationSerial(models.Model):
    """The last case-number serial used by one body in one year; locked while a number is taken."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    last_serial = models.PositiveIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "申请编号序号"
        verbose_name_plural = "申请编号序号"
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_application_serial")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last_serial}"


class Application(QueryCodeMixin, models.Model):
    """政府信息公开申请: one case at one body."""

    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="受理机关",
    )
    case_number = models.CharField("申请编号", max_length=64, unique=True)
    # query_code_hash, query_code_set(), query_code_check(): QueryCodeMixin (core.query_codes)

    # 申请人 (条例 Art. 29 (一))
    applicant_type = models.CharField("申请人类型", max_length=20, choices=ApplicantType.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=200)
    # Required of every new application (`clean`); blank only on imported historic cases.
    id_type = models.CharField("身份证明类型", max_length=20, choices=IdType.choices, blank=True)
    id_number = models.CharField("身份证明号码", max_length=40, blank=True)
    contact_person = models.CharField("联系人", max_length=100, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True, validators=[phone_validator])
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=300, blank=True)
    postcode = models.CharField(
        "邮政编码", max_length=6, blank=True, validators=[postcode_validator]
    )

    # 所需信息 (条例 Art. 29 (二), (三))
    description = models.TextField("所需政府信息的名称或内容描述")
    document_reference = models.CharField("文件名称、文号", max_length=300, blank=True)
    purpose = models.TextField("用途（选填）", blank=True)
    provision_form = models.CharField(
        "政府信息的提供形式",
        max_length=20,
        choices=ProvisionForm.choices,
        default=ProvisionForm.ELECTRONIC,
    )
    delivery = models.CharField(
        "获取信息的方式", max_length=20, choices=Delivery.choices, default=Delivery.ONLINE
    )
    fee_waiver_requested = models.BooleanField("申请减免信息处理费", default=False)
    # 国办函〔2020〕109号 Art. 4: an application may be split into items (一事一申请); per-item fees
    # count the items of the applicant's applications in the month.
    item_count = models.PositiveSmallIntegerField("申请事项件数", default=1)

    # 收到申请 (条例 Art. 31)
    channel = models.CharField("提交方式", max_length=20, choices=Channel.choices)
    received_on = models.DateField("收到申请之日")
    received_at = models.DateTimeField(
        "收到时间", null=True, blank=True, help_text="平台确知的收到时刻（在线申请、当面登记）"
    )

    # Where it is, and how it ended
    status = models.CharField(
        "办理状态",
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.REGISTERED,
        editable=False,
    )
    decision = models.CharField(
        "办理结果", max_length=20, choices=DecisionCode.choices, blank=True, editable=False
    )
    decision_reasons = models.TextField("决定理由", blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    extension_days = models.PositiveSmallIntegerField("延长答复期限（工作日）", default=0)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="延期批准人",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handled_applications",
        verbose_name="承办人",
    )
    transferred_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transferred_from",
        verbose_name="转送后的申请",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["body", "status"], name="application_workbench"),
            models.Index(fields=["body", "received_on"], name="application_received"),
            models.Index(fields=["body", "decided_on"], name="application_decided"),
            # per-item fee counting: the same applicant at the same body in a month
            models.Index(fields=["body", "id_number", "received_on"], name="application_applicant"),
        ]

    def __str__(self) -> str:
        return self.case_number

    def clean(self) -> None:
        errors = applicant_identity_errors(
            self.applicant_type, self.id_type, self.id_number, self.contact_person
        )
        if not (self.phone or self.email or self.address):
            errors["phone"] = MSG_CONTACT_REQUIRED
        if errors:
            raise ValidationError(errors)
        self.id_number = self.id_number.strip().upper()

    @property
    def is_organisation(self) -> bool:
        return self.applicant_type in ORGANISATION_TYPES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def masked_id_number(self) -> str:
        return mask_middle(self.id_number) if self.id_number else ""

    @property
    def masked_phone(self) -> str:
        return mask_middle(self.phone) if self.phone else ""


class ApplicationEvent(models.Model):
    """One transition of one case (条例 Art. 45: 登记、审核、办理、答复、归档 are kept on record).

    Append-only: written by the `workflow` package only, never changed. `at` is when it was recorded;
    `on_date` is the legal date of the event (the day a letter was sent, a payment recorded...),
    which deadlines are counted from.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="events", verbose_name="申请"
    )
    action = models.CharField("操作", max_length=32, choices=Action.choices)
    from_status = models.CharField(
        "原状态", max_length=20, choices=ApplicationStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="操作人",
        help_text="空：申请人或系统",
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    on_date = models.DateField("发生日期")
    note = models.TextField("说明", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    # What staff wrote for the step's letter beyond what the case records (docs/notices.md,
    # "Values"): kept with the step, so that the letter can be issued again from the history.
    letter = models.JSONField(
        "文书内容",
        default=dict,
        blank=True,
        help_text="办理时为本步文书填写的内容（如获取方式、附件），重新生成文书时沿用",
    )

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"], name="application_event_time")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_action_display()} {self.on_date}"


class ReminderSent(models.Model):
    """One reminder about one case to one person on one day (`application_reminders`)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="+", verbose_name="申请"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="收件人"
    )
    sent_on = models.DateField("发送日期")
    kind = models.CharField("提醒类型", max_length=20)  # "due_soon" or "overdue"

    class Meta:
        verbose_name = "办理提醒"
        verbose_name_plural = "办理提醒"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "recipient", "sent_on"], name="unique_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.recipient_id} {self.sent_on}"
