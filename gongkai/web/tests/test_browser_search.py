"""The search page in a real browser: the box, facets, 只看现行有效, a bad query, body scope."""

from __future__ import annotations

import pytest

from gongkai.search import index
from gongkai.web.demo import load_demo
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


def test_a_citizen_searches_narrows_and_gets_clear_messages(
    live_server, browser_page, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    load_demo(seed_text=None)
    index.catch_up()
    page = browser_page
    page.goto(live_server.url + "/")

    page.get_by_role("searchbox", name="全文检索").fill("政府信息公开 申请")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("heading", name="共找到 2 条结果")).to_be_visible()
    results = page.locator("ol.results")
    expect(
        results.get_by_role("link", name="甘肃省政府信息公开申请办理规定（2022年修订）")
    ).to_be_visible()
    expect(results.locator("mark").first).to_be_visible()
    screenshot(page, "search-01-results")

    # 只看现行有效 leaves out the amended 2019 version; the facet counts follow.
    page.get_by_label("只看现行有效").check()
    page.get_by_role("button", name="检索").click()
    expect(
        results.get_by_role("link", name="甘肃省政府信息公开申请办理规定", exact=True)
    ).to_have_count(0)
    expect(page.locator(".facet[aria-label='有效性']")).to_contain_text("有效（")
    screenshot(page, "search-02-valid-only")

    # A facet link narrows by type, and "全部" takes the filter off again.
    page.locator(".facet[aria-label='文种']").get_by_role("link").first.click()
    expect(page.locator(".facet[aria-label='文种'] strong")).to_be_visible()
    page.locator(".facet[aria-label='文种']").get_by_role("link", name="全部").click()
    expect(page.locator(".facet[aria-label='文种'] strong")).to_have_count(0)

    # A malformed query: a clear message, the text stays in the box, no error page.
    page.get_by_role("searchbox", name="检索词").fill('"征地')
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("alert")).to_contain_text("引号不成对")
    expect(page.get_by_role("searchbox", name="检索词")).to_have_value('"征地')
    screenshot(page, "search-03-bad-query")

    # The body-scoped box on a body's home page searches that body (and its subtree) only.
    page.goto(live_server.url + "/lanzhou/")
    page.get_by_role("searchbox", name="在本机关检索").fill("公众参与")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("兰州市人民政府")
    expect(page.get_by_role("heading", name="共找到 1 条结果")).to_be_visible()
    screenshot(page, "search-04-body-scope")
