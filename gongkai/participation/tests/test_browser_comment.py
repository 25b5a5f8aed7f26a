"""A citizen comments on an open consultation (意见征集) in a real browser (Debian's chromium,
Playwright) on a phone, 375 px wide: from the article's "对本条提出意见" to the form with the article
chosen, a submission with mistakes (the error summary takes the focus), the corrected one and the
receipt with the comment's number. Accessibility (axe), no sideways scrolling; screenshots in /tmp.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_comment.py
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from gongkai.core.dates import today
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.forms_public import MSG_SUMMARY
from gongkai.participation.models import Comment, CommentStatus
from gongkai.participation.tests.factories import article, consultation_make
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

WIDTH = 375
TEXT = "建议第四条的施行日期推迟至2026年9月1日，给各级行政机关留出准备时间。"


@pytest.mark.usefixtures("axe_js")
def test_a_citizen_comments_on_an_article_from_a_phone(
    live_server, browser_context_factory, office
):
    from playwright.sync_api import expect

    # Open now (the clock is not moved: the browser and the live server share it).
    page_obj = consultation_make(
        office,
        opens_on=today() - timedelta(days=3),
        closes_on=today() + timedelta(days=27),
        email="yjzj@gansu.gov.cn",
    )
    tab = browser_context_factory(viewport={"width": WIDTH, "height": 800}).new_page()
    found = {}

    def check(name: str) -> None:
        assert tab.evaluate("document.documentElement.scrollWidth") <= WIDTH, name
        if violations := axe_violations(tab):
            found[name] = violations
        screenshot(tab, f"comment-{name}")

    tab.goto(live_server.url + page_obj.url)
    expect(tab.locator(".comment-cta").get_by_role("link", name="提出意见")).to_be_visible()
    check("01-consultation")

    tab.locator("#art-4").get_by_role("link", name="对本条提出意见").click()
    expect(tab.get_by_role("heading", level=1, name="提出意见")).to_be_visible()
    chosen = article(page_obj, 4)
    expect(tab.get_by_label("意见所针对的条文")).to_have_value(str(chosen.pk))
    check("02-form")

    # Mistakes first: no text, a contact that is neither a phone number nor an e-mail address.
    tab.get_by_label("姓名或称呼（选填）").fill("李女士")
    tab.locator("#id_contact").fill("找我就行")
    tab.locator("#id_consent").check()
    tab.get_by_role("button", name="提交意见").click()
    summary = tab.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(MSG_SUMMARY)
    expect(summary).to_contain_text(workflow.MSG_TEXT_REQUIRED)
    assert tab.evaluate("document.activeElement.id") == "error-summary"
    expect(tab.locator("#id_contact")).to_have_value("找我就行")
    expect(tab.locator("#id_contact")).to_have_attribute("aria-invalid", "true")
    expect(tab.get_by_label("姓名或称呼（选填）")).to_have_value("李女士")
    expect(tab.get_by_label("意见所针对的条文")).to_have_value(str(chosen.pk))
    assert Comment.objects.count() == 0
    check("03-errors")

    # The summary's link leads to the field.
    summary.get_by_role("link").first.click()
    expect(tab.locator("#id_text")).to_be_focused()

    tab.locator("#id_text").fill(TEXT)
    tab.locator("#id_contact").fill("13912345678")
    tab.get_by_role("button", name="提交意见").click()
    expect(tab.get_by_role("heading", level=1, name="意见回执")).to_be_visible()
    comment = Comment.objects.get()
    assert (comment.status, comment.article_id, comment.text) == (
        CommentStatus.PENDING,
        chosen.pk,
        TEXT,
    )
    expect(tab.locator("#comment-number")).to_have_text(comment.number)
    check("04-receipt")
    tab.reload()
    expect(tab.locator("#comment-number")).to_have_text(comment.number)

    assert not found, "axe:\n" + axe_report(found)
