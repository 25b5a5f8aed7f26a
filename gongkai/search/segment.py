"""Text → index terms, the same at index and at query time.

Two views of every text (../shared/docs/architecture.md, search row):

- **words**: jieba segmentation (rjieba) with the project's dictionary of government terms
  (`data/gov_terms.txt`), for BM25 ranking;
- **bigrams**: every pair of adjacent characters of the normalised text, with its position, so that
  a phrase of k characters is k-1 bigrams at consecutive positions — found exactly where the
  string stands, across word boundaries (as Lucene's CJK analyser does). One-character queries
  use the set of single characters.

Normalisation (NFKC, lower case, whitespace removed inside a field) is what "the text contains the
phrase" means for exact recall; fields are joined with a newline, which no query contains, so no
phrase matches across two fields.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import rjieba

USER_DICTIONARY = Path(__file__).resolve().parent / "data" / "gov_terms.txt"
FIELD_SEPARATOR = "\n"
_WHITESPACE = re.compile(r"\s+")
# A word token worth indexing has at least one letter or digit (no punctuation-only tokens).
_WORDLIKE = re.compile(r"\w", re.UNICODE)


@cache
def _jieba() -> rjieba.Jieba:
    jieba = rjieba.Jieba()
    for line in USER_DICTIONARY.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if parts:
            jieba.add_word(
                parts[0],
                int(parts[1]) if len(parts) > 1 else None,
                parts[2] if len(parts) > 2 else None,
            )
    return jieba


def normalize(text: str) -> str:
    """One field's text as the index sees it: NFKC, lower case, no whitespace, no control chars."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = "".join(ch for ch in text if ch.isprintable() or ch.isspace())
    return _WHITESPACE.sub("", text)


def normalize_fields(*fields: str) -> str:
    return FIELD_SEPARATOR.join(normalize(f) for f in fields if f)


def words(text: str) -> list[str]:
    """Search-mode jieba words of the normalised text (long words also give their parts)."""
    out = []
    for segment in (text or "").split(FIELD_SEPARATOR):
        norm = normalize(segment)
        if norm:
            out.extend(w for w in _jieba().cut_for_search(norm, True) if _WORDLIKE.search(w))
    return out


def bigrams(normalized: str) -> list[tuple[int, str]]:
    """(position, bigram) for every adjacent pair within a field of normalised text."""
    return [
        (i, normalized[i : i + 2])
        for i in range(len(normalized) - 1)
        if FIELD_SEPARATOR not in normalized[i : i + 2]
    ]


def characters(normalized: str) -> set[str]:
    return {ch for ch in normalized if ch != FIELD_SEPARATOR}
