"""依申请公开: applications for government information and everything recorded about them.

《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 27–45. A case has a *status* (where it is,
changed only by `workflow.py`) and a *decision* (how it ended: one `DecisionCode`, exactly the
result rows of the annual report). Every transition writes one append-only `ApplicationEvent`;
deadlines are recomputed from those rows, consultations (`Opinion`) and fee notices
(`FeeNotice`), never stored (`selectors.application_deadline`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from gongkai.applications.decisions import DecisionCode
from gongkai.core.identifiers import is_valid_credit_code, is_valid_id_number, mask_middle

# --- Applicants (条例 Art. 29; report table 三 columns) --------------------------------------------


class ApplicantType(models.TextChoices):
    """The six applicant columns of report table 三; the last five are 法人或其他组织."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_WELFARE = "public_welfare", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER = "other", "其他"


ORGANISATION_TYPES = frozenset(ApplicantType) - {ApplicantType.NATURAL_PERSON}
ORGANISATION_LABEL = "法人或其他组织"


class IdType(models.TextChoices):
    """身份证明 (条例 Art. 29 (一)). Only the two national numbers have check digits."""

    RESIDENT_ID = "resident_id", "居民身份证"
    CREDIT_CODE = "credit_code", "统一社会信用代码"
    PASSPORT = "passport", "护照"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    OTHER = "other", "其他有效证件"


MSG_ID_NUMBER_INVALID = "居民身份证号码无效：应为18位，且校验位符合 GB 11643 规则"
MSG_CREDIT_CODE_INVALID = "统一社会信用代码无效：应为18位，且校验位符合 GB 32100 规则"
MSG_ID_NUMBER_REQUIRED = "请填写身份证明的号码"
MSG_ID_TYPE_REQUIRED = "请选择身份证明的类型"
MSG_PERSON_WITH_CREDIT_CODE = "自然人不能以统一社会信用代码作为身份证明"
MSG_ORGANISATION_WITH_PERSONAL_ID = "法人或其他组织请以统一社会信用代码或其他有效证件作为身份证明"
MSG_CONTACT_PERSON_REQUIRED = "法人或其他组织请填写联系人"
MSG_CONTACT_REQUIRED = "请至少填写一种联系方式（电话、电子邮箱或通信地址）"

phone_validator = RegexValidator(r"^[0-9+\-() ]{5,30}$", "联系电话只能包含数字、空格和 + - ( )")
postcode_validator = RegexValidator(r"^\d{6}$", "邮政编码应为6位数字")


def applicant_identity_errors(
    applicant_type: str, id_type: str, id_number: str, contact_person: str = ""
) -> dict[str, str]:
    """Field → Chinese message for an applicant's identity; empty when it is acceptable.

    条例 Art. 29 asks for 身份证明. A resident ID is checked with GB 11643, a credit code with
    GB 32100; other documents (passports, permits) are kept as given.
    """
    errors: dict[str, str] = {}
    number = (id_number or "").strip().upper()
    if not id_type:
        errors["id_type"] = MSG_ID_TYPE_REQUIRED
    if not number:
        errors["id_number"] = MSG_ID_NUMBER_REQUIRED
    elif id_type == IdType.RESIDENT_ID and not is_valid_id_number(number):
        errors["id_number"] = MSG_ID_NUMBER_INVALID
    elif id_type == IdType.CREDIT_CODE and not is_valid_credit_code(number):
        errors["id_number"] = MSG_CREDIT_CODE_INVALID
    organisation = applicant_type in ORGANISATION_TYPES
    if not organisation and id_type == IdType.CREDIT_CODE:
        errors["id_type"] = MSG_PERSON_WITH_CREDIT_CODE
    if organisation and id_type == IdType.RESIDENT_ID:
        errors["id_type"] = MSG_ORGANISATION_WITH_PERSONAL_ID
    if organisation and not (contact_person or "").strip():
        errors["contact_person"] = MSG_CONTACT_PERSON_REQUIRED
    return errors


# --- How the application arrived (条例 Art. 31) -----------------------------------------------------


class Channel(models.TextChoices):
    """条例 Art. 31 fixes the receipt date (收到申请之日) by channel; see `RECEIPT_DATE_RULES`."""

    ONLINE = "online", "互联网（在线申请）"
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_POST = "registered_post", "邮寄签收"
    ORDINARY_POST = "ordinary_post", "平常信函"
    FAX = "fax", "传真"


