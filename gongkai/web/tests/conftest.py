"""Fixtures of the public-site tests: the Playwright ones live in browser.py."""

from __future__ import annotations

from gongkai.web.tests.browser import (  # noqa: F401 (fixtures, registered by being imported here)
    browser_context_factory,
    browser_page,
    chromium_browser,
)
