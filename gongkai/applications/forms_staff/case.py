"""The workbench's other forms: registration of an application handed in, posted or faxed
(条例 Arts. 29, 31), remedies (report table 四) and typical cases."""

from __future__ import annotations

from typing import Any

from django import forms

from gongkai.applications.models import (
    RECEIPT_DATE_RULES,
    Application,
    Channel,
    LitigationRoute,
    RemedyKind,
    RemedyOutcome,
)
from gongkai.applications.services.intake import APPLICANT_FIELDS
from gongkai.bodies.models import Body

from .fields import date_field, note_field, text_field

# --- Registration (条例第二十九条、第三十一条) ---------------------------------------------------------


class RegisterForm(forms.Form):
    body = forms.ModelChoiceField(label="受理机关", queryset=Body.objects.none(), empty_label=None)
    channel = forms.ChoiceField(
        label="提交方式",
        choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE],
        initial=Channel.IN_PERSON,
    )
    received_on = date_field(
        "收到申请之日",
        help_text="；".join(
            f"{Channel(c).label}：{rule}"
            for c, rule in RECEIPT_DATE_RULES.items()
            if c != Channel.ONLINE
        )
        + "（条例第三十一条）。当面提交的可留空，即今天。",
    )
    note = note_field()

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        for name in APPLICANT_FIELDS:
            field = Application._meta.get_field(name).formfield()
            if name in ("description", "purpose"):
                field.widget = forms.Textarea(attrs={"rows": 3})
            self.fields[name] = field

    def applicant_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in APPLICANT_FIELDS}


# --- After the reply: remedies and the case library --------------------------------------------------


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(label="类型", choices=RemedyKind.choices, widget=forms.RadioSelect)
    litigation_route = forms.ChoiceField(
        label="起诉方式",
        choices=[("", "（行政复议不填）"), *LitigationRoute.choices],
        required=False,
    )
    filed_on = date_field("申请或起诉日期", required=True)
    outcome = forms.ChoiceField(
        label="结果", choices=RemedyOutcome.choices, initial=RemedyOutcome.PENDING
    )
    concluded_on = date_field("审结日期", help_text="尚未审结的不填")
    note = text_field("备注", rows=2)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "remedy-%s")
        super().__init__(*args, **kwargs)


class RemedyConcludeForm(forms.Form):
    outcome = forms.ChoiceField(
        label="结果",
        choices=[(v, label) for v, label in RemedyOutcome.choices if v != RemedyOutcome.PENDING],
    )
    concluded_on = date_field("审结日期", required=True)
    note = text_field("备注", rows=2)

    def __init__(self, *args, remedy_pk: int, **kwargs):
        kwargs.setdefault("auto_id", f"remedy{remedy_pk}-%s")
        super().__init__(*args, **kwargs)


class TypicalCaseForm(forms.Form):
    """A handler proposes a delivered case for the library (B6), with its anonymised letter."""

    title = text_field("标题", required=True)
    summary = text_field(
        "案情摘要", required=True, rows=4, help_text="不得出现申请人姓名、证件号码或联系方式"
    )
    reply_text = text_field("答复要点", required=True, rows=4)
    letter_text = text_field(
        "答复书（已去除个人信息）",
        required=True,
        rows=14,
        help_text="已按送达的答复书自动替换申请人的姓名（申请人某某）、证件号码、电话、地址和邮箱（×××），"
        "请核对后提交；本机关的公开联系电话可以保留",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "typical-%s")
        super().__init__(*args, **kwargs)


class TypicalApproveForm(forms.Form):
    """The office head's last reading of the anonymised letter before it is published."""

    letter_text = text_field("答复书（已去除个人信息）", required=True, rows=14)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "typical-approve-%s")
        super().__init__(*args, **kwargs)


class TypicalReturnForm(forms.Form):
    reason = text_field("退回理由", required=True, rows=2)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "typical-return-%s")
        super().__init__(*args, **kwargs)
