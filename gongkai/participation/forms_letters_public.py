"""Forms of the mailbox's public pages (领导信箱): the letter, tracking, the writer's rating and
follow-up, and the filters of the published letters and the statistics.

The field names of `LetterForm` are the keyword arguments of `letter_workflow.letter_submit`, so
the workflow's `ValidationError` for a field lands beside that field (`add_workflow_errors`). The
workflow is the authority on what is valid; the form checks the same things first, so that the
writer sees every problem in one round and a throttle is only counted for a letter that can be
stored. The layout follows the comment form (forms_public.py): no colon after labels, an error
summary at the top, messages in Chinese that say what to do, a field robots fill in.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from gongkai.core.dates import today as local_today
from gongkai.participation import letter_workflow as flow
from gongkai.participation.models import Satisfaction, validate_contact
from gongkai.participation.models.letters import CATEGORY_CHOICES, MAILBOX_CHOICES

MSG_SUMMARY = "提交未成功，请修改以下问题："
MSG_SUMMARY_THROTTLED = "来信未提交："
MSG_SUMMARY_TRACK = "查询未成功，请修改以下问题："
MSG_SUMMARY_RECOVER = "补发未成功，请修改以下问题："
MSG_RECOVER_CONTACT = "请填写写信时留下的电子邮箱或手机号码"
MSG_SUMMARY_RATE = "评价未提交，请修改以下问题："
MSG_SUMMARY_FOLLOW_UP = "追问未提交，请修改以下问题："
MSG_HONEYPOT = "提交未成功：请不要填写标有“请勿填写”的栏目"
MSG_TOO_LONG = "{label}不能超过%(limit_value)d字（您输入了%(show_value)d字），请精简后提交"
MSG_NUMBER_REQUIRED = "请填写信件编号：提交来信后页面上显示过，以XJ开头"
MSG_CODE_REQUIRED = "请填写查询码：提交来信后页面上显示的10位字母和数字"
# The same for an unknown number and a wrong code.
MSG_TRACKING_FAILED = "信件编号或查询码不正确，请对照提交来信时记下的编号和查询码逐位核对后重新输入"
MSG_NOTE_TOO_LONG = "评价意见不能超过%(limit_value)d字（您输入了%(show_value)d字）"
MSG_BODY_UNKNOWN = "没有这个机关，请从列表中选择"
MSG_CHOICE_UNKNOWN = "请从列表中选择"
MSG_MONTH_WITHOUT_YEAR = "选择月份时，请同时选择年度"

ADDRESS_MAX_LENGTH = 200
NAME_MAX_LENGTH = 50
PHONE_MAX_LENGTH = 30
NOTE_MAX_LENGTH = 1000
CONSENT_TEXT = "同意公开：答复后，来信和答复可以在本平台公开"
CONSENT_HELP = (
    "公开时隐去您的联系电话、电子邮箱、通信地址和身份证号码等个人信息，姓名只显示第一个字（如“张××”）；"
    "不同意的，来信和答复不公开，不影响办理。"
)
MONTH_CHOICES = [("", "全部月份"), *((str(m), f"{m}月") for m in range(1, 13))]


def _half_width(value: str) -> str:
    """Digits, letters and @ typed with a Chinese input method (１３９, ＠) as the ordinary ones."""
    return unicodedata.normalize("NFKC", value or "").strip()


class PublicForm(forms.Form):
    """No colon after labels; the error summary at the top (applications/public/_error_summary.html)."""

    error_summary_title = MSG_SUMMARY

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id or "", label, message), in the order of the fields; each links to its field
        (a radio group: its first button)."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            target = self[name].auto_id or ""
            if target and isinstance(field.widget, forms.RadioSelect):
                target = f"{target}_0"
            for message in self.errors.get(name, []):
                summary.append((target, field.label, message))
        return summary

    def add_workflow_errors(self, error: ValidationError) -> None:
        """The workflow's messages beside their fields; any without a field go to the top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)


def _text(label: str, max_length: int, required_message: str = "", **options) -> forms.CharField:
    messages = {"max_length": MSG_TOO_LONG.format(label=label)}
    if required_message:
        messages["required"] = required_message
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=bool(required_message),
        error_messages=messages,
        **options,
    )


