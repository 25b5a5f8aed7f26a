"""Accessibility: axe-core on every public page type and on the staff pages the platform owns.

Each page is loaded in Debian's chromium at desktop width (1280x900), as the visitor or the staff
member who uses it, and axe-core (package.json; `make test` installs it) runs on it with the WCAG
2.0/2.1 A and AA rules and axe's best practices. A critical or serious violation fails the test;
the moderate and minor ones are listed under "accessibility (axe-core)" at the end of the run
(gongkai/conftest.py). Wagtail's own admin pages are Wagtail's and are not checked here.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/web/tests/test_browser_accessibility.py
"""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model

from gongkai.applications.services import application_submit_online
from gongkai.applications.tests.factories import applicant_data, case_in
from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.bodies.models import Body, BodyRole
from gongkai.core.dates import today
from gongkai.documents.importers.lawrefbook import import_lawrefbook
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.services import annual_report_page_create
from gongkai.search import index
from gongkai.sites.services import portal_ensure
from gongkai.testing import personas
from gongkai.testing.demo import demo_base
from gongkai.web.tests.browser import AXE_FAILING, VIEWPORT, axe_report, axe_run

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # WhiteNoise warns that STATIC_ROOT was never collected; the finders serve the files.
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

# The user property a test records its report under (printed by gongkai/conftest.py).
AXE_REPORT = "axe_report"
DESKTOP = VIEWPORT  # 1280x900

LZYJ = "/gs-bgt/fdzdgknr/lzyj/"
LAW_ID = "a11ycheck0000001"
PLACEHOLDER = re.compile(r"【[^】]*】")  # what the report's draft asks the editor to fill in


class Audit:
    """axe on page after page: the critical and serious violations fail, the rest are reported."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.failing: dict[str, list[dict]] = {}
        self.lesser: dict[str, list[dict]] = {}
        self.checked = 0

    def goto(self, page, name: str, path: str) -> None:
        response = page.goto(self.base + path)
        assert response is not None and response.status in (200, 404), (name, path)
        # Not redirected (to a login page, say): the page asked for is the page checked.
        assert self._path(page) == path, (name, path, page.url)
        self.check(page, name)

    def _path(self, page) -> str:
        return unquote(page.url.removeprefix(self.base)).replace("+", " ")

    def check(self, page, name: str) -> None:
        """The page as it is now (after a form was sent, say)."""
        where = f"{name} {self._path(page)}"
        for violation in axe_run(page):
            found = self.failing if violation["impact"] in AXE_FAILING else self.lesser
            found.setdefault(where, []).append(violation)
        self.checked += 1

    def finish(self, record_property) -> None:
        lesser = axe_report(self.lesser) or "none"
        record_property(AXE_REPORT, f"{self.checked} pages checked; moderate and minor:\n{lesser}")
        assert not self.failing, (
            f"critical or serious accessibility violations ({self.checked} pages checked):\n"
            + axe_report(self.failing)
        )


def _law_library(tmp_path) -> str:
    """国家法律法规库 with one law, imported as `import_laws` does; the library's path."""
    folder = tmp_path / "laws"
    (folder / "法律").mkdir(parents=True)
    (folder / "法律" / "政府信息公开测试法.md").write_text(
        "# 政府信息公开测试法\n<!-- INFO END -->\n## 第一章 总则\n第一条 为了检查无障碍要求，制定本法。\n",
        encoding="utf-8",
    )
    row = {
        "id": LAW_ID,
        "level": "法律",
        "name": "政府信息公开测试法",
        "publish": "2019-04-23",
        "valid_from": "2019-10-01",
        "expired": 0,
        "file": "法律/政府信息公开测试法.md",
        "issuing_body_candidates": ["全国人民代表大会常务委员会"],
    }
    (folder / "manifest.jsonl").write_text(json.dumps(row, ensure_ascii=False) + "\n", "utf-8")
    report = import_lawrefbook(folder, portal_ensure())
    assert report.created == 1, report.summary()
    return "/flfg/"


def _published_report(body: Body, user) -> AnnualReportPage:
    """Last year's annual report of `body`, drafted by `user`, its placeholders filled, published."""
    page, _ = annual_report_page_create(body=body, year=today().year - 1, user=user)
    for field in ("general", "problems", "other_matters"):
        setattr(page, field, PLACEHOLDER.sub("本年度无需要说明的事项。", getattr(page, field)))
    page.save_revision(user=user).publish()
    page.refresh_from_db()
    assert page.live
    return page


