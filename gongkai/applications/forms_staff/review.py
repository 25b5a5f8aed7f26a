"""The forms of 审核 and 签发 (the step actions of `workflow/review.py`) and of a body's 签发
setting."""

from __future__ import annotations

from django import forms

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import Action

from .actions import ActionForm
from .fields import text_field

LAPSES = {DecisionCode.OTHER_NO_CORRECTION, DecisionCode.OTHER_FEE_UNPAID}


class ReviewApproveForm(ActionForm):
    action = Action.REVIEW_APPROVE
    on_label = "审核日期"


class ReviewReturnForm(ActionForm):
    action = Action.REVIEW_RETURN
    on_label = "退回日期"
    reason = text_field("退回理由", required=True, rows=3, help_text="将显示给承办人")


class SignOffForm(ActionForm):
    action = Action.SIGN_OFF
    on_label = "签发日期"


class SignOffReturnForm(ReviewReturnForm):
    action = Action.SIGN_OFF_RETURN


REVIEW_FORMS: dict[str, type[ActionForm]] = {
    form.action: form
    for form in (ReviewApproveForm, ReviewReturnForm, SignOffForm, SignOffReturnForm)
}


class SignOffSettingForm(forms.Form):
    """Which decisions of the body need 签发 after 审核."""

    sign_off_decisions = forms.MultipleChoiceField(
        label="须经政府信息公开工作机构负责人签发的办理结果",
        choices=[(c.value, c.label) for c in DecisionCode if c not in LAPSES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="未勾选的办理结果，审核通过后即可送达",
    )
