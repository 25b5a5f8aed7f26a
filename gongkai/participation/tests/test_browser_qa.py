"""The policy Q&A in a real browser (Debian's chromium, Playwright): the office's editor turns a
replied letter into an entry in one step, names the policy wrongly first (the message, what was
typed kept), then rightly, and submits; the reviewer publishes it; a citizen finds it on the
policy's page and opens it — at 1280 px, and the entry and the list at 375 px without sideways
scrolling; every page passes the accessibility check. Screenshots: qa-*.png in
test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_qa.py
"""

from __future__ import annotations

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.participation.models import PolicyQuestion, QuestionStatus
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in
from gongkai.participation.tests.qa_factories import policy
from gongkai.testing.personas import STAFF
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
QUESTION = "老旧小区加装电梯，每部能补贴多少？"


@pytest.mark.usefixtures("axe_js")
def test_a_letter_becomes_a_published_entry_on_the_policy_page(
    live_server, browser_context_factory, time_machine, office, editor, reviewer
):
    from playwright.sync_api import expect

    time_machine.move_to(WRITTEN, tick=True)
    document = policy(office)
    letter = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    base, found = live_server.url, {}

    # --- The editor makes the letter an entry, names the policy wrongly, then rightly -----------
    tab = log_in(
        browser_context_factory(viewport=WIDE),
        base,
        STAFF["editor"][0],
        f"/workbench/letters/{letter.pk}/",
    )
    tab.get_by_role("button", name="由来信生成问答").click()
    tab.wait_for_load_state()
    expect(tab.locator(".messages")).to_contain_text(f"已由来信{letter.number}生成问答草稿")
    expect(tab.get_by_label("问题")).not_to_contain_text("13912345678")
    tab.get_by_label("问题").fill(QUESTION)
    tab.get_by_label("政策依据1：文件").fill("关于加装电梯的意见")
    tab.get_by_label("政策依据1：条款").fill("第五条")
    tab.get_by_role("button", name="保存", exact=True).click()
    tab.wait_for_load_state()
    expect(tab.locator(".field-error").first).to_contain_text("没有找到“关于加装电梯的意见”")
    expect(tab.get_by_label("政策依据1：条款")).to_have_value("第五条")
    expect(tab.get_by_label("问题")).to_have_value(QUESTION)
    if violations := axe_violations(tab):
        found["entry (refused)"] = violations
    screenshot(tab, "qa-entry-refused")
    tab.get_by_label("政策依据1：文件").fill(document.doc_number)
    tab.get_by_role("button", name="保存", exact=True).click()
    tab.wait_for_load_state()
    expect(tab.locator(".messages")).to_contain_text("问答已保存")
    tab.get_by_role("button", name="提交审核").click()
    tab.wait_for_load_state()
    expect(tab.locator(".messages")).to_contain_text("问答已提交审核")
    entry = PolicyQuestion.objects.get()

    # --- The reviewer publishes it --------------------------------------------------------------
    reviewer_tab = log_in(
        browser_context_factory(viewport=WIDE), base, STAFF["reviewer"][0], "/workbench/qa/"
    )
    reviewer_tab.get_by_role("link", name="待审核（1）").click()
    reviewer_tab.get_by_role("link", name=QUESTION).click()
    expect(reviewer_tab.locator("main")).to_contain_text(document.title)
    if violations := axe_violations(reviewer_tab):
        found["entry (review)"] = violations
    screenshot(reviewer_tab, "qa-review")
    reviewer_tab.get_by_role("button", name="审核通过并发布").click()
    reviewer_tab.wait_for_load_state()
    expect(reviewer_tab.locator(".messages")).to_contain_text("问答已发布")
    entry.refresh_from_db()
    assert entry.status == QuestionStatus.PUBLISHED

    # --- A citizen finds it on the policy's page, at 1280 px and on a phone ---------------------
    for viewport, suffix in ((WIDE, ""), (PHONE, "-375")):
        citizen = browser_context_factory(viewport=viewport).new_page()
        citizen.goto(base + document.url)
        section = citizen.locator("section.related-qa")
        expect(section).to_contain_text(QUESTION)
        section.get_by_role("link", name=QUESTION).click()
        citizen.wait_for_load_state()
        expect(citizen.get_by_role("heading", level=1)).to_have_text(QUESTION)
        expect(citizen.locator(".qa-bases")).to_contain_text("第五条")
        expect(citizen.locator(".qa-bases")).to_contain_text("有效")
        assert citizen.evaluate(SIDEWAYS) <= 0, f"the entry scrolls sideways{suffix}"
        if violations := axe_violations(citizen):
            found[f"entry{suffix}"] = violations
        screenshot(citizen, f"qa-entry{suffix}")
        citizen.goto(base + "/qa/")
        expect(citizen.locator(".qa-list")).to_contain_text(QUESTION)
        assert citizen.evaluate(SIDEWAYS) <= 0, f"the list scrolls sideways{suffix}"
        if violations := axe_violations(citizen):
            found[f"list{suffix}"] = violations
        screenshot(citizen, f"qa-list{suffix}")
    assert not found, "axe:\n" + axe_report(found)
