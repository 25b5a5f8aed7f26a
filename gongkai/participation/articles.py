"""Split the text of a draft regulation or normative document (征求意见稿) into its articles (条),
so that the public can comment on one article at a time. No Django here.

The input is plain text as staff paste it or as a DOCX gives it: a paragraph a line, with Windows
line ends, full-width spaces and blank lines anywhere.

- An article starts a line with its label: 第十二条, 第一百零三条, 第12条, or an inserted article
  第一百二十条之一 (``number`` 120, ``sub`` 1), followed by a space of either width, a bracket
  (【立法目的】) or the text itself. A 第X条 inside a sentence never starts one; at the start of a
  line ("第五条规定的……") it does if a space or bracket follows, if the next word does not read as a
  reference (规定, 的, 所, 、, 第X款 …), or if its number is the one expected next.
- An article runs to the next article or heading, with its paragraphs (款) and items (项,
  "（一）……"). ``text`` starts with the label; lines are stripped and blank ones dropped.
- Headings are lines by themselves: 第X章 / 第X节, 第X编 / 第X分编 / 第X部分 (which start a chapter
  as 章 does), a bare 总则 / 分则 / 附则, and right above an article "一、管辖" (a chapter) or
  "（一）动产质押" (a section), as in judicial interpretations. A heading may wrap onto a second
  line. Runs of spaces in it become one ("第一章　总　则" → "第一章 总 则").
- The preamble is what comes before the first article, less the headings right above it. The
  appendix runs from a line 附件 / 附件2：… / 附表 / 附录 / 附：… after the last article to the end.
- Problems are Chinese messages for staff: numbers out of sequence (跳号) or repeated (重复), text
  in no article. A text without any article comes back as ONE unnumbered part, an Article with
  number 0, an empty label and the anchor "art-full", so that it can still be commented on (and
  an empty preamble). An empty text has no articles. Nothing here raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Article", "SplitDraft", "parse_number", "split_articles"]

_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_NUM = r"[零〇一二两三四五六七八九十百千0-9０-９]+"
_ORDINAL = r"[一二三四五六七八九十]+"
_GAP = r"[ \u3000]*"

_ARTICLE = re.compile(
    rf"(?P<label>第{_GAP}(?P<num>{_NUM}){_GAP}条(?:之(?P<sub>{_ORDINAL}))?)(?P<rest>.*)"
)
_STRONG_AFTER = re.compile(r"[\s【〔\[（(:：]")  # after a label: it is an article's
# After a label at the start of a line, the words of a reference to it: "第五条规定的", "第五条、第六条".
_REFERENCE_AFTER = re.compile(
    r"之规定|规定|的|所|中[的规所]|[、，,；;。.）)]|第|至|到|[和及与或]第|或者第|以及第|修改|增加|删"
)
_HEADING = re.compile(rf"第{_GAP}{_NUM}{_GAP}(?P<kind>章|节|分编|编|部分)(?P<rest>.*)")
# "第三章规定的", "第三章第二节": not a heading ("第十四章第二审程序" is one).
_HEADING_REFERENCE = re.compile(rf"的|规定|所[称列述指]|中[的规所]|[、，]|第{_NUM}[节条款项]|至")
_BARE_CHAPTER = re.compile(rf"[总分附]{_GAP}则")
_ORDINAL_HEADINGS = (
    (re.compile(rf"{_ORDINAL}、.{{1,30}}"), "chapter"),
    (re.compile(rf"[（(]{_ORDINAL}[）)].{{1,30}}"), "section"),
)
_CLAUSE_END = re.compile(r"[。；;：:！？!?]")
_APPENDIX = re.compile(r"(?:附件|附表|附录|附(?=[：:]))[0-9一二三四五六七八九十]*(?:[：:\s].*)?")
_EDGE_SPACE = re.compile(r"^[\s\ufeff\u200b-\u200d\u2060]+|[\s\ufeff\u200b-\u200d\u2060]+$")


@dataclass(frozen=True)
class Article:
    """One article. ``anchor`` is an HTML id: "art-12", "art-120-1" for 第一百二十条之一, and
    "art-12-dup2" for a second article numbered 12, so that ids stay unique."""

    number: int
    label: str
    anchor: str
    text: str
    chapter: str
    section: str
    sub: int = 0  # 之一 → 1; 0 for an ordinary article


@dataclass(frozen=True)
class SplitDraft:
    preamble: str
    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    appendix: str = ""


def parse_number(numeral: str) -> int | None:
    """The value of an article number, Chinese (一百零三, 二十, 十, 一千, 一百十) or Arabic
    (12, １２); None when it is not a well-formed number above zero."""
    numeral = numeral.translate(_FULL_WIDTH_DIGITS)
    if numeral.isascii():
        return (int(numeral) or None) if numeral.isdigit() else None
    total, digit, last_unit = 0, None, 10_000
    for char in numeral:
        if char in "零〇":
            if digit is not None:
                return None  # "三零"
        elif char in _DIGITS:
            if digit is not None:
                return None  # "一二"
            digit = _DIGITS[char]
        elif char in _UNITS and _UNITS[char] < last_unit:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit, last_unit = None, _UNITS[char]
        else:
            return None  # an Arabic digit among Chinese ones, or units out of order ("十百")
    return (total + (digit or 0)) or None


def _article_start(line: str, expected: set[tuple[int, int]]) -> tuple[int, int, str] | None:
    """(number, sub, label) when the line starts an article."""
    match = _ARTICLE.match(line)
    if match is None:
        return None
    number = parse_number(match["num"])
    sub = parse_number(match["sub"]) if match["sub"] else 0
    if number is None or sub is None:
        return None
    rest = match["rest"]
    plain = not rest or _STRONG_AFTER.match(rest) or not _REFERENCE_AFTER.match(rest)
    return (number, sub, match["label"]) if plain or (number, sub) in expected else None


def _heading(line: str, above_article: bool) -> tuple[str, str] | None:
    """("chapter" or "section", its title) when the line is a heading."""
    title = re.sub(r"\s+", " ", line)
    if match := _HEADING.fullmatch(line):
        rest = match["rest"]
        if rest.endswith("。") and len(rest) <= 20:
            rest = rest[:-1]  # "第五节 生活、卫生。"
        if len(rest) > 60 or _CLAUSE_END.search(rest) or _HEADING_REFERENCE.match(rest):
            return None
        return ("section" if match["kind"] == "节" else "chapter", title)
    if _BARE_CHAPTER.fullmatch(line):
        return "chapter", title
    for pattern, kind in _ORDINAL_HEADINGS:
        if above_article and pattern.fullmatch(line) and not re.search(r"[。；;：:，,]", line):
            return kind, title
    return None


def _is_title_fragment(line: str) -> bool:
    """Whether a line may be the rest of a heading too long for one line."""
    return len(line) <= 40 and not _CLAUSE_END.search(line)


def _above_article(lines: list[str]) -> list[bool]:
    """For each line, whether an article follows it, maybe after more headings."""
    above = [False] * len(lines)
    for index in range(len(lines) - 2, -1, -1):
        following = lines[index + 1]
        above[index] = _article_start(following, set()) is not None or (
            above[index + 1]
            and (_heading(following, True) is not None or _is_title_fragment(following))
        )
    return above


def _expected_after(number: int, sub: int) -> set[tuple[int, int]]:
    """The numbers that may follow an article: the next one, or the next inserted one (之X)."""
    return {(number + 1, 0), (number, sub + 1)}


@dataclass
class _Reader:
    """Reads the lines in order; what has been found so far."""

    lines: list[str]
    chapter: str = ""
    section: str = ""
    expected: set[tuple[int, int]] = field(default_factory=lambda: {(1, 0)})
    opened: list[tuple[int, int, str, str, str, list[str]]] = field(default_factory=list)
    current: list[str] | None = None  # the lines of the article being read
    first_article: int = 0
    heading_at: set[int] = field(default_factory=set)
    last_kind: str = "chapter"
    stray: list[str] = field(default_factory=list)  # after the first article, in no article
    appendix_from: int | None = None

    def read(self, index: int, line: str, above_article: bool) -> None:
        if start := _article_start(line, self.expected):
            number, sub, label = start
            self.current = [line]
            self.opened.append((number, sub, label, self.chapter, self.section, self.current))
            self.first_article = index if len(self.opened) == 1 else self.first_article
            self.expected = _expected_after(number, sub)
        elif self.opened and _APPENDIX.fullmatch(line) and not self.more_articles(index):
            self.appendix_from = index
        elif heading := _heading(line, above_article):
            self.heading(index, *heading)
        elif index - 1 in self.heading_at and above_article and _is_title_fragment(line):
            self.heading(index, self.last_kind, "")  # the heading above goes on on this line
            if self.last_kind == "chapter":
                self.chapter += line
            else:
                self.section += line
        elif self.current is not None:
            self.current.append(line)
        elif self.opened:
            self.stray.append(line)

    def heading(self, index: int, kind: str, title: str) -> None:
        self.heading_at.add(index)
        self.current, self.last_kind = None, kind
        if title and kind == "chapter":
            self.chapter, self.section = title, ""
        elif title:
            self.section = title

    def more_articles(self, index: int) -> bool:
        """Whether the next article comes after the line: then 附件 was not where the annex starts."""
        starts = (_article_start(line, self.expected) for line in self.lines[index + 1 :])
        return any(start and start[:2] in self.expected for start in starts)

    def articles(self) -> list[Article]:
        seen: dict[tuple[int, int], int] = {}
        articles = []
        for number, sub, label, chapter, section, lines in self.opened:
            seen[(number, sub)] = seen.get((number, sub), 0) + 1
            anchor = f"art-{number}" + (f"-{sub}" if sub else "")
            if seen[(number, sub)] > 1:
                anchor += f"-dup{seen[(number, sub)]}"
            articles.append(Article(number, label, anchor, "\n".join(lines), chapter, section, sub))
        return articles

    def preamble(self) -> str:
        end = self.first_article
        while end > 0 and end - 1 in self.heading_at:
            end -= 1  # the headings right above the first article are its own
        return "\n".join(self.lines[:end])


def _problems(articles: list[Article], stray: list[str]) -> list[str]:
    """跳号, 重复 and text in no article, in the order of the text."""
    problems: list[str] = []
    seen: set[tuple[int, int]] = set()
    previous: Article | None = None
    for article in articles:
        key = (article.number, article.sub)
        if key in seen:
            problems.append(f"条文编号重复：{article.label}出现不止一次。")
        elif previous is None and key != (1, 0):
            problems.append(f"条文编号不连续（跳号）：第一个条文是{article.label}，不是第一条。")
        elif previous is not None and key not in _expected_after(previous.number, previous.sub):
            problems.append(f"条文编号不连续（跳号）：{previous.label}之后是{article.label}。")
        seen.add(key)
        previous = article
    if stray:
        problems.append(
            f"有 {len(stray)} 段文字不属于任何条文（在标题之后、条文之前）：“{stray[0][:20]}”"
        )
    return problems


def _lines(text: object) -> list[str]:
    """The lines that are not blank, stripped (None or a non-text value has none)."""
    if not isinstance(text, str):
        return []
    return [line for line in (_EDGE_SPACE.sub("", ln) for ln in text.splitlines()) if line]


def split_articles(text: str) -> SplitDraft:
    """Split a draft into its preamble, its articles and its appendix, with the problems found."""
    lines = _lines(text)
    if not lines:
        return SplitDraft(preamble="", problems=["文本为空，没有可征求意见的内容。"])
    reader = _Reader(lines)
    for index, (line, above) in enumerate(zip(lines, _above_article(lines), strict=True)):
        if reader.appendix_from is not None:
            break
        following = lines[index + 1] if index + 1 < len(lines) else ""
        reader.read(index, line, above or _article_start(following, reader.expected) is not None)
    if not reader.opened:
        whole = Article(0, "", "art-full", "\n".join(lines), "", "")
        return SplitDraft("", [whole], ["未识别到“第X条”形式的条文，全文作为一个整体征求意见。"])
    articles = reader.articles()
    appendix = "" if reader.appendix_from is None else "\n".join(lines[reader.appendix_from :])
    return SplitDraft(reader.preamble(), articles, _problems(articles, reader.stray), appendix)
