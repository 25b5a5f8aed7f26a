"""The public participation pages added with the mailbox's ways back and hot topics, on the
narrowest phone (320 px) and at 1280 px: a hot topic with its letters and Q&A, all the comments of
one article, 补发查询码 (refused first: the summary and the messages in Chinese). No page scrolls
sideways; axe finds nothing serious. Screenshots: participation-*.png.

Run: DATABASE_URL=sqlite:////tmp/brtest.sqlite3 GONGKAI_REQUIRE_BROWSER=1 \\
     pytest -n 0 gongkai/participation/tests/test_browser_participation_pages.py
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.participation import topic_workflow
from gongkai.participation.tests.factories import OPEN_DAY, article, comment_in, consultation_make
from gongkai.participation.tests.letter_factories import letter_in
from gongkai.participation.tests.qa_factories import question_in
from gongkai.web.tests.browser import axe_report, axe_violations, screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

SIDEWAYS = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.usefixtures("axe_js")
def test_topic_article_comments_and_recovery_pages(
    live_server, browser_context_factory, time_machine, office, editor, reviewer
):
    from playwright.sync_api import expect

    time_machine.move_to(OPEN_DAY, tick=True)
    page = consultation_make(office)
    for n in range(8):
        comment_in(
            page,
            "published",
            moderator=editor,
            article=article(page, 3),
            text=f"第{n + 1}条意见：建议明确政务公开工作的责任部门和完成时限。" * 2,
        )
    letter = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    entry = question_in(office, "published", author=editor, reviewer=reviewer)
    topic = topic_workflow.topic_create(
        user=editor,
        body=office,
        title="老旧小区加装电梯补贴何时发放到位",
        answer="市住建局已完成补贴审核，补贴将于4月底前发放到位。" * 3,
        letters=[letter.number],
        questions=[entry],
    )
    topic_workflow.topic_publish(topic, user=reviewer)
    pages = {
        "topic": reverse("mailbox:topic", args=[topic.pk]),
        "article-comments": reverse("participation:article_comments", args=[page.pk, "art-3"]),
        "recover": reverse("mailbox:recover"),
    }
    found = {}
    for width in (320, 1280):
        tab = browser_context_factory(viewport={"width": width, "height": 800}).new_page()
        for name, url in pages.items():
            tab.goto(live_server.url + url)
            if name == "recover":
                tab.get_by_role("button", name="发送新的查询码").click()
                tab.wait_for_load_state()
                expect(tab.locator("main")).to_contain_text("请填写信件编号")
            assert tab.evaluate(SIDEWAYS) <= 0, f"{name} scrolls sideways at {width} px"
            if violations := axe_violations(tab):
                found[f"{name} ({width} px)"] = violations
            screenshot(tab, f"participation-{name}-{width}")
        tab.goto(live_server.url + pages["topic"])
        expect(tab.locator("main")).to_contain_text(letter.public_subject)
        tab.goto(live_server.url + pages["article-comments"])
        expect(tab.locator(".comment-list li")).to_have_count(8)
    assert not found, "axe:\n" + axe_report(found)