def test_public_pages_have_no_serious_accessibility_violations(
    live_server, browser_context_factory, axe_js, settings, tmp_path, record_property
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    demo_base()
    office = Body.objects.get(code="gs-bgt")
    report = _published_report(office, get_user_model().objects.get(username="bgt_editor"))
    library = _law_library(tmp_path)
    index.catch_up()
    app, query_code = application_submit_online(office, applicant_data())

    audit = Audit(live_server.url)
    page = browser_context_factory(viewport=DESKTOP).new_page()
    for name, path in [
        ("portal home", "/"),
        ("body home", "/gs-bgt/"),
        ("column list", LZYJ),
        ("column, documents in force", LZYJ + "gfxwj/"),
        ("document, amended (validity banner)", LZYJ + "xxgk-gd-2019/"),
        ("document with attachment", LZYJ + "gzyd-2021/"),
        ("document print view", LZYJ + "xxgk-gd-2019/print/"),
        ("interpretation", LZYJ + "gzyd-2021-jd/"),
        ("policy library", "/library/"),
        ("policy library, invalid year", "/library/?year=abc"),
        ("search, results", "/search/?q=政府信息公开 申请"),
        ("search, no results", "/search/?q=不存在的检索词"),
        ("search, empty", "/search/"),
        ("law library", library),
        ("law library, one level", library + "fl/"),
        ("law", f"{library}fl/{LAW_ID}/"),
        ("annual report", report.url),
        ("annual reports column", report.get_parent().url),
        ("apply: choose a body", "/apply/"),
        ("apply: form", "/apply/gs-bgt/"),
        ("apply: typical cases", "/apply/cases/"),
        ("apply: tracking", "/apply/track/"),
        ("apply: recover a lost query code", "/apply/recover/"),
        ("not found", "/no-such-page/"),
    ]:
        audit.goto(page, name, path)

    # The forms after a wrong submission: the error summary and the marked fields.
    page.goto(audit.base + "/apply/gs-bgt/")
    page.get_by_role("button", name="提交申请").click()
    page.locator("#error-summary").wait_for()
    audit.check(page, "apply: form with errors")
    page.goto(audit.base + "/apply/track/")
    page.get_by_label("申请编号").fill(app.case_number)
    page.get_by_label("查询码").fill("WRONGCODE2")
    page.get_by_role("button", name="查询", exact=True).click()
    page.get_by_role("alert").wait_for()
    audit.check(page, "apply: tracking, not found")

    # The applicant's case and its withdrawal page, after a lookup with the right query code.
    page.get_by_label("申请编号").fill(app.case_number)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_url(f"**/apply/track/{app.pk}/")
    audit.check(page, "apply: tracked case")
    audit.goto(page, "apply: withdraw", f"/apply/track/{app.pk}/withdraw/")

    # 补发查询码: the form with its errors, and the answer (the same whatever was typed).
    page.goto(audit.base + "/apply/recover/")
    page.get_by_role("button", name="发送新的查询码").click()
    page.locator("#error-summary").wait_for()
    audit.check(page, "apply: recover, with errors")
    page.get_by_label("申请编号").fill(app.case_number)
    page.get_by_label("申请时填写的电子邮箱或手机号码").fill("someone@example.invalid")
    page.get_by_role("button", name="发送新的查询码").click()
    page.get_by_role("status").wait_for()
    audit.check(page, "apply: recover, sent")

    # 长者模式 (large text) on a document.
    page.goto(audit.base + LZYJ + "gzyd-2021/")
    page.get_by_role("link", name="长者模式（大字）").click()
    page.locator("body.large-text").wait_for()
    audit.check(page, "document, large text")

    audit.finish(record_property)

    # The check itself: a page with faults it must find (on a blank page: the site's policy
    # would refuse the style attribute).
    page.goto("about:blank")
    page.set_content('<p style="color:#bbb">浅色文字</p><input type="text">')
    assert {"color-contrast", "label"} <= {v["id"] for v in axe_run(page)}


def test_staff_pages_have_no_serious_accessibility_violations(
    live_server, browser_context_factory, axe_js, province, office, clerk, editor, record_property
):
    handling = case_in("handling", clerk=clerk)
    case_in("clarification", clerk=clerk)
    application_submit_online(office, applicant_data())
    _published_report(office, editor)
    supervisor = personas.staff("site_admin", province, BodyRole.SITE_ADMIN)

    audit = Audit(live_server.url)
    year = today().year - 1
    workbench = log_in(
        browser_context_factory(viewport=DESKTOP), audit.base, "clerk", "/workbench/applications/"
    )
    for name, path in [
        ("workbench: case list (clerk)", "/workbench/applications/"),
        ("workbench: case (clerk)", f"/workbench/applications/{handling.pk}/"),
        ("workbench: register (clerk)", "/workbench/applications/register/"),
    ]:
        audit.goto(workbench, name, path)

    reports = log_in(
        browser_context_factory(viewport=DESKTOP),
        audit.base,
        supervisor.username,
        "/workbench/reports/",
    )
    for name, path in [
        ("reports: supervision (site admin)", f"/workbench/reports/?body=gansu&year={year}"),
        (
            "reports: region overview (site admin)",
            f"/workbench/reports/region/?body=gansu&year={year}",
        ),
    ]:
        audit.goto(reports, name, path)

    audit.finish(record_property)
