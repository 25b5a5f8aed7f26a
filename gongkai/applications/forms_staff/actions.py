"""The form of each step action of the workflow table (`ACTION_FORMS`): the step's own fields,
its legal date, the letter's values, an internal note. Field names are the keyword arguments of
the action's workflow function (`ActionForm.workflow_arguments`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model

from gongkai.applications import deadlines
from gongkai.applications.decisions import DECISION_ROWS, DecisionCode, DecisionGroup
from gongkai.applications.models import (
    Action,
    Application,
    FeeMethod,
    NoticeKind,
    Opinion,
    OpinionKind,
    OpinionReply,
)
from gongkai.applications.notice_issue.values import (
    REPLY_STAFF_KEYS,
    staff_keys,
    staff_required_keys,
)
from gongkai.applications.notices import KEY_LABELS
from gongkai.bodies.models import Body, BodyMembership

from .fields import NoticeFieldsMixin, date_field, note_field, notice_values, text_field

MSG_NOTICE_KEY_REQUIRED = "{decision}的答复书必须写明“{label}”"
MSG_WHERE_REQUIRED = "已主动公开的，应告知获取该政府信息的方式、途径（条例第三十六条第（一）项）"


# --- Step actions -------------------------------------------------------------------------------------


class ActionForm(forms.Form):
    """The legal date of the step (default today) and an internal note."""

    on_label = "办理日期"

    def __init__(self, *args, app: Application, user, **kwargs):
        kwargs.setdefault("auto_id", f"{self.action}-%s")
        super().__init__(*args, **kwargs)
        self.app, self.user = app, user
        if isinstance(self, NoticeFieldsMixin):
            self.add_notice_fields()
        self.fields["on"].label = self.on_label
        # The step's own fields, its date, what goes into the letter, the internal note.
        letter = [n for n, f in self.fields.items() if getattr(f, "notice", False)]
        own = [n for n in self.fields if n not in ("on", "note", *letter)]
        self.order_fields([*own, "on", *letter, "note"])

    on = date_field("办理日期", help_text="留空为今天")
    note = note_field()

    def workflow_arguments(self) -> dict[str, Any]:
        """The keyword arguments of the action's workflow function: the step's fields, and the
        letter's values (`notice_values`) as `letter`, which the event keeps for the letter."""
        arguments = {
            name: value
            for name, value in self.cleaned_data.items()
            if not getattr(self.fields[name], "notice", False)
        }
        if isinstance(self, NoticeFieldsMixin):
            arguments["letter"] = self.notice_values()
        return arguments

    @property
    def url_name(self) -> str:
        return f"workbench:{self.action}"

    @property
    def title(self) -> str:
        return Action(self.action).label


