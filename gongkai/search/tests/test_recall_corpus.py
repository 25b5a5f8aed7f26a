"""Exact recall of the search index on the real law corpus (../shared/corpus/lawrefbook_laws).

"The text contains the phrase" is defined on `indexed_text(record)` (normalised fields joined with
a newline). For sampled and hand-picked phrases — many crossing jieba word boundaries — the
documents the index finds must be exactly those whose indexed text contains the phrase, no more
and no fewer.

The module uses the corpus import shared by the whole run (gongkai/testing/laws.py: imported once,
inside an outer transaction rolled back after its last test), builds a fresh index in a temporary
folder and keeps every public document's normalised text for plain `in` scans.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.test import override_settings

from gongkai.documents.importers.lawrefbook import LIBRARY_SLUG
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.selectors import annotate_validity, documents_public
from gongkai.search import selectors
from gongkai.search.schema import indexed_text
from gongkai.search.segment import FIELD_SEPARATOR, normalize
from gongkai.search.selectors import Filters, search
from gongkai.testing import CORPUS, laws

pytestmark = [pytest.mark.corpus, pytest.mark.django_db]

LAWS = CORPUS / "lawrefbook_laws"
KEY_PREFIX = "documents.policydocumentpage:"
SEED = 2026
SAMPLED = 34
HAND_PICKED = ["道路运输", "政府信息公开", "行政许可", "输市场", "地补偿"]
# Rare or absent from the law corpus: recall must then be exactly "none" (or the few that hold it).
RARE = ["公开条例第", "征地信息"]
SINGLE_CHARACTERS = ["征", "税", "粮", "渔", "邮"]
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Characters the query language reads as quotes (query._QUOTES): a phrase holding one could not
# be typed between quotes.
_QUOTE_LIKE = set('"“”＂「」')


@dataclass
class Corpus:
    texts: dict[int, str] = field(repr=False)  # pk → indexed_text(document_record(page))
    phrases: list[str] = field(default_factory=list)  # the sampled phrases, in order

    def containing(self, *phrases: str, without: str | None = None) -> set[int]:
        norm = [normalize(p) for p in phrases]
        excluded = normalize(without) if without else None
        return {
            pk
            for pk, text in self.texts.items()
            if all(p in text for p in norm) and not (excluded and excluded in text)
        }


def sample_phrases(texts: dict[int, str], order: list[int], count: int) -> list[str]:
    """Random substrings of 2..8 characters of random documents, with a fixed seed."""
    rng = random.Random(SEED)
    phrases: list[str] = []
    while len(phrases) < count:
        text = texts[rng.choice(order)]
        length = rng.randint(2, 8)
        if len(text) < length:
            continue
        start = rng.randrange(len(text) - length + 1)
        phrase = text[start : start + length]
        if (
            FIELD_SEPARATOR in phrase
            or not _CJK.search(phrase)
            or _QUOTE_LIKE & set(phrase)
            or phrase in phrases
        ):
            continue
        phrases.append(phrase)
    return phrases


@pytest.fixture(autouse=True)
def _needs_corpus(corpus):
    """Skipped, like every corpus test, when ../shared/corpus is not beside the project."""


@pytest.fixture(scope="module")
def library(law_import, django_db_blocker, tmp_path_factory):
    """The shared corpus import and its shared index (built once, laws.shared.index)."""
    folder = laws.shared.index(django_db_blocker, tmp_path_factory.mktemp("corpus-index"))
    with override_settings(GONGKAI_SEARCH_INDEX_DIR=str(folder)):
        with django_db_blocker.unblock():
            texts = {}
            order = []  # pks in a database-independent order, for sampling
            for pk in documents_public().order_by("source_key", "pk").values_list("pk", flat=True):
                record = laws.shared.records.get(f"{KEY_PREFIX}{pk}")
                if record is not None:
                    texts[pk] = indexed_text(record)
                    order.append(pk)
        yield Corpus(texts=texts, phrases=sample_phrases(texts, order, SAMPLED))


def indexed_pks(phrase: str) -> set[int]:
    """Every document the index finds for the phrase (no paging: the searcher directly)."""
    index = selectors._index()
    assert index is not None
    searcher = index.searcher()
    found = searcher.search(selectors._substring(index.schema, phrase), limit=10000)
    keys = [searcher.doc(address).get_first("key") for _score, address in found.hits]
    assert all(k.startswith(KEY_PREFIX) for k in keys)
    return {int(k.removeprefix(KEY_PREFIX)) for k in keys}


def check_recall(library: Corpus, phrase: str) -> None:
    norm = normalize(phrase)
    expected = library.containing(norm)
    found = indexed_pks(norm)
    assert found == expected, (
        f"{phrase!r}: missed {sorted(expected - found)[:10]}, extra {sorted(found - expected)[:10]}"
    )
    result = search(f'"{phrase}"', Filters(page=1))
    assert result.query.error is None
    assert result.notice is None
    assert result.total == len(expected)
    assert len(result.hits) == min(len(expected), selectors.PAGE_SIZE)
    assert {int(h.key.removeprefix(KEY_PREFIX)) for h in result.hits} <= expected


def test_the_library_is_imported_and_indexed(library):
    assert len(library.texts) > 3000
    assert set(library.texts) == set(
        PolicyDocumentPage.objects.filter(pk__in=library.texts).values_list("pk", flat=True)
    )
    assert len(library.phrases) == SAMPLED
    assert all(2 <= len(p) <= 8 for p in library.phrases)


@pytest.mark.parametrize("number", range(SAMPLED))
def test_a_sampled_phrase_finds_exactly_the_documents_whose_text_contains_it(library, number):
    check_recall(library, library.phrases[number])


@pytest.mark.parametrize("phrase", HAND_PICKED)
def test_a_hand_picked_phrase_finds_exactly_the_documents_whose_text_contains_it(library, phrase):
    assert library.containing(phrase), "a hand-picked phrase should occur in the corpus"
    check_recall(library, phrase)


@pytest.mark.parametrize("phrase", RARE)
def test_a_rare_phrase_finds_exactly_the_documents_whose_text_contains_it(library, phrase):
    check_recall(library, phrase)


def test_a_phrase_found_on_later_pages_is_still_counted_once_per_document(library):
    phrase = "道路运输"
    expected = library.containing(phrase)
    seen: set[int] = set()
    page = 1
    while True:
        result = search(f'"{phrase}"', Filters(page=page))
        assert result.total == len(expected)
        keys = {int(h.key.removeprefix(KEY_PREFIX)) for h in result.hits}
        assert not keys & seen
        seen |= keys
        if page >= result.pages:
            break
        page += 1
    assert seen == expected


@pytest.mark.parametrize("char", SINGLE_CHARACTERS)
def test_a_one_character_query_finds_every_document_holding_that_character(library, char):
    expected = library.containing(char)
    assert indexed_pks(char) == expected
    assert search(char).total == len(expected)


def test_an_unquoted_two_word_query_needs_both_words_anywhere(library):
    expected = library.containing("道路", "运输")
    assert expected != library.containing("道路运输")  # the words do not have to stand together
    result = search("道路 运输")
    assert result.query.required == ["道路", "运输"]
    assert result.total == len(expected)


def test_an_excluded_phrase_removes_the_documents_that_hold_it(library):
    expected = library.containing("道路运输", without="出租汽车")
    assert expected < library.containing("道路运输")
    result = search('"道路运输" -"出租汽车"')
    assert result.query.excluded == ["出租汽车"]
    assert result.total == len(expected)


def test_the_validity_facet_agrees_with_the_database(library):
    pks = library.containing("条例")
    result = search("条例")
    assert result.total == len(pks)
    expected = Counter(
        annotate_validity(PolicyDocumentPage.objects.filter(pk__in=pks)).values_list(
            "validity", flat=True
        )
    )
    facet = {status: count for status, _label, count in result.facets["validity"]}
    assert len(expected) > 1
    assert facet == dict(expected)
    assert sum(facet.values()) == len(pks)
    for status, count in facet.items():
        assert search("条例", Filters(validity=status)).total == count


def test_every_hit_belongs_to_the_library_in_the_body_facet(library):
    result = search("条例")
    assert [(key, count) for key, _name, count in result.facets["body"]] == [
        (LIBRARY_SLUG, result.total)
    ]
    assert search("条例", Filters(body=LIBRARY_SLUG)).total == result.total
