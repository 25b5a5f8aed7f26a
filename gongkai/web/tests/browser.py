"""Playwright helpers for the browser tests: Debian's chromium, headless, in Chinese.

Fixtures (registered for gongkai/web/tests by its conftest.py):

- `chromium_browser` (session): one headless chromium for the whole run. Skips every browser test
  with a clear message when /usr/bin/chromium (or Playwright) is missing, or fails them when the
  environment variable GONGKAI_REQUIRE_BROWSER is set (CI sets it).
- `browser_context_factory` (function): new contexts with the platform's defaults (locale zh-CN,
  1280x900, downloads accepted), e.g. `browser_context_factory(java_script_enabled=False)`;
  closed at teardown.
- `browser_page` (function): a page in a fresh context.
- `axe_js` (function): the path of axe-core's `axe.min.js`, which `make test` installs from the
  project's package.json (`npm ci`). Missing, it skips the test, or fails it where
  GONGKAI_REQUIRE_BROWSER is set, like a missing browser.

Playwright's sync API keeps an asyncio loop running in the test thread while the browser is up,
and Django refuses ORM calls when it sees one ("SynchronousOnlyOperation"). The session fixture
therefore sets DJANGO_ALLOW_ASYNC_UNSAFE while the browser lives (the ORM is still only used from
the test thread and the live server's own threads), and conftest.py moves the browser tests to the
end of the run so that no other test runs beside that loop.

Never run `playwright install`: these machines cannot download browsers; Debian's chromium is used.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from gongkai.testing import PROJECT_ROOT, browser_required

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
LOCALE = "zh-CN"
DEFAULT_TIMEOUT_MS = 15_000
SCREENSHOTS = PROJECT_ROOT / "test-artifacts" / "screenshots"
# axe-core, pinned in package.json / package-lock.json and installed by `make test` (npm ci).
# GONGKAI_AXE_JS may point at another copy of axe.min.js for a one-off check.
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
# The rules axe runs: WCAG 2.0 and 2.1, levels A and AA, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Impacts that fail a page; the lesser ones are reported (`axe_report`) but do not fail it.
AXE_FAILING = ("critical", "serious")


def _unavailable(message: str) -> NoReturn:
    """Skip (developer machines) or fail (CI: GONGKAI_REQUIRE_BROWSER is set)."""
    if browser_required():
        pytest.fail(f"{message} (GONGKAI_REQUIRE_BROWSER is set)", pytrace=False)
    pytest.skip(f"{message}; set GONGKAI_REQUIRE_BROWSER=1 to make this an error")


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator:
    if not CHROMIUM.exists():
        _unavailable(f"browser tests need Debian's chromium at {CHROMIUM} (apt install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("browser tests need Playwright for Python (pip install -e '.[test]')")

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# What chromium writes to the console when a page's Content-Security-Policy refuses something or
# its Permissions-Policy names a feature it does not know (core/security_headers.py).
POLICY_MARKS = (
    "Refused to",
    "Content Security Policy",
    "Permissions-Policy",
    "Permissions policy",
)


def refused_by_policy(text: str) -> bool:
    return any(mark in text for mark in POLICY_MARKS)


@pytest.fixture
def browser_context_factory(chromium_browser) -> Iterator[Callable]:
    """Contexts with the platform's defaults. Every browser test is also a check of the response
    headers' policies: whatever a page of its contexts is refused by them (the console's "Refused
    to …") fails the test at teardown. `context.policy_refusals` holds what was seen so far."""
    contexts = []

    def make(**options):
        options.setdefault("locale", LOCALE)
        options.setdefault("viewport", VIEWPORT)
        options.setdefault("accept_downloads", True)
        context = chromium_browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        refusals: list[str] = []
        context.policy_refusals = refusals
        context.on(
            "console",
            lambda m: (
                refusals.append(f"{m.page.url if m.page else '?'}: {m.text}")
                if refused_by_policy(m.text)
                else None
            ),
        )
        contexts.append(context)
        return context

    yield make
    refused = [line for context in contexts for line in context.policy_refusals]
    for context in contexts:
        context.close()
    if refused:
        pytest.fail("refused by the page's own policy:\n" + "\n".join(refused[:20]), pytrace=False)


@pytest.fixture
def browser_page(browser_context_factory):
    return browser_context_factory().new_page()


def screenshot(page, name: str) -> Path:
    """A full-page PNG in test-artifacts/screenshots/ (git-ignored), named after the step, for a
    person to look at. `.ci/run` sets GONGKAI_SCREENSHOTS=0: nobody looks at CI's, and a full-page
    PNG costs 0.1–0.3 s (about 20 s of each half of `make test`)."""
    path = SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
    if os.environ.get("GONGKAI_SCREENSHOTS") == "0":
        return path
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_script() -> Path | None:
    override = os.environ.get("GONGKAI_AXE_JS")
    path = Path(override) if override else AXE_JS
    return path if path.is_file() else None


@pytest.fixture
def axe_js() -> Path:
    script = axe_script()
    if script is None:
        wanted = os.environ.get("GONGKAI_AXE_JS") or AXE_JS
        _unavailable(f"the accessibility check needs axe-core at {wanted} (make test runs npm ci)")
    return script


def axe_run(page) -> list[dict]:
    """Run axe-core (AXE_TAGS) on the loaded page: every violation, with its impact, the number
    of elements it was found on and the first of them."""
    script = axe_script()
    if script is None:
        raise RuntimeError("axe-core is not installed")
    # Evaluated, not added as a <script>: the page's Content-Security-Policy refuses inline scripts.
    page.evaluate(script.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: 'tag', values: tags},
            resultTypes: ['violations'],
        })""",
        AXE_TAGS,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "count": len(v["nodes"]),
            "targets": [", ".join(map(str, n["target"])) for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def axe_violations(page, impacts: tuple[str, ...] = AXE_FAILING) -> list[dict]:
    """The violations of the given impacts on the loaded page (serious and critical by default)."""
    return [v for v in axe_run(page) if v["impact"] in impacts]


def axe_report(found: dict[str, list[dict]]) -> str:
    """One line per (page, rule): impact, rule id, number of elements, the first one, the rule."""
    lines = []
    for where, violations in found.items():
        for v in violations:
            lines.append(
                f"{where}  {v['impact']:<8} {v['id']} ×{v['count']}  {v['targets'][0]}  ({v['help']})"
            )
    return "\n".join(lines)
