"""Content-Security-Policy in a real browser: no page is refused anything by its own policy.

Every browser test checks the public policy (core/security_headers.py) on the pages it loads:
`browser_context_factory` (browser.py) fails it on any "Refused to …" of the console. Here: that
this check sees a refusal, and a few staff pages under their own policy (Wagtail's dashboard, a
page and an attachment in the editor, the preview, the workbench, Django's admin), with a
`securitypolicyviolation` listener installed before any script of the page runs.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 pytest gongkai/web/tests/test_browser_csp.py
"""

from __future__ import annotations

import time

import pytest
from wagtail.admin.models import EditingSession

from gongkai.applications.tests.test_browser_workbench import log_in
from gongkai.bodies.models import Body, BodyRole
from gongkai.core.security_headers import STAFF_DIRECTIVES, csp_header, static_page_headers
from gongkai.documents.models import DocumentAttachment, PolicyDocumentPage
from gongkai.testing import personas
from gongkai.testing.demo import demo_base
from gongkai.web.tests.browser import refused_by_policy

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


class Watch:
    """Pages loaded one after the other in one tab; what each was refused, by page."""

    def __init__(self, context, base: str, policy: str) -> None:
        context.add_init_script(LISTENER)
        self.page = context.new_page()
        self.base, self.policy = base, policy
        self.console: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console.append(m.text) if refused_by_policy(m.text) else None,
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


def test_a_page_refused_anything_fails_every_browser_test(live_server, browser_context_factory):
    """The public pages are checked by every browser test: `browser_context_factory` (browser.py)
    fails a test whose pages the policy refused anything (the accessibility walk loads every
    public page type, the applicant's tests the forms, the receipt and tracking; the widths test
    长者模式). This proves that check sees a refusal, and that the public policy refuses an
    inline script and an inline style."""
    context = browser_context_factory()
    page = context.new_page()
    response = page.goto(live_server.url + "/apply/track/")
    assert (
        response.headers["content-security-policy"]
        == (static_page_headers()["Content-Security-Policy"])
    )
    assert context.policy_refusals == []
    page.evaluate(
        """() => {
        const s = document.createElement("script"); s.textContent = "window.ran = 1";
        document.body.append(s);
        document.body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
    }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.ran") is None
    seen = " ".join(context.policy_refusals)
    assert "script-src" in seen and "style-src" in seen, context.policy_refusals
    context.policy_refusals.clear()  # seen on purpose: not a failure of this test


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
