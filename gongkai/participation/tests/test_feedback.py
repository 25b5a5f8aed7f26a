"""Tests for gongkai.participation.feedback: the feedback report of a consultation (意见采纳情况),
its tallies and the side-by-side comparison of the draft and the final text.

Plain pytest, no database. Hand-written texts first, then two versions of real laws from the
corpus (../shared/corpus/lawrefbook_laws) as staff would paste them.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import re
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.participation.articles import split_articles
from gongkai.participation.feedback import (
    WHOLE_DRAFT,
    ArticleDiff,
    Disposition,
    Tally,
    diff_by_article,
    tally,
)

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
LAWS = CORPUS / "lawrefbook_laws"

ADOPTED, PARTLY, NOT_ADOPTED = Disposition.ADOPTED, Disposition.PARTLY, Disposition.NOT_ADOPTED
MARK = re.compile(r"</?(?:del|ins)>")
LABEL = re.compile(r"第[一二三四五六七八九十百千零]+条[ \u3000]*")


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 103 → 一百零三 (as in test_articles: written apart from the parser)."""
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit:
            out += ("零" if zero else "") + "零一二三四五六七八九"[digit] + name
            zero = False
        elif out:
            zero = True
    return out[1:] if 10 <= n < 20 else out


def numbered(*bodies: str) -> str:
    """A text of articles 第一条, 第二条 … with these bodies, one a line."""
    return "\n".join(f"第{chinese(n)}条 {body}" for n, body in enumerate(bodies, 1))


def plain(fragment: str) -> str:
    """The text of an HTML fragment of the diff. Fails unless its only tags are ours."""
    bare = MARK.sub("", fragment)
    assert not re.search(r"[<>\"']", bare), fragment
    return html.unescape(bare)


def body(text: str) -> str:
    """An article's text without its label, by the test's own pattern."""
    return LABEL.sub("", text, count=1)


# --- Dispositions and tallies -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("disposition", "value", "label"),
    [
        (ADOPTED, "adopted", "采纳"),
        (PARTLY, "partly", "部分采纳"),
        (NOT_ADOPTED, "not_adopted", "不予采纳"),
    ],
)
def test_a_disposition_has_its_value_and_chinese_label(disposition, value, label):
    assert disposition == value
    assert Disposition(value) is disposition
    assert disposition.label == label


@pytest.mark.parametrize(
    ("items", "per_article", "total"),
    [
        pytest.param([], {}, (0, 0, 0, 0, 0), id="empty"),
        pytest.param(
            [("art-3", ADOPTED), ("art-1", NOT_ADOPTED), ("art-3", PARTLY), ("art-3", None)],
            {"art-3": (3, 1, 1, 0, 1), "art-1": (1, 0, 0, 1, 0)},
            (4, 1, 1, 1, 1),
            id="first-seen order",
        ),
        pytest.param(
            [("art-2", "adopted"), ("art-2", "partly"), ("art-2", "not_adopted"), ("art-2", "")],
            {"art-2": (4, 1, 1, 1, 1)},
            (4, 1, 1, 1, 1),
            id="stored values, '' not yet",
        ),
        pytest.param(
            [
                ("art-1", ADOPTED),
                (WHOLE_DRAFT, NOT_ADOPTED),
                ("art-1", ADOPTED),
                (WHOLE_DRAFT, None),
            ],
            {WHOLE_DRAFT: (2, 0, 0, 1, 1), "art-1": (2, 2, 0, 0, 0)},
            (4, 2, 0, 1, 1),
            id="whole draft first",
        ),
        pytest.param(
            [("art-1", None), ("art-2", None)],
            {"art-1": (1, 0, 0, 0, 1), "art-2": (1, 0, 0, 0, 1)},
            (2, 0, 0, 0, 2),
            id="none disposed",
        ),
    ],
)
def test_tally(items, per_article, total):
    by_article, overall = tally(iter(items))  # any iterable, read once

    assert list(by_article) == list(per_article)
    assert {key: dataclasses.astuple(t) for key, t in by_article.items()} == per_article
    assert dataclasses.astuple(overall) == total
    assert overall.received == sum(t.received for t in by_article.values())


