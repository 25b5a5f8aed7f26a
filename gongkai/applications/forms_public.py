"""Forms of the public pages of 依申请公开: the online application form and the tracking form.

The field names of `ApplicationForm` are the data keys of `services.application_submit_online`
(`services.APPLICANT_FIELDS`), so the service's `ValidationError` for a field lands beside that
field (`ApplicationForm.add_service_errors`). The service is the authority on what is valid; the
form only checks what a browser can get wrong (required, lengths, choices) and, so that the
applicant sees every problem in one round, the identity rules of the model
(`applicant_identity_errors`, GB 11643 / GB 32100) that the service applies again.

Messages are written for the applicant, not for a programmer: which field, what is wrong with
what was typed ("您输入了17位"), and what to do. The page shows them beside each field and in the
error summary at the top (`PublicForm.error_summary`); the `<form>` has `novalidate`, so that the
browser's own bubbles (in the browser's language) never come before these.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.applications.models import (
    MSG_CONTACT_REQUIRED,
    ORGANISATION_LABEL,
    ApplicantType,
    Delivery,
    IdType,
    ProvisionForm,
    applicant_identity_errors,
)
from gongkai.applications.services.intake import APPLICANT_FIELDS

# The title of the error summary at the top of each form.
MSG_SUMMARY_APPLY = "提交未成功，请修改以下问题："
MSG_SUMMARY_TRACK = "查询未成功，请修改以下问题："
MSG_SUMMARY_WITHDRAW = "撤回未成功，请修改以下问题："

MSG_REQUIRED = "请填写{label}"
MSG_CHOOSE = "请选择{label}"
MSG_TOO_LONG = "{label}最多%(limit_value)d个字，您输入了%(show_value)d个字，请删减"
MSG_PHONE_CHARACTER = (
    "联系电话中有{found}，这里只能填数字，可以带区号和“-”，例如 13912345678 或 0931-8888888"
)
MSG_PHONE_TOO_SHORT = (
    "联系电话只有{count}位数字，请填写完整的手机号码，或带区号的固定电话号码，例如 0931-8888888"
)
MSG_POSTCODE_CHARACTER = "邮政编码只能填数字，您输入的第{position}位是{found}，例如 730030"
MSG_POSTCODE_LENGTH = "您输入了{count}位，邮政编码应为6位数字，例如 730030"
MSG_EMAIL_NO_AT = "电子邮箱地址中缺少“@”，应类似 zhangsan@example.com，请核对"
MSG_EMAIL = "电子邮箱地址格式不对，应类似 zhangsan@example.com，请核对是否多了空格或少了“.”"
MSG_CONSENT = "请阅读承诺并勾选，确认所填内容真实、准确"
MSG_HONEYPOT = "提交未成功：请不要填写标有“请勿填写”的栏目"
MSG_CASE_NUMBER = "请填写申请编号：在受理回执上，提交申请后页面也显示过"
MSG_QUERY_CODE = "请填写查询码：提交申请后页面上显示的10位字母和数字"
# The same for an unknown number and a wrong code.
MSG_TRACKING_FAILED = "申请编号或查询码不正确，请对照受理回执逐位核对后重新输入"
MSG_WITHDRAW_CODE_WRONG = "查询码不正确，请对照受理回执逐位核对后重新输入，不区分大小写"
MSG_REASON_TOO_LONG = "撤回理由最多200个字，您输入了%(show_value)d个字，请删减"

PHONE_CHARACTERS = "0123456789+-() "  # what the model's `phone_validator` accepts
PHONE_MIN_DIGITS = 7  # a local number without its area code; a mobile number has 11
POSTCODE_LENGTH = 6

CONSENT_TEXT = (
    "本人（本单位）承诺：以上所填内容真实、准确，所提供的身份证明合法有效；"
    "知悉提供虚假信息须承担相应的法律责任。"
)


def _shown(char: str) -> str:
    """A character for a message: quoted, or named when it cannot be seen."""
    return "空格" if char.isspace() else f"“{char}”"


class HalfWidthField(forms.CharField):
    """Text whose full-width digits, letters and signs (typed with a Chinese input method:
    ６２０１, Ｘ, ＠, －) are read as the ordinary ones (NFKC) before any check."""

    def to_python(self, value):
        value = unicodedata.normalize("NFKC", super().to_python(value))
        return value.strip() if self.strip else value  # a full-width space becomes a space


class PublicForm(forms.Form):
    """A form of the public pages: no colon after labels, and the error summary at the top."""

    error_summary_title = ""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id or "", label, message) for the summary at the top of the page, in the order
        of the fields; each links to its field (a radio group: its first button)."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            target = self[name].auto_id or ""
            if target and isinstance(field.widget, forms.RadioSelect):
                target = f"{target}_0"
            for message in self.errors.get(name, []):
                summary.append((target, field.label, message))
        return summary


def _messages(label: str, *, choice: bool = False) -> dict[str, str]:
    return {
        "required": (MSG_CHOOSE if choice else MSG_REQUIRED).format(label=label),
        "max_length": MSG_TOO_LONG.format(label=label),
        "invalid_choice": MSG_CHOOSE.format(label=label),
    }


def _text(
    label: str,
    max_length: int,
    *,
    required: bool = False,
    field_class: type[forms.CharField] = forms.CharField,
    **kwargs,
) -> forms.CharField:
    kwargs.setdefault("widget", forms.TextInput(attrs={"size": 40}))
    return field_class(
        label=label,
        max_length=max_length,
        required=required,
        error_messages=_messages(label),
        **kwargs,
    )


def _choice(label: str, choices, widget=forms.RadioSelect, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=widget,
        error_messages=_messages(label, choice=True),
        **kwargs,
    )


# The five organisation columns of report table 三, offered under 法人或其他组织.
ORGANISATION_CHOICES = [
    (t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON
]


class ApplicationForm(PublicForm):
    """政府信息公开申请表 (条例第二十九条): who applies, what they want, how they want it."""

    error_summary_title = MSG_SUMMARY_APPLY

    # 申请人信息 — 条例第二十九条第二款第（一）项：申请人的姓名或者名称、身份证明、联系方式
    applicant_type = _choice("申请人类型", ApplicantType.choices)
    applicant_name = _text("申请人姓名或名称", 200, required=True)
    id_type = _choice(
        "身份证明类型",
        [("", "请选择"), *IdType.choices],
        widget=forms.Select,
        help_text="自然人可选居民身份证、护照或通行证；法人或其他组织请选统一社会信用代码",
    )
    id_number = _text(
        "身份证明号码",
        40,
        required=True,
        help_text="居民身份证为18位，最后一位可能是 X；统一社会信用代码为18位",
        field_class=HalfWidthField,
        widget=forms.TextInput(attrs={"size": 24, "autocomplete": "off", "spellcheck": "false"}),
    )
    contact_person = _text(
        "联系人",
        100,
        help_text="法人或其他组织必填：负责本申请的联系人姓名",
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "name"}),
    )
    phone = _text(
        "联系电话",
        30,
        field_class=HalfWidthField,
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = _text(
        "电子邮箱",
        254,
        field_class=HalfWidthField,
        widget=forms.EmailInput(attrs={"size": 30, "autocomplete": "email"}),
    )
    address = _text(
        "通信地址",
        300,
        help_text="选择邮寄方式获取信息的，请填写能收到邮件的详细地址",
        widget=forms.TextInput(attrs={"size": 50, "autocomplete": "street-address"}),
    )
    postcode = _text(
        "邮政编码",
        POSTCODE_LENGTH,
        field_class=HalfWidthField,
        widget=forms.TextInput(
            attrs={"size": 8, "autocomplete": "postal-code", "inputmode": "numeric"}
        ),
    )

    # 所需政府信息 — 条例第二十九条第二款第（二）项
    description = _text(
        "所需政府信息的名称或内容描述",
        5000,
        required=True,
        help_text="请写明所需政府信息的名称、文号，或者便于行政机关查询的其他特征性描述"
        "（如制作机关、大致时间、涉及的事项或地点）",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 60}),
    )
    document_reference = _text(
        "文件名称、文号（如知道）",
        300,
        help_text="例如：甘政办发〔2022〕37号",
    )
    purpose = _text(
        "用途（选填）",
        2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )

    # 提供形式和获取方式 — 条例第二十九条第二款第（三）项、第四十条
    provision_form = _choice(
        "政府信息的提供形式", ProvisionForm.choices, initial=ProvisionForm.ELECTRONIC
    )
    delivery = _choice("获取信息的方式", Delivery.choices, initial=Delivery.ONLINE)
    fee_waiver_requested = forms.BooleanField(
        label="申请减免信息处理费",
        required=False,
        help_text="依申请提供政府信息，一般不收费；申请数量、频次明显超过合理范围的，"
        "行政机关可以收取信息处理费（条例第四十二条）。确有困难的，可在此申请减免",
    )

    consent = forms.BooleanField(
        label=CONSENT_TEXT, required=True, error_messages={"required": MSG_CONSENT}
    )
    # A field people never see (hidden by CSS and from assistive technology); robots fill it in.
    website = forms.CharField(
        label="请勿填写",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def organisation_label(self) -> str:
        return ORGANISATION_LABEL

    def applicant_type_options(self):
        """The radios of 申请人类型: 自然人 alone, then the five kinds of 法人或其他组织."""
        radios = list(self["applicant_type"])
        person = [r for r in radios if r.data["value"] == ApplicantType.NATURAL_PERSON]
        organisations = [r for r in radios if r.data["value"] != ApplicantType.NATURAL_PERSON]
        return person, organisations

    # The checks below accept nothing the model refuses (`phone_validator`, `postcode_validator`,
    # Django's e-mail check); they only say more precisely what is wrong.

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if wrong := next((c for c in phone if c not in PHONE_CHARACTERS), None):
            raise ValidationError(MSG_PHONE_CHARACTER.format(found=_shown(wrong)))
        digits = sum(c.isdigit() for c in phone)
        if phone and digits < PHONE_MIN_DIGITS:
            raise ValidationError(MSG_PHONE_TOO_SHORT.format(count=digits))
        return phone

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        for position, char in enumerate(postcode, start=1):
            if char not in "0123456789":
                raise ValidationError(
                    MSG_POSTCODE_CHARACTER.format(position=position, found=_shown(char))
                )
        if postcode and len(postcode) != POSTCODE_LENGTH:
            raise ValidationError(MSG_POSTCODE_LENGTH.format(count=len(postcode)))
        return postcode

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email and "@" not in email:
            raise ValidationError(MSG_EMAIL_NO_AT)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(MSG_EMAIL) from None
        return email

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(MSG_HONEYPOT)
        if data.get("id_type") in (IdType.RESIDENT_ID, IdType.CREDIT_CODE) and data.get(
            "id_number"
        ):
            # Spaces typed to group the digits are not part of the number.
            data["id_number"] = re.sub(r"\s+", "", data["id_number"])
        applicant_type = data.get("applicant_type")
        if applicant_type:
            for field, message in applicant_identity_errors(
                applicant_type,
                data.get("id_type", ""),
                data.get("id_number", ""),
                data.get("contact_person", ""),
            ).items():
                if field in self.fields and field not in self.errors:
                    self.add_error(field, message)
        contacts = ("phone", "email", "address")
        if not any(data.get(f) for f in contacts) and not any(f in self.errors for f in contacts):
            self.add_error("phone", MSG_CONTACT_REQUIRED)
        return data

    def service_data(self) -> dict:
        """The cleaned values under the keys `application_submit_online` expects."""
        return {name: self.cleaned_data[name] for name in APPLICANT_FIELDS}

    def add_service_errors(self, error: ValidationError) -> None:
        """The service's messages beside their fields; any without a field go to the top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


