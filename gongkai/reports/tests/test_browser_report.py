"""The annual report from draft to publication in a real browser (Debian's chromium, Playwright).

The office's 信息员 logs in, makes the report draft with the staff action 生成年度报告草稿, sees the
computed tables in the editor, replaces the 【请填写】 placeholders and submits the report for review;
the office's 审核 approves it in Wagtail's editor; the public finds it in the office's 政府信息公开年报
column with its tables. Screenshots go to test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/reports/tests/test_browser_report.py
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.tests.factories import case
from gongkai.testing.personas import column
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

NOW = datetime(2026, 2, 10, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
FIXED = "（三）政府信息管理。本年度清理规范性文件12件，全部按要求公开。"


def _expect():
    from playwright.sync_api import expect

    return expect


def test_a_report_is_drafted_reviewed_and_published_in_the_column(
    live_server, browser_context_factory, time_machine, office, editor, reviewer
):
    expect = _expect()
    time_machine.move_to(NOW, tick=True)
    for day in (3, 4):
        case(office, date(2025, 3, day))
    base = live_server.url

    # The editor makes the draft from the admin menu's staff action.
    page = log_in(browser_context_factory(), base, "editor", "/admin/reports/annual/")
    page.locator("#id_body").select_option(label=office.name)
    page.locator("#id_year").select_option("2025")
    page.get_by_role("button", name="生成年度报告草稿").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    report = AnnualReportPage.objects.get(body=office, year=2025)
    expect(page.locator(".report-figures-panel table.report-applications")).to_be_visible()
    expect(page.locator(".report-figures-panel")).to_contain_text("可以发布")
    general = page.locator("#id_general")
    expect(general).to_contain_text("全年新收政府信息公开申请2件")
    screenshot(page, "report-01-draft")

    # The placeholder of （三） is replaced, and the report goes to review.
    general.fill(general.input_value().replace("（三）政府信息管理。【请填写】", FIXED))
    # The other placeholders too: a report with one left is not published (quality.py).
    for field in ("#id_general", "#id_problems", "#id_other_matters"):
        box = page.locator(field)
        box.fill(re.sub(r"【[^】]*】", "已按要求填写。", box.input_value()))
    page.locator('button[name="action-submit"]').evaluate("b => b.form.requestSubmit(b)")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    report.refresh_from_db()
    assert report.workflow_in_progress
    assert not report.live

    # The reviewer of the same body approves it in the editor.
    review = log_in(browser_context_factory(), base, "reviewer", f"/admin/pages/{report.pk}/edit/")
    expect(review.locator("#id_general")).to_contain_text(FIXED)
    screenshot(review, "report-02-review")
    review.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).evaluate("b => b.click()")
    review.wait_for_load_state()
    expect(review.locator(".messages")).to_be_visible()
    report.refresh_from_db()
    assert report.live
    assert report.frozen_tables is not None

    # The public finds it in the office's 年报 column, with the six sections and the tables.
    public = browser_context_factory().new_page()
    public.goto(base + column(office, "annual-reports").url)
    public.get_by_role("link", name=report.title).click()
    expect(public.get_by_role("heading", level=1)).to_have_text(report.title)
    expect(public.locator("#report-section-1")).to_contain_text(FIXED)
    expect(public.locator("#report-section-3 table.report-applications")).to_be_visible()
    row = public.locator(
        "table.report-applications tr", has_text="一、本年新收政府信息公开申请数量"
    )
    expect(row.locator("td.num").last).to_have_text("2")
    expect(public.get_by_role("link", name="下载 DOCX")).to_be_visible()
    screenshot(public, "report-03-published")


def test_the_openness_office_sees_who_is_late_and_the_region_overview(
    live_server, browser_context_factory, time_machine, province, office, city
):
    """The province's openness office head after 31 January: the office (a department) is late,
    the city (a government, due 31 March) is not yet; the region overview is marked as such."""
    from gongkai.bodies.models import BodyRole
    from gongkai.testing import personas

    expect = _expect()
    time_machine.move_to(NOW, tick=True)
    personas.staff("supervisor", province, BodyRole.OFFICE_HEAD)
    case(office, date(2025, 5, 6))
    case(city, date(2025, 6, 7))

    page = log_in(browser_context_factory(), live_server.url, "supervisor", "/workbench/reports/")
    office_row = page.locator("tr", has_text="甘肃省人民政府办公厅")
    expect(office_row).to_contain_text("2026年1月31日")
    expect(office_row).to_contain_text("逾期未发布")
    expect(page.locator("tr", has_text="兰州市人民政府")).to_contain_text("未发布")
    office_row.get_by_role("button", name="重新校验").click()
    expect(page.locator(".messages")).to_contain_text("已重新校验甘肃省人民政府办公厅2025年度报告")
    office_row = page.locator("tr", has_text="甘肃省人民政府办公厅")
    expect(office_row).to_contain_text("表格预校验：无错误")  # 未发布, never 通过
    expect(office_row).not_to_contain_text("通过")

    page.locator("#scope-state").select_option("overdue")
    page.get_by_role("button", name="查看").click()
    expect(page.locator("tbody tr")).to_have_count(1)
    screenshot(page, "report-04-supervision")

    page.get_by_role("link", name="区域统计汇总").click()
    expect(page.get_by_role("note")).to_contain_text("不是法定的政府信息公开工作年度报告")
    row = page.locator("table.report-applications tr", has_text="一、本年新收政府信息公开申请数量")
    expect(row.locator("td.num").last).to_have_text("2")
    screenshot(page, "report-05-region")