@pytest.mark.parametrize(
    ("counts", "complete", "rate"),
    [
        ((0, 0, 0, 0, 0), True, None),
        ((3, 0, 0, 0, 3), False, None),
        ((4, 1, 1, 2, 0), True, 0.5),
        ((5, 1, 1, 1, 2), False, 2 / 3),  # the undisposed ones do not count yet
        ((2, 0, 0, 2, 0), True, 0.0),
        ((2, 0, 2, 0, 0), True, 1.0),
    ],
)
def test_complete_and_adoption_rate(counts, complete, rate):
    result = Tally(*counts)

    assert result.complete is complete
    assert result.adoption_rate == (None if rate is None else pytest.approx(rate))


def test_an_unknown_disposition_is_refused_in_chinese():
    with pytest.raises(ValueError, match=r"无法识别的意见处理结果.*'采纳'"):
        tally([("art-1", "采纳")])


def test_a_tally_cannot_be_changed():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Tally(1, 1, 0, 0, 0).adopted = 0  # type: ignore[misc]


# --- The diff: the structure every output must have ----------------------------------------------


def check_structure(draft: str, final: str, rows: list[ArticleDiff]) -> Counter[str]:
    """What holds of any diff of two texts with articles: each article of each side comes out
    once, in order, as it is; same pairs have the same text without the label, unmarked; the
    marks are on their own side only. The count of each change."""
    old, new = split_articles(draft).articles, split_articles(final).articles
    kept_old = [row for row in rows if row.change != "added"]
    kept_new = [row for row in rows if row.change != "removed"]
    assert [plain(row.draft_html) for row in kept_old] == [a.text for a in old]
    assert [plain(row.final_html) for row in kept_new] == [a.text for a in new]
    assert [row.draft_label for row in kept_old] == [a.label for a in old]
    assert [row.final_label for row in kept_new] == [a.label for a in new]
    for row in rows:
        assert row.change in {"same", "changed", "added", "removed"}
        assert "<ins>" not in row.draft_html and "<del>" not in row.final_html
        if row.change == "same":
            assert body(plain(row.draft_html)) == body(plain(row.final_html))
            assert not MARK.search(row.draft_html + row.final_html)
        elif row.change == "changed":
            assert body(plain(row.draft_html)) != body(plain(row.final_html))
            assert MARK.search(row.draft_html) or MARK.search(row.final_html)
        elif row.change == "added":
            assert (row.draft_label, row.draft_html) == ("", "")
            assert row.final_html.startswith("<ins>") and row.final_html.endswith("</ins>")
        else:
            assert (row.final_label, row.final_html) == ("", "")
            assert row.draft_html.startswith("<del>") and row.draft_html.endswith("</del>")
    changes = Counter(row.change for row in rows)
    assert changes["added"] - changes["removed"] == len(new) - len(old)
    return changes


def changes(rows: list[ArticleDiff]) -> list[tuple[str, str, str]]:
    return [(row.change, row.draft_label, row.final_label) for row in rows]


# --- The diff: hand-written texts ----------------------------------------------------------------

ARTICLES = [
    "为了规范政府信息公开工作，制定本办法。",
    "本办法适用于本市各级行政机关。",
    "行政机关应当主动公开政府信息。",
    "公民可以申请获取政府信息。",
    "本办法自2026年1月1日起施行。",
]
NEW = "行政机关应当建立健全政府信息公开工作制度，指定机构负责日常工作。"


def test_identical_texts_are_the_same_throughout():
    text = numbered(*ARTICLES)
    rows = diff_by_article(text, text)

    assert check_structure(text, text, rows) == {"same": 5}
    assert [row.key for row in rows] == [f"art-{n}" for n in range(1, 6)]
    assert [row.draft_html for row in rows] == [a.text for a in split_articles(text).articles]


def test_one_word_changed_is_marked_on_both_sides():
    draft = numbered(*ARTICLES)
    final = numbered(*ARTICLES[:2], "行政机关应当及时公开政府信息。", *ARTICLES[3:])
    rows = diff_by_article(draft, final)

    assert check_structure(draft, final, rows) == {"same": 4, "changed": 1}
    assert rows[2] == ArticleDiff(
        "art-3",
        "第三条",
        "第三条",
        "第三条 行政机关应当<del>主动</del>公开政府信息。",
        "第三条 行政机关应当<ins>及时</ins>公开政府信息。",
        "changed",
    )


