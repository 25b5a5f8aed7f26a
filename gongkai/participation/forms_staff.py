"""Forms of the staff screens for comments on consultations (意见征集; docs/participation.md,
"Staff screens"). Input only: every rule is checked by the workflow or service function the view
calls (`workflow.comment_*`, `services.consultation_feedback_publish`), whose Chinese messages the
form then shows. Each comment's forms have their own `auto_id` prefix, so that many can stand on
one page.
"""

from __future__ import annotations

from django import forms

from gongkai.documents.models import PolicyDocumentPage
from gongkai.participation.comment_workflow import public_text_of
from gongkai.participation.models import (
    WITHHELD_NOTICES,
    Comment,
    CommentAction,
    CommentChannel,
    ConsultationPage,
    WithheldReason,
)
from gongkai.participation.models.comments import DISPOSITION_CHOICES

WHOLE_DRAFT_LABEL = "对征求意见稿整体的意见"
OFFLINE_CHANNELS = [(c.value, c.label) for c in CommentChannel if c != CommentChannel.ONLINE]
PETITION_HELP = (
    "选择“属于信访事项”的，该意见不计入意见采纳情况；请告知意见人通过信访渠道反映诉求。"
    "公开页面显示：" + WITHHELD_NOTICES[WithheldReason.PETITION]
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _note() -> forms.CharField:
    return forms.CharField(
        label="处理说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="内部记录，不公开",
    )


class CommentActionForm(forms.Form):
    """One action on one comment; `workflow_arguments()` are the workflow function's keywords."""

    action: str = ""

    def __init__(self, data=None, *, comment: Comment, **kwargs):
        kwargs.setdefault("auto_id", f"c{comment.pk}-{self.action}-%s")
        super().__init__(data, **kwargs)
        self.comment = comment

    @property
    def title(self) -> str:
        return CommentAction(self.action).label

    @property
    def url_name(self) -> str:
        return f"moderation:{self.action}"

    def workflow_arguments(self) -> dict:
        return dict(self.cleaned_data)


class PublishForm(CommentActionForm):
    action = CommentAction.PUBLISH

    public_text = forms.CharField(
        label="公开的意见内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="公开时显示的内容，已隐去身份证号码、电话号码和电子邮箱（×××）；可删减，"
        "提交后仍会再次隐去个人信息。意见原文另行保存，不公开。",
    )
    note = _note()

    def __init__(self, data=None, *, comment: Comment, **kwargs):
        super().__init__(data, comment=comment, **kwargs)
        self.fields["public_text"].initial = public_text_of(comment)[0]

    def workflow_arguments(self) -> dict:
        # Sent as typed: an emptied text is refused by the workflow (MSG_PUBLIC_TEXT_EMPTY).
        return {"public_text": self.cleaned_data["public_text"], "note": self.cleaned_data["note"]}


class WithholdForm(CommentActionForm):
    action = CommentAction.WITHHOLD

    reason = forms.ChoiceField(
        label="不予公开的理由",
        choices=WithheldReason.choices,
        widget=forms.RadioSelect,
        required=False,  # the workflow refuses none (MSG_WITHHELD_REASON), in its own words
        help_text=PETITION_HELP,
    )
    note = _note()


class DisposeForm(CommentActionForm):
    action = CommentAction.DISPOSE

    disposition = forms.ChoiceField(
        label="采纳情况", choices=DISPOSITION_CHOICES, widget=forms.RadioSelect, required=False
    )
    reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="部分采纳、不予采纳的须说明理由；理由将在意见采纳情况中公开",
    )
    note = _note()

    def __init__(self, data=None, *, comment: Comment, **kwargs):
        super().__init__(data, comment=comment, **kwargs)
        if comment.disposition:
            self.fields["disposition"].initial = comment.disposition
            self.fields["reason"].initial = comment.disposition_reason


ACTION_FORMS: dict[str, type[CommentActionForm]] = {
    CommentAction.PUBLISH: PublishForm,
    CommentAction.WITHHOLD: WithholdForm,
    CommentAction.DISPOSE: DisposeForm,
}


class RegisterForm(forms.Form):
    """登记意见 received by e-mail, letter or fax (`workflow.comment_register`)."""

    channel = forms.ChoiceField(label="提交方式", choices=OFFLINE_CHANNELS)
    received_on = forms.DateField(
        label="收到日期",
        widget=DateInput,
        required=False,  # the workflow says what is missing (MSG_RECEIVED_ON_REQUIRED)
        help_text="信函以邮戳日期为准；须在征求意见期间内",
    )
    article = forms.ChoiceField(label="条文", required=False)
    text = forms.CharField(
        label="意见内容", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    name = forms.CharField(label="姓名或称呼", required=False, help_text="选填；公开时随意见显示")
    contact = forms.CharField(
        label="联系方式", required=False, help_text="电话号码或电子邮箱；仅供工作人员联系，不公开"
    )
    note = _note()

    def __init__(self, data=None, *, consultation: ConsultationPage, **kwargs):
        super().__init__(data, **kwargs)
        self.consultation = consultation
        articles = consultation.articles.order_by("withdrawn", "position")
        self.articles = {str(a.pk): a for a in articles}
        self.fields["article"].choices = [("", WHOLE_DRAFT_LABEL)] + [
            (str(a.pk), a.label + ("（已从征求意见稿中删除）" if a.withdrawn else ""))
            for a in articles
        ]

    def workflow_arguments(self) -> dict:
        d = self.cleaned_data
        return {
            "channel": d["channel"],
            "received_on": d["received_on"],
            "text": d["text"],
            "contact": d["contact"],
            "name": d["name"],
            "article": self.articles.get(d["article"] or ""),
            "note": d["note"],
        }


class FeedbackForm(forms.Form):
    """公布意见采纳情况 (`services.consultation_feedback_publish`): the final document, among the
    live policy documents of the consultation's body, and the summary."""

    final_document = forms.ModelChoiceField(
        label="正式发布的文件",
        queryset=PolicyDocumentPage.objects.none(),
        required=False,  # the service says so (MSG_FINAL_DOCUMENT_REQUIRED)
        empty_label="（请选择）",
        help_text="本机关已发布的文件；意见采纳情况与正式文件相互链接",
    )
    summary = forms.CharField(
        label="意见采纳情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="公开发布；不得含有身份证号码、电话号码等个人信息",
    )

    def __init__(self, data=None, *, documents, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["final_document"].queryset = documents
