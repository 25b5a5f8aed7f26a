"""The feedback report of a public consultation (意见采纳情况), published once it has closed and
the final document is issued. Pure: no models, no Django.

- `tally` counts the comments received and the staff's disposition of each (采纳 / 部分采纳 / 不予
  采纳), by article and in total; a comment not yet disposed of counts as received and undisposed.
- `diff_by_article` sets the draft (征求意见稿) beside the final text, article by article. Final
  texts are numbered anew, so articles are paired by their text without the label, not by number:
  1. articles of the same text on both sides, as the longest common subsequence of the two lists
     (`difflib.SequenceMatcher`);
  2. between two such pairs, the articles left over whose texts are alike (the Dice coefficient of
     their sets of character bigrams at least `SIMILAR`), in order, the pairs of the largest total
     likeness (a dynamic programme); a lone article in place of a lone one where they are a little
     alike (`REWRITTEN`), as one rewritten; the rest are removed, then added.
  A pair is compared paragraph by paragraph, then character by character (Chinese has no spaces);
  an unchanged run of 1–2 characters between two changes is marked with them, to stay readable.
  The label is never marked: a renumbered article of the same text is "same" (its labels differ).
  An added row is keyed by the final text's anchor, which may be another row's draft anchor.
- The HTML is `html.escape`d throughout, with only <del> and <ins> added: templates may output it
  with |safe (then |linebreaksbr, or CSS white-space: pre-line, for the paragraphs). Only articles
  are compared, not the preamble or appendix; a text without articles ("art-full") is compared
  whole with the other, in one row.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from html import escape

from gongkai.participation.articles import Article, split_articles

__all__ = [
    "DISPOSITION_LABELS",
    "WHOLE_DRAFT",
    "ArticleDiff",
    "Disposition",
    "Tally",
    "diff_by_article",
    "tally",
]

UNKNOWN_DISPOSITION = "无法识别的意见处理结果：{value!r}（应为采纳、部分采纳或不予采纳）"

WHOLE_DRAFT = ""  # the article key of a comment on the whole draft

SIMILAR = 0.5  # the least Dice coefficient of two articles' bigrams for them to be paired
REWRITTEN = 0.35  # … when the one is alone in place of the other (between two pairs)
TINY_EQUAL = 2  # an unchanged run this short between two changes is shown as part of the change
# Above this many cells (characters × characters), a changed block is marked as a whole, not
# compared character by character: difflib is quadratic at worst.
MAX_CHAR_CELLS = 4_000_000
_EDGE_SPACE = re.compile(r"^[\s\ufeff\u200b-\u200d\u2060]+|[\s\ufeff\u200b-\u200d\u2060]+$")


class Disposition(StrEnum):
    """What became of a comment."""

    ADOPTED = "adopted"
    PARTLY = "partly"
    NOT_ADOPTED = "not_adopted"

    @property
    def label(self) -> str:
        return DISPOSITION_LABELS[self]


DISPOSITION_LABELS: dict[str, str] = {
    Disposition.ADOPTED: "采纳",
    Disposition.PARTLY: "部分采纳",
    Disposition.NOT_ADOPTED: "不予采纳",
}


@dataclass(frozen=True)
class Tally:
    """The comments on one article (or on the whole draft, or in total) and what became of them."""

    received: int
    adopted: int
    partly: int
    not_adopted: int
    undisposed: int  # received but no disposition yet

    @property
    def complete(self) -> bool:
        """Whether every comment received has its disposition."""
        return self.undisposed == 0

    @property
    def adoption_rate(self) -> float | None:
        """(采纳 + 部分采纳) / the comments disposed of; None when none is disposed of yet."""
        disposed = self.adopted + self.partly + self.not_adopted
        return (self.adopted + self.partly) / disposed if disposed else None


def _disposition(value: Disposition | str | None) -> Disposition | None:
    """The disposition, from a member or its stored value; None and "" are "not yet"."""
    if value is None or value == "":
        return None
    try:
        return Disposition(value)
    except ValueError:
        raise ValueError(UNKNOWN_DISPOSITION.format(value=value)) from None


def _count(dispositions: list[Disposition | None]) -> Tally:
    return Tally(
        received=len(dispositions),
        adopted=dispositions.count(Disposition.ADOPTED),
        partly=dispositions.count(Disposition.PARTLY),
        not_adopted=dispositions.count(Disposition.NOT_ADOPTED),
        undisposed=dispositions.count(None),
    )


def tally(
    items: Iterable[tuple[str, Disposition | str | None]],
) -> tuple[dict[str, Tally], Tally]:
    """(article anchor or WHOLE_DRAFT, disposition or None) per counted comment → per-article
    tallies (keys in first-seen order, WHOLE_DRAFT first if present) and the total.

    Raises `ValueError` (a Chinese message) for a disposition that is not one of `Disposition`.
    """
    by_key: dict[str, list[Disposition | None]] = {}
    for key, value in items:
        by_key.setdefault(key, []).append(_disposition(value))
    keys = sorted(by_key, key=lambda key: key != WHOLE_DRAFT)  # stable: first-seen order kept
    every = [disposition for key in keys for disposition in by_key[key]]
    return {key: _count(by_key[key]) for key in keys}, _count(every)


@dataclass(frozen=True)
class ArticleDiff:
    """One row of the side-by-side comparison of the draft and the final text."""

    key: str  # the draft article's anchor, else the final one's ("art-12")
    draft_label: str  # "第十二条", or "" when added in the final text
    final_label: str  # "" when the article was removed
    draft_html: str  # escaped text; deleted runs wrapped in <del>…</del>
    final_html: str  # escaped text; inserted runs wrapped in <ins>…</ins>
    change: str  # "same" | "changed" | "added" | "removed"


def _body(article: Article) -> str:
    """The article's text without its label and the space after it."""
    return article.text[len(article.label) :].lstrip(" \u3000")


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset([text])


