"""Clean text taken out of PDF, OFD and DOCX files (and out of the law corpus, which was taken out
of them upstream). One function, `clean_text`, does it for every source, so that a document reads
the same on its page, in the search index and in a search snippet.

No Django here. What text extraction gives back from a government document is its layout, not its
text:

- a PDF or OFD has one line per printed line (a 公文 line holds 28 characters, GB/T 9704-2012 7.2),
  so a paragraph comes out as several lines, and a line break falls inside a sentence;
- the 版头 is repeated in the text: the red 发文机关标志 ("甘肃省人民政府办公厅文件") and the 发文字号
  under it, and the title that the document's page already shows;
- page numbers ("— 3 —") come out as lines between two halves of a sentence;
- some fonts (方正 fonts above all) map glyphs to private-use code points, which no other font has:
  a browser shows a box, and a search for "中国·甘肃" misses the text;
- digits and Latin letters come in full width ("２０２１"), Chinese punctuation as ASCII (",", ".",
  ":", "(…)" and "«…»" for 《…》), with stray spaces before opening brackets and quotes.

`clean_text` turns that into paragraphs, one per line. Digits and Latin letters become half-width
(NFKC on those only); Chinese punctuation stays, or becomes, full-width as the 公文 format has it
(GB/T 9704-2012 and GB/T 15834-2011: 《》, （）, ，, 。, ：, ；), never the other way round. Private-use
glyphs are mapped where we know what they stand for (`PRIVATE_USE_GLYPHS`), and dropped otherwise:
a missing dot is better than a box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Han characters, and the punctuation used in Chinese text (CJK symbols and punctuation, the
# full-width forms other than digits and letters, curly quotes, ellipsis, dash, middle dot).
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = (
    "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
    "\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
)
_CJK = _HAN + _CJK_PUNCT
_OPENING = "“‘《〈「『（〔【"
_PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"

# What the private-use glyphs of the fonts we have met stand for. Any other private-use character
# is dropped (never shown as a box).
PRIVATE_USE_GLYPHS: dict[str, str] = {
    # 甘政办发〔2021〕48号 (方正 fonts, Supplementary Private Use Area-B):
    "\U00100170": "·",  # “中国·甘肃”门户网站
    "\U001001b0": "．",  # １．强化政府网站建设管理 (the dot of a list number)
    # The law corpus (local regulations of 浙江 and 河南): 围挡高度不得低于2.5米.
    "\ue010": ".",
}

# Full-width digits and Latin letters → ASCII (what NFKC does to them, and to nothing else).
_HALF_WIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): chr(0x30 + i) for i in range(10)},
        **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
        **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
    }
)
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
# A private-use glyph either side of a year, between a 机关代字 and a 序号: the 〔〕 of a 发文字号.
_DOC_NUMBER_BRACKETS = re.compile(
    rf"(?<=[{_HAN}])[{_PRIVATE_USE}](\d{{4}})[{_PRIVATE_USE}](?=\d{{1,5}}号)"
)
_PRIVATE_USE_CHAR = re.compile(rf"[{_PRIVATE_USE}\ufffd]")
# ASCII punctuation in Chinese text (next to a Han character or Chinese punctuation), but not
# between two digits (1,000 and 9:30 stay).
_ASCII_PUNCT = re.compile(rf"(?<=[{_CJK}])[,;:!?]+|(?<![\d,;:!?])[,;:!?]+(?=[{_CJK}])")
_FULL_WIDTH_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
# A full stop after Chinese text, ending a sentence (not "附件.pdf", not an ellipsis "...";
# Chinese has no abbreviations, so "文件.2021年" is "文件。2021年").
_ASCII_FULL_STOP = re.compile(rf"(?<=[{_CJK}])\.(?=$|\s|\d|[{_CJK}])")
# Brackets around Chinese text, and a numbered item "(1)" before it; a printed line may hold only
# one of the pair, which is then known by its Chinese side.
_PARENTHESES = re.compile(rf"\(([^()\n]*[{_HAN}][^()\n]*|\d{{1,2}}(?=\)[{_HAN}]))\)")
_OPEN_PARENTHESIS = re.compile(rf"\((?=[{_CJK}])")
_CLOSE_PARENTHESIS = re.compile(rf"(?<=[{_CJK}])\)")
_GUILLEMETS = re.compile(r"«([^«»\n]*)»")
_OPEN_GUILLEMET = re.compile(rf"«(?=[{_CJK}])")
_CLOSE_GUILLEMET = re.compile(rf"(?<=[{_CJK}])»")
# Every ASCII mark the rules above may change.
_ASCII_MARK = re.compile(r"[()«»,;:!?.]")
_SPACES = re.compile(r"[^\S\n\t]+")  # tabs stay: they separate spreadsheet and table cells
# In a printed line, the space a PDF reports next to Chinese punctuation is the glyph's side
# bearing, not a space anyone typed ("甘政办发 〔2021〕", "做好 “深化”").
_SPACE_AT_PUNCT = re.compile(rf" (?=[{_CJK_PUNCT}])|(?<=[{_CJK_PUNCT}]) ")

# Lines that are not text.
_ORGAN = "政府|厅|局|委|部|院|署|办|会|室|中心|街道|乡|镇"
_ISSUER_MARK = re.compile(rf"^[{_HAN}（）]{{1,60}}(?:{_ORGAN})文件$")  # 发文机关标志
_DOC_NUMBER_LINE = re.compile(rf"^[{_HAN}]{{1,15}}〔\d{{4}}〕\d{{1,5}}号(?:签发人：.*)?$")
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－─]+\d{1,4}[-—–－─]+|第\d{1,4}页(?:[，,/]?共\d{1,4}页)?|\d{1,4}/\d{1,4})$"
)

# A line that begins a paragraph: 一、 （一） 1． 1. （1） 第X条/章/节/编, and the 版记.
_NUMERAL = "一二三四五六七八九十百千零〇两"
_HEADING = re.compile(
    rf"^(?:[{_NUMERAL}]+、|（[{_NUMERAL}]+）|\d{{1,2}}[．.、](?!\d)|（\d{{1,2}}）"
    rf"|第[{_NUMERAL}\d]+条[ 　]|第[{_NUMERAL}\d]+[章节编](?:[ 　]|$)|(?:抄送|主送|附件\d*)[：:])"
)
# A line that ends a paragraph: 。！？：； and what may close after them.
_PARAGRAPH_END = re.compile(r"[。！？：；][”’」』）》〕]*$")
# The 公文 line: 28 characters (GB/T 9704-2012 7.2), used when a text is too short to measure.
STANDARD_LINE = 28
_MEASURED_FROM = 8  # lines needed to measure a text's own line length
_SHORT_BY = 3  # a line this much shorter than a full one ends its paragraph (title, heading, date)


@dataclass(frozen=True)
class _Line:
    text: str  # cleaned
    width: float  # as printed, in Chinese characters
    indented: bool


def clean_characters(text: str, *, printed: bool = False) -> str:
    """The characters of one line (or of a text whose lines are kept as they are).

    `printed`: the text was laid out on a page (PDF, OFD), so a space next to Chinese punctuation
    is not one anyone typed and goes.
    """
    text = _INVISIBLE.sub("", text).translate(_HALF_WIDTH)
    text = _DOC_NUMBER_BRACKETS.sub(r"〔\1〕", text)
    for glyph, meaning in PRIVATE_USE_GLYPHS.items():
        text = text.replace(glyph, meaning)
    text = _PRIVATE_USE_CHAR.sub("", text)
    # One mark made full-width can put the next one in Chinese context ("政),"): until stable
    # (each round makes at least one ASCII mark full-width, so this ends). A line without any of
    # the ASCII marks these rules touch (most lines of a Chinese text) has nothing to change.
    while _ASCII_MARK.search(text):
        before = text
        text = _PARENTHESES.sub(r"（\1）", text)
        text = _OPEN_PARENTHESIS.sub("（", _CLOSE_PARENTHESIS.sub("）", text))
        text = _GUILLEMETS.sub(r"《\1》", text)  # « » are not used in Chinese text but for 《》
        text = _OPEN_GUILLEMET.sub("《", _CLOSE_GUILLEMET.sub("》", text))
        text = _ASCII_PUNCT.sub(lambda m: m.group().translate(_FULL_WIDTH_PUNCT), text)
        text = _ASCII_FULL_STOP.sub("。", text)
        if text == before:
            break
    text = _SPACES.sub(" ", text)
    if printed:
        text = _SPACE_AT_PUNCT.sub("", text)
    return text.strip(" ")


def clean_text(text: str, *, wrapped: bool, title: str = "") -> str:
    """Text taken from a document, as paragraphs, one per line.

    `wrapped`: the lines are printed lines (PDF, OFD): they are joined into paragraphs, and blank
    lines mean nothing. Otherwise (DOCX, XLSX, Markdown) every line is kept as a paragraph, with at
    most one blank line between two. `title`: the document's title, dropped where the text starts
    with it.
    """
    raw_lines = re.sub(r"\r\n?|[\f\v]", "\n", text).split("\n")
    lines = [
        # Only printed lines are measured (`_paragraphs` joins them by their width).
        _Line(clean_characters(raw, printed=wrapped), _width(raw) if wrapped else 0, _indented(raw))
        for raw in raw_lines
    ]
    lines = _without_furniture(lines)
    if title:
        lines = _without_title(lines, title)
    if not wrapped:
        kept = "\n".join(line.text for line in lines)
        return re.sub(r"\n{3,}", "\n\n", kept).strip("\n")
    return "\n".join(_paragraphs([line for line in lines if line.text]))


_WHITESPACE = re.compile(r"\s")  # what str.isspace() calls white space
_ASCII_ALNUM = re.compile(r"[A-Za-z0-9]")


def _width(raw: str) -> float:
    """The printed width of a line in Chinese characters (ASCII letters and digits are half)."""
    return len(raw) - len(_WHITESPACE.findall(raw)) - 0.5 * len(_ASCII_ALNUM.findall(raw))


def _indented(raw: str) -> bool:
    # Two characters of indent (GB/T 9704: 每个自然段左空二字). One ASCII space is a PDF's page
    # start or a side bearing, not an indent.
    lead = raw[: len(raw) - len(raw.lstrip())]
    return "\u3000" in lead or len(lead) >= 2


def _without_furniture(lines: list[_Line]) -> list[_Line]:
    """Without the 发文机关标志 (wherever a page repeats it), the 发文字号 line under it, and the
    page numbers."""
    kept: list[_Line] = []
    after_mark = False
    for line in lines:
        compact = line.text.replace(" ", "")
        if _ISSUER_MARK.match(compact):
            after_mark = True
            continue
        if after_mark and _DOC_NUMBER_LINE.match(compact):
            after_mark = False
            continue
        if _PAGE_NUMBER.match(compact):
            continue
        if compact:
            after_mark = False
        kept.append(line)
    return kept


def _title_key(text: str) -> str:
    return re.sub(r"[\s《》〈〉“”\"'«»]", "", text)


def _without_title(lines: list[_Line], title: str) -> list[_Line]:
    """Drop the first lines when together they are the title (it is printed on one or more lines,
    with or without the 书名号 the page title leaves out)."""
    wanted, seen = _title_key(clean_characters(title)), ""
    for number, line in enumerate(lines):
        if not line.text:
            continue
        seen += _title_key(line.text)
        if seen == wanted:
            return lines[number + 1 :]
        if not wanted.startswith(seen):
            break
    return lines


def _typical_width(lines: list[_Line]) -> float:
    widths = sorted(line.width for line in lines)
    if len(widths) < _MEASURED_FROM:
        return STANDARD_LINE
    return widths[int(0.8 * (len(widths) - 1))]  # most lines of a 公文 are full


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join printed lines into paragraphs.

    A paragraph starts at an indent or a heading (一、 （一） 1． 第X条 抄送：…). It ends at a line
    clearly shorter than a full one (a title, a heading, a signature, a date, a paragraph's last
    line), and at a line ending with 。！？：； outside brackets — unless that line and the next are
    both full lines: the first line of a new paragraph is indented by two characters (GB/T 9704),
    so a full line after it continues the paragraph (a sentence that happened to end at the
    margin).
    """
    full = _typical_width(lines)
    paragraphs: list[str] = []
    current = ""
    for number, line in enumerate(lines):
        if current and (line.indented or _HEADING.match(line.text)):
            paragraphs.append(current)
            current = ""
        current = _join(current, line.text)
        following = lines[number + 1] if number + 1 < len(lines) else None
        if line.width <= full - _SHORT_BY:
            ends = True
        elif _PARAGRAPH_END.search(line.text) and _brackets_closed(current):
            ends = not (
                following is not None
                and line.width >= full - 1
                and following.width >= full - 1
                and not following.indented
                and not _HEADING.match(following.text)
            )
        else:
            ends = False
        if ends:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs


def _brackets_closed(text: str) -> bool:
    return text.count("（") <= text.count("）") and text.count("“") <= text.count("”")


def _join(left: str, right: str) -> str:
    # Chinese has no space between words; two lines of Latin text keep one between them.
    if left and left[-1].isascii() and left[-1].isalnum() and right[0].isascii():
        return f"{left} {right}"
    return left + right
