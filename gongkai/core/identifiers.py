"""Check digits of the national identifiers the platform stores.

- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
  alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17, weights 3^i mod 31.
- 公民身份号码 (resident ID number), GB 11643-1999: 17 digits + a check character (0-9 or X),
  ISO 7064 MOD 11-2.
"""

from __future__ import annotations

import re

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_CREDIT_CODE_RE = re.compile(rf"[{CREDIT_CODE_ALPHABET}]{{18}}")

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"\d{17}[\dX]")


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w
        for c, w in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def is_valid_credit_code(value: str) -> bool:
    value = (value or "").strip().upper()
    if not _CREDIT_CODE_RE.fullmatch(value):
        return False
    return credit_code_check_char(value[:17]) == value[17]


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def is_valid_id_number(value: str) -> bool:
    value = (value or "").strip().upper()
    if not _ID_RE.fullmatch(value):
        return False
    return id_number_check_char(value[:17]) == value[17]


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Show only the ends of an ID or phone number (never shown in full to the public)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