def test_an_article_inserted_in_the_middle_renumbers_the_rest_without_changing_them():
    draft = numbered(*ARTICLES)
    final = numbered(*ARTICLES[:2], NEW, *ARTICLES[2:])
    rows = diff_by_article(draft, final)

    assert check_structure(draft, final, rows) == {"same": 5, "added": 1}
    assert changes(rows) == [
        ("same", "第一条", "第一条"),
        ("same", "第二条", "第二条"),
        ("added", "", "第三条"),
        ("same", "第三条", "第四条"),
        ("same", "第四条", "第五条"),
        ("same", "第五条", "第六条"),
    ]
    assert rows[2].key == "art-3"  # the final text's anchor
    assert rows[3].key == "art-3"  # the draft's: the comments on 第三条 are keyed so
    assert rows[3].draft_html == "第三条 行政机关应当主动公开政府信息。"  # the label is unmarked
    assert rows[3].final_html == "第四条 行政机关应当主动公开政府信息。"


def test_an_article_removed_and_one_inserted_and_others_changed_after_renumbering():
    draft = numbered(*ARTICLES)
    final = numbered(
        ARTICLES[0], "行政机关应当依法主动公开政府信息。", ARTICLES[3], NEW, ARTICLES[4]
    )
    rows = diff_by_article(draft, final)

    assert check_structure(draft, final, rows) == {
        "same": 3,
        "changed": 1,
        "added": 1,
        "removed": 1,
    }
    assert changes(rows) == [
        ("same", "第一条", "第一条"),
        ("removed", "第二条", ""),
        ("changed", "第三条", "第二条"),
        ("same", "第四条", "第三条"),
        ("added", "", "第四条"),
        ("same", "第五条", "第五条"),
    ]
    assert rows[2].final_html == "第二条 行政机关应当<ins>依法</ins>主动公开政府信息。"


def test_a_lone_article_rewritten_in_place_is_changed_and_an_unrelated_one_is_not():
    rewritten = "公民、法人或者其他组织可以向行政机关申请获取相关政府信息。"
    for replacement, expected in [(rewritten, ["changed"]), (NEW, ["removed", "added"])]:
        draft = numbered(*ARTICLES)
        final = numbered(*ARTICLES[:3], replacement, ARTICLES[4])
        rows = diff_by_article(draft, final)

        check_structure(draft, final, rows)
        assert [row.change for row in rows[3:-1]] == expected


def test_tiny_unchanged_runs_between_changes_are_marked_with_them():
    draft = numbered("除公园、体育场(馆)外的公共场所。")
    final = numbered("除公园、体育场（馆）外的公共场所。")
    [row] = diff_by_article(draft, final)

    assert row.draft_html == "第一条 除公园、体育场<del>(馆)</del>外的公共场所。"
    assert row.final_html == "第一条 除公园、体育场<ins>（馆）</ins>外的公共场所。"


def test_paragraphs_stay_apart_and_an_added_paragraph_is_marked_whole():
    draft = "第一条 第一款内容。\n第二款内容。"
    final = "第一条 第一款内容。\n第二款内容。\n新增的第三款。"
    [row] = diff_by_article(draft, final)

    assert row.change == "changed"
    assert row.draft_html == "第一条 第一款内容。\n第二款内容。"
    assert row.final_html == "第一条 第一款内容。\n第二款内容。<ins>\n新增的第三款。</ins>"


@pytest.mark.parametrize(
    ("draft", "final", "expected"),
    [
        pytest.param("", "", [], id="both empty"),
        pytest.param("", numbered("甲。", "乙。"), ["added", "added"], id="draft empty"),
        pytest.param(numbered("甲。"), "  \n", ["removed"], id="final empty"),
    ],
)
def test_empty_texts(draft, final, expected):
    assert [row.change for row in diff_by_article(draft, final)] == expected


