"""A case handled in the staff workbench in a real browser (Debian's chromium through Playwright).

A clerk logs in through Wagtail's login page, opens an application submitted online, requests a
correction, records the corrected application; the office head, in a second browser, extends the
reply period by 10 working days; the clerk drafts 部分公开 with reasons, the office head reviews
and signs it off (签发), the clerk delivers the reply,
downloads the 答复书 as DOCX and PDF and reads the history. Screenshots of each step go to
test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/applications/tests/test_browser_workbench.py
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from pypdf import PdfReader

from gongkai.applications.models import ApplicationStatus
from gongkai.applications.services import application_submit_online
from gongkai.testing.personas import PASSWORD
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

TZ = ZoneInfo("Asia/Shanghai")
# A Tuesday in a year with official holiday data, so that every date of the case is certain.
# The clock ticks on from there (the browser's own timers are not affected).
START = datetime(2025, 3, 4, 9, 30, tzinfo=TZ)
REASONS = "申请公开的第二项信息涉及第三方商业秘密，公开会对第三方合法权益造成损害，依据条例第十五条不予公开"


def _expect():
    from playwright.sync_api import expect

    return expect


def log_in(context, base: str, username: str, next_url: str):
    """Wagtail's login page, then back to the page asked for."""
    page = context.new_page()
    page.goto(base + next_url)
    _expect()(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button").first.click()
    _expect()(page).to_have_url(base + next_url)
    return page


def act(page, action: str, fill: dict[str, str] | None = None):
    """Open an action's form (a <details> named after the action), fill it in and send it."""
    section = page.locator(f"#action-{action}")
    title = section.locator(":scope > summary").inner_text().strip()
    section.locator(":scope > summary").click()
    for selector, value in (fill or {}).items():
        field = section.locator(selector)
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    section.get_by_role("button", name=title, exact=True).click()
    page.wait_for_load_state()


def info(page, label: str) -> str:
    cell = page.locator(
        f"xpath=//table[contains(@class,'case-info')]//th[normalize-space()='{label}']"
        "/following-sibling::td[1]"
    ).first
    return cell.inner_text().strip()


def test_a_clerk_and_the_office_head_handle_a_case_to_the_reply(
    live_server, browser_context_factory, time_machine, office, clerk, office_head, citizen
):
    expect = _expect()
    time_machine.move_to(START, tick=True)
    app, _ = application_submit_online(office, citizen.data)
    base = live_server.url

    # The clerk logs in through Wagtail's login page and lands on the workbench.
    page = log_in(browser_context_factory(), base, "clerk", "/workbench/applications/")
    expect(page.get_by_role("heading", level=1, name="依申请公开申请列表")).to_be_visible()
    row = page.locator("table.case-list tbody tr", has_text=app.case_number)
    expect(row).to_contain_text("已登记")
    expect(row).to_contain_text("2025年3月4日")
    expect(row).to_contain_text("139****5678")
    screenshot(page, "workbench-01-list")

    # The case page: the applicant in full, the due date explained, the receipt issued.
    row.get_by_role("link", name=app.case_number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(app.case_number)
    expect(page.locator("ul.explain")).to_contain_text("截止日为2025年4月1日（第20个工作日）")
    expect(page.locator("table.notices")).to_contain_text("政府信息公开申请受理回执")
    screenshot(page, "workbench-02-case")

    # 告知补正 (条例第三十条): the items, one a line.
    act(
        page,
        "request_clarification",
        {"#request_clarification-items": "请写明所需文件的年度\n请写明文件名称或文号"},
    )
    expect(page.locator(".messages")).to_contain_text("已告知补正。")
    assert info(page, "办理状态").startswith("补正中")
    expect(page.locator("table.notices")).to_contain_text("政府信息公开申请补正告知书")
    screenshot(page, "workbench-03-clarification")

    # 收到补正后的申请: a fresh 20 working days from today.
    act(
        page,
        "receive_correction",
        {
            "#receive_correction-description": "2023年城关区老旧小区改造项目（2023年第12号）的立项批复"
        },
    )
    assert info(page, "办理状态") == "办理中"
    expect(page.locator("ul.explain")).to_contain_text("答复期限自该日重新起算")
    clerk_page = page

    # The office head, in a second browser, extends by 10 working days (条例第三十三条第二款).
    head = log_in(
        browser_context_factory(), base, "office_head", f"/workbench/applications/{app.pk}/"
    )
    act(
        head,
        "extend",
        {"#extend-days": "10", "#extend-reason": "所申请信息需调取档案并逐项审查"},
    )
    expect(head.locator(".messages")).to_contain_text("已延长答复期限。")
    assert info(head, "延长答复期限").startswith("10个工作日")
    expect(head.locator("ul.explain")).to_contain_text("其中延长10个工作日")
    expect(head.locator("table.notices")).to_contain_text("政府信息公开申请延期答复告知书")
    screenshot(head, "workbench-04-extended-by-office-head")

    # The clerk never sees the extension form.
    page = clerk_page
    page.reload()
    expect(page.locator("#action-extend")).to_have_count(0)

    # 作出答复决定: 部分公开, with the reasons for the withheld part (条例第三十七条).
    act(
        page,
        "decide",
        {"#decide-decision": "partial", "#decide-reasons": REASONS},
    )
    expect(page.locator(".messages")).to_contain_text("已拟定答复决定，提交审核。")
    assert info(page, "办理状态") == "待审核"

    # The office head reviews and signs it off (test_browser_review.py: reviewer and returns).
    head.reload()
    act(head, "review_approve")
    act(head, "sign_off")
    expect(head.locator(".messages")).to_contain_text("已签发。")
    page.reload()
    assert info(page, "办理状态") == "已决定"
    assert info(page, "办理结果").startswith("部分公开")
    screenshot(page, "workbench-05-decided")

    act(page, "deliver_reply")
    assert info(page, "办理状态") == "已答复"

    # The reply as Word and PDF: the case number, the basis, the reasons.
    notices = page.locator("table.notices")
    with page.expect_download() as word_info:
        notices.get_by_role("link", name="下载 Word（政府信息公开申请答复书）").click()
    word = word_info.value
    assert word.failure() is None
    assert word.suggested_filename == f"{app.case_number}-政府信息公开申请答复书（部分公开）.docx"
    text = "\n".join(p.text for p in docx.Document(word.path()).paragraphs)
    assert app.case_number in text
    assert "第三十七条" in text and REASONS in text
    with page.expect_download() as pdf_info:
        notices.get_by_role("link", name="下载 PDF（政府信息公开申请答复书）").click()
    pdf = pdf_info.value
    assert "部分公开" in pdf.suggested_filename
    reader = PdfReader(Path(pdf.path()))
    pdf_text = re.sub(r"\s+", "", "".join(p.extract_text() for p in reader.pages))
    assert app.case_number in pdf_text and "第三十七条" in pdf_text
    assert "政府信息公开申请答复书" in pdf_text

    # The history, in order, with who did what.
    history = page.locator("table.history tbody tr")
    steps = [
        history.nth(i).locator("td").nth(2).inner_text().strip() for i in range(history.count())
    ]
    assert steps == [
        "在线提交申请",
        "告知补正",
        "收到补正后的申请",
        "延长答复期限",
        "拟定答复决定，提交审核",
        "审核通过",
        "签发",
        "送达答复",
    ]
    expect(history.nth(3)).to_contain_text("office_head")
    expect(history.nth(3)).to_contain_text("延长10个工作日")
    page.locator("#history").scroll_into_view_if_needed()
    screenshot(page, "workbench-06-replied-history")

    app.refresh_from_db()
    assert app.status == ApplicationStatus.REPLIED
    assert app.decision == "partial" and app.extension_days == 10
    assert app.notices.count() == 4  # receipt, 补正告知书, 延期答复告知书, 答复书
