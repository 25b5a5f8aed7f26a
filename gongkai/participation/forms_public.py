"""The public comment form of a consultation (意见征集).

The field names are the keyword arguments of `workflow.comment_submit` (`text`, `contact`, `name`,
`article`), so the workflow's `ValidationError` for a field lands beside that field
(`CommentForm.add_workflow_errors`). The workflow is the authority on what is valid; the form checks
the same things first, so that the person sees every problem in one round and a throttle is only
counted for a submission that can be stored.

The layout follows the application form of 依申请公开 (applications/forms_public.py; the apps do not
import each other): no colon after labels, an error summary at the top (`error_summary`), messages
in Chinese that say what to do, a consent box and a field robots fill in.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError

from gongkai.participation import comment_workflow as workflow
from gongkai.participation.models import (
    ConsultationArticle,
    ConsultationPage,
    validate_contact,
)
from gongkai.participation.models.comments import CONTACT_MAX_LENGTH

MSG_SUMMARY = "提交未成功，请修改以下问题："
MSG_SUMMARY_THROTTLED = "意见未提交："
MSG_CONSENT = "请阅读说明并勾选，同意意见经审核后公开"
MSG_HONEYPOT = "提交未成功：请不要填写标有“请勿填写”的栏目"
MSG_TEXT_TOO_LONG = (
    workflow.MSG_TEXT_TOO_LONG.format(limit=workflow.TEXT_MAX_LENGTH)
    + "（您输入了%(show_value)d字）"
)
MSG_NAME_TOO_LONG = (
    workflow.MSG_NAME_TOO_LONG.format(limit=workflow.NAME_MAX_LENGTH)
    + "（您输入了%(show_value)d字）"
)

WHOLE_DRAFT_CHOICE = "对征求意见稿整体"
SNIPPET_LENGTH = 20  # characters of an article's text after its label, in the list of articles
CONSENT_TEXT = (
    "我知悉并同意：意见经审核后在本平台公开，公开时隐去身份证号码、电话号码和电子邮箱；"
    "所填姓名或称呼随意见公开，联系方式不予公开。"
)


def article_choice_label(article: ConsultationArticle) -> str:
    """ "第四条　本办法自2026年6月1日起施行。": the label and the first words of the text."""
    rest = article.text[len(article.label) :].strip(" 　\n")
    snippet = rest[:SNIPPET_LENGTH] + ("……" if len(rest) > SNIPPET_LENGTH else "")
    return f"{article.label}　{snippet}" if snippet else article.label


def commentable_articles(page: ConsultationPage) -> list[ConsultationArticle]:
    """The current (not withdrawn) articles of the draft that have a label, in order. A draft
    without any 第X条 has one unlabelled article (`art-full`): comment on the whole draft then."""
    return list(page.articles.filter(withdrawn=False).exclude(label="").order_by("position"))


class CommentForm(forms.Form):
    """提出意见: the article (or the whole draft), the comment, the name (optional) and the contact
    (required, never published)."""

    error_summary_title = MSG_SUMMARY

    article = forms.CharField(
        label="意见所针对的条文",
        required=False,
        widget=forms.Select,
        help_text="可以选择某一条提出意见，也可以对征求意见稿整体提出意见",
    )
    text = forms.CharField(
        label="意见内容",
        max_length=workflow.TEXT_MAX_LENGTH,
        error_messages={"required": workflow.MSG_TEXT_REQUIRED, "max_length": MSG_TEXT_TOO_LONG},
        help_text=f"请写明修改建议及理由，不超过{workflow.TEXT_MAX_LENGTH}字。"
        "请勿在意见内容中填写身份证号码、电话号码等个人信息",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
    )
    name = forms.CharField(
        label="姓名或称呼（选填）",
        required=False,
        max_length=workflow.NAME_MAX_LENGTH,
        error_messages={"max_length": MSG_NAME_TOO_LONG},
        help_text="可以填写单位名称；不填写的，公开时显示为“匿名”",
        widget=forms.TextInput(attrs={"size": 20, "autocomplete": "name"}),
    )
    contact = forms.CharField(
        label="联系方式",
        max_length=CONTACT_MAX_LENGTH,
        error_messages={
            "required": workflow.MSG_CONTACT_REQUIRED,
            "max_length": workflow.MSG_CONTACT_REQUIRED,
        },
        help_text="手机号码、固定电话或电子邮箱。仅供工作人员联系，不予公开",
        widget=forms.TextInput(attrs={"size": 30, "spellcheck": "false"}),
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

    def __init__(self, *args, consultation: ConsultationPage, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.articles = commentable_articles(consultation)
        self.fields["article"].widget.choices = [
            ("", WHOLE_DRAFT_CHOICE),
            *((str(a.pk), article_choice_label(a)) for a in self.articles),
        ]

    def initial_article(self, anchor: str) -> None:
        """Preselect the article with this anchor (`?article=art-4`); an unknown one is ignored."""
        chosen = next((a for a in self.articles if a.anchor == anchor), None)
        if chosen is not None:
            self.initial["article"] = str(chosen.pk)

    def clean_article(self) -> ConsultationArticle | None:
        value = self.cleaned_data["article"]
        if not value:
            return None
        chosen = next((a for a in self.articles if str(a.pk) == value), None)
        if chosen is not None:
            return chosen
        # Withdrawn since the form was shown, or not of this consultation at all.
        if value.isdigit() and self.consultation.articles.filter(pk=value, withdrawn=True).exists():
            raise ValidationError(workflow.MSG_ARTICLE_WITHDRAWN)
        raise ValidationError(workflow.MSG_ARTICLE_OTHER)

    def clean_contact(self) -> str:
        # Digits and @ typed with a Chinese input method (１３９, ＠) are read as the ordinary ones.
        contact = unicodedata.normalize("NFKC", self.cleaned_data["contact"]).strip()
        validate_contact(contact)
        return contact

    def clean(self):
        data = super().clean()
        if data.get("website"):
            raise ValidationError(MSG_HONEYPOT)
        return data

    def submit_data(self) -> dict:
        """The keyword arguments of `workflow.comment_submit`."""
        return {name: self.cleaned_data[name] for name in ("text", "contact", "name", "article")}

    def add_workflow_errors(self, error: ValidationError) -> None:
        """The workflow's messages beside their fields; any without a field go to the top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id or "", label, message) for the summary at the top, in the order of the
        fields; each links to its field (applications/public/_error_summary.html)."""
        summary = [("", "", message) for message in self.non_field_errors()]
        for name, field in self.fields.items():
            for message in self.errors.get(name, []):
                summary.append((self[name].auto_id or "", field.label, message))
        return summary
