"""The feedback report (意见采纳情况): counted from each comment's disposition, by article and in
total, and published only after the closing day, with every comment moderated and disposed of,
linked to the final document."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.models import PageLogEntry

from gongkai.bodies.models import BodyRole
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.comment_workflow import WorkflowError
from gongkai.participation.feedback import WHOLE_DRAFT, Tally
from gongkai.participation.selectors import (
    ConsultationPhase,
    consultation_feedback_tally,
    consultation_phase,
)
from gongkai.participation.services import (
    AUDIT_FEEDBACK_PUBLISH,
    MSG_FEEDBACK_BEFORE_CLOSE,
    MSG_FEEDBACK_PENDING,
    MSG_FEEDBACK_UNDISPOSED,
    MSG_FINAL_DOCUMENT_REQUIRED,
    consultation_feedback_publish,
)
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    OPEN_DAY,
    article,
    comment_in,
    consultation_make,
)
from gongkai.testing.personas import publish_document, staff

pytestmark = pytest.mark.django_db

SUMMARY = "共收到意见6条，采纳2条，部分采纳1条，不予采纳1条，理由见各条。"


@pytest.fixture
def consultation(office, editor, time_machine):
    """A closed consultation with comments in every state, all counted ones disposed of but one."""
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    c = dict(moderator=editor)
    comment_in(page, "published", article=article(page, 1), disposition="adopted", **c)
    comment_in(page, "published", article=article(page, 3), disposition="adopted", **c)
    comment_in(
        page, "published", article=article(page, 3), disposition="partly", reason="部分已规定", **c
    )
    comment_in(page, "published", disposition="not_adopted", reason="超出本办法范围", **c)
    comment_in(page, "withheld:off_topic", article=article(page, 1), **c)
    comment_in(page, "withheld:petition", **c)
    undisposed = comment_in(page, "withheld:personal_data", article=article(page, 3), **c)
    time_machine.move_to(CLOSED_DAY, tick=False)
    page.undisposed = undisposed
    return page


@pytest.fixture
def final_document(office):
    return publish_document(office, title="甘肃省政务公开办法", doc_type="rule")


def test_the_tally_counts_published_comments_and_those_withheld_for_personal_data(consultation):
    by_article, total = consultation_feedback_tally(consultation)
    assert list(by_article) == [WHOLE_DRAFT, "art-1", "art-3"]
    assert by_article[WHOLE_DRAFT] == Tally(1, 0, 0, 1, 0)
    assert by_article["art-1"] == Tally(1, 1, 0, 0, 0)  # the off-topic one is not counted
    assert by_article["art-3"] == Tally(3, 1, 1, 0, 1)
    assert total == Tally(5, 2, 1, 1, 1)


def test_feedback_is_refused_before_the_closing_day_has_passed(
    consultation, reviewer, final_document, time_machine
):
    workflow.comment_dispose(consultation.undisposed, user=reviewer, disposition="adopted")
    time_machine.move_to(consultation.closes_on.isoformat() + "T23:00+08:00", tick=False)
    with pytest.raises(ValidationError) as refused:
        consultation_feedback_publish(
            consultation, user=reviewer, final_document=final_document, summary=SUMMARY
        )
    assert refused.value.messages == [MSG_FEEDBACK_BEFORE_CLOSE.format(closes="2026年4月1日")]


def test_feedback_is_refused_while_a_comment_has_no_disposition_or_no_final_document(
    consultation, reviewer, editor, final_document
):
    comment_in(consultation, "pending", moderator=editor)
    with pytest.raises(ValidationError) as refused:
        consultation_feedback_publish(consultation, user=reviewer, final_document=None, summary="")
    assert refused.value.message_dict == {
        "__all__": [
            MSG_FEEDBACK_PENDING.format(count=1),
            MSG_FEEDBACK_UNDISPOSED.format(count=1),
        ],
        "final_document": [MSG_FINAL_DOCUMENT_REQUIRED],
        "summary": ["请填写意见采纳情况说明"],
    }
    consultation.refresh_from_db()
    assert consultation.feedback_published_at is None
    assert consultation_phase(consultation) == ConsultationPhase.CLOSED


def test_a_summary_with_a_phone_number_is_refused(consultation, reviewer, final_document):
    workflow.comment_dispose(consultation.undisposed, user=reviewer, disposition="adopted")
    with pytest.raises(ValidationError) as refused:
        consultation_feedback_publish(
            consultation,
            user=reviewer,
            final_document=final_document,
            summary="如有疑问请联系13812345678",
        )
    assert list(refused.value.message_dict) == ["summary"]
    assert "手机号码" in refused.value.message_dict["summary"][0]


def test_feedback_is_published_linked_both_ways_to_the_final_document(
    consultation, reviewer, final_document
):
    workflow.comment_dispose(
        consultation.undisposed, user=reviewer, disposition="not_adopted", reason="已另有规定"
    )
    # A draft revision of the page saved before the feedback (published below, after it).
    draft = consultation.get_latest_revision_as_object()
    draft.explanatory_notes = "<p>起草说明（修订）</p>"
    revision = draft.save_revision()
    page = consultation_feedback_publish(
        consultation, user=reviewer, final_document=final_document, summary=SUMMARY
    )
    page.refresh_from_db()
    assert page.final_document == final_document and page.feedback_summary == SUMMARY
    assert page.feedback_published_at is not None
    assert list(final_document.consultations.all()) == [page]
    assert consultation_phase(page) == ConsultationPhase.CONCLUDED
    _, total = consultation_feedback_tally(page)
    assert total == Tally(received=5, adopted=2, partly=1, not_adopted=2, undisposed=0)
    entry = PageLogEntry.objects.get(page=page, action=AUDIT_FEEDBACK_PUBLISH)
    assert entry.user == reviewer and entry.data == {
        "final_document": final_document.pk,
        "first": True,
    }

    # The disposition is now part of a published report: it can no longer change.
    comment = page.public_comments.filter(disposition="adopted").first()
    with pytest.raises(WorkflowError, match=workflow.MSG_FEEDBACK_DONE):
        workflow.comment_dispose(comment, user=reviewer, disposition="not_adopted", reason="x")

    # Publishing a revision made before the feedback does not take the feedback back.
    revision.publish()
    page.refresh_from_db()
    assert page.explanatory_notes == "<p>起草说明（修订）</p>"
    assert page.feedback_published_at is not None and page.final_document == final_document
    assert page.feedback_summary == SUMMARY


def test_only_a_reviewer_or_site_admin_of_the_body_publishes_feedback(
    consultation, editor, other_body_reviewer, final_document, province
):
    workflow.comment_dispose(consultation.undisposed, user=editor, disposition="adopted")
    for person in (editor, other_body_reviewer):
        with pytest.raises(PermissionDenied):
            consultation_feedback_publish(
                consultation, user=person, final_document=final_document, summary=SUMMARY
            )
    admin = staff("province_admin", province, BodyRole.SITE_ADMIN)
    consultation_feedback_publish(
        consultation, user=admin, final_document=final_document, summary=SUMMARY
    )
