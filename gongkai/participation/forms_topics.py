"""Forms of the hot topics (热点回应; docs/mailbox.md "Hot topics"): the staff's topic form. Input
only: the rules are `topic_workflow`'s, whose Chinese messages the form shows."""

from __future__ import annotations

import re

from django import forms

from gongkai.bodies.models import Body
from gongkai.participation.models import PolicyQuestion
from gongkai.participation.qa_search import question_title
from gongkai.participation.topic_workflow import TITLE_MAX_LENGTH

MSG_CHOICE_UNKNOWN = "所选的项目不存在，请重新选择"


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PolicyQuestion) -> str:
        return question_title(obj.question)


class TopicForm(forms.Form):
    body = forms.ChoiceField(
        label="所属机关", error_messages={"invalid_choice": MSG_CHOICE_UNKNOWN}
    )
    title = forms.CharField(
        label="热点问题",
        required=False,
        max_length=TITLE_MAX_LENGTH,
        help_text="群众集中反映的问题，如：老旧小区加装电梯补贴何时发放",
    )
    answer = forms.CharField(
        label="回应内容",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="本机关的权威回应；不得含有个人信息",
    )
    letters = forms.CharField(
        label="相关来信",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="本机关来信的信件编号，多个用空格或逗号分开，如：XJ2026000001 XJ2026000002；"
        "只有经来信人同意公开的来信会在公开页面显示",
    )
    questions = QuestionChoiceField(
        label="相关简明问答",
        required=False,
        queryset=PolicyQuestion.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": MSG_CHOICE_UNKNOWN,
            "invalid_pk_value": MSG_CHOICE_UNKNOWN,
        },
    )

    def __init__(self, *args, bodies: list[Body] | None, questions, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if bodies is None:
            del self.fields["body"]
        else:
            self.fields["body"].choices = [(b.code, b.name) for b in bodies]
            self.bodies = {b.code: b for b in bodies}
        self.fields["questions"].queryset = questions

    def chosen_body(self) -> Body | None:
        return self.bodies.get(self.cleaned_data.get("body", "")) if "body" in self.fields else None

    def letter_numbers(self) -> list[str]:
        return [n for n in re.split(r"[\s,，、；;]+", self.cleaned_data.get("letters", "")) if n]

    @staticmethod
    def initial_for(topic) -> dict:
        return {
            "title": topic.title,
            "answer": topic.answer,
            "letters": " ".join(topic.letters.order_by("number").values_list("number", flat=True)),
            "questions": list(topic.questions.values_list("pk", flat=True)),
        }
