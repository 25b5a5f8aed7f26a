"""The staff screens for comments (意见征集工作台) in a real browser (Debian's chromium, Playwright)
at 1280 px: a reviewer publishes a pending comment with the masked text shown in the form, then
records its disposition; the pages pass the accessibility check and are refused nothing by the
public policy the workbench keeps (`browser_context_factory` fails on any refusal).

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_moderation.py
"""

from __future__ import annotations

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.participation.models import CommentStatus
from gongkai.participation.tests.factories import article, comment_in, consultation_make
from gongkai.testing.personas import STAFF
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

TEXT = "建议第一条增加“提高行政透明度”。如需联系，电话13812345678。"


@pytest.mark.usefixtures("axe_js")
def test_a_reviewer_publishes_a_comment_and_records_its_disposition(
    live_server, browser_context_factory, office, editor, reviewer
):
    from playwright.sync_api import expect

    page = consultation_make(office)
    comment = comment_in(page, "pending", moderator=editor, article=article(page, 1), text=TEXT)
    comment_in(page, "published", moderator=editor)
    context = browser_context_factory(viewport={"width": 1280, "height": 900})
    tab = log_in(context, live_server.url, STAFF["reviewer"][0], "/workbench/participation/")
    found = {}

    expect(tab.get_by_role("heading", level=1)).to_have_text("意见征集")
    expect(tab.locator("table.consultation-list")).to_contain_text(page.title)
    if violations := axe_violations(tab):
        found["list"] = violations
    screenshot(tab, "moderation-list")

    tab.get_by_role("link", name=page.title).click()
    block = tab.locator(f"#comment-{comment.pk}")
    expect(block).to_contain_text(TEXT)  # the full text, for staff
    expect(block).to_contain_text("13912345678")  # and the contact
    publish = block.locator(f"#action-{comment.pk}-publish")
    publish.locator("summary").click()
    # The form shows what the public will read: the phone number masked.
    expect(publish.get_by_label("公开的意见内容")).to_have_value(
        "建议第一条增加“提高行政透明度”。如需联系，电话×××。"
    )
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    if violations := axe_violations(tab):
        found["comments"] = violations
    screenshot(tab, "moderation-comments")
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = false)")

    publish.locator("summary").click()
    publish.get_by_role("button", name="审核公开").click()
    tab.wait_for_load_state()
    expect(tab.locator(".messages")).to_contain_text(f"意见{comment.number}：已审核公开")
    block = tab.locator(f"#comment-{comment.pk}")
    expect(block).to_contain_text("已公开")

    dispose = block.locator(f"#action-{comment.pk}-dispose")
    dispose.locator("summary").click()
    dispose.get_by_label("部分采纳").check()
    dispose.get_by_role("button", name="填写采纳情况").click()
    tab.wait_for_load_state()
    # Refused without a reason: the message on the comment's page, the choice kept.
    expect(tab.locator(".errors")).to_contain_text("部分采纳的，须说明理由")
    dispose = tab.locator(f"#action-{comment.pk}-dispose")
    expect(dispose.get_by_label("部分采纳")).to_be_checked()
    dispose.locator(f"#c{comment.pk}-dispose-reason").fill("“提高行政透明度”已在第二条中规定")
    if violations := axe_violations(tab):
        found["comment (refused)"] = violations
    screenshot(tab, "moderation-refused")
    dispose.get_by_role("button", name="填写采纳情况").click()
    tab.wait_for_load_state()
    expect(tab.locator(".messages")).to_contain_text("已填写采纳情况")
    expect(tab.locator(f"#comment-{comment.pk}")).to_contain_text(
        "部分采纳：“提高行政透明度”已在第二条中规定"
    )
    screenshot(tab, "moderation-done")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.disposition == "partly"
    assert not found, "axe:\n" + axe_report(found)
