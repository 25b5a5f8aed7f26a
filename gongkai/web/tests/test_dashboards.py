"""The staff dashboard by role (web/wagtail_hooks.py): first things first.

A reviewer's opens with the review queue, a case handler's with the cases due soon or overdue;
each shows only the user's own bodies. Through the real admin view (`/admin/`) and Wagtail's
permission checks.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.applications.models import Channel
from gongkai.applications.tests.factories import register_case
from gongkai.bodies.tests.test_review_workflow import admin_form, draft, submit
from gongkai.web.wagtail_hooks import (
    MSG_APPROVED_AND_PUBLISHED,
    CasesDuePanel,
    ReviewQueuePanel,
)
from gongkai.workdays.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2024, 11, 20)  # a Wednesday
CALENDAR = WorkCalendar()
REVIEW_QUEUE = "等待您审核"
CASES_DUE = "即将到期和已超期的申请"
COLUMNS = "栏目完整性"


@pytest.fixture
def _today(time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=TZ), tick=False)


def dashboard(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def panel_names(client, user) -> list[str]:
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    return [type(p).__name__ for p in response.context["panels"]]


def received_days_ago(clerk, body, working_days: int):
    """A case by post with `20 - working_days` working days left today."""
    day = TODAY
    while len(CALENDAR.workdays_between(day, TODAY)) < working_days:
        day = date.fromordinal(day.toordinal() - 1)
    app, _ = register_case(clerk, body, channel=Channel.REGISTERED_POST, received_on=day)
    return app


def test_a_reviewer_sees_the_page_awaiting_review_first(
    client, office, editor, reviewer, other_body_reviewer
):
    page = draft(office, editor, slug="awaiting")
    submit(page, editor)
    html = dashboard(client, reviewer)
    assert REVIEW_QUEUE in html and page.title in html
    assert html.index(REVIEW_QUEUE) < html.index(COLUMNS)
    assert panel_names(client, reviewer)[0] == ReviewQueuePanel.__name__
    # The reviewer of another body has an empty queue, said in words.
    html = dashboard(client, other_body_reviewer)
    assert "目前没有等待您审核的页面" in html and page.title not in html


def test_an_editor_has_no_review_queue_nor_cases(client, office, editor):
    html = dashboard(client, editor)
    assert REVIEW_QUEUE not in html and CASES_DUE not in html
    assert COLUMNS in html


def test_a_clerk_sees_due_soon_and_overdue_cases_and_another_body_does_not(
    client, _today, office, clerk, office_head, other_body_clerk
):
    soon = received_days_ago(clerk, office, 18)
    late = received_days_ago(clerk, office, 23)
    fresh = received_days_ago(clerk, office, 2)
    html = dashboard(client, clerk)
    assert CASES_DUE in html
    assert soon.case_number in html and late.case_number in html
    assert fresh.case_number not in html  # 18 working days left: not urgent
    assert "其中1件已超期" in html
    assert reverse("workbench:case", args=(soon.pk,)) in html
    assert reverse("workbench:list") in html
    assert panel_names(client, clerk)[0] == CasesDuePanel.__name__
    # The office head of the same body sees them too; the clerk of another body does not.
    assert soon.case_number in dashboard(client, office_head)
    html = dashboard(client, other_body_clerk)
    assert CASES_DUE in html and "目前没有即将到期或已超期的申请" in html
    assert soon.case_number not in html and late.case_number not in html


def test_approving_on_the_edit_page_says_it_was_published(client, office, editor, reviewer):
    page = draft(office, editor, slug="approve-me")
    submit(page, editor)
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    form = admin_form(
        title=page.title,
        slug=page.slug,
        **{"action-workflow-action": "1", "workflow-action-name": "approve"},
    )
    response = client.post(url, form, follow=True)
    page.refresh_from_db()
    assert page.live
    said = [str(m) for m in response.context["messages"]]
    assert MSG_APPROVED_AND_PUBLISHED.format(title=page.title) in said
    assert not any("已保存" in m for m in said)
