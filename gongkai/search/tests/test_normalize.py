"""`segment.normalize` replaces common full-width marks before NFKC; the result must be exactly
what plain NFKC (then lower case, no whitespace, no control characters) gives."""

import re
import unicodedata
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongkai.search.segment import normalize

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "lawrefbook_laws"


def reference(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"\s+", "", text)
    return "".join(c for c in text if c.isprintable())


# Chinese text with the characters that interact with the shortcut: full-width forms, combining
# marks (which compose with a preceding ASCII letter), compatibility characters, whitespace.
MIXED = st.text(
    alphabet=st.sampled_from(
        [
            *"政务公开，；（）：．％？！０１２ＡａＺ…ⅢⅠ℃﹕⒈①\u3000 \t\nAa1",
            *("\u0301", "\u0308", "\u3099", "\u200b", "\x07", "ﬁ", "ｶ", "ﾞ"),
        ]
    ),
    max_size=40,
)


@given(MIXED)
def test_normalize_equals_plain_nfkc_on_mixed_text(text):
    assert normalize(text) == reference(text)


@given(st.text(max_size=60))
def test_normalize_equals_plain_nfkc_on_any_text(text):
    assert normalize(text) == reference(text)


def test_normalize_equals_plain_nfkc_on_the_corpus():
    paths = sorted(CORPUS.rglob("*.md"))[:400]
    assert paths, "the law corpus is expected at ../shared/corpus/lawrefbook_laws"
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert normalize(text) == reference(text), path.name
