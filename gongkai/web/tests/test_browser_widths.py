"""Every public page type on a phone, in the standard mode and in 长者模式.

No page may scroll sideways (`document.documentElement.scrollWidth <= window.innerWidth`); the
annual report's wide tables scroll inside a box of their own, with a hint above it. On search the
first hit comes before the facets (on the first screen at 390 px); the 文件信息 block is label |
value rows with each date on one line; 长者模式 is larger, darker and more widely spaced, and its
links and controls are at least 44 px high. At 1366 px the facets and the info block are as on a
desktop. Every page is checked at 320 px, the narrowest phone: site.css has the same rules for
320 and 390 px (it changes at 700 px, and at 400 px only the large mode's margins), so a page that
fits 320 px fits 390 px; at 390 px come the search page's first screen and axe-core on the pages
whose phone layout is their own. One world (the demo's base and a document with a long 发文字号
and long attachment names) serves every width and mode: each transactional test costs a flush.

Screenshots: test-artifacts/screenshots/widths-<width>-<mode>-<page>.png.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest -n 0 gongkai/web/tests/test_browser_widths.py
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from gongkai.applications.services import application_submit_online
from gongkai.applications.services.typical import typical_case_approve, typical_case_propose
from gongkai.applications.tests.factories import applicant_data, case_in, id_number
from gongkai.applications.tests.test_browser_apply import _fill_the_form
from gongkai.bodies.models import Body
from gongkai.documents.models import Attachment, DocumentAttachment
from gongkai.search import index
from gongkai.testing.demo import demo_base
from gongkai.testing.personas import publish_document
from gongkai.web.tests.browser import axe_script, axe_violations, screenshot
from gongkai.web.tests.test_browser_accessibility import (
    LAW_ID,
    _law_library,
    _published_report,
)

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONES = {320: {"width": 320, "height": 640}, 390: {"width": 390, "height": 844}}
NARROWEST = 320
DESKTOP = {"width": 1366, "height": 900}
MODES = ("standard", "large")
TAP_TARGET_PX = 44  # WCAG 2.5.5

LZYJ = "/gs-bgt/fdzdgknr/lzyj/"
LONG_DOC_NUMBER = "甘肃省发展和改革委员会甘肃省财政厅甘发改价格〔2024〕1234号"
LONG_ATTACHMENTS = (
    "附件1：甘肃省政府定价的经营服务性收费目录清单（2024年版）及各市州执行情况统计汇总表",
    "附件2：Gansu_price_catalogue_2024_appendix_implementation_statistics_final_revised.xlsx",
)
SEARCH = "/search/?q=政府信息公开 申请"
# The pages whose phone layout is their own (cards, label | value rows, hits before facets, a table
# scrolling in its box): axe-core checks them at 390 px too (test_browser_accessibility checks
# every page at desktop width; without axe-core this part is left out, the rest not).
AXE_AT_390 = ("column", "document-long", "search-results", "annual-report")

# The elements that stick out past the right edge of the window (the innermost ones, outside any
# box that scrolls or clips on its own): what a failure names.
SIDEWAYS = """() => {
  const limit = window.innerWidth + 0.5, out = [];
  const clipped = e => { for (let a = e.parentElement; a; a = a.parentElement) {
    if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true; }
    return false; };
  for (const e of document.body.querySelectorAll('*')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.right <= limit || clipped(e)) continue;
    if ([...e.children].some(c => c.getBoundingClientRect().right > limit)) continue;
    out.push(`${Math.round(r.right)}px <${e.tagName.toLowerCase()} class="${e.className}">`
      + ` ${(e.textContent || '').trim().slice(0, 30)}`);
  }
  return out.slice(0, 3);
}"""

# The controls and the links that stand alone (menus, lists, cells) lower than a tap target.
SMALL_TARGETS = """(least) => {
  const sel = ['button', 'select', 'textarea', 'input:not([type=checkbox]):not([type=radio])'
    + ':not([type=hidden])', 'nav a', 'li > a', 'td > a', 'h2 > a', 'h3 > a'].join(',');
  return [...document.querySelectorAll(sel)]
    .filter(e => e.closest('.skip-link, .visually-hidden') === null && e.getClientRects().length)
    .map(e => [e, e.getBoundingClientRect().height])
    .filter(([e, h]) => h < least - 0.5)
    .map(([e, h]) => `${e.tagName.toLowerCase()} "${e.textContent.trim().slice(0, 12)}" ${h}px`)
    .slice(0, 3);
}"""

# 文件信息 as label | value rows: every label at the left edge with its value beside it, the
# label column the narrower, and every date one line high.
INFO_ROWS = """() => {
  const out = [], table = document.querySelector('table.doc-info').getBoundingClientRect();
  for (const th of document.querySelectorAll('table.doc-info th')) {
    const td = th.nextElementSibling, a = th.getBoundingClientRect(), b = td.getBoundingClientRect();
    if (a.left - table.left > 2 || Math.abs(a.top - b.top) > 1 || a.width >= b.width
        || b.left < a.right - 1)
      out.push(`${th.textContent}: not a label | value row`);
  }
  for (const time of document.querySelectorAll('table.doc-info td > time:only-child')) {
    const td = time.parentElement, style = getComputedStyle(td);
    const inner = td.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    const line = parseFloat(style.lineHeight), r = time.getBoundingClientRect();
    if (time.getClientRects().length !== 1 || inner > 1.5 * line
        || r.right > td.getBoundingClientRect().right + 0.5)
      out.push(`${td.previousElementSibling.textContent} ${time.textContent}: ${inner}px high`);
  }
  return out;
}"""


def _long_document(office: Body):
    """A document whose 发文字号 and attachment names are longer than a phone is wide."""
    document = publish_document(
        office,
        title="甘肃省发展和改革委员会甘肃省财政厅关于公布甘肃省政府定价的经营服务性收费目录清单的通知",
        slug="sfml-2024",
        doc_number=LONG_DOC_NUMBER,
        issuer_names="甘肃省发展和改革委员会、甘肃省财政厅",
        written_on=date(2024, 12, 31),
        effective_on=date(2025, 11, 28),
        expires_on=date(2029, 12, 31),
        topic="综合政务\\政务公开",
    )
    for title in LONG_ATTACHMENTS:
        attachment = Attachment(title=title, collection=office.collection)
        attachment.file.save("sfml-2024.xlsx", ContentFile(b"PK\x03\x04"), save=False)
        attachment.save()
        DocumentAttachment.objects.create(page=document, attachment=attachment, title=title)
    return document


def _typical_case() -> str:
    """A published 典型案例 of the General Office; its path."""
    users = get_user_model().objects
    clerk = users.get(username="bgt_clerk")
    case = typical_case_propose(
        user=clerk,
        application=case_in("replied", clerk=clerk),
        title="关于申请公开老旧小区改造项目立项批复文件的典型案例",
        summary="申请人申请公开某老旧小区改造项目的立项批复文件及其附件清单。",
        reply_text="经检索，该信息已主动公开，告知申请人获取的方式和途径。",
        letter_text="申请人某某：\n经检索，该信息已主动公开。\n特此答复。",
    )
    typical_case_approve(case, user=users.get(username="bgt_head"))
    return f"/apply/cases/{case.pk}/"


def _sideways(page) -> str | None:
    scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if scroll <= inner:
        return None
    return f"scrolls sideways ({scroll}px in {inner}px): " + "; ".join(page.evaluate(SIDEWAYS))


def test_every_public_page_fits_a_phone_in_both_modes(
    live_server, browser_context_factory, settings, tmp_path
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    demo_base()
    office = Body.objects.get(code="gs-bgt")
    document = _long_document(office)
    report = _published_report(office, get_user_model().objects.get(username="bgt_editor"))
    library = _law_library(tmp_path)
    index.catch_up()
    app, query_code = application_submit_online(office, applicant_data())
    pages = [
        ("portal", "/"),
        ("body-home", "/gs-bgt/"),
        ("column", LZYJ),
        ("document-amended", LZYJ + "xxgk-gd-2019/"),
        ("document-long", document.url),
        ("print-view", document.url + "print/"),
        ("interpretation", LZYJ + "gzyd-2021-jd/"),
        ("policy-library", "/library/"),
        ("search-results", SEARCH),
        ("search-none", "/search/?q=不存在的检索词"),
        ("law-library", library),
        ("law", f"{library}fl/{LAW_ID}/"),
        ("apply-choose", "/apply/"),
        ("apply-form", "/apply/gs-bgt/"),
        ("tracking", "/apply/track/"),
        ("recovery", "/apply/recover/"),
        ("typical-cases", "/apply/cases/"),
        ("typical-case", _typical_case()),
        ("annual-report", report.url),
        ("not-found", "/no-such-page/"),
    ]
    base = live_server.url
    problems: list[str] = []

    def check(page, where: str) -> None:
        wrong = _sideways(page)
        if wrong:
            problems.append(f"{where}: {wrong}")
        screenshot(page, f"widths-{where}")

    def phone(width: int, mode: str):
        context = browser_context_factory(viewport=PHONES[width])
        if mode == "large":
            context.add_cookies([{"name": "large_text", "value": "1", "url": base}])
        return context, context.new_page()

    # Every check at 320 px. The style rules are the same at 320 and 390 px (site.css changes at
    # 700 px, and at 400 px only the large mode's margins: both phones are below both), so what
    # fits 320 px fits 390 px; the pass at 390 px checks only what belongs to that width, below.
    width = NARROWEST
    for mode in MODES:
        context, page = phone(width, mode)
        for name, path in pages:
            response = page.goto(base + path)
            assert response is not None and response.status in (200, 404), (name, path)
            check(page, f"{width}-{mode}-{name}")
            if name.startswith("document") or name == "print-view":
                problems += [f"{width}-{mode}-{name}: {p}" for p in page.evaluate(INFO_ROWS)]
            if mode == "large" and name != "print-view":  # made for paper, not the mode
                small = page.evaluate(SMALL_TARGETS, TAP_TARGET_PX)
                problems += [f"{width}-{mode}-{name}: tap target {s}" for s in small]

        # The receipt, after a real submission, with the query code shown the once.
        page.goto(base + "/apply/gs-bgt/")
        _fill_the_form(page, id_number())
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_url("**/apply/receipt/")
        check(page, f"{width}-{mode}-receipt")
        # The case as its applicant tracks it.
        page.goto(base + "/apply/track/")
        page.get_by_label("申请编号").fill(app.case_number)
        page.get_by_label("查询码").fill(query_code)
        page.get_by_role("button", name="查询", exact=True).click()
        page.wait_for_url(f"**/apply/track/{app.pk}/")
        check(page, f"{width}-{mode}-tracked-case")

        page.goto(base + report.url)
        box = page.locator(".report-table-scroll").first
        if not box.evaluate("e => e.scrollWidth > e.clientWidth"):
            problems.append(f"{width}-{mode}-annual-report: the wide table does not scroll")
        if not page.locator(".report-scroll-hint").first.is_visible():
            problems.append(f"{width}-{mode}-annual-report: no hint over the wide table")

        if mode == "large":  # larger, more widely spaced, darker
            size, spacing, color = page.locator("body").evaluate(
                "e => { const s = getComputedStyle(e); "
                "return [s.fontSize, parseFloat(s.lineHeight) / parseFloat(s.fontSize), s.color]; }"
            )
            if (size, color) != ("22px", "rgb(0, 0, 0)") or spacing < 1.8:
                problems.append(f"{width}-{mode}: body text {size}, {spacing:.2f}, {color}")
        context.close()

    # At both widths: the first hit before the facets (at 390 px on the first screen), and at
    # 390 px axe-core on the pages whose phone layout is their own.
    paths = dict(pages)
    for width in PHONES:
        for mode in MODES:
            context, page = phone(width, mode)
            page.goto(base + SEARCH)
            first_hit, facets = (
                page.locator(sel).first.bounding_box() for sel in ("ol.results > li", ".facets")
            )
            if not first_hit["y"] < facets["y"]:
                problems.append(f"{width}-{mode}-search: the facets come before the first hit")
            if width == 390 and mode == "standard" and first_hit["y"] >= PHONES[width]["height"]:
                problems.append(f"{width}-{mode}-search: first hit at {first_hit['y']}px")
            if width != NARROWEST and axe_script() is not None:
                for name in AXE_AT_390:
                    page.goto(base + paths[name])
                    check(page, f"{width}-{mode}-{name}")
                    problems += [
                        f"{width}-{mode}-{name}: axe {v['impact']} {v['id']} {v['targets'][0]}"
                        for v in axe_violations(page)
                    ]
            context.close()

    assert not problems, "\n".join(problems)

    # A desktop keeps the facets as a sidebar beside the hits, and 文件信息 in four columns.
    page = browser_context_factory(viewport=DESKTOP).new_page()
    page.goto(base + SEARCH)
    first_hit, facets = (
        page.locator(sel).first.bounding_box() for sel in ("ol.results > li", ".facets")
    )
    assert facets["x"] + facets["width"] < first_hit["x"]
    assert facets["y"] < first_hit["y"] + first_hit["height"]
    screenshot(page, "widths-1366-standard-search-results")
    page.goto(base + document.url)
    labels = page.locator("table.doc-info tr").first.locator("th")
    assert labels.count() == 2
    assert labels.nth(0).bounding_box()["y"] == labels.nth(1).bounding_box()["y"]
    screenshot(page, "widths-1366-standard-document-long")


# Every cell of the workbench's case list that holds a number, a name or a date: the lines its
# text takes (1 when it does not wrap).
WRAPPED_CELLS = """() => {
  const out = [];
  for (const td of document.querySelectorAll('table.case-list td.col-name, table.case-list td.col-number')) {
    const range = document.createRange();
    range.selectNodeContents(td);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    if (tops.size > 1) out.push(`${td.textContent.trim()}: ${tops.size} lines`);
  }
  return out;
}"""


def test_the_workbench_case_list_reads_at_1366_without_wrapped_names(
    live_server, browser_context_factory, office, clerk
):
    from gongkai.applications.services import application_register
    from gongkai.applications.tests.factories import organisation_data, register_case
    from gongkai.applications.tests.test_browser_workbench import log_in

    register_case(clerk, office, applicant_name="欧阳建国")
    application_register(
        user=clerk,
        body=office,
        channel="in_person",
        data=organisation_data(applicant_name="甘肃省某某信息科技有限公司兰州分公司"),
    )
    context = browser_context_factory(viewport=DESKTOP)
    page = log_in(context, live_server.url, "clerk", "/workbench/applications/")
    assert page.locator("table.case-list td.col-name").count() == 4
    assert page.evaluate(WRAPPED_CELLS) == []
    assert _sideways(page) is None
    screenshot(page, "widths-1366-workbench-list")
