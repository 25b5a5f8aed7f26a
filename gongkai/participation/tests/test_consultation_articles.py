"""The articles of a consultation follow its live draft: rebuilt on every publication, never
losing an article that has comments; and the published comments are read under their article."""

from __future__ import annotations

import pytest

from gongkai.participation.models import ConsultationArticle
from gongkai.participation.selectors import (
    comment_counts_by_article,
    comments_published_by_article,
)
from gongkai.participation.services import ArticlesSync, consultation_articles_sync
from gongkai.participation.tests.factories import (
    DRAFT,
    OPEN_DAY,
    article,
    comment_in,
    consultation_make,
    consultation_republish,
)

pytestmark = pytest.mark.django_db

REDRAFT = """甘肃省政务公开办法（征求意见稿）
第一章　总则
第一条　为了推进政务公开，保障公众知情权，制定本办法。
第二条　本办法适用于本省各级行政机关。
第三条　本办法自2026年6月1日起施行。
"""


def _articles(page) -> list[tuple[str, str, bool]]:
    return [
        (a.anchor, a.label, a.withdrawn) for a in page.articles.order_by("withdrawn", "position")
    ]


def test_publishing_splits_the_draft_into_its_articles(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    assert _articles(page) == [
        ("art-1", "第一条", False),
        ("art-2", "第二条", False),
        ("art-3", "第三条", False),
        ("art-4", "第四条", False),
    ]
    first = article(page, 1)
    assert first.chapter == "第一章 总则" and first.text == "第一条　为了推进政务公开，制定本办法。"
    assert article(page, 4).chapter == "第二章 附则"


def test_a_draft_saved_but_not_published_changes_no_article(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    draft = page.get_latest_revision_as_object()
    draft.draft_text = REDRAFT
    draft.save_revision()
    assert consultation_articles_sync(page) == ArticlesSync()
    assert len(_articles(page)) == 4
    unpublished = consultation_make(office, title="未发布", publish=False)
    assert consultation_articles_sync(unpublished) == ArticlesSync()
    assert not unpublished.articles.exists()


def test_a_new_draft_keeps_the_articles_that_have_comments(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    on_fourth = comment_in(page, "published", moderator=editor, article=article(page, 4))
    on_second = comment_in(page, "pending", moderator=editor, article=article(page, 2))
    third = article(page, 3)

    consultation_republish(page, draft_text=REDRAFT)

    # 第一条 changed in place, 第二条 the same, 第三条 now holds the old 第四条's text; the old
    # 第四条 is gone from the draft but has a comment: kept, withdrawn. Nothing was lost.
    assert _articles(page) == [
        ("art-1", "第一条", False),
        ("art-2", "第二条", False),
        ("art-3", "第三条", False),
        ("art-4", "第四条", True),
    ]
    assert article(page, 1).text.endswith("保障公众知情权，制定本办法。")
    assert article(page, 3).pk == third.pk and article(page, 3).text.startswith("第三条　本办法自")
    on_fourth.refresh_from_db()
    on_second.refresh_from_db()
    assert on_fourth.article.withdrawn and on_fourth.article.label == "第四条"
    assert on_second.article == article(page, 2) and not on_second.article.withdrawn

    # Publishing the old text again brings the article back.
    result = consultation_articles_sync(consultation_republish(page, draft_text=DRAFT))
    assert result == ArticlesSync()  # the publication itself has synced already
    assert ("art-4", "第四条", False) in _articles(page)


def test_an_article_without_comments_goes_with_the_text(office, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    consultation_republish(page, draft_text=REDRAFT)
    assert [a for a, _, _ in _articles(page)] == ["art-1", "art-2", "art-3"]


def test_a_draft_without_articles_is_one_part_for_the_whole_text(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office, draft_text="一、总体要求\n各地要加强政务公开。")
    assert _articles(page) == [("art-full", "", False)]
    assert ConsultationArticle.objects.get(consultation=page).number == 0


def test_published_comments_are_read_under_their_article(office, editor, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    on_third = [
        comment_in(page, "published", moderator=editor, article=article(page, 3)) for _ in range(2)
    ]
    whole = comment_in(page, "published", moderator=editor)
    comment_in(page, "pending", moderator=editor, article=article(page, 1))
    comment_in(page, "withheld:abusive", moderator=editor, article=article(page, 1))
    on_fourth = comment_in(page, "published", moderator=editor, article=article(page, 4))
    consultation_republish(page, draft_text=REDRAFT)  # 第四条 withdrawn, with its comment

    groups = comments_published_by_article(page)
    assert [(g.article.anchor if g.article else None, g.count) for g in groups] == [
        (None, 1),
        ("art-1", 0),
        ("art-2", 0),
        ("art-3", 2),
        ("art-4", 1),
    ]
    assert groups[0].comments == [whole]
    assert groups[3].comments == on_third and groups[4].comments == [on_fourth]
    assert groups[4].article.withdrawn
    assert comment_counts_by_article(page) == {"": 1, "art-3": 2, "art-4": 1}


def test_the_public_list_reads_in_a_fixed_number_of_queries(
    office, editor, time_machine, django_assert_num_queries
):
    time_machine.move_to(OPEN_DAY, tick=False)
    page = consultation_make(office)
    for number in (1, 2, 3, 3, 4):
        comment_in(page, "published", moderator=editor, article=article(page, number))
    with django_assert_num_queries(2):
        comments_published_by_article(page)