@pytest.mark.parametrize(
    ("draft", "final", "change", "draft_html", "final_html"),
    [
        pytest.param(
            "关于做好政务公开工作的通知\r\n\r\n\u3000\u3000各单位要按时报送材料。",
            "关于做好政务公开工作的通知\n各单位要按时报送年度材料。\n",
            "changed",
            "关于做好政务公开工作的通知\n各单位要按时报送材料。",
            "关于做好政务公开工作的通知\n各单位要按时报送<ins>年度</ins>材料。",
            id="both without articles",
        ),
        pytest.param(
            "一、总体要求\n二、工作措施",
            "一、总体要求\n二、工作措施",
            "same",
            "一、总体要求\n二、工作措施",
            "一、总体要求\n二、工作措施",
            id="the same",
        ),
        pytest.param(
            "全文征求意见。",
            "第一条 全文征求意见。",
            "changed",
            "全文征求意见。",
            "<ins>第一条 </ins>全文征求意见。",
            id="articles in the final text only",
        ),
        pytest.param(
            "全文征求意见。", "", "removed", "<del>全文征求意见。</del>", "", id="no final"
        ),
    ],
)
def test_a_text_without_articles_is_compared_whole(draft, final, change, draft_html, final_html):
    [row] = diff_by_article(draft, final)

    assert (row.key, row.draft_label, row.final_label) == ("art-full", "", "")
    assert (row.change, row.draft_html, row.final_html) == (change, draft_html, final_html)


HOSTILE = [
    '<script>alert("x")</script> & 第三方',
    "A&B公司<img src=x onerror='alert(1)'>",
    "文中写有<del>和</ins>标记 &amp; &lt;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_everything_is_escaped(text):
    draft = numbered(ARTICLES[0], text, ARTICLES[4])
    final = numbered(ARTICLES[0], text.replace("&", "及") + "<b>", "<>", ARTICLES[4])
    whole_draft, whole_final = text, text.replace("<", "《")
    rows = diff_by_article(draft, final) + diff_by_article(whole_draft, whole_final)

    check_structure(draft, final, rows[:-1])
    for row in rows:
        for fragment in (row.draft_html, row.final_html):
            assert "<script" not in fragment and "<img" not in fragment and "<b>" not in fragment
            assert not re.search(r"&(?!(?:amp|lt|gt|quot|#x27);)", fragment)  # no bare &
            tags = MARK.findall(fragment)  # open and close in turn, never nested
            assert [tag.startswith("</") for tag in tags] == [n % 2 == 1 for n in range(len(tags))]
    assert plain(rows[-1].draft_html) == whole_draft
    assert plain(rows[-1].final_html) == whole_final


_BODY = st.text(
    alphabet=st.sampled_from(list("行政机关应当公开信息。，、<>&\"' \u3000()（）\n第条一二十ab")),
    max_size=30,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_BODY, min_size=1, max_size=8), st.lists(_BODY, min_size=1, max_size=8))
def test_any_two_texts_keep_the_structure(old, new):
    draft, final = numbered(*old), numbered(*new)
    check_structure(draft, final, diff_by_article(draft, final))


# --- The diff: real laws, two versions ----------------------------------------------------------


def paste(markdown: str) -> str:
    """The law as staff would paste it: the body without the Markdown of the headings."""
    text = markdown.partition("<!-- INFO END -->")[2]
    return "\n".join(re.sub(r"^#+\s*", "", line) for line in text.splitlines())


def versions(name: str, earlier: str, later: str) -> tuple[str, str]:
    """Two versions of a law, by its name and dates in the corpus manifest. The versions of a law
    are the rows of one source db and name, in the order of their publication dates."""
    if not (LAWS / "manifest.csv").is_file():
        pytest.skip(f"the law corpus is not beside the project ({LAWS})")
    with (LAWS / "manifest.csv").open(encoding="utf-8") as manifest:
        rows = [
            r
            for r in csv.DictReader(manifest)
            if (r["source_db"], r["name"]) == ("db.sqlite3", name)
        ]
    files = {row["publish"]: LAWS / row["file"] for row in rows}
    older, newer = (paste(files[date].read_text(encoding="utf-8")) for date in (earlier, later))
    return older, newer


def follows(old: list[str], new: list[str], least: float = 0.4) -> bool:
    """Whether every text of `old` has a like text in `new` (difflib's ratio), in order: then the
    later version only added articles. Apart from the module's own pairing (bigrams, dynamic
    programme): a greedy walk with another measure."""
    j = 0
    for text in old:
        while j < len(new) and SequenceMatcher(None, text, new[j], autojunk=False).ratio() < least:
            j += 1
        if j == len(new):
            return False
        j += 1
    return True


