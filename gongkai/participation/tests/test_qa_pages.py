"""The policy Q&A where the public meets it: its list and page (a draft is a 404), the policy's
page showing its Q&A and the consultation on its draft, and the main search finding it — until it
is withdrawn."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.participation import qa_workflow as flow
from gongkai.participation.services import consultation_feedback_publish
from gongkai.participation.tests.factories import CLOSED_DAY, OPEN_DAY, consultation_make
from gongkai.participation.tests.qa_factories import ANSWER, policy, question_in
from gongkai.search import index
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(office):
    return policy(office)


@pytest.fixture
def published(office, editor, reviewer, document):
    return question_in(office, "published", author=editor, reviewer=reviewer, document=document)


def test_the_public_list_and_page_show_only_published_entries(
    client, office, editor, reviewer, published, document
):
    draft = question_in(office, "in_review", author=editor, reviewer=reviewer, document=document)
    listing = client.get(reverse("qa:list")).content.decode()
    assert reverse("qa:question", args=[published.pk]) in listing
    assert reverse("qa:question", args=[draft.pk]) not in listing
    page = client.get(reverse("qa:question", args=[published.pk])).content.decode()
    assert ANSWER in page and "第五条" in page and document.title in page
    assert "有效" in page  # the basis's validity today
    assert client.get(reverse("qa:question", args=[draft.pk])).status_code == 404
    assert client.get(reverse("qa:question", args=[99999])).status_code == 404


def test_the_list_filters_by_body_topic_and_keyword_and_says_so_when_empty(client, published):
    by_body = client.get(reverse("qa:list"), {"body": published.body.code}).content.decode()
    assert reverse("qa:question", args=[published.pk]) in by_body
    empty = client.get(reverse("qa:list"), {"q": "没有这个词"}).content.decode()
    assert "没有符合条件的问答" in empty
    wrong = client.get(reverse("qa:list"), {"topic": "不存在的分类"})
    assert wrong.status_code == 200 and "所选的项目不存在" in wrong.content.decode()
    by_topic = client.get(reverse("qa:list"), {"topic": "城乡建设、环境保护"}).content.decode()
    assert reverse("qa:question", args=[published.pk]) in by_topic


def test_the_policy_page_shows_its_qa_beside_the_interpretations(
    client, published, document, reviewer
):
    page = client.get(document.url).content.decode()
    assert 'id="h-related-qa"' in page and reverse("qa:question", args=[published.pk]) in page
    flow.question_withdraw(published, user=reviewer, note="政策已修改")
    page = client.get(document.url).content.decode()
    assert reverse("qa:question", args=[published.pk]) not in page
    assert client.get(reverse("qa:question", args=[published.pk])).status_code == 404


def test_the_final_document_links_back_to_its_consultation(client, office, reviewer, time_machine):
    time_machine.move_to(OPEN_DAY, tick=False)
    consultation = consultation_make(office)
    time_machine.move_to(CLOSED_DAY, tick=False)
    final = policy(office, title="甘肃省政务公开办法", doc_number="甘政发〔2026〕1号")
    assert 'id="h-related-consultation"' not in client.get(final.url).content.decode()
    consultation_feedback_publish(
        consultation, user=reviewer, final_document=final, summary="未收到意见。"
    )
    page = client.get(final.url).content.decode()
    assert 'id="h-related-consultation"' in page and consultation.url in page
    assert "意见采纳情况" in page


def test_the_main_search_finds_a_published_entry_until_it_is_withdrawn(
    settings, tmp_path, published, reviewer
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    index.catch_up()
    found = search("电梯 补贴")
    hits = {hit.url: hit for hit in found.hits}
    url = reverse("qa:question", args=[published.pk])
    assert url in hits and hits[url].doc_type_label == "简明问答"
    assert ("qa", "简明问答", 1) in found.facets["doc_type"]
    flow.question_withdraw(published, user=reviewer, note="政策已修改")
    index.catch_up()
    assert url not in {hit.url for hit in search("电梯 补贴").hits}
