"""Personal data in text meant for the public: ID numbers, phone numbers, e-mail addresses and
known names, as people actually write them.

Pure: a table of patterns (`PATTERNS`), each with the check that tells a real ID number or phone
number from a document number or a serial; `find_personal_data` returns what it found with its
kind and span, `mask_personal_data` replaces it. Used on typical cases and their reply letters
(applications) and on the staff-entered text of every public page (bodies.personal_data_forms).

条例 Art. 15 and the 个人信息保护法 forbid publishing a third party's personal data; an ID or phone
number therefore blocks publication (`BLOCKING`), while a name or an e-mail address is only
flagged, since a public official's name or the office's address is often meant to be there.
The public contact details of the body itself (its openness office's 联系电话, 传真, 电子邮箱) are
legitimate on its pages and passed as `allowed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Kind(StrEnum):
    ID_NUMBER = "id_number"
    MOBILE = "mobile"
    LANDLINE = "landline"
    EMAIL = "email"
    NAME = "name"
    ADDRESS = "address"


LABELS: dict[str, str] = {
    Kind.ID_NUMBER: "身份证号码",
    Kind.MOBILE: "手机号码",
    Kind.LANDLINE: "固定电话号码",
    Kind.EMAIL: "电子邮箱",
    Kind.NAME: "姓名",
    Kind.ADDRESS: "地址",
}

# Kinds that may never be published: an error, not a warning.
BLOCKING = frozenset({Kind.ID_NUMBER, Kind.MOBILE, Kind.LANDLINE})

PLACEHOLDER = "×××"
NAME_PLACEHOLDER = "某某"

MSG_BLOCKING = "{where}中有{label}“{shown}”，公开的内容不得出现个人的{label}，请删除或改为×××"
MSG_WARNING = "{where}中可能有个人信息（{label}“{shown}”），请确认可以公开"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]

    @property
    def blocking(self) -> bool:
        return self.kind in BLOCKING

    @property
    def shown(self) -> str:
        """The finding for a message, its middle masked (the message itself may be logged)."""
        compact = re.sub(r"\s+", "", self.text)
        if self.kind in (Kind.NAME, Kind.ADDRESS) or len(compact) < 8:
            return compact
        return compact[:3] + "*" * (len(compact) - 7) + compact[-4:]


# Full-width digits, letters and signs typed with a Chinese input method, mapped one character to
# one character so that spans stay those of the original text.
_HALF_WIDTH = str.maketrans(
    {chr(0xFF01 + i): chr(0x21 + i) for i in range(0x5E)} | {"\u3000": " ", "＋": "+"}
)
# One optional separator between digits: a space (also no-break or ideographic) or a hyphen.
_SEP = r"[ \u00a0\-\u2010\u2011\u2012\u2013\u2014\u2212]?"
_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
# Between the characters of a known name: 王·小明, 王 小明, 王・小明, 王•小明.
_NAME_SEP = r"[\s·・•‧.．\-]*"


def _digits(text: str) -> str:
    return re.sub(r"[^0-9Xx]", "", text).upper()


def _birth_date_ok(year: int, month: int, day: int) -> bool:
    try:
        born = date(year, month, day)
    except ValueError:
        return False
    return date(1900, 1, 1) <= born


def _id18(text: str) -> bool:
    # GB 11643: a region code (first digit 1–8), the date of birth, a serial and a check
    # character. The check character is not verified: a mistyped ID is still someone's ID.
    d = _digits(text)
    return d[0] in "12345678" and _birth_date_ok(int(d[6:10]), int(d[10:12]), int(d[12:14]))


def _id15(text: str) -> bool:
    # The 15-digit IDs issued before 1999: region, YYMMDD (19YY), serial.
    d = _digits(text)
    return d[0] in "12345678" and _birth_date_ok(1900 + int(d[6:8]), int(d[8:10]), int(d[10:12]))


def _always(text: str) -> bool:
    return True


# The table: kind, pattern, the check a match must pass. Earlier rows win where matches overlap
# (an 18-digit ID is not also read as a 15-digit one or a phone number).
PATTERNS: list[tuple[Kind, re.Pattern[str], Callable[[str], bool]]] = [
    (
        Kind.ID_NUMBER,
        re.compile(rf"{_EDGE_BEFORE}[0-9](?:{_SEP}[0-9]){{16}}{_SEP}[0-9Xx]{_EDGE_AFTER}"),
        _id18,
    ),
    (Kind.ID_NUMBER, re.compile(rf"{_EDGE_BEFORE}[0-9](?:{_SEP}[0-9]){{14}}{_EDGE_AFTER}"), _id15),
    (
        Kind.MOBILE,
        re.compile(
            rf"{_EDGE_BEFORE}(?:[(（]?(?:\+|00)?86[)）]?{_SEP})?1[3-9](?:{_SEP}[0-9]){{9}}{_EDGE_AFTER}"
        ),
        _always,
    ),
    (
        Kind.LANDLINE,
        re.compile(
            rf"{_EDGE_BEFORE}(?:[(（]0[1-9][0-9]{{1,2}}[)）]{_SEP}|0[1-9][0-9]{{1,2}}{_SEP})"
            rf"[2-9][0-9]{{2,3}}{_SEP}[0-9]{{4}}(?:(?:转|-|ext\.?)[0-9]{{1,5}})?{_EDGE_AFTER}"
        ),
        _always,
    ),
    (
        Kind.EMAIL,
        re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"),
        _always,
    ),
]


def _known_pattern(value: str) -> re.Pattern[str] | None:
    chars = [c for c in value if not c.isspace() and c not in "·・•‧.．"]
    if len(chars) < 2:
        return None
    return re.compile(_NAME_SEP.join(re.escape(c) for c in chars))


def _key(kind: Kind, text: str) -> str:
    """What two spellings of one number or address share: its digits (without +86), or the
    address in lower case."""
    if kind == Kind.EMAIL:
        return text.strip().lower()
    digits = _digits(text)
    if kind == Kind.MOBILE and len(digits) > 11:
        digits = digits[-11:]
    return digits


def _allowed_keys(allowed: Iterable[str]) -> set[str]:
    keys: set[str] = set()
    for value in allowed:
        if not value:
            continue
        for found in _scan(value.translate(_HALF_WIDTH), value):
            keys.add(_key(found.kind, found.text))
    return keys


def _scan(normal: str, original: str) -> list[Finding]:
    findings: list[Finding] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern, check in PATTERNS:
        for match in pattern.finditer(normal):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken) or not check(match.group()):
                continue
            taken.append((start, end))
            findings.append(Finding(kind, start, end, original[start:end]))
    return findings


def find_personal_data(
    text: str,
    *,
    known: Mapping[Kind, Iterable[str]] | None = None,
    allowed: Iterable[str] = (),
) -> list[Finding]:
    """Every piece of personal data in `text`, in order of position.

    `known`: values of a person that no pattern can recognise (the applicant's name, address),
    found however they are spaced or dotted. `allowed`: public contact details (the body's own
    phone, fax, e-mail) that are not personal data however they are written.
    """
    if not text:
        return []
    normal = text.translate(_HALF_WIDTH)
    findings = _scan(normal, text)
    taken = [(f.start, f.end) for f in findings]
    for kind, values in (known or {}).items():
        for value in values:
            pattern = _known_pattern(value or "")
            if pattern is None:
                continue
            for match in pattern.finditer(normal):
                start, end = match.span()
                if any(start < e and s < end for s, e in taken):
                    continue
                taken.append((start, end))
                findings.append(Finding(Kind(kind), start, end, text[start:end]))
    keys = _allowed_keys(allowed)
    if keys:
        findings = [
            f
            for f in findings
            if f.kind not in (Kind.MOBILE, Kind.LANDLINE, Kind.EMAIL)
            or _key(f.kind, f.text) not in keys
        ]
    return sorted(findings, key=lambda f: f.start)


def mask_personal_data(
    text: str, findings: Iterable[Finding], placeholders: Mapping[Kind, str] | None = None
) -> str:
    """`text` with each finding replaced: a name by 某某, anything else by ×××."""
    replace = {Kind.NAME: NAME_PLACEHOLDER, **(placeholders or {})}
    for finding in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: finding.start] + replace.get(finding.kind, PLACEHOLDER) + text[finding.end :]
    return text


def blocking_kinds(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The labels of the personal data in `text` that may never be published (ID numbers,
    phones, e-mails …), each once, sorted; empty when there is none."""
    return sorted({f.label for f in find_personal_data(text, allowed=allowed) if f.blocking})


def finding_message(finding: Finding, where: str) -> str:
    """The editor's message for a finding in the field or section `where` (e.g. “正文”)."""
    template = MSG_BLOCKING if finding.blocking else MSG_WARNING
    return template.format(where=where, label=finding.label, shown=finding.shown)
