"""The public site in a real browser (Debian's chromium through Playwright), on the demo data.

A visitor's path: the portal, a body's home, its columns, an amended document and the version in
force, the print view, an attachment, the library's filter form, 长者模式, and the same pages
without JavaScript. Screenshots of each step go to test-artifacts/screenshots/.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/web/tests/test_browser_public.py
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gongkai.testing.demo import demo_base
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def known_bug(reason: str):
    """A test of the correct behaviour that fails until the bug is fixed (then it must pass).

    Only an assertion counts as the expected failure: a setup error (no browser) still errors.
    """
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=reason)


OFFICE = "甘肃省人民政府办公厅"
LZYJ = "/gs-bgt/fdzdgknr/lzyj/"
IN_FORCE = LZYJ + "gfxwj/"
V2019 = LZYJ + "xxgk-gd-2019/"
V2022 = LZYJ + "xxgk-gd-2022/"
KEY_POINTS = LZYJ + "gzyd-2021/"

T2019 = "甘肃省政府信息公开申请办理规定"
T2022 = "甘肃省政府信息公开申请办理规定（2022年修订）"
T_KEY_POINTS = "甘肃省人民政府办公厅关于印发甘肃省2021年政务公开工作要点的通知"
T_INTERPRETATION = "《甘肃省2021年政务公开工作要点》政策解读"
T_EXPIRED = "甘肃省关于阶段性减免市场主体房屋租金的通知"
T_NOT_YET = "甘肃省数字政府建设管理办法"


def _expect():
    from playwright.sync_api import expect

    return expect


def _listed(page) -> dict[str, str]:
    """Title -> validity label of the documents in the page's list."""
    page.wait_for_load_state()
    rows = page.locator("table.doc-list tbody tr")
    return {
        row.locator("td").nth(0).inner_text().strip(): row.locator(".validity").inner_text().strip()
        for row in rows.all()
    }


def _info(page, label: str) -> str:
    """A value of the 文件信息 table (索引号, 发文字号, ...)."""
    cell = page.locator(
        f"xpath=//table[contains(@class,'doc-info')]//th[normalize-space()='{label}']"
        "/following-sibling::td[1]"
    )
    return cell.inner_text().strip()


