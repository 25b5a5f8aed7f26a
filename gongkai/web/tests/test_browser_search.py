"""The search page in a real browser: the box, facets, 只看现行有效, a bad query, body scope, and
facet counts that are the number of results their links give."""

from __future__ import annotations

import re

import pytest

from gongkai.search import index
from gongkai.testing.demo import demo_base
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
    demo_base()
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

    # Each facet count is the number of results its link gives: 发文机关 counts a body exactly
    # (甘肃省人民政府, not its General Office nor the cities under it), and 含下级机关 offers the body
    # with its subordinate bodies, counted alike.
    def count_in(link) -> int:
        return int(re.search(r"（(\d+)）$", link.inner_text()).group(1))

    def shows(count: int) -> None:
        expect(page.get_by_role("heading", name=f"共找到 {count} 条结果")).to_be_visible()
        expect(page.locator("ol.results > li")).to_have_count(min(count, 20))

    page.goto(live_server.url + "/search/?q=甘肃省")
    issuers = page.locator(".facet[aria-label='发文机关']")
    province = issuers.get_by_role("link", name=re.compile(r"^甘肃省人民政府（\d+）$"))
    own = count_in(province)
    province.click()
    shows(own)
    expect(issuers.locator("strong[aria-current]")).to_have_text(f"甘肃省人民政府（{own}）")
    with_subordinates = issuers.get_by_role("link", name=re.compile("含下级机关"))
    subtree = count_in(with_subordinates)
    assert subtree > own  # the General Office's documents are added
    with_subordinates.click()
    shows(subtree)
    screenshot(page, "search-05-body-facet")
    for facet in ("文种", "年份", "有效性"):
        page.goto(live_server.url + "/search/?q=甘肃省")
        link = page.locator(f".facet[aria-label='{facet}']").get_by_role("link").first
        count = count_in(link)
        link.click()
        shows(count)