class TrackingForm(PublicForm):
    """查询: the case number and the query code, both required (条例 Art. 45 registration)."""

    error_summary_title = MSG_SUMMARY_TRACK

    case_number = HalfWidthField(
        label="申请编号",
        max_length=64,
        error_messages={"required": MSG_CASE_NUMBER, "max_length": MSG_TRACKING_FAILED},
        widget=forms.TextInput(attrs={"size": 30, "autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = HalfWidthField(
        label="查询码",
        max_length=32,
        error_messages={"required": MSG_QUERY_CODE, "max_length": MSG_TRACKING_FAILED},
        help_text="提交申请时页面上显示的10位查询码，不区分大小写",
        widget=forms.TextInput(
            attrs={
                "size": 16,
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )


class WithdrawForm(PublicForm):
    """撤回申请: the applicant confirms with the query code once more."""

    error_summary_title = MSG_SUMMARY_WITHDRAW

    query_code = HalfWidthField(
        label="查询码",
        max_length=32,
        error_messages={"required": MSG_QUERY_CODE, "max_length": MSG_TRACKING_FAILED},
        help_text="为确认是申请人本人操作，请再次输入查询码",
        widget=forms.TextInput(attrs={"size": 16, "autocomplete": "off", "spellcheck": "false"}),
    )
    reason = forms.CharField(
        label="撤回理由（选填）",
        max_length=200,
        required=False,
        error_messages={"max_length": MSG_REASON_TOO_LONG},
        widget=forms.TextInput(attrs={"size": 50}),
    )
