"""Parse and normalise Chinese government document numbers (发文字号).

Two shapes are recognised:

* **standard** — ``机关代字〔年份〕序号号``, the everyday form::

      >>> normalize_doc_number("发文字号：晋政发[2013]35号")
      '晋政发〔2013〕35号'
      >>> normalize_doc_number("渝府办发〔 2022 〕96 号")
      '渝府办发〔2022〕96号'
      >>> normalize_doc_number("沪绿容〔2020〕014号")
      '沪绿容〔2020〕14号'

* **order** — ``<机关>令第N号``, used for government rules (规章). Ministries number
  their orders per year (``交通运输部令2016年第62号``); that year is kept because
  dropping it would merge distinct documents::

      >>> normalize_doc_number("宁夏回族自治区人民政府令第127号")
      '宁夏回族自治区人民政府令第127号'
      >>> normalize_doc_number("重庆市人民政府令第 359 号")
      '重庆市人民政府令第359号'
      >>> parse_doc_number("交通运输部令2016年第62号").year
      2016

Anything else is invalid, with a Chinese message in ``DocNumber.error``. The parser
does not guess::

      >>> parse_doc_number("").error
      '发文字号为空'
      >>> parse_doc_number("无").error
      '发文字号为占位内容：无'
      >>> parse_doc_number("2023-06-14").error
      '这是日期，不是发文字号：2023-06-14'
      >>> parse_doc_number("国家税务总局公告2015年第41号").error
      '“…年第N号”编号缺少“令”字（如公告编号），不属于发文字号'

``parse_doc_number`` never raises, whatever it is given.

A reader looking a document up types the number as it was cited, often short. ``doc_number_key``
is the key stored with each document and ``doc_number_lookup`` what a typed value stands for (at
the end of this module)::

      >>> doc_number_lookup("甘政办发2021年第48号").matches("甘政办发〔2021〕48号")
      True
      >>> doc_number_lookup("国务院令第798号").matches("中华人民共和国国务院令第798号")
      True

The cleaning steps come from a survey of 43,316 scraped values from 11 government
websites (``../shared/corpus/policy_doc_numbers_2023``). They had label prefixes,
spaces anywhere, ASCII or full-width brackets instead of 〔〕, zero-width characters,
full-width digits, zero-padded serials, a stray trailing ``〔〕``, a missing final 号,
and 机关代字 with part of the document's text in front.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import cast

# --- Error messages (Chinese, shown to editors). Templates take str.format() fields. ---
ERR_EMPTY = "发文字号为空"
ERR_NOT_TEXT = "发文字号必须是文本（收到 {type}）"
ERR_NOT_UTF8 = "发文字号不是有效的 UTF-8 文本"
ERR_PLACEHOLDER = "发文字号为占位内容：{value}"
ERR_TOO_LONG = "发文字号过长（{length} 个字符，最多 {limit} 个）"
ERR_DATE = "这是日期，不是发文字号：{value}"
ERR_MULTIPLE = "包含多个发文字号，请只填写一个"
ERR_MISSING_AGENCY = "缺少机关代字"
ERR_BAD_AGENCY = "机关代字无效：{agency}"
ERR_AGENCY_HAS_PROSE = "机关代字中混有正文：{agency}"
ERR_MISSING_YEAR = "缺少年份"
ERR_BAD_YEAR = "年份格式错误：{year}"
ERR_YEAR_OUT_OF_RANGE = "年份不合理：{year}"
ERR_MISSING_SERIAL = "缺少序号"
ERR_SERIAL_MISPLACED = "序号位置错误（序号应写在“号”字之前）"
ERR_BAD_SERIAL = "序号不合理：{serial}"
ERR_YEARLY_WITHOUT_ORDER = "“…年第N号”编号缺少“令”字（如公告编号），不属于发文字号"
ERR_UNRECOGNISED = "无法识别的发文字号格式"

KIND_STANDARD = "standard"
KIND_ORDER = "order"

MAX_LENGTH = 100  # matches Document.doc_number; real values are under 40 characters
MIN_YEAR = 1949  # document numbers of the People's Republic start in 1949
MAX_SERIAL_DIGITS = 6  # serials run to 4 digits; this also keeps int() away from huge strings

# Han ideographs (BMP, extension A, and the supplementary planes) plus 〇.
_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f"

# Values people type when there is no number. Compared after cleaning and lower-casing.
_PLACEHOLDERS = frozenset(
    {"无", "暂无", "无文号", "空", "不详", "其他", "略", "-", "--", "—", "/", "null", "none", "n/a"}
)

# Words that occur in document text but never in a 机关代字 (abbreviations such as
# 国办发 or 沪府规). Some scrapers kept part of the sentence in front of the number,
# e.g. "的通知沪府发〔2019〕1号" or "根据国办公开办函〔2019〕…". Cutting the words off would be a
# guess, so such values are rejected. "人民政府" is on the list because a standard
# 机关代字 abbreviates the organ name. "省人民政府川府发" is the organ name plus the code.
_PROSE_MARKERS = ("的", "关于", "根据", "按照", "依据", "以及", "落实", "通知", "批复", "人民政府")

# Step 3: label prefixes such as "发文字号：", "文号:". The colon is optional for the two
# well-known labels; any other short Han label must end in a colon. A 机关代字 never
# contains a colon.
_LABEL_RE = re.compile(rf"^(?:发文字号|文号|[{_HAN}]{{1,8}}:):?")

# Step 4: bracket pairs. Sites write the year in [] () {} 【】 〖〗 〘〙 or <> instead of
# 〔〕 (the full-width （）［］｛｝ and ﹝﹞ have already become ASCII or 〔〕 under NFKC), and
# sometimes mix them, e.g. "晋政办发(2017〕109号".
_OPEN = "〔(\\[{【〖〘<"
_CLOSE = "〕)\\]}】〗〙>"
# An empty pair is junk (e.g. "渝府发〔2000〕48号〔〕").
_EMPTY_BRACKETS_RE = re.compile(f"[{_OPEN}][{_CLOSE}]")
# Only brackets around a 4-digit year are rewritten. Organ names like
# "中国(上海)自由贸易试验区管理委员会" keep their parentheses.
_YEAR_IN_BRACKETS_RE = re.compile(f"[{_OPEN}]([0-9]{{4}})[{_CLOSE}]")

# A date in the number field (e.g. from a swapped column; its label, such as "成文日期：",
# has gone in step 3).
_DATE_RE = re.compile("^[0-9]{4}(?:[-/.年][0-9]{1,2}[-/.月][0-9]{1,2}日?|[0-9]{4})$")

# The core of one number. More than one means a joint or list value.
_NUMBER_CORE_RE = re.compile("〔[0-9]{4}〕|令(?:[0-9]{4}年)?第")

# The standard shape, split loosely so that each part can get its own error message.
_STANDARD_RE = re.compile("^(?P<agency>[^〔〕]*)〔(?P<year>[^〔〕]*)〕(?P<rest>[^〔〕]*)$")
# What may follow 〕: an optional 第 (rare), the serial, and 号, which is sometimes missing.
_SERIAL_RE = re.compile("^第?(?P<serial>[0-9]+)号?$")
# The serial written after 号, as in "晋政发〔2014〕号16". Swapping them back would be a guess.
_SERIAL_AFTER_HAO_RE = re.compile("^号[0-9]+$")

# The order shape. The greedy organ group splits at the last 令.
_ORDER_RE = re.compile("^(?P<organ>.+)令(?:(?P<year>[0-9]{4})年)?第(?P<serial>[0-9]*)号$")
# Agency code or organ name: Han characters, and parentheses for organs only.
_AGENCY_RE = re.compile(f"^[{_HAN}]+$")
_ORGAN_RE = re.compile(f"^[{_HAN}()]+$")

# "国家税务总局公告2015年第41号" and similar: numbered per year, but not a 令.
_YEARLY_RE = re.compile("[0-9]{4}年第[0-9]+号$")
# "国办发47号": agency and serial, but no year.
_NO_YEAR_RE = re.compile(f"^[{_HAN}]+第?[0-9]+号$")


@dataclass(frozen=True)
class DocNumber:
    input: str  # the raw value as given (bytes decoded; repr() of other non-text values)
    valid: bool
    normalized: str | None  # canonical form, or None when invalid
    agency_code: str | None  # 机关代字, or for 令 the issuing organ
    year: int | None
    serial: int | None  # 序号, or for 令 the order number
    kind: str | None  # KIND_STANDARD, KIND_ORDER, or None when invalid
    error: str | None  # Chinese message when invalid

    def as_dict(self) -> dict[str, str | bool | int | None]:
        return asdict(self)


def normalize_doc_number(raw: object) -> str | None:
    """Return the canonical form of ``raw``, or None if it is not a valid number."""
    return parse_doc_number(raw).normalized


def parse_doc_number(raw: object) -> DocNumber:
    """Parse ``raw`` into a DocNumber. Never raises."""
    text, error = _coerce_to_text(raw)
    if error is not None:
        return _invalid(text, error)
    cleaned = _clean(text)
    return _parse_cleaned(text, cleaned)


def _coerce_to_text(raw: object) -> tuple[str, str | None]:
    """Return (text, None), or (a printable form of raw, an error)."""
    if raw is None:
        return "", ERR_EMPTY
    # issubclass(type(...)) instead of isinstance(): isinstance() reads __class__,
    # which a hostile object can make raise.
    if issubclass(type(raw), str):
        # str.__str__ returns a plain str copy, bypassing any override in a subclass.
        return str.__str__(raw), None
    if issubclass(type(raw), (bytes, bytearray)):
        try:
            # (mypy narrows on isinstance() only; the issubclass() above is the check.)
            return bytes(cast("bytes | bytearray", raw)).decode("utf-8"), None
        except UnicodeDecodeError:
            return _safe_repr(raw), ERR_NOT_UTF8
    return _safe_repr(raw), ERR_NOT_TEXT.format(type=type(raw).__name__)


def _safe_repr(raw: object) -> str:
    try:
        return repr(raw)
    except Exception:  # a broken __repr__ must not make parsing raise
        return "<unrepresentable object>"


def _clean(text: str) -> str:
    # 1. NFKC turns full-width digits, colons and brackets into ASCII ("２" -> "2",
    #    "：" -> ":", "［" -> "[", "﹝" -> "〔") and the ideographic space into " ".
    text = unicodedata.normalize("NFKC", text)
    # 2. Drop all whitespace ("豫政 〔2023〕27号") and invisible characters: zero-width
    #    U+200B/U+200D/U+FEFF (format, Cf), control characters (Cc) and lone surrogates
    #    (Cs). None of them belongs in a number, and without surrogates the result is
    #    always encodable.
    text = "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in {"Cc", "Cf", "Cs"}
    )
    # 3. Strip a label prefix ("发文字号：渝府发〔2023〕15号").
    text = _LABEL_RE.sub("", text, count=1)
    # 4. Remove empty bracket pairs, then write the year brackets as 〔〕.
    text = _EMPTY_BRACKETS_RE.sub("", text)
    return _YEAR_IN_BRACKETS_RE.sub(r"〔\1〕", text)


def _parse_cleaned(raw_text: str, s: str) -> DocNumber:
    if not s:
        return _invalid(raw_text, ERR_EMPTY)
    if s.lower() in _PLACEHOLDERS:
        return _invalid(raw_text, ERR_PLACEHOLDER.format(value=s))
    if len(s) > MAX_LENGTH:
        return _invalid(raw_text, ERR_TOO_LONG.format(length=len(s), limit=MAX_LENGTH))
    if _DATE_RE.match(s):
        return _invalid(raw_text, ERR_DATE.format(value=s))
    if len(_NUMBER_CORE_RE.findall(s)) > 1:
        return _invalid(raw_text, ERR_MULTIPLE)

    if m := _ORDER_RE.match(s):
        return _parse_order(raw_text, m)
    if m := _STANDARD_RE.match(s):
        return _parse_standard(raw_text, m)

    if _YEARLY_RE.search(s):
        return _invalid(raw_text, ERR_YEARLY_WITHOUT_ORDER)
    if _NO_YEAR_RE.match(s):
        return _invalid(raw_text, ERR_MISSING_YEAR)
    return _invalid(raw_text, ERR_UNRECOGNISED)


def _parse_standard(raw_text: str, m: re.Match[str]) -> DocNumber:
    agency, year_text, rest = m.group("agency", "year", "rest")

    if not agency:
        return _invalid(raw_text, ERR_MISSING_AGENCY)
    if not _AGENCY_RE.match(agency) or agency.lower() in _PLACEHOLDERS:
        return _invalid(raw_text, ERR_BAD_AGENCY.format(agency=agency))
    if any(marker in agency for marker in _PROSE_MARKERS):
        return _invalid(raw_text, ERR_AGENCY_HAS_PROSE.format(agency=agency))

    if not year_text:
        return _invalid(raw_text, ERR_MISSING_YEAR)
    year, error = _check_year(year_text)
    if error:
        return _invalid(raw_text, error)

    if rest in {"", "号", "第", "第号"}:
        return _invalid(raw_text, ERR_MISSING_SERIAL)
    if _SERIAL_AFTER_HAO_RE.match(rest):
        return _invalid(raw_text, ERR_SERIAL_MISPLACED)
    serial_match = _SERIAL_RE.match(rest)
    if not serial_match:
        return _invalid(raw_text, ERR_UNRECOGNISED)
    serial, error = _check_serial(serial_match.group("serial"))
    if error:
        return _invalid(raw_text, error)

    return DocNumber(
        input=raw_text,
        valid=True,
        normalized=f"{agency}〔{year}〕{serial}号",
        agency_code=agency,
        year=year,
        serial=serial,
        kind=KIND_STANDARD,
        error=None,
    )


def _parse_order(raw_text: str, m: re.Match[str]) -> DocNumber:
    organ, year_text, serial_text = m.group("organ", "year", "serial")
    if not _ORGAN_RE.match(organ):
        return _invalid(raw_text, ERR_BAD_AGENCY.format(agency=organ))
    # Full-width parentheses are the Chinese typographic convention (NFKC made them ASCII).
    organ = organ.replace("(", "（").replace(")", "）")

    year = None
    if year_text:
        year, error = _check_year(year_text)
        if error:
            return _invalid(raw_text, error)

    if not serial_text:
        return _invalid(raw_text, ERR_MISSING_SERIAL)
    serial, error = _check_serial(serial_text)
    if error:
        return _invalid(raw_text, error)

    year_part = f"{year}年" if year is not None else ""
    return DocNumber(
        input=raw_text,
        valid=True,
        normalized=f"{organ}令{year_part}第{serial}号",
        agency_code=organ,
        year=year,
        serial=serial,
        kind=KIND_ORDER,
        error=None,
    )


def _check_year(year_text: str) -> tuple[int | None, str | None]:
    if not re.fullmatch("[0-9]{4}", year_text):
        return None, ERR_BAD_YEAR.format(year=year_text)
    year = int(year_text)
    # Next year is allowed: numbers are sometimes assigned before 1 January.
    if not MIN_YEAR <= year <= datetime.date.today().year + 1:
        return None, ERR_YEAR_OUT_OF_RANGE.format(year=year)
    return year, None


def _check_serial(digits: str) -> tuple[int | None, str | None]:
    significant = digits.lstrip("0")  # "014" -> 14
    if not significant or len(significant) > MAX_SERIAL_DIGITS:
        return None, ERR_BAD_SERIAL.format(serial=digits)
    return int(significant), None


def _invalid(raw_text: str, error: str) -> DocNumber:
    return DocNumber(
        input=raw_text,
        valid=False,
        normalized=None,
        agency_code=None,
        year=None,
        serial=None,
        kind=None,
        error=error,
    )


# ---------------------------------------------------------------------------
# Finding a document by the number people cite (the library's 发文字号 field)
# ---------------------------------------------------------------------------
#
# Readers type a number as they saw it cited, not as it is stored: "甘政办发[2021]48号",
# "甘政办发（2021）48号", "甘政办发2021年48号", "甘政办发〔2021〕第48号" for 甘政办发〔2021〕48号, and a 令
# without its organ's full name: "国务院令第798号" or "第798号令" for 中华人民共和国国务院令第798号.
#
# Each document stores a key (`doc_number_key`, an indexed column): the canonical form of a standard
# number, and of an order only "令第N号", so that the organ (and a per-year order's year) may be
# typed short. `doc_number_lookup` turns what was typed into the keys to look up and, for an
# order, the organ and year the rows found must agree with (`DocNumberLookup.matches`); those are
# few rows (the orders of that number), checked one by one.

# What a typed value may also be, rewritten into a form the parser reads. Applied to the cleaned
# text (NFKC, no spaces, brackets around the year already 〔〕).
_TYPED_FORMS = (
    # "甘政办发2021年48号", "甘政办发2021年第48号": the year written with 年.
    (re.compile("^(?P<agency>.*[^0-9])(?P<year>[0-9]{4})年第?(?P<serial>[0-9]+)号?$"),
     r"\g<agency>〔\g<year>〕\g<serial>号"),
    # "国务院第798号令", "第798号令", "国务院798号令": the number before 令.
    (re.compile("^(?P<organ>.*?)第?(?P<serial>[0-9]+)号令$"), r"\g<organ>令第\g<serial>号"),
    # "国务院令798号": 第 left out.
    (re.compile("^(?P<organ>.*?)令(?P<serial>[0-9]+)号$"), r"\g<organ>令第\g<serial>号"),
    # "中华人民共和国国务院令（第798号）": the number in parentheses, as printed under the title.
    (re.compile(r"^(?P<organ>.*?)令\(第(?P<serial>[0-9]+)号\)$"), r"\g<organ>令第\g<serial>号"),
)  # fmt: skip
# An order cited without any organ: "令第798号" (and "第798号令", rewritten above).
_ORDER_WITHOUT_ORGAN_RE = re.compile("^令(?:(?P<year>[0-9]{4})年)?第(?P<serial>[0-9]+)号$")


@dataclass(frozen=True)
class DocNumberCandidate:
    key: str  # a stored doc_number_key
    organ: str | None = None  # for an order typed with its organ: the organ as typed
    year: int | None = None  # for an order typed with a year (交通运输部令2016年第62号)


@dataclass(frozen=True)
class DocNumberLookup:
    """What a typed 发文字号 finds: the documents whose key is a candidate's, and whose order organ
    and year agree with it. No candidates: not a number, and `error` says why."""

    typed: str
    candidates: tuple[DocNumberCandidate, ...]
    error: str | None = None

    @property
    def keys(self) -> list[str]:
        return sorted({c.key for c in self.candidates})

    @property
    def needs_check(self) -> bool:
        """Whether a row found by its key must still be checked with `matches`."""
        return any(c.organ is not None or c.year is not None for c in self.candidates)

    def matches(self, stored: object) -> bool:
        """Whether a document whose 发文字号 is `stored` is one the typed value cites."""
        number = parse_doc_number(stored)
        key = _key_of(number)
        return bool(key) and any(
            c.key == key
            and (c.organ is None or organs_match(c.organ, number.agency_code or ""))
            and (c.year is None or c.year == number.year)
            for c in self.candidates
        )


def doc_number_key(value: object) -> str:
    """The lookup key stored with a document: its canonical standard number, or "令第N号" for an
    order (whatever its organ and year); "" when the value is not a number."""
    return _key_of(parse_doc_number(value))


def _key_of(number: DocNumber) -> str:
    if number.kind == KIND_STANDARD and number.normalized:
        return number.normalized
    if number.kind == KIND_ORDER:
        return f"令第{number.serial}号"
    return ""


def organs_match(typed: str, stored: str) -> bool:
    """The same issuing organ, one name a shortening of the other from the front: 国务院 and
    中华人民共和国国务院, 省政府 and 四川省人民政府 (人民政府 is commonly shortened to 政府)."""
    if not typed or not stored:
        return False
    short_typed, short_stored = (name.replace("人民政府", "政府") for name in (typed, stored))
    return any(
        a.endswith(b) or b.endswith(a) for a, b in ((typed, stored), (short_typed, short_stored))
    )


def doc_number_lookup(typed: object) -> DocNumberLookup:
    """The candidates a typed 发文字号 stands for, in every form `_TYPED_FORMS` reads. Never raises."""
    first = parse_doc_number(typed)
    cleaned = _clean(first.input)
    if len(cleaned) > MAX_LENGTH:
        return DocNumberLookup(typed=first.input, candidates=(), error=first.error)
    forms = [cleaned] + [
        pattern.sub(replacement, cleaned)
        for pattern, replacement in _TYPED_FORMS
        if pattern.match(cleaned)
    ]
    candidates: list[DocNumberCandidate] = []
    for form in forms:
        for candidate in _candidates(form):
            if candidate not in candidates:
                candidates.append(candidate)
    error = None if candidates else first.error
    return DocNumberLookup(typed=first.input, candidates=tuple(candidates), error=error)


def _candidates(form: str) -> list[DocNumberCandidate]:
    if m := _ORDER_WITHOUT_ORGAN_RE.match(form):
        year, year_error = _check_year(m["year"]) if m["year"] else (None, None)
        serial, serial_error = _check_serial(m["serial"])
        if year_error or serial_error:
            return []
        return [DocNumberCandidate(key=f"令第{serial}号", year=year)]
    number = _parse_cleaned(form, form)
    if number.kind == KIND_STANDARD and number.agency_code and number.agency_code.endswith("令"):
        # "渝府令〔2023〕1号" is a standard number whose 机关代字 ends in 令; typed as
        # "交通运输部令〔2016〕62号" it may also be a per-year order.
        return [
            DocNumberCandidate(key=_key_of(number)),
            DocNumberCandidate(
                key=f"令第{number.serial}号", organ=number.agency_code[:-1], year=number.year
            ),
        ]
    if number.kind == KIND_STANDARD:
        return [DocNumberCandidate(key=_key_of(number))]
    if number.kind == KIND_ORDER and number.agency_code:
        found = [
            DocNumberCandidate(key=_key_of(number), organ=number.agency_code, year=number.year)
        ]
        if number.year is not None:  # "渝府令2023年第1号" for 渝府令〔2023〕1号
            found.append(
                DocNumberCandidate(key=f"{number.agency_code}令〔{number.year}〕{number.serial}号")
            )
        return found
    return []
