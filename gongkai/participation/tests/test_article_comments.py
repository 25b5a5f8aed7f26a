"""A popular article: its consultation page shows the latest comments (LATEST) with the count and
a link to all of them; the article's own page lists every published one, 20 a page, never a
pending one; an unknown article or a draft consultation is a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.participation.page_context import LATEST
from gongkai.participation.tests.factories import OPEN_DAY, article, comment_in, consultation_make

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_latest_and_links_to_all(client, office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    third = article(page, 3)
    texts = [f"第{n}条意见：建议明确责任部门。" for n in range(1, 23)]
    for text in texts:
        comment_in(page, "published", moderator=editor, article=third, text=text)
    comment_in(page, "pending", moderator=editor, article=third, text="待审核的意见")
    comment_in(page, "published", moderator=editor, text="对整体的一条意见")
    html = client.get(page.url).content.decode()
    assert "已公开意见22条" in html and f"最新{LATEST}条" in html
    assert texts[-1] in html and texts[0] not in html  # the latest, not the oldest
    more = reverse("participation:article_comments", args=[page.pk, "art-3"])
    assert more in html and "查看全部22条意见" in html
    assert "对整体的一条意见" in html
    assert reverse("participation:article_comments", args=[page.pk, "whole-draft"]) not in html

    first = client.get(more).content.decode()
    assert texts[0] in first and texts[19] in first and texts[20] not in first
    assert "待审核的意见" not in first
    second = client.get(more, {"page": 2}).content.decode()
    assert texts[21] in second and texts[0] not in second
    whole = client.get(reverse("participation:article_comments", args=[page.pk, "whole-draft"]))
    assert "对整体的一条意见" in whole.content.decode()
    assert (
        client.get(reverse("participation:article_comments", args=[page.pk, "art-99"])).status_code
        == 404
    )
    page.unpublish()
    assert client.get(more).status_code == 404
