"""The admin's side menu entry 来信办理 and the dashboard panel 我的待办 (participation/
wagtail_hooks.py): the letters waiting for the person, with their clocks, never another body's;
and the comments waiting for moderation in the open consultations of their bodies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse

from gongkai.participation.tests.factories import OPEN_DAY, comment_in, consultation_make
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in, letter_submit
from gongkai.participation.wagtail_hooks import register_letters_menu_item
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

PANEL = 'id="gongkai-my-letters-section"'


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_menu_entry_is_for_staff_of_some_body(editor, clerk, other_body_editor, operator):
    item = register_letters_menu_item()
    assert item.url == reverse("letters:list")
    nobody = personas.user("nobody", is_staff=True)
    for user, shown in ((editor, True), (clerk, True), (other_body_editor, True), (nobody, False)):
        request = RequestFactory().get("/admin/")
        request.user = user
        assert item.is_shown(request) is shown, user
    request.user = operator
    assert item.is_shown(request)


def test_the_panel_lists_the_letters_waiting_for_the_person(
    client, time_machine, office, editor, reviewer, other_body_editor, other_body_reviewer
):
    time_machine.move_to(WRITTEN, tick=False)
    mine = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    in_review = letter_in(office, "in_review", handler=editor, reviewer=reviewer)
    unassigned, _ = letter_submit(office, subject="尚未分办的来信")

    text = dashboard(client, editor)
    assert PANEL in text and "我的待办" in text
    assert mine.number in text and "剩余5个工作日" in text
    assert in_review.number not in text  # drafted by the editor: waits for a reviewer
    assert unassigned.number not in text
    assert "共1封来信等待您办理" in text

    text = dashboard(client, reviewer)
    assert in_review.number in text and mine.number not in text

    for other in (other_body_editor, other_body_reviewer):
        text = dashboard(client, other)
        assert PANEL in text and "目前没有等待您办理的来信" in text
        for letter in (mine, in_review, unassigned):
            assert letter.number not in text and letter.subject not in text


def test_the_panel_says_overdue_and_the_three_month_alarm(
    client, time_machine, office, editor, reviewer
):
    time_machine.move_to(WRITTEN, tick=False)
    letter = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    time_machine.move_to(WRITTEN + timedelta(days=62), tick=False)
    text = dashboard(client, editor)
    assert letter.number in text and "其中1封已超期" in text
    assert "已超期" in text and "临近三个月期限（2026年6月10日）" in text


def test_the_panel_counts_the_comments_to_moderate(client, time_machine, office, editor, clerk):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    comment_in(page, "pending", moderator=editor)
    comment_in(page, "pending", moderator=editor)
    comment_in(page, "published", moderator=editor)
    text = dashboard(client, editor)
    assert "有<strong>2</strong>条意见待审核" in text and reverse("moderation:list") in text
    # A clerk does not moderate comments: no line about them.
    assert "待审核的意见" not in dashboard(client, clerk) and "条意见待审核" not in dashboard(
        client, clerk
    )


def test_no_panel_for_someone_without_a_body(client):
    nobody = personas.user("nobody", is_staff=True)
    from django.contrib.auth.models import Permission

    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert PANEL not in dashboard(client, nobody)