class AcceptForm(ActionForm):
    action = Action.ACCEPT
    handler = forms.ModelChoiceField(
        label="承办人", queryset=get_user_model().objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(
            pk__in=BodyMembership.objects.filter(body=self.app.body).values("user")
        )
        self.fields["handler"].queryset = users.order_by("username")
        self.fields["handler"].empty_label = "本人"


class ClarificationForm(NoticeFieldsMixin, ActionForm):
    action = Action.REQUEST_CLARIFICATION
    on_label = "发出补正告知之日"
    notice_kind = NoticeKind.CLARIFICATION
    notice_keys = ("guidance", "submit_to")
    items = text_field(
        "需要补正的事项",
        required=True,
        rows=4,
        help_text="每行一项，一次性列出全部需要补正的事项（条例第三十条）",
    )
    correction_days = forms.IntegerField(
        label="补正期限（工作日）",
        min_value=1,
        max_value=60,
        initial=deadlines.DEFAULT_CORRECTION_DAYS,
        help_text="自告知之日起计算的合理补正期限",
    )


class CorrectionForm(ActionForm):
    action = Action.RECEIVE_CORRECTION
    on_label = "收到补正申请之日"
    description = text_field(
        "补正后的申请内容", rows=3, help_text="留空则保留原申请内容；答复期限自收到之日起重新计算"
    )


class SimpleStepForm(ActionForm):
    """A step with only its date and a note: lapses, payment, delivery, archiving."""


class ClarificationLapseForm(SimpleStepForm):
    action = Action.CLARIFICATION_LAPSE
    on_label = "确认逾期未补正之日"


class PaymentForm(SimpleStepForm):
    action = Action.RECORD_PAYMENT
    on_label = "缴费之日"


class FeeLapseForm(SimpleStepForm):
    action = Action.FEE_LAPSE
    on_label = "确认逾期未缴费之日"


class DeliverForm(SimpleStepForm):
    action = Action.DELIVER_REPLY
    on_label = "送达之日"


class ArchiveForm(SimpleStepForm):
    action = Action.ARCHIVE
    on_label = "归档日期"


class ConsultForm(NoticeFieldsMixin, ActionForm):
    action = Action.CONSULT
    on_label = "发出征求意见书之日"
    notice_keys = ("third_party_interest", "consultation_reason")
    kind = forms.ChoiceField(
        label="征求意见类型",
        choices=OpinionKind.choices,
        widget=forms.RadioSelect,
        help_text="第三方：条例第三十二条；其他机关（共同制作）：条例第三十四条。均为15个工作日",
    )
    addressee = text_field("被征求意见方", required=True)
    addressee_contact = text_field("联系方式")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["third_party_interest"].help_text = "征求第三方意见时填写"
        self.fields["consultation_reason"].help_text = "征求其他机关意见时填写"

    def notice_values(self) -> dict[str, Any]:
        key = (
            "third_party_interest"
            if self.cleaned_data.get("kind") == OpinionKind.THIRD_PARTY
            else "consultation_reason"
        )
        return notice_values(self.cleaned_data, (key,))


class OpinionForm(ActionForm):
    action = Action.RECORD_OPINION
    on_label = "收到意见之日"
    opinion = forms.ModelChoiceField(label="征求意见", queryset=Opinion.objects.none())
    reply = forms.ChoiceField(
        label="意见",
        choices=OpinionReply.choices,
        widget=forms.RadioSelect,
        help_text="逾期未提出意见：第三方的由本机关决定（条例第三十二条），"
        "其他机关的视为同意公开（条例第三十四条）；15个工作日届满后才能记录",
    )
    summary = text_field("意见摘要", rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opinion"].queryset = self.app.opinions.filter(closed_on__isnull=True)


class FeeForm(NoticeFieldsMixin, ActionForm):
    action = Action.ISSUE_FEE_NOTICE
    on_label = "发出收费通知之日"
    notice_keys = ("fee_reason", "payment_method")
    method = forms.ChoiceField(
        label="计收方式",
        choices=FeeMethod.choices,
        widget=forms.RadioSelect,
        help_text="同一申请只能选择一种（国办函〔2020〕109号第三条）",
    )
    units = forms.IntegerField(
        label="计费数量",
        min_value=1,
        help_text="按件计收：本申请的件数（第四条）；按量计收：页数（第五条）",
    )
    earlier_items = forms.IntegerField(
        label="本月此前已申请件数",
        min_value=0,
        required=False,
        help_text="按件计收时适用；留空则按同一申请人本月在本机关的申请自动统计",
    )
    pay_days = forms.IntegerField(
        label="缴费期限（工作日）",
        min_value=1,
        max_value=60,
        initial=deadlines.DEFAULT_FEE_PAYMENT_DAYS,
    )


class ExtendForm(ActionForm):
    action = Action.EXTEND
    on_label = "批准延期之日"
    days = forms.IntegerField(
        label="延长的工作日数",
        min_value=1,
        max_value=deadlines.MAX_EXTENSION_DAYS,
        help_text="最长20个工作日，只能延长一次（条例第三十三条第二款）",
    )
    reason = text_field("延期理由", required=True, rows=2, help_text="将写入延期答复告知书")


def decision_choices() -> list:
    """The decisions a handler may choose, grouped as the annual report's result rows; the two
    lapses are recorded by their own actions."""
    lapses = {DecisionCode.OTHER_NO_CORRECTION, DecisionCode.OTHER_FEE_UNPAID}
    groups: list = [("", "请选择办理结果")]
    for group in DecisionGroup:
        rows = [(r.code.value, r.code.label) for r in DECISION_ROWS if r.group == group]
        rows = [(code, label) for code, label in rows if code not in lapses]
        groups.append((group.label.split("（区分")[0], rows))
    return groups


class DecideForm(NoticeFieldsMixin, ActionForm):
    action = Action.DECIDE
    on_label = "拟定日期"
    notice_kind = NoticeKind.REPLY
    notice_keys = REPLY_STAFF_KEYS
    decision = forms.ChoiceField(label="办理结果", choices=decision_choices)
    reasons = text_field(
        "决定理由",
        rows=4,
        help_text="除予以公开外均须说明理由（条例第三十六条）；部分公开的，写明不予公开部分的理由"
        "（条例第三十七条）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key in self.notice_keys:
            self.fields[key].help_text = _reply_key_help(key)

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if not decision:
            return cleaned
        label = DecisionCode(decision).label
        for key in staff_required_keys(NoticeKind.REPLY, decision):
            if not cleaned.get(key):
                self.add_error(
                    key, MSG_NOTICE_KEY_REQUIRED.format(decision=label, label=KEY_LABELS[key])
                )
        if (
            decision == DecisionCode.DISCLOSED
            and cleaned.get("already_public")
            and not cleaned.get("where_to_obtain")
        ):
            self.add_error("where_to_obtain", MSG_WHERE_REQUIRED)
        return cleaned

    def notice_values(self) -> dict[str, Any]:
        keys = staff_keys(NoticeKind.REPLY, self.cleaned_data["decision"])
        return notice_values(self.cleaned_data, [k for k in keys if k in self.fields])


def _reply_key_help(key: str) -> str:
    """Which decisions' replies use the value."""
    from gongkai.applications.notices.context import reply_keys

    codes = [c for c in DecisionCode if key in reply_keys(c).names]
    return "用于：" + "、".join(DecisionCode(c).label for c in codes)


class OnTheSpotForm(DecideForm):
    action = Action.REPLY_ON_THE_SPOT

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["on"]  # 当场答复 is today (条例第三十三条第一款)


class TransferForm(ActionForm):
    action = Action.TRANSFER
    on_label = "转送之日"
    to_body = forms.ModelChoiceField(
        label="转送至", queryset=Body.objects.none(), help_text="平台上负责公开该信息的机关"
    )
    reasons = text_field(
        "转送理由",
        required=True,
        rows=2,
        help_text="将作为“本机关不掌握相关政府信息”的答复理由告知申请人（条例第三十六条第（五）项）",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_body"].queryset = Body.objects.exclude(pk=self.app.body_id).order_by("path")


class WithdrawForm(ActionForm):
    action = Action.WITHDRAW
    on_label = "撤回之日"
    reason = text_field(
        "申请人提出撤回的方式和时间",
        required=True,
        rows=2,
        help_text="例如：申请人于某日来电要求撤回",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["note"]


ACTION_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (
        AcceptForm,
        ClarificationForm,
        CorrectionForm,
        ClarificationLapseForm,
        ConsultForm,
        OpinionForm,
        FeeForm,
        PaymentForm,
        FeeLapseForm,
        ExtendForm,
        DecideForm,
        OnTheSpotForm,
        DeliverForm,
        ArchiveForm,
        TransferForm,
        WithdrawForm,
    )
}
