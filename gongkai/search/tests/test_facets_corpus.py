"""Facet counts that add up, on the real law corpus (../shared/corpus/lawrefbook_laws): for single-
and two-word queries, with no filter and with one chosen, every facet value's count is the total
of the search its link gives, through the path the search page takes (tests/facets.py).

The page has no browsing without words (an empty box searches nothing), so there is no empty query
here. The corpus is the shared import (gongkai/testing/laws.py), indexed once for
every module that reads it (laws.shared.index).
"""

from __future__ import annotations

import pytest
from django.test import override_settings

from gongkai.documents.importers.lawrefbook import LIBRARY_SLUG
from gongkai.search.tests.facets import facet_counts, facet_mismatches, page_search
from gongkai.testing import laws

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

QUERIES = ["条例", "政府信息公开", "征收", "道路 运输", "土地 补偿"]
# Facets whose largest value is chosen before the counts are checked again: each then counts
# with that filter applied, and its own count with it replaced. (Laws carry no 主题分类, and all
# belong to the library: topics and bodies are checked on the test world, test_facets.py.)
NARROWED_BY = ["doc_type", "year", "validity"]


@pytest.fixture(autouse=True)
def _needs_corpus(corpus):
    """Skipped, like every corpus test, when ../shared/corpus is not beside the project."""


@pytest.fixture(scope="module")
def indexed(law_import, django_db_blocker, tmp_path_factory):
    folder = laws.shared.index(django_db_blocker, tmp_path_factory.mktemp("corpus-index"))
    with override_settings(GONGKAI_SEARCH_INDEX_DIR=str(folder)):
        yield


@pytest.mark.parametrize("q", QUERIES)
def test_every_facet_count_is_the_total_its_link_gives(indexed, q):
    result = page_search({"q": q})
    assert result.total > 0
    assert {facet for facet, values in result.facets.items() if len(values) > 1} >= {
        "doc_type",
        "year",
        "validity",
    }
    assert facet_mismatches({"q": q}) == []


@pytest.mark.parametrize("q", QUERIES)
@pytest.mark.parametrize("facet", NARROWED_BY)
def test_with_a_facet_chosen_every_count_is_still_the_total_its_link_gives(indexed, q, facet):
    values = page_search({"q": q}).facets[facet]
    key, _label, _count = max(values, key=lambda value: value[2])
    assert facet_mismatches({"q": q, facet: key}) == []


def test_the_library_is_one_issuing_body_counted_alike_exactly_and_with_subordinates(indexed):
    result = page_search({"q": "条例"})
    assert facet_counts(result, "owner") == {LIBRARY_SLUG: result.total}
    assert facet_counts(result, "body") == {LIBRARY_SLUG: result.total}
    assert page_search({"q": "条例", "owner": LIBRARY_SLUG}).total == result.total
