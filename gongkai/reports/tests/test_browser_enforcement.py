"""填报执法和收费数据 in a real browser: the office's 信息员 opens the form from the admin, types a
wrong amount, reads the Chinese message with what was typed kept, corrects it and saves; the
report's table 二 counts the figures. Screenshots go to test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/reports/tests/test_browser_enforcement.py
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.reports.models import EnforcementFigures
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

NOW = datetime(2026, 1, 12, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_the_editor_enters_the_enforcement_figures(
    live_server, browser_context_factory, time_machine, office, editor
):
    from playwright.sync_api import expect

    time_machine.move_to(NOW, tick=True)
    page = log_in(browser_context_factory(), live_server.url, "editor", "/admin/reports/figures/")
    page.locator("#id_year").select_option("2025")
    page.get_by_role("button", name="填报").click()
    expect(page).to_have_url(re.compile(r"/admin/reports/figures/gs-bgt/2025/$"))

    page.get_by_label("行政许可").fill("120")
    page.get_by_label("行政处罚").fill("7")
    page.get_by_label("行政事业性收费（万元）").fill("1.23456")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".enforcement-figures-form")).to_contain_text("最多4位小数")
    expect(page.get_by_label("行政许可")).to_have_value("120")  # kept
    screenshot(page, "enforcement-01-error")
    assert not EnforcementFigures.objects.exists()

    page.get_by_label("行政事业性收费（万元）").fill("1.2345")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存甘肃省人民政府办公厅2025年度")
    screenshot(page, "enforcement-02-saved")
    figures = EnforcementFigures.objects.get(body=office, year=2025)
    assert (figures.licensing, figures.fees_wan_yuan) == (120, Decimal("1.2345"))
