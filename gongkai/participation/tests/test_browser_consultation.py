"""A concluded consultation (意见征集) in a real browser (Debian's chromium, Playwright), at 1280 and
375 px: it fits a phone without sideways scrolling, passes the accessibility check, is refused
nothing by its own policies (the shared helpers fail on that), and an article's link scrolls to it;
and the province-wide list of consultations, where it is among the concluded ones.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \
     pytest -n 0 gongkai/participation/tests/test_browser_consultation.py
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.participation.services import consultation_feedback_publish
from gongkai.participation.tests.factories import article, comment_in, consultation_make
from gongkai.testing.personas import publish_document
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    # live_server only sees committed data; serialized_rollback brings back the Wagtail root page
    # and default site (created by migrations) that the flush after each test removes.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

FINAL_BODY = (
    "<p>第一条　为了推进政务公开，提高行政透明度，保障公民、法人和其他组织依法获取政府信息，"
    "制定本办法。</p>"
    "<p>第二条　本办法适用于本省各级行政机关。</p>"
    "<p>第三条　县级以上人民政府应当建立健全政务公开工作机制。</p>"
    "<p>第四条　本办法自2026年9月1日起施行。</p>"
)
LONG = (
    "建议在第四条中明确过渡期安排，并对各级行政机关在施行前完成的准备工作作出规定，"
    "包括网站栏目调整、工作人员培训和制度衔接等内容，参考网址https://www.gov.cn/zhengce/"
    "content/2019-04/15/content_5382991.htm。"
)


def _concluded(office, editor, reviewer):
    """Closed in April 2026 (today is later): built without moving the clock."""
    page = consultation_make(
        office,
        email="yjzj@gansu.gov.cn",
        explanatory_notes="<p>本办法依据《中华人民共和国政府信息公开条例》起草。</p>",
    )
    c = dict(moderator=editor)
    comment_in(page, "published", disposition="not_adopted", reason="超出本办法调整范围", **c)
    comment_in(page, "published", article=article(page, 1), disposition="adopted", **c)
    comment_in(
        page,
        "published",
        article=article(page, 4),
        text=LONG,
        disposition="partly",
        reason="施行日期已推迟至2026年9月1日，过渡期安排另行规定",
        **c,
    )
    comment_in(
        page,
        "withheld:personal_data",
        article=article(page, 4),
        text="我的电话13812345678，建议推迟施行。",
        disposition="adopted",
        **c,
    )
    final = publish_document(
        office,
        title="甘肃省政务公开办法",
        doc_type="rule",
        doc_number="甘肃省人民政府令第9号",
        body=FINAL_BODY,
    )
    summary = (
        "共收到意见4条，采纳2条，部分采纳1条，不予采纳1条。不予采纳和部分采纳的理由见各条意见。"
    )
    consultation_feedback_publish(page, user=reviewer, final_document=final, summary=summary)
    page.refresh_from_db()
    return page


@pytest.mark.usefixtures("axe_js")
def test_a_concluded_consultation_fits_a_phone_and_passes_the_accessibility_check(
    live_server, browser_context_factory, office, editor, reviewer
):
    from playwright.sync_api import expect

    page_url = live_server.url + _concluded(office, editor, reviewer).url
    found = {}
    for width in (1280, 375):
        tab = browser_context_factory(viewport={"width": width, "height": 900}).new_page()
        tab.goto(page_url)
        expect(tab.get_by_role("heading", level=1)).to_have_text("甘肃省政务公开办法（征求意见稿）")
        expect(tab.get_by_role("heading", level=2, name="意见采纳情况")).to_be_visible()
        expect(tab.locator("table.tally tfoot")).to_contain_text("合计")
        # Every <details> open, so that the check and the screenshot see the comments too.
        tab.locator("details").evaluate_all("ds => ds.forEach(d => d.open = true)")
        if width == 375:
            assert tab.evaluate("document.documentElement.scrollWidth") <= 375
        violations = axe_violations(tab)
        if violations:
            found[f"{width}px"] = violations
        screenshot(tab, f"consultation-{width}")

        # An article's own link scrolls to its section, at the top of the window.
        tab.evaluate("window.scrollTo(0, 0)")
        tab.locator("table.tally").get_by_role("link", name="第四条").click()
        assert tab.url.endswith("#art-4")
        top = tab.locator("#art-4").evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 50
        assert tab.evaluate("window.scrollY") > 0

        # The province-wide list shows it among the concluded ones, linking to its feedback.
        tab.goto(live_server.url + reverse("participation:consultations"))
        expect(tab.get_by_role("heading", level=1)).to_have_text("意见征集")
        expect(tab.locator("#h-concluded ~ ul a")).to_have_attribute(
            "href", re.compile("#feedback$")
        )
        if width == 375:
            assert tab.evaluate("document.documentElement.scrollWidth") <= 375
        violations = axe_violations(tab)
        if violations:
            found[f"list {width}px"] = violations
        screenshot(tab, f"consultation-list-{width}")
    assert not found, "axe:\n" + axe_report(found)