class LetterForm(PublicForm):
    """写信: the mailbox, the category, the title and the text, who writes and how to reach them,
    the consent to publication, and a field robots fill in."""

    mailbox = forms.ChoiceField(
        label="信箱",
        choices=MAILBOX_CHOICES,
        initial=MAILBOX_CHOICES[0][0],
        widget=forms.RadioSelect,
        error_messages={
            "required": flow.MSG_MAILBOX_INVALID,
            "invalid_choice": flow.MSG_MAILBOX_INVALID,
        },
        help_text="写给机关负责人的，选择领导信箱；写给机关业务部门的，选择部门信箱",
    )
    category = forms.ChoiceField(
        label="来信类别",
        choices=CATEGORY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": flow.MSG_CATEGORY_INVALID,
            "invalid_choice": flow.MSG_CATEGORY_INVALID,
        },
    )
    subject = _text(
        "标题",
        flow.SUBJECT_MAX_LENGTH,
        flow.MSG_SUBJECT_REQUIRED,
        help_text=f"用一句话概括您反映的事项，不超过{flow.SUBJECT_MAX_LENGTH}字",
        widget=forms.TextInput(attrs={"size": 40}),
    )
    text = _text(
        "来信内容",
        flow.TEXT_MAX_LENGTH,
        flow.MSG_TEXT_REQUIRED,
        help_text=f"请写明事项的时间、地点、经过和您的诉求，不超过{flow.TEXT_MAX_LENGTH}字",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 60}),
    )
    name = _text(
        "姓名",
        NAME_MAX_LENGTH,
        flow.MSG_NAME_REQUIRED,
        help_text="不予公开",
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "name"}),
    )
    phone = _text(
        "联系电话",
        PHONE_MAX_LENGTH,
        flow.MSG_PHONE_INVALID,
        help_text="手机号码或带区号的固定电话，供工作人员联系您，不予公开",
        widget=forms.TextInput(
            attrs={"size": 20, "autocomplete": "tel", "inputmode": "tel", "spellcheck": "false"}
        ),
    )
    email = _text(
        "电子邮箱（选填）",
        254,
        help_text="不予公开",
        widget=forms.TextInput(
            attrs={"size": 30, "autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
    )
    address = _text(
        "通信地址（选填）",
        ADDRESS_MAX_LENGTH,
        help_text="不予公开",
        widget=forms.TextInput(attrs={"size": 40, "autocomplete": "street-address"}),
    )
    consent_to_publish = forms.BooleanField(
        label=CONSENT_TEXT, required=False, help_text=CONSENT_HELP
    )
    # A field people never see (hidden by CSS and from assistive technology); robots fill it in.
    website = forms.CharField(
        label="请勿填写",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_phone(self) -> str:
        phone = _half_width(self.cleaned_data["phone"])
        try:
            if "@" in phone:
                raise ValidationError(flow.MSG_PHONE_INVALID)
            validate_contact(phone)
        except ValidationError:
            raise ValidationError(flow.MSG_PHONE_INVALID) from None
        return phone

    def clean_email(self) -> str:
        email = _half_width(self.cleaned_data["email"])
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(flow.MSG_EMAIL_INVALID) from None
        return email

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(MSG_HONEYPOT)
        return data

    def submit_data(self) -> dict:
        """The keyword arguments of `letter_workflow.letter_submit` (after the body)."""
        names = ("mailbox", "category", "subject", "text", "name", "phone", "email", "address")
        data = {name: self.cleaned_data[name] for name in names}
        data["consent_to_publish"] = bool(self.cleaned_data.get("consent_to_publish"))
        return data


class LetterTrackingForm(PublicForm):
    """查询来信: the letter number and the query code (POST only: never in a URL)."""

    error_summary_title = MSG_SUMMARY_TRACK

    number = forms.CharField(
        label="信件编号",
        max_length=32,
        error_messages={"required": MSG_NUMBER_REQUIRED, "max_length": MSG_TRACKING_FAILED},
        help_text="提交来信后页面上显示的编号，如 XJ2026000001",
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "off", "spellcheck": "false"}),
    )
    query_code = forms.CharField(
        label="查询码",
        max_length=32,
        error_messages={"required": MSG_CODE_REQUIRED, "max_length": MSG_TRACKING_FAILED},
        help_text="提交来信后页面上显示的10位查询码，不区分大小写",
        widget=forms.TextInput(
            attrs={
                "size": 16,
                "autocomplete": "off",
                "spellcheck": "false",
                "autocapitalize": "characters",
            }
        ),
    )

    def clean_number(self) -> str:
        return "".join(_half_width(self.cleaned_data["number"]).split()).upper()

    def clean_query_code(self) -> str:
        return _half_width(self.cleaned_data["query_code"])


class CodeRecoveryForm(PublicForm):
    """补发查询码: the letter number and the contact on file (e-mail or mobile)."""

    error_summary_title = MSG_SUMMARY_RECOVER

    number = forms.CharField(
        label="信件编号",
        max_length=32,
        error_messages={"required": MSG_NUMBER_REQUIRED},
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "off", "spellcheck": "false"}),
    )
    contact = forms.CharField(
        label="写信时填写的电子邮箱或手机号码",
        max_length=254,
        error_messages={"required": MSG_RECOVER_CONTACT},
        help_text="新的查询码只发送到写信时留下的这一联系方式，不在页面上显示",
        widget=forms.TextInput(attrs={"size": 30, "autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        return "".join(_half_width(self.cleaned_data["number"]).split()).upper()

    def clean_contact(self) -> str:
        return _half_width(self.cleaned_data["contact"]).strip()


class RatingForm(PublicForm):
    """评价: 满意 / 基本满意 / 不满意, once, with an optional comment."""

    error_summary_title = MSG_SUMMARY_RATE

    satisfaction = forms.ChoiceField(
        label="您对答复的评价",
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": flow.MSG_RATING_INVALID,
            "invalid_choice": flow.MSG_RATING_INVALID,
        },
    )
    note = forms.CharField(
        label="评价意见（选填）",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        error_messages={"max_length": MSG_NOTE_TOO_LONG},
        help_text="供办理机关改进工作参考，不予公开",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class FollowUpForm(PublicForm):
    """追问, once: what the answer left open."""

    error_summary_title = MSG_SUMMARY_FOLLOW_UP

    text = _text(
        "追问内容",
        flow.TEXT_MAX_LENGTH,
        flow.MSG_FOLLOW_UP_REQUIRED,
        help_text="对答复还有疑问的，可以追问一次；追问后，办理机关将重新计算答复时限并再次答复",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )


def _year_choices(years: list[int]) -> list[tuple[str, str]]:
    shown = sorted({*years, local_today().year}, reverse=True)
    return [("", "全部年度"), *((str(y), f"{y}年") for y in shown)]


class PeriodForm(forms.Form):
    """年度 and 月份 (GET): a month only counts with its year."""

    year = forms.TypedChoiceField(
        label="年度",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN},
    )
    month = forms.TypedChoiceField(
        label="月份",
        required=False,
        coerce=int,
        empty_value=None,
        choices=MONTH_CHOICES,
        error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN},
    )

    def __init__(self, *args, years: list[int], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = _year_choices(years)

    def clean(self):
        data = super().clean()
        if data.get("month") and not data.get("year"):
            self.add_error("month", MSG_MONTH_WITHOUT_YEAR)
        return data

    def valid_data(self) -> dict:
        """The values that were readable (an unreadable one is left out, and shown as an error)."""
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class PublishedFilterForm(PeriodForm):
    """The filters of the published letters: the body, the category, the year and the month."""

    body = forms.ChoiceField(
        label="办理机关", required=False, error_messages={"invalid_choice": MSG_BODY_UNKNOWN}
    )
    category = forms.ChoiceField(
        label="来信类别",
        required=False,
        choices=[("", "全部类别"), *CATEGORY_CHOICES],
        error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN},
    )
    field_order = ["body", "category", "year", "month"]

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "全部机关"), *((b.code, b.name) for b in bodies)]
