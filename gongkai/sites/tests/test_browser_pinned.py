"""权威发布 in a real browser (Debian's chromium): the province's notice pinned for its subtree is
at the top of the home page of the province, the office and the city, marked with its source, at
320 px and at 1280 px; the page passes axe and does not scroll sideways. Screenshots:
pinned-*.png.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \\
     pytest -n 0 gongkai/sites/tests/test_browser_pinned.py
"""

from __future__ import annotations

import pytest

from gongkai.testing.personas import publish_document
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
TITLE = "关于做好冬春季传染病防控工作的通告"


@pytest.mark.usefixtures("axe_js")
def test_the_notice_is_pinned_on_every_home_below(
    live_server, browser_context_factory, province, office, city
):
    from playwright.sync_api import expect

    publish_document(province, title=TITLE, slug="notice", pinned_subtree=True)
    publish_document(office, title="办公厅的普通文件", slug="plain")
    found = {}
    for width in (320, 1280):
        tab = browser_context_factory(viewport={"width": width, "height": 800}).new_page()
        for body in (province, office, city):
            tab.goto(live_server.url + body.home_page.url)
            pinned = tab.locator("section.pinned-notices")
            expect(pinned).to_contain_text(TITLE)
            expect(pinned).to_contain_text("来源：甘肃省人民政府")
            expect(pinned).not_to_contain_text("办公厅的普通文件")
            assert tab.evaluate(SIDEWAYS) <= 0, f"{body.code} scrolls sideways at {width} px"
            if violations := axe_violations(tab):
                found[f"{body.code} ({width} px)"] = violations
            screenshot(tab, f"pinned-{body.code}-{width}")
    assert not found, "axe:\n" + axe_report(found)
