"""An editor repeals a 规章 in the admin's 立改废 tab, the body's 审核 approves it in the editor, and
the public 规章 column no longer lists it (Debian's chromium, Playwright).

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/documents/tests/test_browser_repeal.py
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.core.dates import today
from gongkai.documents.models import DocumentRepeal
from gongkai.testing.personas import column, publish_document
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

TITLE = "甘肃省政府信息公开规定"
DECISION = "甘肃省人民政府关于废止部分规章的决定"


def test_an_editor_repeals_a_rule_and_the_column_drops_it(
    live_server, browser_context_factory, office, editor, reviewer
):
    from playwright.sync_api import expect

    rule = publish_document(
        office,
        "rules-in-force",
        title=TITLE,
        slug="ling-5",
        doc_type="rule",
        doc_number="甘肃省人民政府令第5号",
        written_on=date(2020, 3, 1),
        effective_on=date(2020, 5, 1),
        body="<p>第一条 为了规范政府信息公开工作……</p>",
    )
    base = live_server.url
    rules_column = base + column(office, "rules-in-force").url

    page = log_in(browser_context_factory(), base, "editor", f"/admin/pages/{rule.pk}/edit/")
    page.get_by_role("tab", name="立改废").click()
    page.locator("#id_repealed_on").fill(today().isoformat())
    page.locator("#id_repealing_title").fill(DECISION)
    screenshot(page, "repeal-01-editor")
    page.locator('button[name="action-submit"]').evaluate("b => b.form.requestSubmit(b)")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_be_visible()
    assert not DocumentRepeal.objects.filter(document=rule).exists()

    review = log_in(browser_context_factory(), base, "reviewer", f"/admin/pages/{rule.pk}/edit/")
    review.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).evaluate("b => b.click()")
    review.wait_for_load_state()
    expect(review.locator(".messages")).to_be_visible()
    assert DocumentRepeal.objects.get(document=rule).repealing_title == DECISION

    public = browser_context_factory().new_page()
    public.goto(rules_column)
    expect(public.get_by_role("link", name=TITLE)).to_have_count(0)
    public.goto(base + rule.url)
    expect(public.get_by_role("note", name="有效性提示")).to_contain_text(re.compile("已废止"))
    expect(public.get_by_role("note", name="有效性提示")).to_contain_text(DECISION)
    screenshot(public, "repeal-02-public")
