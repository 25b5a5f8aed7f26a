"""The consultation editor's form: the kinds of document as check boxes, the comment period checked
against the minimum of each kind (periods.check_period, regulations.md §7.2), the draft split into
its articles, and the personal-data check of every public page.

A problem of the period is an error on its field: the dates must meet the minimum, or a shorter
period must state its reason (shown to the public). What is worth knowing but does not block the
save — a shortened period with its reason, a provisional calendar date, a draft whose articles are
numbered out of sequence — reaches the editor as a message after saving
(`consultation_editor_messages`, hooks `after_create_page` / `after_edit_page`).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from wagtail.admin.forms import WagtailAdminPageForm

from gongkai.bodies.personal_data_forms import PersonalDataFormMixin
from gongkai.documents.attachments import (
    AttachmentKind,
    AttachmentRejected,
    check_attachment,
    extract_text,
)
from gongkai.participation.articles import split_articles
from gongkai.participation.periods import KIND_LABELS, NO_KIND, ConsultationKind, check_period
from gongkai.workdays.selectors import calendar_current

MSG_ARTICLES_FOUND = "征求意见稿已拆分为{count}条条文，发布后公众可逐条提出意见。"
MSG_DOCX_ONLY = "请上传DOCX格式的Word文件（.docx）；其他格式请复制文字后粘贴到“征求意见稿”"
MSG_DOCX_EMPTY = "没有从上传的Word文件中读出文字，请检查文件，或复制文字后粘贴到“征求意见稿”"
MSG_DOCX_IMPORTED = "已从Word文件“{name}”导入征求意见稿。"
DOCX_MAX_BYTES = 20 * 1024 * 1024
MSG_ARTICLE_PROBLEM = "征求意见稿：{problem}"

_MESSAGES = "_consultation_editor_messages"

KIND_CHOICES = [(kind.value, KIND_LABELS[kind]) for kind in ConsultationKind]


def kinds_split(value: str | list[str] | None) -> list[str]:
    """The kinds stored as "rule,normative" (or a list), in the order of `ConsultationKind`."""
    given = value.split(",") if isinstance(value, str) else list(value or [])
    wanted = {v.strip() for v in given if v and v.strip()}
    return [kind.value for kind in ConsultationKind if kind.value in wanted]


class KindsField(forms.MultipleChoiceField):
    """Check boxes over `ConsultationKind`, kept in the model as one comma-separated value."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        kwargs.setdefault("choices", KIND_CHOICES)
        kwargs.setdefault("label", "文件类型")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return kinds_split(value)

    def clean(self, value) -> str:
        return ",".join(kinds_split(super().clean(value)))

    def has_changed(self, initial, data) -> bool:
        return kinds_split(initial) != kinds_split(data)


class ConsultationPageForm(PersonalDataFormMixin, WagtailAdminPageForm):
    kinds = KindsField(
        help_text="可多选；征求意见期限须符合所选各类文件的最低期限",
        error_messages={"required": NO_KIND},
    )
    draft_docx = forms.FileField(
        label="从Word文件导入征求意见稿",
        required=False,
        help_text="上传DOCX格式的征求意见稿：保存时，其文字替换下方“征求意见稿”中的内容，并拆分为条文",
    )

    # The consultation's own channels are public contact details, never personal data.
    public_contact_fields = ("email", "fax")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("drafting_body")
        if field is not None and not self.instance.pk and not self.initial.get("drafting_body"):
            body = self._page_body()
            if body is not None:
                self.initial["drafting_body"] = body.name

    def clean(self):
        cleaned = super().clean()
        notes: list[tuple[int, str]] = []
        self._import_docx(cleaned, notes)
        self._check_period(cleaned, notes)
        self._check_articles(cleaned, notes)
        setattr(self.instance, _MESSAGES, notes)
        return cleaned

    def _check_period(self, cleaned, notes: list[tuple[int, str]]) -> None:
        names = ("kinds", "opens_on", "closes_on", "shortened_reason")
        if any(self.has_error(name) for name in names):
            return
        kinds = kinds_split(cleaned.get("kinds"))
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if not kinds or opens_on is None or closes_on is None:
            return  # a draft saved half-written; the fields are required when it goes further
        check = check_period(
            kinds, opens_on, closes_on, cleaned.get("shortened_reason") or "", calendar_current()
        )
        for problem in check.problems:
            self.add_error("kinds" if problem == NO_KIND else "closes_on", problem)
        notes.extend((messages.WARNING, notice) for notice in check.notices)

    def _import_docx(self, cleaned, notes: list[tuple[int, str]]) -> None:
        """The uploaded DOCX, checked by its content (documents/attachments.py), becomes the
        draft text; the file itself is not kept (the draft's text is what is published)."""
        upload = cleaned.get("draft_docx")
        if not upload:
            return
        data = upload.read()
        try:
            kind = check_attachment(upload.name, data, max_bytes=DOCX_MAX_BYTES)
        except AttachmentRejected as rejected:
            self.add_error("draft_docx", rejected.message)
            return
        if kind is not AttachmentKind.DOCX:
            self.add_error("draft_docx", MSG_DOCX_ONLY)
            return
        text = extract_text(data, AttachmentKind.DOCX)
        if not text.strip():
            self.add_error("draft_docx", MSG_DOCX_EMPTY)
            return
        cleaned["draft_text"] = text
        self.errors.pop("draft_text", None)
        notes.append((messages.INFO, MSG_DOCX_IMPORTED.format(name=upload.name)))

    def _check_articles(self, cleaned, notes: list[tuple[int, str]]) -> None:
        if self.has_error("draft_text") or "draft_text" not in cleaned:
            return
        draft = split_articles(cleaned.get("draft_text") or "")
        if not draft.articles:  # only an empty text has none
            if not self.is_deferred_validation:
                self.add_error("draft_text", draft.problems[0])
            return
        notes.extend(
            (messages.WARNING, MSG_ARTICLE_PROBLEM.format(problem=p)) for p in draft.problems
        )
        if draft.articles[0].anchor != "art-full":
            notes.append((messages.INFO, MSG_ARTICLES_FOUND.format(count=len(draft.articles))))


def consultation_editor_messages(request, page) -> None:
    """Hook: what the editor should know about the consultation just saved."""
    for level, text in getattr(page, _MESSAGES, ()):
        messages.add_message(request, level, text)