RECEIPT_DATE_RULES = {
    Channel.ONLINE: "平台向申请人出具受理编号之时（双方确认之日）",
    Channel.IN_PERSON: "申请人提交之日",
    Channel.REGISTERED_POST: "行政机关签收之日",
    Channel.ORDINARY_POST: "政府信息公开工作机构与申请人确认之日",
    Channel.FAX: "双方确认之日",
}


class ProvisionForm(models.TextChoices):
    """政府信息的提供形式 (条例 Art. 29 (三), Art. 40)."""

    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子数据"
    INSPECTION = "inspection", "当场查阅、抄录"
    OTHER = "other", "其他"


class Delivery(models.TextChoices):
    """获取信息的方式 (条例 Art. 29 (三))."""

    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上获取"
    FAX = "fax", "传真"


# --- Where a case is --------------------------------------------------------------------------------


class ApplicationStatus(models.TextChoices):
    """Where the case is. Changed only by `workflow.py`; its table says what each status means."""

    REGISTERED = "registered", "已登记"
    CLARIFICATION = "clarification", "补正中"
    HANDLING = "handling", "办理中"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
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
    }
)


class Action(models.TextChoices):
    """What happened to a case: one event per transition (workflow.py)."""

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
    DECIDE = "decide", "作出答复决定"
    REPLY_ON_THE_SPOT = "reply_on_the_spot", "当场答复"
    DELIVER_REPLY = "deliver_reply", "送达答复"
    ARCHIVE = "archive", "归档"
    TRANSFER = "transfer", "转送其他机关"
    WITHDRAW = "withdraw", "撤回申请"


# --- The case --------------------------------------------------------------------------------------

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud, typed back
QUERY_CODE_LENGTH = 10  # 50 bits; tracking needs the case number as well


def query_code_new() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def query_code_hash(code: str, salt: str | None = None) -> str:
    """`sha256$<salt>$<hex>`. The code is random and long, so a fast salted hash is enough."""
    salt = salt or secrets.token_hex(8)
    normalised = (code or "").strip().upper().replace(" ", "")
    digest = hashlib.sha256(f"{salt}${normalised}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def query_code_matches(code: str, stored: str) -> bool:
    try:
        _, salt, _ = stored.split("$", 2)
    except ValueError:
        return False
    return hmac.compare_digest(query_code_hash(code, salt).encode(), stored.encode())


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


class Application(models.Model):
    """政府信息公开申请: one case at one body."""

    body = models.ForeignKey(
        "bodies.Body",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="受理机关",
    )
    case_number = models.CharField("申请编号", max_length=64, unique=True)
    query_code_hash = models.CharField("查询码（摘要）", max_length=128, editable=False)

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

    def query_code_set(self, code: str) -> None:
        self.query_code_hash = query_code_hash(code)

    def query_code_check(self, code: str) -> bool:
        return bool(self.query_code_hash) and query_code_matches(code, self.query_code_hash)


class ApplicationEvent(models.Model):
    """One transition of one case (条例 Art. 45: 登记、审核、办理、答复、归档 are kept on record).

    Append-only: written by `workflow.py` only, never changed. `at` is when it was recorded;
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

    class Meta:
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["application", "at"], name="application_event_time")]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_action_display()} {self.on_date}"


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


# --- Generated documents ------------------------------------------------------------------------------


class NoticeKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    CLARIFICATION = "clarification", "补正告知书"
    EXTENSION = "extension", "延期答复告知书"
    THIRD_PARTY = "third_party", "征求第三方意见书"
    OTHER_BODY = "other_body", "征求意见函（其他机关）"
    FEE = "fee", "收费通知书"
    REPLY = "reply", "答复书"


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


class TypicalCase(models.Model):
    """典型案例: a closed case written up by staff without personal data, for the case library."""

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="typical_cases", verbose_name="申请"
    )
    title = models.CharField("标题", max_length=200)
    summary = models.TextField("案情摘要（已去除个人信息）")
    reply_text = models.TextField("答复要点（已去除个人信息）")
    published = models.BooleanField("已发布", default=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="编写人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "典型案例"
        verbose_name_plural = "典型案例"
        ordering = ["-published_on", "-pk"]

    def __str__(self) -> str:
        return self.title


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
