"""The search box's language: words are ANDed, "a phrase" in quotes, -word excludes.

Parsing is pure and never raises: a malformed query comes back with a Chinese message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongkai.search import segment

MAX_QUERY_LENGTH = 200
MSG_EMPTY = "请输入检索词"
MSG_TOO_LONG = f"检索词过长，请不要超过{MAX_QUERY_LENGTH}个字"
MSG_UNBALANCED_QUOTES = "引号不成对：请检查检索词中的引号"
MSG_ONLY_EXCLUSIONS = "请至少输入一个要查找的检索词（不能只有排除词）"
MSG_NO_SEARCHABLE_TEXT = "检索词中没有可检索的文字"

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})
_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


@dataclass
class ParsedQuery:
    raw: str
    required: list[str] = field(default_factory=list)  # normalised substrings that must occur
    excluded: list[str] = field(default_factory=list)  # normalised substrings that must not
    ranking_words: list[str] = field(default_factory=list)  # jieba words for BM25
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def parse(raw: object) -> ParsedQuery:
    text = raw if isinstance(raw, str) else ""
    text = "".join(ch for ch in text if ch.isprintable() or ch in " \t")
    parsed = ParsedQuery(raw=text.strip())
    if not parsed.raw:
        parsed.error = MSG_EMPTY
        return parsed
    if len(parsed.raw) > MAX_QUERY_LENGTH:
        parsed.error = MSG_TOO_LONG
        return parsed
    text = parsed.raw.translate(_QUOTES)
    if text.count('"') % 2:
        parsed.error = MSG_UNBALANCED_QUOTES
        return parsed
    for minus, phrase, bare in _TOKEN.findall(text):
        if phrase or (minus and not bare):
            terms = [segment.normalize(phrase)]  # a quoted phrase stands as one string
            negative = bool(minus)
        else:
            negative = bare.startswith("-") and len(bare) > 1
            word = bare[1:] if negative else bare
            # An unquoted term: each of its words must occur (not necessarily side by side).
            terms = [segment.normalize(w) for w in segment.words(word) if segment.normalize(w)]
            if not terms and segment.normalize(word):
                terms = [segment.normalize(word)]
        terms = [t for t in terms if _searchable(t)]
        if negative:
            parsed.excluded.extend(terms)
        else:
            parsed.required.extend(terms)
            parsed.ranking_words.extend(segment.words(" ".join(terms)))
    parsed.required = _without_implied(list(dict.fromkeys(parsed.required)))
    if not parsed.required:
        parsed.error = MSG_ONLY_EXCLUSIONS if parsed.excluded else MSG_NO_SEARCHABLE_TEXT
    return parsed


def _without_implied(required: list[str]) -> list[str]:
    """Drop a required string that stands inside another required one: a text containing
    "人民政府" contains "人民" and "政府", so requiring them too changes no result and only costs
    (for an unquoted word jieba's search mode gives the word and its parts)."""
    return [t for t in required if not any(t != other and t in other for other in required)]


def _searchable(term: str) -> bool:
    return any(ch.isalnum() for ch in term)  # punctuation alone finds nothing useful
