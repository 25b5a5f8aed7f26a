"""Public participation in the main search: a live consultation by its draft, a published comment
(never a pending or withheld one, nor one whose consultation is unpublished), a letter published
with its writer's consent (never one without it) — each with its own 文种, and gone from the
index once the public may no longer see it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.participation import comment_workflow
from gongkai.participation.tests.factories import OPEN_DAY, article, comment_in, consultation_make
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in, letter_submit
from gongkai.search import index
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _index(settings, tmp_path):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"


def _found(query: str) -> dict[str, str]:
    index.catch_up()
    return {hit.url: hit.doc_type_label for hit in search(query).hits}


def test_a_consultation_and_its_published_comments(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    shown = comment_in(
        page, "published", moderator=editor, article=article(page, 3), text="建议增加责任追究条款。"
    )
    comment_in(page, "pending", moderator=editor, text="建议增加考核条款。")
    withheld = comment_in(page, "published", moderator=editor, text="建议增加培训条款。")
    comment_workflow.comment_withhold(withheld, user=editor, reason="off_topic")
    found = _found("工作机制")  # in the draft's article 3
    assert found.get(page.url) == "意见征集"
    found = _found("建议 增加")
    assert found == {f"{page.url}#art-3": "公众意见"}
    assert shown.number  # the comment's own number is indexed with it
    page.unpublish()
    assert _found("工作机制") == {} and _found("责任追究") == {}


def test_a_letter_published_with_consent_and_only_then(office, editor, reviewer, time_machine):
    time_machine.move_to(WRITTEN, tick=False)
    published = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    private, _ = letter_submit(
        office, consent=False, subject="关于供暖费补贴的咨询", text="供暖费补贴怎么领取？"
    )
    found = _found("加装电梯")
    url = reverse("mailbox:published", args=[published.number])
    assert found == {url: "公开来信"}
    assert "13912345678" not in str(search("加装电梯").hits[0].snippet)
    assert _found("供暖费") == {}
    assert private.pk
    # A follow-up takes it off the public list until it is answered again: off the index too.
    from gongkai.participation import letter_workflow

    letter_workflow.letter_follow_up(published, text="补贴什么时候发放？")
    assert _found("加装电梯") == {}