# name, earlier, later, articles in each, and what the later version did to the articles:
# "inserted" (none removed), "removed" (none inserted), "renumbered" (neither), "rewritten".
REAL = [
    ("民事诉讼法", "2021-12-24", "2023-09-01", 291, 306, "inserted"),
    ("监察法", "2018-03-20", "2024-12-25", 69, 78, "inserted"),
    ("反垄断法", "2007-08-30", "2022-06-24", 57, 70, "inserted"),
    ("快递暂行条例", "2019-03-02", "2025-04-13", 48, 59, "inserted"),
    ("国际海运条例", "2019-03-02", "2023-07-20", 53, 48, "removed"),
    ("对外贸易法", "2016-11-07", "2022-12-30", 70, 69, "removed"),
    ("企业所得税法实施条例", "2019-04-23", "2024-12-06", 132, 132, "renumbered"),
    ("公司法", "2018-10-26", "2023-12-29", 218, 266, "rewritten"),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "earlier", "later", "count_old", "count_new", "kind"), REAL)
def test_two_versions_of_a_real_law(name, earlier, later, count_old, count_new, kind):
    draft, final = versions(name, earlier, later)
    old = [body(a.text) for a in split_articles(draft).articles]
    new = [body(a.text) for a in split_articles(final).articles]
    rows = diff_by_article(draft, final)
    counts = check_structure(draft, final, rows)

    assert (len(old), len(new)) == (count_old, count_new)
    assert counts["same"] + counts["changed"] >= min(len(old), len(new)) // 2
    if kind in ("inserted", "renumbered"):
        assert follows(old, new)  # the premise, checked apart from the module
        assert (counts["removed"], counts["added"]) == (0, len(new) - len(old))
    if kind in ("removed", "renumbered"):
        assert follows(new, old)
        assert (counts["removed"], counts["added"]) == (len(old) - len(new), 0)


@pytest.mark.corpus
def test_the_new_section_of_the_civil_procedure_law_is_added():
    """民事诉讼法 2023 added a section of four articles, 指定遗产管理人案件 (第一百九十四条 to 第一百九十七
    条): they are added, and the articles after them pair with their old selves, four on."""
    draft, final = versions("民事诉讼法", "2021-12-24", "2023-09-01")
    section = [a for a in split_articles(final).articles if "遗产管理人" in a.section]
    rows = {row.final_label: row for row in diff_by_article(draft, final)}

    assert [a.number for a in section] == [194, 195, 196, 197]
    assert all(rows[a.label].change == "added" for a in section)
    assert rows["第一百九十八条"].draft_label == "第一百九十四条"


@pytest.mark.corpus
def test_articles_taken_out_of_a_real_law_come_back_as_added_or_removed():
    """The oracle built by hand: a real law with some articles taken out (the first, the last, two
    together and one in the middle), the rest renumbered and one word changed in one, against the
    law itself, both ways round."""
    law = versions("民事诉讼法", "2021-12-24", "2023-09-01")[1]
    bodies = [body(a.text) for a in split_articles(law).articles]
    out, edited = [0, 40, 41, 150, len(bodies) - 1], 100
    assert "应当" in bodies[edited]
    kept = [n for n in range(len(bodies)) if n not in out]
    full = numbered(*bodies)
    shorter = numbered(
        *(bodies[n].replace("应当", "可以", 1) if n == edited else bodies[n] for n in kept)
    )

    forward = diff_by_article(shorter, full)
    assert check_structure(shorter, full, forward) == {
        "same": len(kept) - 1,
        "changed": 1,
        "added": 5,
    }
    assert [n for n, row in enumerate(forward) if row.change == "added"] == out
    [changed] = [row for row in forward if row.change == "changed"]
    assert (changed.draft_label, changed.final_label) == (
        f"第{chinese(kept.index(edited) + 1)}条",
        f"第{chinese(edited + 1)}条",
    )
    assert changed.draft_html.count("<del>") == 1 and "<del>可以</del>" in changed.draft_html
    assert changed.final_html.count("<ins>") == 1 and "<ins>应当</ins>" in changed.final_html

    backward = diff_by_article(full, shorter)
    assert check_structure(full, shorter, backward)["removed"] == 5
    assert [n for n, row in enumerate(backward) if row.change == "removed"] == out
