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

import operator
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path

import rjieba

USER_DICTIONARY = Path(__file__).resolve().parent / "data" / "gov_terms.txt"
FIELD_SEPARATOR = "\n"
_WHITESPACE = re.compile(r"\s+")
# A word token worth indexing has at least one letter or digit (no punctuation-only tokens).
_WORDLIKE = re.compile(r"\w", re.UNICODE)
# The full-width marks of Chinese official texts, most frequent first (counted on the law corpus).
_COMMON_FULL_WIDTH = tuple(
    (c, unicodedata.normalize("NFKC", c)) for c in "，；（）：．％？！０１２"
)


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


@cache
def _non_printable() -> re.Pattern[str]:
    """A character class of every code point that `str.isprintable()` rejects (built once)."""
    ranges, start = [], None
    for cp in range(sys.maxunicode + 2):
        bad = cp <= sys.maxunicode and not chr(cp).isprintable()
        if bad and start is None:
            start = cp
        elif not bad and start is not None:
            ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(cp - 1))}")
            start = None
    return re.compile("[" + "".join(ranges) + "]")


def normalize(text: str) -> str:
    """One field's text as the index sees it: NFKC, lower case, no whitespace, no control chars.

    Whitespace goes first; what is left is almost always printable, which `isprintable()` checks
    in C, so the character-class pass runs only on the rare text that needs it.
    """
    text = text or ""
    # Full NFKC costs ~0.3 ms for 2,000 Chinese characters, and almost every Chinese text needs
    # it only for a few full-width punctuation marks. Replacing those by their NFKC forms first
    # leaves NFKC's result unchanged (each is replaced by its own compatibility decomposition),
    # and the quick check then usually finds nothing left to do.
    for full_width, ascii_form in _COMMON_FULL_WIDTH:
        text = text.replace(full_width, ascii_form)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _WHITESPACE.sub("", text.lower())
    return text if text.isprintable() else _non_printable().sub("", text)


def normalize_fields(*fields: str) -> str:
    return FIELD_SEPARATOR.join(normalize(f) for f in fields if f)


def words(text: str) -> list[str]:
    """Search-mode jieba words of the text (long words also give their parts)."""
    out: list[str] = []
    for segment in (text or "").split(FIELD_SEPARATOR):
        out.extend(words_of_normalized(normalize(segment)))
    return out


def words_of_normalized(norm: str) -> list[str]:
    if not norm:
        return []
    # Most tokens are letters or digits (`isalnum` in C); the regex decides only the rest.
    return [w for w in _jieba().cut_for_search(norm, True) if w.isalnum() or _WORDLIKE.search(w)]


# Token streams for tantivy's built-in "whitespace" tokenizer, which numbers tokens 0, 1, 2 …:
# building one string in Python is several times cheaper than one tantivy.Token per term.
# Normalised text holds no whitespace, so every token is exactly what was joined.
GAP = "~"  # a one-character token between fields; every bigram is two characters, so no phrase
# query ever matches it, and it keeps the last bigram of a field and the first of the next one
# from standing at consecutive positions.


def bigram_stream(fields: list[str]) -> str:
    """Every pair of adjacent characters within each normalised field, in order, with a gap
    token between fields: a phrase of k characters is k-1 bigrams at consecutive positions."""
    return f" {GAP} ".join(" ".join(map(operator.add, f, f[1:])) for f in fields if f)


def character_stream(fields: list[str]) -> str:
    """The set of single characters (one-character queries need no positions)."""
    return " ".join(set().union(*fields)) if fields else ""


def word_stream(words: list[str]) -> str:
    return " ".join(words)
