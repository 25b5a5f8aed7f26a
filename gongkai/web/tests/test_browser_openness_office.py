"""The province's openness office manages the pages of the bodies below it (issue 12 item 1), in a
real browser (Debian's chromium, Playwright), at desktop width: 甘肃省人民政府's 站点管理员 opens the
省政府办公厅's home page in Wagtail's editor and saves a change, then opens the office's annual
report draft — neither sends it back to the dashboard with "no permission".

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/web/tests/test_browser_openness_office.py
"""

from __future__ import annotations

import re

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.bodies.models import BodyRole
from gongkai.reports.services import annual_report_page_create
from gongkai.sites.models import BodyHomePage
from gongkai.testing import personas
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

DESKTOP = {"width": 1366, "height": 900}
INTRO = "省政府办公厅负责本机关政府信息公开的日常工作。"


def test_the_province_site_admin_edits_the_office_home_page_and_opens_its_report_draft(
    live_server, browser_context_factory, province, office
):
    from playwright.sync_api import expect

    admin = personas.staff("gansu_admin", province, BodyRole.SITE_ADMIN)
    report, _ = annual_report_page_create(body=office, year=2025, user=admin)
    home = office.home_page
    base = live_server.url

    edit = f"/admin/pages/{home.pk}/edit/"
    page = log_in(browser_context_factory(viewport=DESKTOP), base, "gansu_admin", edit)
    page.locator("#id_intro").fill(INTRO)
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{home.pk}/edit/$"))
    expect(page.locator(".messages")).to_be_visible()
    latest = BodyHomePage.objects.get(pk=home.pk).get_latest_revision()
    assert latest.user == admin
    assert latest.as_object().intro == INTRO

    page.goto(f"{base}/admin/pages/{report.pk}/edit/")
    expect(page).to_have_url(re.compile(rf"/admin/pages/{report.pk}/edit/$"))
    expect(page.locator("#id_general")).to_be_visible()
    expect(page.locator(".report-figures-panel")).to_be_visible()
    screenshot(page, "openness-office-report-draft")
