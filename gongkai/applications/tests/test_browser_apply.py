"""A citizen applies for government information in a real browser (Debian's chromium, Playwright).

From a body's home page to the form, a typing mistake in the ID number, the corrected
submission, the receipt with the case number and the query code, and the tracking page with the
status and the due date; then the same form without JavaScript. Screenshots of each step go to
test-artifacts/screenshots/. Then a submission with several mistakes, on a desktop screen and on
a phone: the browser's own checks must not stop it, and the error summary takes the focus.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/applications/tests/test_browser_apply.py
"""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from gongkai.applications.forms_public import (
    MSG_EMAIL_NO_AT,
    MSG_REQUIRED,
    MSG_SUMMARY_APPLY,
)
from gongkai.applications.models import (
    MSG_ID_NUMBER_CHECK,
    MSG_ID_NUMBER_LENGTH,
    Application,
)
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
    expect(summary).to_contain_text(MSG_SUMMARY_APPLY)
    expect(summary).to_contain_text(MSG_ID_NUMBER_CHECK)
    expect(page.locator("#id_id_number_error")).to_have_text("错误：" + MSG_ID_NUMBER_CHECK)
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


# A desktop screen and a phone (the size of an iPhone 12–14).
SCREENS = {
    "desktop": {"viewport": {"width": 1366, "height": 768}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
}


def test_a_wrong_submission_reaches_the_server_and_the_summary_takes_the_focus(
    live_server, browser_context_factory, office, tmp_path
):
    expect = _expect()
    for screen, options in SCREENS.items():
        # An English browser: its own validation bubbles would be in English.
        page = browser_context_factory(locale="en-US", **options).new_page()
        page.goto(live_server.url + f"/apply/{office.code}/")
        _fill_the_form(page, GOOD_ID[:17])  # one digit short
        page.get_by_label("申请人姓名或名称").fill("")  # required
        page.get_by_label("电子邮箱").fill("zhangsan.example.com")  # type=email, no @
        form = page.locator("form.apply-form")
        # The browser would refuse this form, were its own checks on.
        assert form.evaluate("f => f.noValidate && !f.checkValidity()")
        assert page.get_by_label("申请人姓名或名称").get_attribute("required") is not None

        with page.expect_response(lambda r: r.request.method == "POST") as posted:
            page.get_by_role("button", name="提交申请").click()
        assert posted.value.status == 200  # the server answered: no bubble stopped the submit
        page.wait_for_load_state()
        summary = page.locator("#error-summary")
        expect(summary).to_be_visible()
        expect(summary.locator("h2")).to_have_text(MSG_SUMMARY_APPLY)
        assert page.evaluate("document.activeElement.id") == "error-summary", screen
        expect(summary).to_be_in_viewport()
        width = options["viewport"]["width"]
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll

        # Each problem is a link to its field, in the order of the form.
        links = summary.get_by_role("link")
        assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [
            "#id_applicant_name",
            "#id_id_number",
            "#id_email",
        ]
        expect(links.nth(0)).to_have_text(MSG_REQUIRED.format(label="申请人姓名或名称"))
        expect(links.nth(1)).to_have_text(MSG_ID_NUMBER_LENGTH.format(length=17))
        expect(links.nth(2)).to_have_text(MSG_EMAIL_NO_AT)
        for field in ("applicant_name", "id_number", "email"):
            control = page.locator(f"#id_{field}")
            expect(control).to_have_attribute("aria-invalid", "true")
            expect(control).to_have_attribute("aria-describedby", re.compile(f"id_{field}_error"))
            expect(page.locator(f"#id_{field}_error")).to_be_visible()
        # What was typed is still there.
        expect(page.get_by_label("身份证明号码")).to_have_value(GOOD_ID[:17])
        expect(page.get_by_label("电子邮箱")).to_have_value("zhangsan.example.com")
        expect(page.get_by_label("所需政府信息的名称或内容描述")).to_have_value(DESCRIPTION)
        expect(page.locator("#id_consent")).to_be_checked()
        page.screenshot(path=str(tmp_path / f"apply-error-{screen}.png"))
        page.screenshot(path=str(tmp_path / f"apply-error-{screen}-full.png"), full_page=True)
        _check_accessibility(page)

        # A link moves the focus to its field, and the field's label is in sight above it.
        links.nth(2).click()
        expect(page.get_by_label("电子邮箱")).to_be_focused()
        expect(page.locator("label[for=id_email]")).to_be_in_viewport()
        page.screenshot(path=str(tmp_path / f"apply-error-{screen}-field.png"))
    assert Application.objects.count() == 0

    # Without JavaScript the summary takes the focus all the same (autofocus).
    page = browser_context_factory(java_script_enabled=False).new_page()
    page.goto(live_server.url + f"/apply/{office.code}/")
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
