"""Fixtures of the public-site tests: the Playwright ones live in browser.py."""

from __future__ import annotations

import pytest

from gongkai.web.tests.browser import (  # noqa: F401 (fixtures, registered by being imported here)
    browser_context_factory,
    browser_page,
    chromium_browser,
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last (after pytest-django has ordered the rest).

    While the session's chromium is up, Playwright keeps an asyncio loop running in the test
    thread (see browser.py); no other test should run beside it.
    """
    browser_tests = [item for item in items if item.get_closest_marker("browser")]
    if browser_tests:
        others = [item for item in items if not item.get_closest_marker("browser")]
        items[:] = others + browser_tests
