"""The staff screens for mailbox letters (来信办理工作台) in a real browser (Debian's chromium,
Playwright): the office's editor transfers a letter to the city with the reason; the city's
reviewer assigns it to the city's editor, who drafts the answer; the reviewer approves it within
the limit. At 1280 px, and the queue and the letter at 375 px without sideways scrolling; the
pages pass the accessibility check and are refused nothing by the public policy the workbench
keeps (`browser_context_factory` fails on any refusal). Screenshots: letters-*.png in
test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_letter_staff.py
"""

from __future__ import annotations

import pytest

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.bodies.models import BodyRole
from gongkai.participation.models import Letter, LetterStatus
from gongkai.participation.tests.letter_factories import WRITER, WRITTEN, letter_submit
from gongkai.testing import personas
from gongkai.testing.personas import STAFF
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 800}
REASON = "来信反映的加装电梯补贴由兰州市住房和城乡建设局负责，转兰州市人民政府办理"
ANSWER = "我市老旧小区加装电梯补贴标准为每部20万元，详见《兰州市既有住宅加装电梯实施办法》。"
SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _open(tab, action: str):
    """Open an action's form (the <details id="action-…">) and return it."""
    section = tab.locator(f"#action-{action}")
    section.locator(":scope > summary").click()
    return section


def _send(tab, section, button: str):
    section.get_by_role("button", name=button, exact=True).click()
    tab.wait_for_load_state()


@pytest.mark.usefixtures("axe_js")
def test_a_letter_is_transferred_answered_and_approved(
    live_server,
    browser_context_factory,
    time_machine,
    office,
    city,
    editor,
    other_body_editor,
    other_body_reviewer,
):
    from playwright.sync_api import expect

    time_machine.move_to(WRITTEN, tick=True)
    letter, _ = letter_submit(office)
    base, found = live_server.url, {}

    # --- The office's editor transfers the letter to the city, with the reason ---------------
    tab = log_in(
        browser_context_factory(viewport=WIDE), base, STAFF["editor"][0], "/workbench/letters/"
    )
    expect(tab.get_by_role("heading", level=1)).to_have_text("来信办理")
    tab.get_by_role("link", name="全部未办结（1）").click()
    row = tab.locator(f"#letter-{letter.pk}")
    expect(row).to_contain_text("剩余5个工作日")
    expect(row).to_contain_text("待分办")
    if violations := axe_violations(tab):
        found["queue"] = violations
    screenshot(tab, "letters-queue")

    row.get_by_role("link", name=letter.number).click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(f"来信{letter.number}")
    expect(tab.locator("main")).to_contain_text(WRITER["phone"])  # the writer's contact, for staff
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    if violations := axe_violations(tab):
        found["letter"] = violations
    screenshot(tab, "letters-letter")
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = false)")

    transfer = _open(tab, "transfer")
    transfer.get_by_label("转至机关").select_option(label="兰州市人民政府")
    _send(tab, transfer, "转办其他机关")
    # Refused without the reason: the message, the chosen body kept.
    expect(tab.locator("#action-transfer .field-error")).to_contain_text("请说明转办的理由")
    transfer = tab.locator("#action-transfer")
    expect(transfer.get_by_label("转至机关")).to_have_value(city.code)
    if violations := axe_violations(tab):
        found["letter (refused)"] = violations
    screenshot(tab, "letters-transfer-refused")
    transfer.get_by_label("转办理由").fill(REASON)
    _send(tab, transfer, "转办其他机关")
    expect(tab.locator(".messages")).to_contain_text(f"来信{letter.number}：已转办至兰州市人民政府")
    expect(tab.get_by_role("heading", level=1)).to_have_text("来信办理")

    # --- The city's reviewer assigns it to the city's editor ----------------------------------
    reviewer_tab = log_in(
        browser_context_factory(viewport=WIDE),
        base,
        STAFF["other_body_reviewer"][0],
        f"/workbench/letters/{letter.pk}/",
    )
    expect(reviewer_tab.locator("main")).to_contain_text(REASON)  # in the history
    assign = _open(reviewer_tab, "assign")
    assign.get_by_label("承办人").select_option(str(other_body_editor.pk))
    _send(reviewer_tab, assign, "分办")
    expect(reviewer_tab.locator(".messages")).to_contain_text("已分办给other_editor")

    # --- The city's editor finds it in 我的待办 (the dashboard, the queue), drafts the answer --
    editor_tab = log_in(
        browser_context_factory(viewport=WIDE), base, STAFF["other_body_editor"][0], "/admin/"
    )
    panel = editor_tab.locator("#gongkai-my-letters-section")
    expect(panel).to_contain_text(letter.number)
    expect(panel).to_contain_text("剩余5个工作日")
    screenshot(editor_tab, "letters-dashboard")
    editor_tab.goto(base + "/workbench/letters/")
    row = editor_tab.locator(f"#letter-{letter.pk}")
    expect(row).to_contain_text("办理中")
    expect(row).to_contain_text("剩余5个工作日")  # the city restarts the limit on a transfer
    row.get_by_role("link", name=letter.number).click()
    draft = _open(editor_tab, "draft")
    draft.get_by_label("答复", exact=True).check()
    draft.get_by_label("答复内容").fill(ANSWER)
    _send(editor_tab, draft, "提交审核")
    expect(editor_tab.locator(".messages")).to_contain_text("答复已提交审核")
    expect(editor_tab.locator("#action-approve")).to_have_count(0)

    # --- The reviewer approves it, published with the personal data hidden ----------------------
    reviewer_tab.goto(base + "/workbench/letters/")
    row = reviewer_tab.locator(f"#letter-{letter.pk}")
    expect(row).to_contain_text("答复待审核")
    row.get_by_role("link", name=letter.number).click()
    expect(reviewer_tab.locator("main")).to_contain_text(ANSWER)
    approve = _open(reviewer_tab, "approve")
    expect(approve.get_by_label("公开来信和答复")).to_be_checked()
    expect(approve.get_by_label("公开的来信内容")).to_have_value(
        "请问我市老旧小区加装电梯的补贴标准是多少？我的电话×××。"
    )
    screenshot(reviewer_tab, "letters-approve")
    _send(reviewer_tab, approve, "审核通过，答复来信人")
    expect(reviewer_tab.locator(".messages")).to_contain_text("已审核通过")
    expect(reviewer_tab.locator(".letter-info")).to_contain_text("在答复时限内")
    screenshot(reviewer_tab, "letters-replied")

    letter.refresh_from_db()
    assert (letter.body, letter.status) == (city, LetterStatus.REPLIED)
    assert letter.answered_in_time and letter.published
    assert Letter.objects.get(pk=letter.pk).handler == other_body_editor
    assert not found, "axe:\n" + axe_report(found)


