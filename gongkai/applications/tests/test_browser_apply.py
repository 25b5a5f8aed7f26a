"""A citizen applies for government information in a real browser (Debian's chromium, Playwright).

From a body's home page to the form, a typing mistake in the ID number, the corrected
submission, the receipt with the case number and the query code, and the tracking page with the
status and the due date; then the same form without JavaScript. Screenshots of each step go to
test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/applications/tests/test_browser_apply.py
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from gongkai.applications.models import MSG_ID_NUMBER_INVALID, Application
from gongkai.applications.selectors import application_deadline
from gongkai.applications.tests.factories import id_number
from gongkai.web.tests.browser import axe_script, axe_violations, screenshot
from gongkai.workdays.selectors import calendar_current

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

GOOD_ID = id_number()
BAD_ID = GOOD_ID[:-1] + ("1" if GOOD_ID[-1] != "1" else "2")  # one wrong check character
DESCRIPTION = "2023年城关区老旧小区改造项目的立项批复文件"


@pytest.fixture(autouse=True)
def _content_types_cached_for_the_next_restore():
    """Leave the content-type cache filled with the ids the serialized database uses.

    The next serialized_rollback test restores the database after a flush; Wagtail's Task model
    looks up its content type while being deserialized, before the content types themselves are
    restored (wagtailcore comes before contenttypes in INSTALLED_APPS), and with a cold cache
    creates a row with a new id that the restore then collides with. Filling the cache here,
    before this test's flush, lets the lookup find the right id without touching the database.
    """
    yield
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


def _expect():
    from playwright.sync_api import expect

    return expect


def _cn(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _fill_the_form(page, id_value: str) -> None:
    page.get_by_label("自然人", exact=True).check()
    page.get_by_label("申请人姓名或名称").fill("张三")
    page.get_by_label("身份证明类型").select_option(label="居民身份证")
    page.get_by_label("身份证明号码").fill(id_value)
    page.get_by_label("联系电话").fill("13912345678")
    page.get_by_label("电子邮箱").fill("zhangsan@example.invalid")
    page.get_by_label("通信地址").fill("兰州市城关区某路1号")
    page.get_by_label("邮政编码").fill("730030")
    page.get_by_label("所需政府信息的名称或内容描述").fill(DESCRIPTION)
    page.get_by_label("用途（选填）").fill("了解本小区改造计划")
    page.get_by_label("电子数据", exact=True).check()
    page.get_by_label("电子邮件", exact=True).check()
    page.locator("#id_consent").check()


def _check_accessibility(page) -> None:
    if axe_script() is not None:
        assert axe_violations(page) == []


def test_a_citizen_applies_corrects_a_mistake_and_tracks_the_case(
    live_server, browser_page, office
):
    expect = _expect()
    page = browser_page
    base = live_server.url

    # The body's home page links to its own form.
    page.goto(base + office.home_page.url)
    expect(page.get_by_role("heading", level=1, name=office.name)).to_be_visible()
    page.locator("main").get_by_role("link", name="依申请公开", exact=True).click()
    expect(page).to_have_url(base + f"/apply/{office.code}/")
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请表")).to_be_visible()
    expect(page.locator(".apply-to")).to_contain_text(office.name)
    screenshot(page, "apply-01-form")
    _check_accessibility(page)

    # A mistake: the ID number's check character is wrong.
    _fill_the_form(page, BAD_ID)
    page.get_by_role("button", name="提交申请").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("申请未提交")
    expect(summary).to_contain_text(MSG_ID_NUMBER_INVALID)
    expect(page.locator("#id_id_number_error")).to_have_text(MSG_ID_NUMBER_INVALID)
    expect(page.get_by_label("身份证明号码")).to_have_attribute("aria-invalid", "true")
    # Everything typed is kept.
    expect(page.get_by_label("身份证明号码")).to_have_value(BAD_ID)
    expect(page.get_by_label("申请人姓名或名称")).to_have_value("张三")
    expect(page.get_by_label("联系电话")).to_have_value("13912345678")
    expect(page.get_by_label("通信地址")).to_have_value("兰州市城关区某路1号")
    expect(page.get_by_label("所需政府信息的名称或内容描述")).to_have_value(DESCRIPTION)
    expect(page.get_by_label("用途（选填）")).to_have_value("了解本小区改造计划")
    expect(page.get_by_label("自然人", exact=True)).to_be_checked()
    expect(page.get_by_label("电子邮件", exact=True)).to_be_checked()
    expect(page.locator("#id_consent")).to_be_checked()
    assert Application.objects.count() == 0
    screenshot(page, "apply-02-error-kept")
    _check_accessibility(page)

    # The summary's link leads to the field.
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("身份证明号码")).to_be_focused()

    # Corrected and submitted: the receipt with the number and the query code.
    page.get_by_label("身份证明号码").fill(GOOD_ID)
    page.get_by_role("button", name="提交申请").click()
    expect(page).to_have_url(base + "/apply/receipt/")
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请回执")).to_be_visible()
    app = Application.objects.get()
    case_number = page.locator(".case-number").inner_text().strip()
    query_code = page.locator("#query-code").inner_text().strip()
    assert case_number == app.case_number
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{10}", query_code) and app.query_code_check(query_code)
    due = application_deadline(app, calendar_current(provisional=True)).due
    expect(page.locator("main")).to_contain_text(_cn(app.received_on))
    expect(page.locator("main")).to_contain_text(_cn(due))
    expect(page.get_by_role("button", name="打印回执")).to_be_visible()
    screenshot(page, "apply-03-receipt")
    _check_accessibility(page)

    # A reload does not show the code again.
    page.reload()
    expect(page.locator("#query-code")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("查询码已在提交后显示过一次")
    assert query_code not in page.content()

    # Tracking with the number and the code: 已登记 and the due date.
    page.locator("main").get_by_role("link", name="查询办理情况").first.click()
    expect(page).to_have_url(base + "/apply/track/")
    page.get_by_label("申请编号").fill(case_number)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询", exact=True).click()
    expect(page).to_have_url(base + f"/apply/track/{app.pk}/")
    assert query_code not in page.url
    expect(page.get_by_role("heading", level=1, name="申请办理情况")).to_be_visible()
    expect(page.locator(".status")).to_have_text("已登记")
    expect(page.locator(".due")).to_contain_text(_cn(due))
    main = page.locator("main")
    expect(main).to_contain_text(app.masked_id_number)
    assert GOOD_ID not in main.inner_text() and "13912345678" not in main.inner_text()
    page.get_by_text("答复期限是怎样计算的").click()
    expect(page.locator(".explain")).to_contain_text("截止日为")
    screenshot(page, "apply-04-tracking")
    _check_accessibility(page)


def test_the_form_works_without_javascript(live_server, browser_context_factory, office):
    expect = _expect()
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto(live_server.url + f"/apply/{office.code}/")
    _fill_the_form(page, GOOD_ID)
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("heading", level=1, name="政府信息公开申请回执")).to_be_visible()
    expect(page.locator(".case-number")).to_have_text(Application.objects.get().case_number)
    screenshot(page, "apply-05-receipt-no-js")
