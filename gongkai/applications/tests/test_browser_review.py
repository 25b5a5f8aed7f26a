"""A decision through 审核 and 签发 to delivery, in a real browser (Debian's chromium).

The clerk drafts 部分公开; delivery is not offered; the reviewer finds it in the review queue with
its days left and approves it; the office head returns it once with a reason, which the clerk
sees; drafted again, reviewed, signed off; the clerk delivers the reply letter issued at 签发.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/applications/tests/test_browser_review.py
"""

from __future__ import annotations

import pytest

from gongkai.applications.models import ApplicationStatus, NoticeKind
from gongkai.applications.tests.factories import case_in
from gongkai.applications.tests.test_browser_workbench import START, _expect, act, info, log_in
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

DRAFT = {"#decide-decision": "partial", "#decide-reasons": "第二项涉及第三方商业秘密，不予公开"}


def test_a_draft_decision_goes_through_review_and_sign_off_to_delivery(
    live_server, browser_context_factory, time_machine, office, clerk, reviewer, office_head
):
    expect = _expect()
    time_machine.move_to(START, tick=True)
    app = case_in(ApplicationStatus.HANDLING, clerk=clerk)
    url = f"/workbench/applications/{app.pk}/"
    base = live_server.url

    page = log_in(browser_context_factory(), base, "clerk", url)
    act(page, "decide", DRAFT)
    assert info(page, "办理状态") == "待审核"
    expect(page.locator("#action-deliver_reply")).to_have_count(0)

    # The reviewer's queue lists it with the working days left; the draft is on the case page.
    check = log_in(browser_context_factory(), base, "reviewer", "/workbench/applications/review/")
    row = check.locator("table.case-list tbody tr", has_text=app.case_number)
    expect(row).to_contain_text("待审核")
    row.get_by_role("link", name=app.case_number).click()
    expect(check.locator("#draft")).to_contain_text("部分公开")
    act(check, "review_approve")
    assert info(check, "办理状态") == "待签发"

    # The office head returns it once, with a reason the clerk then sees.
    head = log_in(browser_context_factory(), base, "office_head", url)
    act(head, "sign_off_return", {"#sign_off_return-reason": "请写明第一项的获取方式"})
    page.reload()
    expect(page.locator("#returned")).to_contain_text("请写明第一项的获取方式")
    act(page, "decide", DRAFT)
    check.reload()
    act(check, "review_approve")
    head.reload()
    act(head, "sign_off")
    assert info(head, "办理状态") == "已决定"
    screenshot(head, "review-01-signed-off")

    page.reload()
    expect(page.locator("table.notices")).to_contain_text("政府信息公开申请答复书")
    act(page, "deliver_reply")
    assert info(page, "办理状态") == "已答复"
    app.refresh_from_db()
    reply = app.notices.get(kind=NoticeKind.REPLY)
    assert reply.event.action == "sign_off" and app.decision == "partial"
