"""The staff screens for comments on consultations (/workbench/participation/): the list and a
consultation's comments scoped to the user's bodies, every action through its form (refusals in
Chinese with what was typed kept), registration, the feedback report, the admin menu entry."""

from __future__ import annotations

import re

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.participation import comment_workflow as workflow
from gongkai.participation.models import Comment, CommentStatus
from gongkai.participation.services import (
    MSG_FEEDBACK_UNDISPOSED,
    MSG_NOT_FEEDBACK_PUBLISHER,
)
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    CONTACT,
    OPEN_DAY,
    article,
    comment_in,
    consultation_make,
)
from gongkai.participation.wagtail_hooks import register_moderation_menu_item
from gongkai.testing.personas import publish_document

pytestmark = pytest.mark.django_db

SECRET_TEXT = "我的电话13812345678，建议明确第一条的适用范围。"
SUMMARY = "共收到意见2条，采纳1条，不予采纳1条，理由见各条意见。"


@pytest.fixture
def consultation(office, editor, time_machine):
    """Open on 10 March 2026: one pending comment holding a phone number, one published."""
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    page.pending = comment_in(page, "pending", moderator=editor, article=article(page, 1))
    page.pending.text = SECRET_TEXT
    page.pending.save(update_fields=["text"])
    page.published = comment_in(page, "published", moderator=editor)
    return page


def url(name: str, *args) -> str:
    return reverse(f"moderation:{name}", args=args)


def html(response) -> str:
    return response.content.decode()


# --- Scoping -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, consultation):
    for address in (url("list"), url("consultation", consultation.pk)):
        response = client.get(address)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_list_shows_the_bodies_consultations_with_their_counts(
    client, consultation, editor, city, other_body_editor
):
    other = consultation_make(city, title="兰州市征求意见稿")
    client.force_login(editor)
    text = html(client.get(url("list")))
    assert consultation.title in text and other.title not in text
    assert "征集中" in text and "还剩22天" in text  # closes 1 April 2026
    assert "?status=pending" in text
    client.force_login(other_body_editor)
    text = html(client.get(url("list")))
    assert other.title in text and consultation.title not in text


def test_the_list_shows_days_since_closing(client, consultation, editor, time_machine):
    time_machine.move_to(CLOSED_DAY, tick=False)
    client.force_login(editor)
    assert "已截止2天" in html(client.get(url("list")))