def test_visitor_path_from_portal_to_document(live_server, browser_page):
    expect = _expect()
    demo_base()
    page = browser_page
    base = live_server.url

    # The portal: heading and the tree of bodies.
    page.goto(base + "/")
    expect(page.get_by_role("heading", level=1, name="甘肃省政务公开平台")).to_be_visible()
    bodies = page.locator("section[aria-labelledby='h-sites']")
    expect(bodies.get_by_role("heading", name="各地各部门政府信息公开")).to_be_visible()
    for name in (OFFICE, "甘肃省人民政府", "兰州市人民政府", "兰州市城关区张掖路街道办事处"):
        expect(bodies.get_by_role("link", name=name, exact=True)).to_be_visible()
    # The stylesheet was served (white-on-red header), so the screenshots show the real design.
    header_bg = page.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header_bg == "rgb(164, 0, 15)"
    screenshot(page, "01-portal-home")

    # The office's home, then its columns.
    bodies.get_by_role("link", name=OFFICE, exact=True).click()
    expect(page).to_have_url(base + "/gs-bgt/")
    expect(page.get_by_role("heading", level=1, name=OFFICE)).to_be_visible()
    screenshot(page, "02-office-home")
    page.locator("main").get_by_role("link", name="法定主动公开内容", exact=True).click()
    page.locator("main").get_by_role("link", name="行政法规、规章和规范性文件", exact=True).click()
    expect(page).to_have_url(base + LZYJ)
    expect(page.get_by_role("heading", level=1, name="行政法规、规章和规范性文件")).to_be_visible()
    assert _listed(page) == {
        T_NOT_YET: "尚未生效",
        T_EXPIRED: "失效",
        T2022: "有效",
        T2019: "已修改",
        T_INTERPRETATION: "有效",
        T_KEY_POINTS: "有效",
    }
    screenshot(page, "03-column-lzyj")

    # The in-force column: the 2022 version, not the amended 2019 one nor the expired notice.
    page.locator("main").get_by_role("link", name="行政规范性文件", exact=True).click()
    expect(page).to_have_url(base + IN_FORCE)
    expect(page.get_by_text("现行有效的行政规范性文件")).to_be_visible()
    listed = _listed(page)
    assert listed == {T2022: "有效", T_KEY_POINTS: "有效"}
    assert T2019 not in listed and T_EXPIRED not in listed and T_NOT_YET not in listed
    screenshot(page, "04-column-gfxwj-in-force")

    # Back up through the breadcrumbs to the amended 2019 document.
    page.locator("nav.breadcrumbs").get_by_role("link", name="行政法规、规章和规范性文件").click()
    page.locator("table.doc-list").get_by_role("link", name=T2019, exact=True).click()
    expect(page).to_have_url(base + V2019)
    banner = page.get_by_role("note", name="有效性提示")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("本文件已修改")
    in_force_link = banner.get_by_role("link", name=re.escape(T2022))
    expect(in_force_link).to_contain_text("甘政办发〔2022〕37号")
    assert _info(page, "有效性") == "已修改"
    screenshot(page, "05-document-2019-amended")

    # The banner's link lands on the version in force.
    in_force_link.click()
    expect(page).to_have_url(base + V2022)
    expect(page.get_by_role("heading", level=1, name=T2022)).to_be_visible()
    expect(page.get_by_role("note", name="有效性提示")).to_have_count(0)
    assert _info(page, "有效性") == "有效"
    assert _info(page, "发文字号") == "甘政办发〔2022〕37号"
    screenshot(page, "06-document-2022-in-force")

    # The print view of the 2019 document: the info block and banner, no site navigation.
    page.goto(base + V2019)
    page.get_by_role("link", name="打印本页").click()
    expect(page).to_have_url(base + V2019 + "print/")
    expect(page.get_by_role("heading", level=1, name=T2019)).to_be_visible()
    expect(page.locator("table.doc-info")).to_be_visible()
    assert _info(page, "发文字号") == "甘政办发〔2019〕101号"
    index_number = _info(page, "索引号")
    assert index_number and index_number != "—"
    expect(page.get_by_role("note", name="有效性提示")).to_contain_text("本文件已修改")
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.locator("header, footer, .site-header, .site-nav, .breadcrumbs")).to_have_count(0)
    for nav_link in ("平台首页", "政策文件库", "长者模式（大字）", "打印本页"):
        expect(page.get_by_role("link", name=nav_link)).to_have_count(0)
    screenshot(page, "07-print-view")

    # The key-points document's attachment downloads as a DOCX (a zip: "PK").
    page.goto(base + KEY_POINTS)
    attachment = page.get_by_role("link", name="附件：甘肃省2021年政务公开工作要点")
    expect(attachment).to_be_visible()
    with page.expect_download() as download_info:
        attachment.click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename.endswith(".docx")
    assert Path(download.path()).read_bytes()[:2] == b"PK"
    screenshot(page, "08-document-with-attachment")

    # 长者模式: the nav link sets a cookie and comes back to the same page in large text.
    body = page.locator("body")
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))
    page.get_by_role("link", name="长者模式（大字）").click()
    expect(page).to_have_url(base + KEY_POINTS)
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    assert body.evaluate("e => getComputedStyle(e).fontSize") == "22px"
    screenshot(page, "09-large-text")
    page.goto(base + LZYJ)  # the mode stays on other pages, and switches back
    expect(body).to_have_class(re.compile(r"\blarge-text\b"))
    page.get_by_role("link", name="标准模式").click()
    expect(page).to_have_url(base + LZYJ)
    expect(body).not_to_have_class(re.compile(r"\blarge-text\b"))


