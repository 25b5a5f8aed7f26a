"""A report is not published while 一、五 or 六 is empty or still holds a template placeholder
(【请填写】…), by any path: the editor's 发布 and 审核通过 (the form says which section, the text is
kept), the reviewer's approval from the dashboard, the model's publish; and the editor and the
preview show the 年报编写质量考核指标."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.models import TaskState

from gongkai.reports.pages import AnnualReportPage, ReportNotPublishable
from gongkai.reports.services import annual_report_page_create
from gongkai.reports.tests.factories import write_narrative
from gongkai.reports.tests.test_report_page import approve_url, edit_form, submit

pytestmark = pytest.mark.django_db

YEAR = 2025
PLACEHOLDER_LEFT = "（一）主动公开。已写。\n（三）政府信息管理。【请填写】"


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2026, 1, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def report(office, editor) -> AnnualReportPage:
    page, _ = annual_report_page_create(body=office, year=YEAR, user=editor)
    return page


def test_the_reviewer_cannot_approve_in_the_editor_while_a_placeholder_is_left(
    client, report, editor, reviewer
):
    state = submit(report, editor)
    client.force_login(reviewer)
    edit = reverse("wagtailadmin_pages:edit", args=(report.pk,))
    for action in (
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
        {"action-publish": "1"},
    ):
        response = client.post(
            edit,
            edit_form(general=PLACEHOLDER_LEFT, problems="", other_matters="已写。", **action),
        )
        assert response.status_code == 200  # the form again, with the messages
        html = response.content.decode()
        assert "发布前请写完本部分：“一、总体情况”仍有待填写的模板内容“【请填写】”" in html
        assert "发布前请写完本部分：“五、存在的主要问题及改进情况”尚未填写" in html
        assert "（一）主动公开。已写。" in html  # what was typed is kept
        report.refresh_from_db()
        assert not report.live
    assert TaskState.objects.get(pk=state.current_task_state.pk).status == "in_progress"


def test_approval_from_the_dashboard_and_any_other_path_is_refused(
    client, report, editor, reviewer
):
    state = submit(report, editor)  # the drafted narrative still has its 【请填写】 parts
    client.force_login(reviewer)
    client.post(approve_url(report, state), {"comment": ""})
    report.refresh_from_db()
    assert not report.live
    assert TaskState.objects.get(pk=state.current_task_state.pk).status == "in_progress"
    with pytest.raises(ReportNotPublishable, match=r"文字部分尚未写完.*一、总体情况"):
        report.get_latest_revision().publish(user=reviewer)


def test_once_written_the_report_is_approved_and_published(client, report, editor, reviewer):
    write_narrative(report, editor)
    state = submit(report, editor)
    client.force_login(reviewer)
    client.post(approve_url(report, state), {"comment": ""})
    report.refresh_from_db()
    assert report.live and report.frozen_tables


def test_saving_a_draft_with_a_placeholder_is_allowed(client, report, editor):
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=(report.pk,))
    client.post(edit, edit_form(general=PLACEHOLDER_LEFT, problems=""))
    report.refresh_from_db()
    assert report.get_latest_revision_as_object().general == PLACEHOLDER_LEFT


def test_the_editor_and_the_preview_show_the_quality_indicators(client, report, editor):
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(report.pk,))).content.decode()
    assert "年报编写质量考核指标：达标" in html
    assert 'data-indicator="sections"' in html
    assert "【未达标】六个部分齐全" in html  # the drafted placeholders
    assert "尚未发布（法定期限2026年1月31日）" in html
    preview = client.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=(report.pk,)), edit_form()
    )
    assert preview.status_code == 200
    html = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=(report.pk,))).content
    assert "年报编写质量考核指标" in html.decode()