def _dice(a: frozenset[str], b: frozenset[str], least: float) -> float:
    """The Dice coefficient of two sets of bigrams, or 0 when it is below `least`."""
    if 2 * min(len(a), len(b)) < least * (len(a) + len(b)):
        return 0.0  # even if the smaller were all in the larger
    dice = 2 * len(a & b) / (len(a) + len(b))
    return dice if dice >= least else 0.0


def _pair_alike(a: Sequence[frozenset[str]], b: Sequence[frozenset[str]]) -> list[tuple[int, int]]:
    """The pairs (i, j) of alike articles, in order and not crossing, of the largest total
    likeness."""
    like = [[_dice(x, y, SIMILAR) for y in b] for x in a]
    best = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            paired = best[i - 1][j - 1] + like[i - 1][j - 1] if like[i - 1][j - 1] else 0.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], paired)
    pairs, i, j = [], len(a), len(b)
    while i and j:
        if like[i - 1][j - 1] and best[i][j] == best[i - 1][j - 1] + like[i - 1][j - 1]:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif best[i][j] == best[i][j - 1]:
            j -= 1
        else:
            i -= 1
    return pairs[::-1]


def _align(a: Sequence[str], b: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """The articles of both sides in order: (i, j) paired, (i, None) removed, (None, j) added."""
    rows: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        gap_a, gap_b = [_bigrams(t) for t in a[i1:i2]], [_bigrams(t) for t in b[j1:j2]]
        i, j = i1, j1
        for pi, pj in [(i1 + x, j1 + y) for x, y in _pair_alike(gap_a, gap_b)] + [(i2, j2)]:
            if pi - i == pj - j == 1 and _dice(gap_a[i - i1], gap_b[j - j1], REWRITTEN):
                rows.append((i, j))  # one article in place of one: rewritten
            else:
                rows.extend([(k, None) for k in range(i, pi)] + [(None, k) for k in range(j, pj)])
            if pi < i2:
                rows.append((pi, pj))
            i, j = pi + 1, pj + 1
    return rows


def _char_runs(a: str, b: str) -> list[tuple[bool, str, str]]:
    """(changed, old, new) runs of two texts, character by character, tiny equal runs merged."""
    if len(a) * len(b) > MAX_CHAR_CELLS or not a or not b:
        return [(True, a, b)]
    ops = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    return [
        (tag != "equal" or (i2 - i1 <= TINY_EQUAL and 0 < n < len(ops) - 1), a[i1:i2], b[j1:j2])
        for n, (tag, i1, i2, j1, j2) in enumerate(ops)
    ]


def _runs(a: str, b: str) -> list[tuple[bool, str, str]]:
    """(changed, old, new) runs: paragraphs first, then the characters of the changed ones;
    neighbouring changed runs are merged into one."""
    lines_a, lines_b = a.splitlines(keepends=True), b.splitlines(keepends=True)
    runs: list[tuple[bool, str, str]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, lines_a, lines_b, autojunk=False
    ).get_opcodes():
        old, new = "".join(lines_a[i1:i2]), "".join(lines_b[j1:j2])
        for run in [(False, old, new)] if tag == "equal" else _char_runs(old, new):
            if runs and runs[-1][0] and run[0]:
                runs[-1] = (True, runs[-1][1] + run[1], runs[-1][2] + run[2])
            else:
                runs.append(run)
    return runs


def _marked(text: str, tag: str) -> str:
    return f"<{tag}>{escape(text)}</{tag}>" if text else ""


def _pair_html(draft: Article, final: Article) -> tuple[str, str]:
    """The two texts, escaped, the label as it is and the body with its changes marked."""
    old, new = _body(draft), _body(final)
    draft_html = [escape(draft.text[: len(draft.text) - len(old)])]
    final_html = [escape(final.text[: len(final.text) - len(new)])]
    for changed, old_run, new_run in _runs(old, new):
        draft_html.append(_marked(old_run, "del") if changed else escape(old_run))
        final_html.append(_marked(new_run, "ins") if changed else escape(new_run))
    return "".join(draft_html), "".join(final_html)


def _row(draft: Article | None, final: Article | None) -> ArticleDiff:
    if draft is None and final is not None:
        return ArticleDiff(final.anchor, "", final.label, "", _marked(final.text, "ins"), "added")
    if final is None and draft is not None:
        return ArticleDiff(draft.anchor, draft.label, "", _marked(draft.text, "del"), "", "removed")
    assert draft is not None and final is not None
    change = "same" if _body(draft) == _body(final) else "changed"
    return ArticleDiff(draft.anchor, draft.label, final.label, *_pair_html(draft, final), change)


def _whole(text: str) -> Article:
    """The whole text as one part, its lines stripped and blank ones dropped (as split_articles
    gives a text without articles)."""
    lines = [line for line in (_EDGE_SPACE.sub("", ln) for ln in text.splitlines()) if line]
    return Article(0, "", "art-full", "\n".join(lines), "", "")


def diff_by_article(draft: str, final: str) -> list[ArticleDiff]:
    """The draft and the final text side by side, article by article, in the order of both texts
    (see the module's docstring for how articles are paired). Only articles are compared: the
    preamble and the appendix are not. When either text has no articles, the two are compared
    as wholes, in one row keyed "art-full"."""
    old, new = split_articles(draft).articles, split_articles(final).articles
    if any(article.anchor == "art-full" for article in old + new):
        whole = (_whole(draft) if old else None), (_whole(final) if new else None)
        return [_row(*whole)]
    rows = _align([_body(a) for a in old], [_body(a) for a in new])
    return [_row(None if i is None else old[i], None if j is None else new[j]) for i, j in rows]
