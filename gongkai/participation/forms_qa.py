"""Forms of the policy Q&A (简明问答; docs/policy_qa.md): the staff's entry form with its bases,
the reviewer's note, and the public list's filters.

Input only: the rules are `qa_workflow`'s, whose Chinese messages the form then shows. A basis is
typed as staff cite a policy — its title, its 发文字号 or its page's address — and found by
`qa_selectors.document_for_basis`; what was typed is kept on an error.
"""

from __future__ import annotations

from django import forms

from gongkai.bodies.models import Body
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.topics import TAXONOMY, topic_choices
from gongkai.participation.qa_selectors import document_for_basis
from gongkai.participation.qa_workflow import (
    ANSWER_MAX_LENGTH,
    ARTICLE_MAX_LENGTH,
    QUESTION_MAX_LENGTH,
)

BASIS_ROWS = 5
MSG_CHOICE_UNKNOWN = "所选的项目不存在，请重新选择"
MSG_ARTICLE_WITHOUT_DOCUMENT = "填写了条款，请同时填写所依据的文件"


class QuestionForm(forms.Form):
    """新建问答 / 修改: the body (on creation, when the user acts for several), the question, the
    answer, the topic and up to five bases (a document and its article)."""

    body = forms.ChoiceField(
        label="所属机关", error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN}
    )
    question = forms.CharField(
        label="问题",
        max_length=QUESTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"以群众的口吻提问，不超过{QUESTION_MAX_LENGTH}字",
        required=False,
    )
    answer = forms.CharField(
        label="解答",
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="简明、准确，说明依据的条款；不得含有个人信息",
        required=False,
    )
    topic = forms.ChoiceField(
        label="主题分类",
        required=False,
        choices=[("", "（不分类）"), *topic_choices()],
        error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN},
    )

    def __init__(self, *args, bodies: list[Body] | None = None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].choices = [(b.code, b.name) for b in bodies]
            self.bodies = {b.code: b for b in bodies}
        for i in range(BASIS_ROWS):
            self.fields[f"document_{i}"] = forms.CharField(
                label=f"政策依据{i + 1}：文件",
                required=False,
                max_length=300,
                help_text="文件标题、发文字号或网址" if i == 0 else "",
            )
            self.fields[f"article_{i}"] = forms.CharField(
                label=f"政策依据{i + 1}：条款",
                required=False,
                max_length=ARTICLE_MAX_LENGTH,
                help_text="如：第三条；不填表示整个文件" if i == 0 else "",
            )
        self.bases: list[tuple[PolicyDocumentPage, str]] = []

    def basis_rows(self):
        return [(self[f"document_{i}"], self[f"article_{i}"]) for i in range(BASIS_ROWS)]

    def clean(self):
        data = super().clean()
        self.bases = []
        for i in range(BASIS_ROWS):
            typed = (data.get(f"document_{i}") or "").strip()
            article = (data.get(f"article_{i}") or "").strip()
            if not typed:
                if article:
                    self.add_error(f"document_{i}", MSG_ARTICLE_WITHOUT_DOCUMENT)
                continue
            try:
                self.bases.append((document_for_basis(typed), article))
            except LookupError as error:
                self.add_error(f"document_{i}", str(error))
        return data

    def chosen_body(self) -> Body | None:
        return self.bodies.get(self.cleaned_data.get("body", "")) if "body" in self.fields else None

    @staticmethod
    def initial_for(entry) -> dict:
        initial = {"question": entry.question, "answer": entry.answer, "topic": entry.topic}
        for i, basis in enumerate(entry.bases.select_related("document")[:BASIS_ROWS]):
            document = basis.document
            initial[f"document_{i}"] = document.doc_number or document.title
            initial[f"article_{i}"] = basis.article
        return initial


class ReviewNoteForm(forms.Form):
    """The reviewer's note: the reason to return or withdraw (required there, by the workflow)."""

    note = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )

    def __init__(self, *args, action: str, **kwargs):
        kwargs.setdefault("auto_id", f"qa-{action}-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class QuestionFilterForm(forms.Form):
    """The public list's filters (GET): the body (with its subordinates), the topic, a keyword."""

    body = forms.ChoiceField(
        label="机关", required=False, error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN}
    )
    topic = forms.ChoiceField(
        label="主题分类",
        required=False,
        choices=[("", "全部"), *((name, name) for name, _children in TAXONOMY)],
        error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN},
    )
    q = forms.CharField(label="关键词", required=False, max_length=50)

    def __init__(self, *args, bodies: list[Body], **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [("", "全部机关"), *((b.code, b.name) for b in bodies)]

    def valid_data(self) -> dict:
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
