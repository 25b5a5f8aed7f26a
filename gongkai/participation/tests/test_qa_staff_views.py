"""The staff screens of the policy Q&A: an entry written through the form (wrongly first: every
message in Chinese, nothing typed lost), submitted, published by another reviewer; a letter made
an entry in one step; staff of another body get a 404 and see nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.participation.models import PolicyQuestion, QuestionStatus
from gongkai.participation.qa_selectors import MSG_BASIS_NOT_FOUND
from gongkai.participation.qa_workflow import MSG_ANSWER_REQUIRED, MSG_QUESTION_REQUIRED
from gongkai.participation.tests.letter_factories import letter_in
from gongkai.participation.tests.qa_factories import policy, question_in

pytestmark = pytest.mark.django_db


def _form(office, **changes):
    data = {
        "body": office.code,
        "question": "加装电梯的补贴怎么申请？",
        "answer": "向所在街道提出申请，见第五条。",
        "topic": "",
        "document_0": "甘政办发〔2025〕7号",
        "article_0": "第五条",
    }
    return {**data, **changes}


def test_an_entry_from_the_form_to_the_public(client, office, editor, reviewer):
    document = policy(office)
    client.force_login(editor)
    new = reverse("qa_staff:new")
    wrong = client.post(new, _form(office, question="", answer="", document_0="没有这个文件"))
    text = wrong.content.decode()
    assert wrong.status_code == 200 and not PolicyQuestion.objects.exists()
    assert MSG_BASIS_NOT_FOUND.format(typed="没有这个文件") in text
    assert "没有这个文件" in text and "第五条" in text  # what was typed is kept
    empty = client.post(new, _form(office, question="", answer=""))
    assert MSG_QUESTION_REQUIRED in empty.content.decode()
    assert MSG_ANSWER_REQUIRED in empty.content.decode()
    made = client.post(new, _form(office))
    entry = PolicyQuestion.objects.get()
    assert made.status_code == 302 and made["Location"] == reverse(
        "qa_staff:question", args=[entry.pk]
    )
    assert [(b.document, b.article) for b in entry.bases.all()] == [(document, "第五条")]
    client.post(reverse("qa_staff:submit", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == QuestionStatus.IN_REVIEW
    # The editor cannot publish; the reviewer can.
    refused = client.post(reverse("qa_staff:publish", args=[entry.pk]), {"note": ""})
    assert "审核人员" in refused.content.decode()
    client.force_login(reviewer)
    page = client.get(reverse("qa_staff:question", args=[entry.pk])).content.decode()
    assert "审核通过并发布" in page and "退回修改" in page
    client.post(reverse("qa_staff:publish", args=[entry.pk]), {"note": "同意"})
    entry.refresh_from_db()
    assert entry.status == QuestionStatus.PUBLISHED
    assert "加装电梯的补贴怎么申请" in client.get(document.url).content.decode()


def test_a_withdrawn_entry_is_edited_and_reviewed_again(client, office, editor, reviewer):
    entry = question_in(office, "withdrawn", author=editor, reviewer=reviewer)
    client.force_login(editor)
    page = client.get(reverse("qa_staff:question", args=[entry.pk])).content.decode()
    assert "保存后成为草稿" in page
    client.post(reverse("qa_staff:question", args=[entry.pk]), _form(office, answer="新的解答。"))
    entry.refresh_from_db()
    assert entry.status == QuestionStatus.DRAFT and entry.answer == "新的解答。"


def test_a_letter_becomes_an_entry_from_its_page(client, office, editor, reviewer):
    letter = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    client.force_login(editor)
    page = client.get(reverse("letters:letter", args=[letter.pk])).content.decode()
    assert reverse("qa_staff:from_letter", args=[letter.pk]) in page
    done = client.post(reverse("qa_staff:from_letter", args=[letter.pk]), follow=True)
    entry = PolicyQuestion.objects.get()
    assert entry.source_letter == letter
    assert letter.number in done.content.decode()
    assert "13912345678" not in entry.question


def test_staff_of_another_body_get_nothing(
    client, office, editor, reviewer, other_body_editor, other_body_reviewer
):
    entry = question_in(office, "in_review", author=editor, reviewer=reviewer)
    letter = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    for user in (other_body_editor, other_body_reviewer):
        client.force_login(user)
        listing = client.get(reverse("qa_staff:list"), {"tab": "in_review"}).content.decode()
        assert "老旧小区加装电梯" not in listing
        assert client.get(reverse("qa_staff:question", args=[entry.pk])).status_code == 404
        for action in ("submit", "return", "publish", "withdraw"):
            url = reverse(f"qa_staff:{action}", args=[entry.pk])
            assert client.post(url, {"note": "x"}).status_code == 404
        assert client.post(reverse("qa_staff:from_letter", args=[letter.pk])).status_code == 404
        # Nor can they create one for the office.
        client.post(reverse("qa_staff:new"), _form(office))
    entry.refresh_from_db()
    assert entry.status == QuestionStatus.IN_REVIEW
    assert PolicyQuestion.objects.count() == 1


def test_the_public_never_reaches_the_staff_screens(client, office, editor, reviewer):
    entry = question_in(office, "draft", author=editor, reviewer=reviewer)
    for url in (reverse("qa_staff:list"), reverse("qa_staff:question", args=[entry.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]