@pytest.mark.usefixtures("axe_js")
def test_the_queue_and_a_letter_on_a_phone(
    live_server, browser_context_factory, time_machine, office, city, editor, reviewer
):
    from playwright.sync_api import expect

    time_machine.move_to(WRITTEN, tick=True)
    letter, _ = letter_submit(office, subject="关于老旧小区加装电梯补贴标准和申请流程的咨询" * 2)
    base, found = live_server.url, {}
    tab = log_in(
        browser_context_factory(viewport=PHONE), base, STAFF["reviewer"][0], "/workbench/letters/"
    )
    tab.goto(base + "/workbench/letters/?tab=open")
    expect(tab.locator(f"#letter-{letter.pk}")).to_contain_text("剩余5个工作日")
    assert tab.evaluate(SIDEWAYS) <= 0, "the queue scrolls sideways at 375 px"
    if violations := axe_violations(tab):
        found["queue (375 px)"] = violations
    screenshot(tab, "letters-queue-375")

    tab.goto(base + f"/workbench/letters/{letter.pk}/")
    tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert tab.evaluate(SIDEWAYS) <= 0, "the letter scrolls sideways at 375 px"
    if violations := axe_violations(tab):
        found["letter (375 px)"] = violations
    screenshot(tab, "letters-letter-375")

    # 答复时限设置, for the city's site admin.
    personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)
    admin_tab = log_in(
        browser_context_factory(viewport=PHONE), base, "lz_admin", "/workbench/letters/limits/"
    )
    expect(admin_tab.get_by_role("heading", level=1)).to_have_text("答复时限设置：兰州市人民政府")
    admin_tab.locator("#id_complaint-extended_days").fill("3")
    admin_tab.get_by_role("button", name="保存").click()
    admin_tab.wait_for_load_state()
    expect(admin_tab.locator("#limit-complaint .field-error")).to_contain_text("不能短于原答复时限")
    assert admin_tab.evaluate(SIDEWAYS) <= 0, "the limits scroll sideways at 375 px"
    if violations := axe_violations(admin_tab):
        found["limits (375 px)"] = violations
    screenshot(admin_tab, "letters-limits-375")
    assert not found, "axe:\n" + axe_report(found)
