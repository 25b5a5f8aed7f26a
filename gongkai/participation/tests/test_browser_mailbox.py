"""A citizen writes to a body's 领导信箱 in a real browser (Debian's chromium, Playwright) on a
phone, 375 px wide: the body chosen, a letter with mistakes (the error summary takes the focus),
the corrected one, the receipt with the number and the query code, tracking; the staff answer it
through the workflow and publish it; the citizen reads the reply and rates it; the published
letter shows the name masked and no phone. Accessibility (axe) at 375 and 1280 px, no sideways
scrolling; screenshots in test-artifacts/screenshots/mailbox-*.png.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_mailbox.py
"""

from __future__ import annotations

import pytest

from gongkai.participation import letter_workflow as flow
from gongkai.participation.forms_letters_public import MSG_SUMMARY
from gongkai.participation.models import Letter, LetterStatus, ReplyKind
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE_WIDTH = 375
DESK_WIDTH = 1280
SUBJECT = "关于小区门口路灯长期不亮的求助"
TEXT = "我是王小明，家住某某小区。小区门口的三盏路灯已经一个多月不亮，夜间出行不便，请协调维修。"
REPLY = "王小明您好：经核实，路灯线路老化，已安排维修，预计本周内恢复照明。"


@pytest.mark.usefixtures("axe_js")
def test_a_citizen_writes_tracks_and_rates_a_letter_from_a_phone(
    live_server, browser_context_factory, office, editor, reviewer
):
    from playwright.sync_api import expect

    found: dict[str, list] = {}

    def check(tab, name: str, width: int) -> None:
        assert tab.evaluate("document.documentElement.scrollWidth") <= width, name
        if violations := axe_violations(tab):
            found[f"{name}@{width}"] = violations
        screenshot(tab, f"mailbox-{name}-{width}")

    phone = browser_context_factory(viewport={"width": PHONE_WIDTH, "height": 800}).new_page()
    url = live_server.url

    # Choosing the body.
    phone.goto(url + "/")
    phone.get_by_role("navigation", name="全站导航").get_by_role("link", name="领导信箱").click()
    expect(phone.get_by_role("heading", level=1, name="领导信箱")).to_be_visible()
    check(phone, "01-index", PHONE_WIDTH)
    phone.locator("#h-bodies ~ .body-directory").get_by_role("link", name=office.name).click()
    expect(phone.get_by_role("heading", level=1, name="写信")).to_be_visible()
    check(phone, "02-form", PHONE_WIDTH)

    # Mistakes first: no category, no title, a phone number that is none.
    phone.locator("#id_text").fill(TEXT)
    phone.locator("#id_name").fill("王小明")
    phone.locator("#id_phone").fill("找我")
    phone.locator("#id_consent_to_publish").check()
    phone.get_by_role("button", name="提交来信").click()
    summary = phone.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(MSG_SUMMARY)
    expect(summary).to_contain_text(flow.MSG_CATEGORY_INVALID)
    expect(summary).to_contain_text(flow.MSG_SUBJECT_REQUIRED)
    expect(summary).to_contain_text(flow.MSG_PHONE_INVALID)
    assert phone.evaluate("document.activeElement.id") == "error-summary"
    expect(phone.locator("#id_text")).to_have_value(TEXT)
    expect(phone.locator("#id_name")).to_have_value("王小明")
    expect(phone.locator("#id_phone")).to_have_value("找我")
    expect(phone.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    expect(phone.locator("#id_consent_to_publish")).to_be_checked()
    assert Letter.objects.count() == 0
    check(phone, "03-errors", PHONE_WIDTH)

    summary.get_by_role("link", name=flow.MSG_SUBJECT_REQUIRED).click()
    expect(phone.locator("#id_subject")).to_be_focused()
    phone.locator("#id_subject").fill(SUBJECT)
    phone.get_by_label("求助").check()
    phone.locator("#id_phone").fill("13987654321")
    phone.get_by_role("button", name="提交来信").click()

    # The receipt: the number and the code; a reload keeps the number.
    expect(phone.get_by_role("heading", level=1, name="来信回执")).to_be_visible()
    letter = Letter.objects.get()
    assert (letter.subject, letter.category, letter.phone) == (
        SUBJECT,
        "request_for_help",
        "13987654321",
    )
    expect(phone.locator("#letter-number")).to_have_text(letter.number)
    code = phone.locator("#query-code").inner_text()
    assert letter.query_code_check(code)
    check(phone, "04-receipt", PHONE_WIDTH)
    phone.reload()
    expect(phone.locator("#letter-number")).to_have_text(letter.number)
    expect(phone.locator("#query-code")).to_have_count(0)

    # Tracking.
    phone.get_by_role("link", name="查询办理情况").first.click()
    phone.locator("#id_number").fill(letter.number)
    phone.locator("#id_query_code").fill(code.lower())
    phone.get_by_role("button", name="查询").click()
    expect(phone.locator("#letter-status")).to_have_text("待分办")
    check(phone, "05-tracked", PHONE_WIDTH)

    # The staff answer through the workflow and publish the letter.
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind=ReplyKind.ANSWER, reply_text=REPLY)
    letter = flow.letter_approve(letter, user=reviewer, publish=True)
    assert letter.status == LetterStatus.REPLIED and letter.published

    # The citizen reads the reply and rates it.
    phone.reload()
    expect(phone.locator("#letter-status")).to_have_text("已答复")
    expect(phone.locator("#reply-text")).to_contain_text(REPLY)
    check(phone, "06-replied", PHONE_WIDTH)
    phone.get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="提交评价").click()
    expect(phone.locator(".mailbox-messages")).to_contain_text("感谢您的评价")
    expect(phone.locator("#rating")).to_contain_text("满意")
    letter.refresh_from_db()
    assert letter.satisfaction == "satisfied"
    check(phone, "07-rated", PHONE_WIDTH)

    # The published letter: the name masked, no phone.
    phone.goto(url + "/mailbox/letters/")
    check(phone, "08-letters", PHONE_WIDTH)
    phone.get_by_role("link", name=SUBJECT).click()
    expect(phone.locator("#writer")).to_have_text("王××")
    expect(phone.locator("#public-text")).to_contain_text("我是王××")
    expect(phone.locator("#public-reply")).to_contain_text("王××您好")
    main = phone.locator("main").inner_text()
    assert "王小明" not in main and "13987654321" not in main
    check(phone, "09-published", PHONE_WIDTH)
    phone.goto(url + "/mailbox/statistics/")
    expect(phone.locator(".mailbox-statistics")).to_be_visible()
    check(phone, "10-statistics", PHONE_WIDTH)

    # The same pages on a desktop screen.
    desk = browser_context_factory().new_page()
    for name, path in (
        ("01-index", "/mailbox/"),
        ("02-form", f"/mailbox/{office.code}/write/"),
        ("08-letters", "/mailbox/letters/"),
        ("09-published", f"/mailbox/letters/{letter.number}/"),
        ("10-statistics", "/mailbox/statistics/"),
    ):
        desk.goto(url + path)
        check(desk, name, DESK_WIDTH)
    desk.goto(url + "/mailbox/track/")
    desk.locator("#id_number").fill(letter.number)
    desk.locator("#id_query_code").fill(code)
    desk.get_by_role("button", name="查询").click()
    expect(desk.locator("#reply-text")).to_contain_text(REPLY)
    check(desk, "07-rated", DESK_WIDTH)

    # 长者模式 (large text) on the phone: still no sideways scrolling.
    large_context = browser_context_factory(viewport={"width": PHONE_WIDTH, "height": 800})
    large_context.add_cookies([{"name": "large_text", "value": "1", "url": url}])
    large = large_context.new_page()
    for name, path in (
        ("11-large-index", "/mailbox/"),
        ("12-large-form", f"/mailbox/{office.code}/write/"),
        ("13-large-published", f"/mailbox/letters/{letter.number}/"),
        ("14-large-statistics", "/mailbox/statistics/"),
    ):
        large.goto(url + path)
        expect(large.locator("body.large-text")).to_have_count(1)
        check(large, name, PHONE_WIDTH)

    assert not found, "axe:\n" + axe_report(found)
