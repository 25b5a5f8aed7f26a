"""Content-Security-Policy in a real browser: no page is refused anything by its own policy.

Every public page type is loaded in Debian's chromium under the public policy
(core/security_headers.py), then a few staff pages under theirs (Wagtail's dashboard, a page and an
attachment in the editor, the workbench, Django's admin). A `securitypolicyviolation` listener,
installed before any script of the page runs, and the console's "Refused to …" and
Permissions-Policy errors collect what the browser refused; the test fails on any of them.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/web/tests/test_browser_csp.py
"""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from wagtail.admin.models import EditingSession

from gongkai.applications.services import application_submit_online
from gongkai.applications.tests.factories import applicant_data
from gongkai.applications.tests.test_browser_apply import GOOD_ID, _fill_the_form
from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.bodies.models import Body, BodyRole
from gongkai.core.security_headers import STAFF_DIRECTIVES, csp_header, static_page_headers
from gongkai.documents.models import DocumentAttachment, PolicyDocumentPage
from gongkai.search import index
from gongkai.testing import personas
from gongkai.testing.demo import demo_base
from gongkai.web.tests.test_browser_accessibility import _law_library, _published_report

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

LZYJ = "/gs-bgt/fdzdgknr/lzyj/"
# Installed in every document before its own scripts: what the policy refuses, as it happens.
LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} refused ${e.blockedURI || "inline"}`
    + ` (${e.sourceFile || "page"}:${e.lineNumber}) ${e.sample || ""}`.trim());
});
"""
# What chromium writes to the console when a policy refuses something or names an unknown feature.
CONSOLE_MARKS = (
    "Refused to",
    "Content Security Policy",
    "Permissions-Policy",
    "Permissions policy",
)


class Watch:
    """Pages loaded one after the other in one tab; what each was refused, by page."""

    def __init__(self, context, base: str, policy: str) -> None:
        context.add_init_script(LISTENER)
        self.page = context.new_page()
        self.base, self.policy = base, policy
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.console.append(m.text) if any(k in m.text for k in CONSOLE_MARKS) else None
            ),
        )
        self.refused: dict[str, list[str]] = {}

    def goto(self, name: str, path: str, status: tuple[int, ...] = (200,)) -> None:
        response = self.page.goto(self.base + path)
        assert response is not None and response.status in status, (name, path)
        headers = response.headers
        assert headers.get("content-security-policy") == self.policy, (name, path)
        self.check(name)

    def check(self, name: str) -> None:
        """The page as it is now (after a form was sent, say), once its deferred scripts ran."""
        self.page.wait_for_load_state("load")
        found = self.page.evaluate("window.__csp.splice(0)") + self.console
        self.console = []
        if found:
            self.refused[f"{name} {self.page.url}"] = found

    def report(self) -> str:
        return "\n".join(f"{where}: {'; '.join(what)}" for where, what in self.refused.items())


def test_no_public_page_is_refused_anything_by_its_policy(
    live_server, browser_context_factory, settings, tmp_path
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    demo_base()
    office = Body.objects.get(code="gs-bgt")
    report = _published_report(office, get_user_model().objects.get(username="bgt_editor"))
    library = _law_library(tmp_path)
    index.catch_up()
    app, query_code = application_submit_online(office, applicant_data())
    headers = static_page_headers()

    watch = Watch(browser_context_factory(), live_server.url, headers["Content-Security-Policy"])
    for name, path in [
        ("portal home", "/"),
        ("body home", "/gs-bgt/"),
        ("column list", LZYJ),
        ("document", LZYJ + "gzyd-2021/"),
        ("document, amended", LZYJ + "xxgk-gd-2019/"),
        ("document print view", LZYJ + "xxgk-gd-2019/print/"),
        ("interpretation", LZYJ + "gzyd-2021-jd/"),
        ("policy library", "/library/"),
        ("search", "/search/?q=政府信息公开 申请"),
        ("law library", library),
        ("law", f"{library}fl/a11ycheck0000001/"),
        ("annual report", report.url),
        ("annual reports column", report.get_parent().url),
        ("apply: choose a body", "/apply/"),
        ("apply: form", "/apply/gs-bgt/"),
        ("apply: typical cases", "/apply/cases/"),
        ("apply: tracking", "/apply/track/"),
        ("apply: recover a lost query code", "/apply/recover/"),
    ]:
        watch.goto(name, path)
    watch.goto("not found", "/no-such-page/", status=(404,))
    page = watch.page
    # The print view's button is shown by its script (web/print.js), which the policy lets run.
    watch.goto("document print view", LZYJ + "xxgk-gd-2019/print/")
    assert page.locator("button[data-print]").is_visible()

    # The forms with their error summaries (applications/error_summary.js), a tracked case.
    page.goto(watch.base + "/apply/gs-bgt/")
    page.get_by_role("button", name="提交申请").click()
    page.locator("#error-summary").wait_for()
    watch.check("apply: form with errors")
    page.goto(watch.base + "/apply/track/")
    page.get_by_label("申请编号").fill(app.case_number)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询", exact=True).click()
    page.wait_for_url(f"**/apply/track/{app.pk}/")
    watch.check("apply: tracked case")
    watch.goto("apply: withdraw", f"/apply/track/{app.pk}/withdraw/")

    # A real submission: the receipt, whose print button its script shows.
    page.goto(watch.base + "/apply/gs-bgt/")
    _fill_the_form(page, GOOD_ID)
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/apply/receipt/")
    watch.check("apply: receipt")
    assert page.get_by_role("button", name="打印回执").is_visible()

    # 长者模式 on a document.
    page.goto(watch.base + LZYJ + "gzyd-2021/")
    page.get_by_role("link", name="长者模式（大字）").click()
    page.locator("body.large-text").wait_for()
    watch.check("document, large text")

    assert not watch.refused, "refused by the public policy:\n" + watch.report()

    # The check itself: an inline script and an inline style are refused, and seen.
    page.evaluate(
        """() => {
        const s = document.createElement("script"); s.textContent = "window.ran = 1";
        document.body.append(s);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
    }"""
    )
    page.wait_for_timeout(100)
    refused = page.evaluate("window.__csp")
    assert page.evaluate("window.ran") is None
    assert {line.split(" ")[0] for line in refused} >= {"script-src-elem", "style-src-attr"}


def test_no_staff_page_is_refused_anything_by_its_policy(
    live_server, browser_context_factory, settings, tmp_path
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    demo_base()
    office = Body.objects.get(code="gs-bgt")
    personas.staff("csp_editor", office, BodyRole.EDITOR)
    personas.staff("csp_clerk", office, BodyRole.CLERK)
    document = PolicyDocumentPage.objects.get(slug="gzyd-2021", live=True)
    attachment = DocumentAttachment.objects.filter(page=document).first().attachment
    base = live_server.url
    staff_policy = csp_header(STAFF_DIRECTIVES)

    # Django's admin: its login page, under the staff policy.
    anonymous = Watch(browser_context_factory(), base, staff_policy)
    anonymous.goto("django admin: login", "/django-admin/login/")

    context = browser_context_factory()
    log_in(context, base, "csp_editor", "/admin/").close()
    watch = Watch(context, base, staff_policy)
    for name, path in [
        ("dashboard", "/admin/"),
        ("page explorer", f"/admin/pages/{document.get_parent().pk}/"),
        ("document in the editor", f"/admin/pages/{document.pk}/edit/"),
        ("attachment in the editor", f"/admin/documents/edit/{attachment.pk}/"),
    ]:
        watch.goto(name, path)
    # The editor's preview panel: the public page, in a frame of the admin.
    watch.goto("document in the editor", f"/admin/pages/{document.pk}/edit/")
    watch.page.locator('[data-side-panel-toggle="preview"]').click()
    watch.page.wait_for_function(
        """() => {
        const frames = document.querySelectorAll("iframe.w-preview__iframe");
        return frames.length === 1 && frames[0].contentDocument?.querySelector("main h1");
    }"""
    )
    watch.check("document in the editor, preview")
    # Leave the editor now: its editing session is released while the live server still runs
    # (not during the flush after the test).
    watch.page.goto("about:blank")
    for _ in range(50):
        if not EditingSession.objects.exists():
            break
        time.sleep(0.1)

    # The workbench is ours: the public policy, no inline script or style.
    workbench = browser_context_factory()
    log_in(workbench, base, "csp_clerk", "/workbench/applications/").close()
    ours = Watch(workbench, base, static_page_headers()["Content-Security-Policy"])
    ours.goto("workbench: cases", "/workbench/applications/")
    ours.goto("workbench: register", "/workbench/applications/register/")

    refused = {**anonymous.refused, **watch.refused, **ours.refused}
    assert not refused, "refused on staff pages:\n" + "\n".join(
        f"{where}: {'; '.join(what)}" for where, what in refused.items()
    )
