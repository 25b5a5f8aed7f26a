"""Staff act for their own bodies only: staff of another body neither list nor act on this body's
comments; a site admin acts for the bodies under it; the platform operator for all. And the lists
of consultations by phase, per body and province-wide."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.bodies.models import BodyRole
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.comment_workflow import WorkflowError
from gongkai.participation.models import CommentChannel, ConsultationPage
from gongkai.participation.selectors import (
    ConsultationPhase,
    comments_for_moderation,
    comments_for_user,
    consultation_phase,
    consultations_awaiting_feedback,
    consultations_concluded,
    consultations_open,
    user_may_moderate,
)
from gongkai.participation.services import consultation_feedback_publish
from gongkai.participation.tests.factories import (
    CLOSED_DAY,
    CONTACT,
    OPEN_DAY,
    OPENS,
    comment_in,
    consultation_make,
)
from gongkai.participation.wagtail_hooks import MSG_DELETE_WITH_COMMENTS
from gongkai.testing.personas import publish_document, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    return page, {
        state: comment_in(page, state, moderator=editor)
        for state in ("pending", "published", "withheld:personal_data")
    }


def test_staff_of_another_body_list_nothing_of_this_bodys_comments(
    comments, other_body_editor, other_body_reviewer, other_body_clerk, clerk, office_head
):
    for person in (other_body_editor, other_body_reviewer, other_body_clerk, clerk, office_head):
        assert not comments_for_user(person).exists()
        assert not comments_for_moderation(person).exists()


def test_staff_of_another_body_can_do_nothing_to_them(comments, other_body_editor, time_machine):
    page, by_state = comments
    assert not user_may_moderate(other_body_editor, page)
    attempts = [
        lambda: workflow.comment_publish(by_state["pending"], user=other_body_editor),
        lambda: workflow.comment_withhold(
            by_state["published"], user=other_body_editor, reason="abusive"
        ),
        lambda: workflow.comment_dispose(
            by_state["withheld:personal_data"], user=other_body_editor, disposition="adopted"
        ),
        lambda: workflow.comment_register(
            page,
            user=other_body_editor,
            channel=CommentChannel.EMAIL,
            received_on=OPENS,
            text="意见",
            contact=CONTACT,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(WorkflowError, match=workflow.MSG_NOT_MODERATOR):
            attempt()
    for comment in by_state.values():
        before = (comment.status, comment.disposition, comment.events.count())
        comment.refresh_from_db()
        assert (comment.status, comment.disposition, comment.events.count()) == before
    time_machine.move_to(CLOSED_DAY, tick=False)
    with pytest.raises(PermissionDenied):
        consultation_feedback_publish(
            page,
            user=other_body_editor,
            final_document=publish_document(page.body),
            summary="说明",
        )


def test_the_bodys_staff_and_those_above_it_see_the_queue(
    comments, editor, reviewer, operator, province, city
):
    page, by_state = comments
    province_admin = staff("province_admin", province, BodyRole.SITE_ADMIN)
    city_admin = staff("city_admin", city, BodyRole.SITE_ADMIN)
    for person in (editor, reviewer, province_admin, operator):
        assert list(comments_for_moderation(person)) == [by_state["pending"]]
        assert comments_for_user(person).count() == 3
        assert user_may_moderate(person, page)
    assert not comments_for_user(city_admin).exists()
    assert not comments_for_user(None).exists()


def test_the_phase_follows_the_dates_in_beijing_time(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    assert consultation_phase(page, date(2026, 3, 1)) == ConsultationPhase.UPCOMING
    assert consultation_phase(page, date(2026, 3, 2)) == ConsultationPhase.OPEN
    assert consultation_phase(page, date(2026, 4, 1)) == ConsultationPhase.OPEN
    assert consultation_phase(page, date(2026, 4, 2)) == ConsultationPhase.CLOSED
    assert consultation_phase(page) == ConsultationPhase.OPEN  # today, 10 March
    assert ConsultationPhase.CLOSED.label == "已截止"


def test_the_lists_by_phase_per_body_and_province_wide(
    office, city, province, reviewer, time_machine
):
    time_machine.move_to(date(2026, 4, 10).isoformat() + "T09:00+08:00", tick=False)
    running = consultation_make(
        office, title="征集中", opens_on=date(2026, 4, 1), closes_on=date(2026, 5, 1)
    )
    waiting = consultation_make(office, title="待反馈")  # closed on 1 April
    in_city = consultation_make(
        city, title="市里的", opens_on=date(2026, 4, 2), closes_on=date(2026, 5, 2)
    )
    consultation_make(office, title="草稿", publish=False, opens_on=date(2026, 4, 1))
    done = consultation_make(
        office, title="已反馈", opens_on=date(2026, 2, 1), closes_on=date(2026, 3, 3)
    )
    consultation_feedback_publish(
        done, user=reviewer, final_document=publish_document(office), summary="未收到意见。"
    )

    assert list(consultations_open()) == [running, in_city]  # the soonest to close first
    assert list(consultations_open(office)) == [running]
    assert list(consultations_open(province)) == []
    assert list(consultations_open(province, subordinates=True)) == [running, in_city]
    (row,) = consultations_awaiting_feedback(office)
    assert (row.page, row.days_since_closing) == (waiting, 9)
    assert consultations_awaiting_feedback(city) == []
    assert list(consultations_concluded()) == [done]
    assert list(consultations_concluded(city, subordinates=True)) == []


def test_a_consultation_with_comments_is_not_deleted_with_them(
    client, office, editor, operator, time_machine
):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    without = consultation_make(office, title="无意见")
    comment_in(page, "pending", moderator=editor)
    client.force_login(operator)
    for target in (page, page.get_parent()):
        response = client.post(reverse("wagtailadmin_pages:delete", args=[target.pk]))
        assert response.status_code == 302
        assert MSG_DELETE_WITH_COMMENTS in [str(m) for m in get_messages(response.wsgi_request)]
    assert ConsultationPage.objects.filter(pk=page.pk).exists()
    client.post(reverse("wagtailadmin_pages:delete", args=[without.pk]))
    assert not ConsultationPage.objects.filter(pk=without.pk).exists()