def test_library_form_and_pages_without_javascript(
    live_server, browser_page, browser_context_factory
):
    expect = _expect()
    demo_base()
    page = browser_page
    base = live_server.url

    # An invalid year: the Chinese error, and every chosen value kept in the form.
    page.goto(base + "/library/")
    expect(page.get_by_role("heading", level=1, name="政策文件库")).to_be_visible()
    page.get_by_label("发文机关", exact=True).select_option(label=OFFICE)
    page.get_by_label("文种", exact=True).select_option("normative")
    page.get_by_label("有效性", exact=True).select_option("effective")
    page.get_by_label("标题包含", exact=True).fill("规定")
    year = page.get_by_label("发布年份", exact=True)
    # A number input does not accept letters from the keyboard; "abc" arrives from older
    # browsers and hand-edited links, so the field is made a text box to send it.
    year.evaluate("e => { e.type = 'text'; }")
    year.fill("abc")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]year=abc(&|$)"))
    expect(page.locator(".field-error")).to_have_text("请输入四位年份")
    expect(page.get_by_role("alert")).to_contain_text("请输入四位年份")
    expect(page.get_by_label("发文机关", exact=True)).to_have_value("gs-bgt")
    expect(page.get_by_label("文种", exact=True)).to_have_value("normative")
    expect(page.get_by_label("有效性", exact=True)).to_have_value("effective")
    expect(page.get_by_label("标题包含", exact=True)).to_have_value("规定")
    # The server sends the rejected text back; chromium shows a number input with "abc" as empty.
    assert page.get_by_label("发布年份", exact=True).get_attribute("value") == "abc"
    screenshot(page, "10-library-invalid-year")

    # A valid filter narrows the list.
    page.goto(base + "/library/?body=gs-bgt&validity=effective&doc_type=normative")
    assert _listed(page) == {T2022: "有效", T_KEY_POINTS: "有效"}

    # Without JavaScript: documents, the library and its form, and 长者模式 all work.
    no_js = browser_context_factory(java_script_enabled=False).new_page()
    no_js.goto(base + V2019)
    expect(no_js.get_by_role("heading", level=1, name=T2019)).to_be_visible()
    expect(no_js.get_by_role("note", name="有效性提示")).to_contain_text("本文件已修改")
    expect(no_js.locator(".doc-body")).to_contain_text("第一条")
    expect(no_js.get_by_role("link", name=re.escape(T2022))).to_have_count(2)  # banner, versions
    screenshot(no_js, "11-nojs-document")

    no_js.goto(base + "/library/")
    expect(no_js.get_by_role("heading", level=1, name="政策文件库")).to_be_visible()
    expect(no_js.locator("table.doc-list tbody tr").first).to_be_visible()
    no_js.get_by_label("标题包含", exact=True).fill("申请办理规定")
    no_js.get_by_role("button", name="筛选").click()
    expect(no_js).to_have_url(re.compile(r"[?&]title="))
    assert _listed(no_js) == {T2022: "有效", T2019: "已修改"}
    screenshot(no_js, "12-nojs-library-filtered")
    no_js.get_by_role("link", name="长者模式（大字）").click()
    expect(no_js.locator("body")).to_have_class(re.compile(r"\blarge-text\b"))
    expect(no_js.get_by_label("标题包含", exact=True)).to_have_value("申请办理规定")


# --- Known bugs: each test asserts the correct behaviour and is expected to fail until fixed. ---


def test_invalid_year_does_not_drop_the_other_filters(live_server, browser_page, office):
    from datetime import date

    from gongkai.documents.models import DocType
    from gongkai.testing.personas import publish_document

    publish_document(office, title="现行的管理规定", effective_on=date(2022, 1, 1))
    publish_document(
        office,
        title="已失效的管理规定",
        effective_on=date(2022, 3, 1),
        expires_on=date(2023, 1, 1),
    )
    publish_document(office, title="其他文件中的规定", doc_type=DocType.OTHER)
    browser_page.goto(
        live_server.url + "/library/?doc_type=normative&validity=effective&title=规定&year=abc"
    )
    _expect()(browser_page.locator(".field-error")).to_have_text("请输入四位年份")
    listed = _listed(browser_page)
    # Either the valid filters still apply, or no list is shown with the error; never the rest.
    assert set(listed) <= {"现行的管理规定"}, listed


def test_rejected_year_stays_visible(live_server, browser_page):
    from gongkai.sites.services import portal_ensure

    portal_ensure()
    browser_page.goto(live_server.url + "/library/?year=abc")
    _expect()(browser_page.locator(".field-error")).to_have_text("请输入四位年份")
    _expect()(browser_page.get_by_label("发布年份", exact=True)).to_have_value("abc")


def test_field_error_is_described_by_the_input(live_server, browser_page):
    from gongkai.sites.services import portal_ensure

    portal_ensure()
    browser_page.goto(live_server.url + "/library/?year=abc")
    described_by = browser_page.get_by_label("发布年份", exact=True).get_attribute(
        "aria-describedby"
    )
    assert described_by
    description = browser_page.locator(f"[id='{described_by}']")
    _expect()(description).to_have_text("请输入四位年份")


def test_main_has_vertical_padding(live_server, browser_page):
    from gongkai.sites.services import portal_ensure

    portal_ensure()
    browser_page.goto(live_server.url + "/")
    main = browser_page.locator("main")
    assert main.evaluate("e => getComputedStyle(e).paddingTop") != "0px"
    assert main.evaluate("e => getComputedStyle(e).paddingBottom") != "0px"


def test_home_page_titles_are_not_doubled(live_server, browser_page, office):
    browser_page.goto(live_server.url + "/")
    assert browser_page.title().count("甘肃省政务公开平台") == 1, browser_page.title()
    browser_page.goto(live_server.url + "/gs-bgt/")
    assert browser_page.title().count(OFFICE) == 1, browser_page.title()


def test_print_view_cites_the_document_address(live_server, browser_page, office):
    from gongkai.testing.personas import publish_document

    document = publish_document(office, title="打印测试文件", slug="dyks")
    browser_page.goto(live_server.url + document.url + "print/")
    source = browser_page.locator(".print-source")
    _expect()(source).to_have_text(f"来源：{live_server.url}{document.url}")
