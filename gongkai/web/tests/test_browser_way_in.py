"""Finding the way in, in a real browser, on the demo's base (`load_demo`) and its bodies' contact
details (`bodies_contacts_set`), at desktop width and on a 390 px phone: from the portal's
依申请公开 entry to the choice of body, grouped in the official order, and to a body's form with its
政府信息公开工作机构; no page scrolls sideways. And the print view's button: there on screen (it
needs the script), gone on paper.

Screenshots go to test-artifacts/screenshots/ (way-in-*.png).
"""

from __future__ import annotations

import pytest

from gongkai.bodies.models import Body
from gongkai.testing.demo import demo_base
from gongkai.web.demo.guides import bodies_contacts_set
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
OFFICE = "甘肃省人民政府办公厅"
KEY_POINTS = "/gs-bgt/fdzdgknr/lzyj/gzyd-2021/"


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def group_of(page, name: str):
    """The body names listed under one heading of the directory (in page order)."""
    group = page.locator(".body-directory > .body-group").filter(
        has=page.locator("h3", has_text=name)
    )
    return [t.strip() for t in group.locator(":scope > ul > li > a").all_inner_texts()]


def test_from_the_portal_to_a_bodys_application_form(live_server, browser_context_factory):
    from playwright.sync_api import expect

    demo_base()
    bodies_contacts_set({b.code: b for b in Body.objects.all()})
    for width, viewport in WIDTHS.items():
        page = browser_context_factory(viewport=viewport).new_page()
        page.goto(live_server.url + "/")
        entry = page.get_by_role("region", name="依申请公开")
        expect(entry.get_by_role("link", name="查询申请办理情况")).to_have_attribute(
            "href", "/apply/track/"
        )
        expect(page.get_by_role("img", name="党政机关网站标识")).to_be_visible()
        screenshot(page, f"way-in-{width}-portal")
        assert not scrolls_sideways(page), f"{width}: the portal scrolls sideways"

        entry.get_by_role("link", name="在线申请政府信息公开").click()
        expect(page).to_have_url(live_server.url + "/apply/")
        departments = group_of(page, "省政府部门")
        assert departments[0] == OFFICE and len(departments) == 7
        prefectures = group_of(page, "市州")
        assert prefectures[0] == "兰州市人民政府" and prefectures[-1] == "兰州新区管理委员会"
        assert len(prefectures) == 15
        office_item = page.locator(".body-list > li").filter(
            has=page.get_by_role("link", name=OFFICE, exact=True)
        )
        office_item.locator("summary").click()
        expect(office_item.get_by_text("甘肃省人民政府办公厅政务公开办公室")).to_be_visible()
        screenshot(page, f"way-in-{width}-choose")
        assert not scrolls_sideways(page), f"{width}: 选择受理机关 scrolls sideways"

        office_item.get_by_role("link", name=OFFICE, exact=True).click()
        expect(page).to_have_url(live_server.url + "/apply/gs-bgt/")
        contact = page.get_by_role("region", name="政府信息公开工作机构")
        expect(contact).to_contain_text("办公地址")
        screenshot(page, f"way-in-{width}-form")
        assert not scrolls_sideways(page), f"{width}: the form scrolls sideways"

    page.goto(live_server.url + KEY_POINTS + "print/")
    button = page.get_by_role("button", name="打印本页")
    expect(button).to_be_visible()
    expect(page.locator(".print-attachments li")).to_have_count(1)
    page.emulate_media(media="print")
    expect(button).to_be_hidden()