@pytest.mark.parametrize("persona", ["other_body_editor", "other_body_reviewer", "clerk"])
def test_staff_who_may_not_moderate_the_body_get_404_everywhere(
    client, consultation, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    pk, comment = consultation.pk, consultation.pending.pk
    for address in (
        url("consultation", pk),
        url("register", pk),
        url("feedback", pk),
        url("comment", comment),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url("publish", comment), {"public_text": "x"}).status_code == 404
    assert client.post(url("withhold", comment), {"reason": "off_topic"}).status_code == 404
    assert client.post(url("register", pk), {"channel": "email"}).status_code == 404
    consultation.pending.refresh_from_db()
    assert consultation.pending.status == CommentStatus.PENDING


def test_the_comments_page_shows_the_full_text_and_contact_and_filters(
    client, consultation, editor
):
    client.force_login(editor)
    text = html(client.get(url("consultation", consultation.pk)))
    assert SECRET_TEXT in text and CONTACT in text
    assert consultation.pending.number in text and consultation.published.number in text
    assert "第一条" in text and "对征求意见稿整体的意见" in text
    # The publish form is prefilled with the masked text: what the public will read.
    assert "我的电话×××" in text
    text = html(client.get(url("consultation", consultation.pk) + "?status=published"))
    assert consultation.published.number in text and consultation.pending.number not in text


# --- The actions -------------------------------------------------------------------------------


def test_publish_with_an_edited_text(client, consultation, reviewer):
    client.force_login(reviewer)
    comment = consultation.pending
    response = client.post(
        url("publish", comment.pk),
        {"public_text": "建议明确第一条的适用范围。电话13812345678", "return_status": "pending"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?status=pending#comment-{comment.pk}")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    assert comment.public_text == "建议明确第一条的适用范围。电话×××"
    assert comment.text == SECRET_TEXT


def test_a_refusal_is_shown_with_what_was_typed(client, consultation, editor):
    client.force_login(editor)
    comment = consultation.published
    response = client.post(
        url("dispose", comment.pk),
        {"disposition": "partly", "reason": "", "note": "待与起草处核对"},
    )
    assert response.status_code == 200
    text = html(response)
    assert workflow.MSG_DISPOSITION_REASON.format(disposition="部分采纳") in text
    assert "待与起草处核对" in text
    assert re.search(r'value="partly"[^>]*checked', text)
    comment.refresh_from_db()
    assert comment.disposition == ""
    # A withholding without a reason: the workflow's message.
    response = client.post(url("withhold", comment.pk), {"note": "已电话联系"})
    assert workflow.MSG_WITHHELD_REASON in html(response) and "已电话联系" in html(response)
    # An action the comment's status does not allow any more.
    response = client.post(url("publish", comment.pk), {"public_text": "再次公开的内容"})
    assert "不能进行“审核公开”操作" in html(response) and "再次公开的内容" in html(response)


def test_dispose_and_withhold_as_a_petition(client, consultation, editor):
    client.force_login(editor)
    comment = consultation.published
    response = client.post(
        url("dispose", comment.pk), {"disposition": "not_adopted", "reason": "超出本办法范围"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.disposition, comment.disposition_reason) == ("not_adopted", "超出本办法范围")

    response = client.post(url("withhold", comment.pk), {"reason": "petition"}, follow=True)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.WITHHELD and comment.disposition == ""
    text = html(response)
    assert "请告知意见人通过信访渠道反映诉求" in text and CONTACT in text
    assert "已转由信访渠道处理" in text  # the notice the public reads, shown with the comment


# --- Registration ------------------------------------------------------------------------------


def test_register_a_letter(client, consultation, editor):
    client.force_login(editor)
    form = {
        "channel": "letter",
        "received_on": "2026-03-05",
        "article": str(article(consultation, 3).pk),
        "text": "建议增加监督条款。",
        "name": "李女士",
        "contact": "zhang@example.com",
    }
    response = client.post(url("register", consultation.pk), form)
    assert response.status_code == 302
    comment = Comment.objects.get(text="建议增加监督条款。")
    assert (comment.channel, comment.status, comment.article.anchor) == (
        "letter",
        "pending",
        "art-3",
    )
    assert comment.events.get().actor == editor

    # Outside the period: the workflow's message beside the field, the text kept.
    response = client.post(
        url("register", consultation.pk), {**form, "received_on": "2026-02-01", "text": "另一条"}
    )
    text = html(response)
    assert "收到日期须在征求意见期间内" in text and "另一条" in text
    assert Comment.objects.filter(text="另一条").count() == 0


# --- The feedback report -----------------------------------------------------------------------


def test_the_feedback_report(client, consultation, editor, reviewer, office, time_machine):
    workflow.comment_publish(consultation.pending, user=editor)
    workflow.comment_dispose(consultation.pending, user=editor, disposition="adopted")
    document = publish_document(office, title="甘肃省政务公开办法", doc_type="rule")
    time_machine.move_to(CLOSED_DAY, tick=False)
    form = {"final_document": str(document.pk), "summary": SUMMARY}

    # An editor sees the tally, not the form; a POST is refused with the service's message.
    client.force_login(editor)
    text = html(client.get(url("feedback", consultation.pk)))
    assert "合计" in text and "意见采纳情况由本机关审核人员或站点管理员公布" in text
    assert 'name="summary"' not in text
    assert url("feedback", consultation.pk) not in html(
        client.get(url("consultation", consultation.pk))
    )
    text = html(client.post(url("feedback", consultation.pk), form))
    assert MSG_NOT_FEEDBACK_PUBLISHER in text and SUMMARY in text

    # A reviewer: refused while a counted comment has no disposition, the summary kept.
    client.force_login(reviewer)
    text = html(client.get(url("consultation", consultation.pk)))
    assert url("feedback", consultation.pk) in text
    text = html(client.get(url("feedback", consultation.pk)))
    assert document.title in text  # the body's live documents to choose from
    text = html(client.post(url("feedback", consultation.pk), form))
    assert MSG_FEEDBACK_UNDISPOSED.format(count=1) in text and SUMMARY in text
    consultation.refresh_from_db()
    assert consultation.feedback_published_at is None

    workflow.comment_dispose(
        consultation.published, user=reviewer, disposition="not_adopted", reason="超出范围"
    )
    response = client.post(url("feedback", consultation.pk), form)
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.feedback_published_at is not None
    assert consultation.final_document_id == document.pk
    assert consultation.feedback_summary == SUMMARY


# --- The admin menu ----------------------------------------------------------------------------


def test_the_menu_entry_is_shown_to_those_who_may_moderate(editor, reviewer, clerk):
    item = register_moderation_menu_item()
    assert item.url == url("list")
    for user, shown in ((editor, True), (reviewer, True), (clerk, False)):
        request = RequestFactory().get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown, user
