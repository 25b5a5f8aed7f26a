"""Check digits of the national identifiers the platform stores.

- 统一社会信用代码 (unified social credit code), GB 32100-2015: 18 characters from a 31-character
  alphabet (no I, O, S, V, Z); the 18th is a check character over the first 17, weights 3^i mod 31.
- 公民身份号码 (resident ID number), GB 11643-1999: 17 digits + a check character (0-9 or X),
  ISO 7064 MOD 11-2; digits 7–14 are the date of birth (YYYYMMDD).

`id_number_problem` and `credit_code_problem` say what is wrong with a number (the first problem
found, in the order a person would correct it), so that a form can tell the applicant in plain
words; the `is_valid_*` functions are "no problem".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Letters GB 32100 leaves out because they are read as digits or as each other (I/1, O/0, S/5,
# V/U, Z/2).
CREDIT_CODE_LETTERS_NOT_USED = "IOSVZ"

_ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
_ID_CHECK = "10X98765432"
_DIGITS = "0123456789"
IDENTIFIER_LENGTH = 18  # both numbers


class Problem(StrEnum):
    LENGTH = "length"  # not 18 characters
    CHARACTER = "character"  # a character that cannot be in this place
    LETTER_NOT_USED = "letter_not_used"  # credit code: I, O, S, V or Z
    BIRTH_DATE = "birth_date"  # resident ID: digits 7-14 are not a real date
    CHECK = "check"  # the 18th character does not match the first 17


@dataclass(frozen=True)
class IdentifierProblem:
    """What is wrong, for the message: `length` is how many characters were given; for a wrong
    character its `position` (from 1) and the character as typed (`found`); for a birth date,
    `found` is its eight digits."""

    problem: Problem
    length: int
    position: int = 0
    found: str = ""


def credit_code_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(c) * w
        for c, w in zip(first17, _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_problem(value: str) -> IdentifierProblem | None:
    """The first problem of a credit code (upper or lower case), or None when it is valid."""
    typed = (value or "").strip()
    for index, char in enumerate(typed):
        if char.upper() not in CREDIT_CODE_ALPHABET:
            kind = (
                Problem.LETTER_NOT_USED
                if char.upper() in CREDIT_CODE_LETTERS_NOT_USED
                else Problem.CHARACTER
            )
            return IdentifierProblem(kind, len(typed), index + 1, char)
    code = typed.upper()
    if len(code) != IDENTIFIER_LENGTH:
        return IdentifierProblem(Problem.LENGTH, len(code))
    if credit_code_check_char(code[:17]) != code[17]:
        return IdentifierProblem(Problem.CHECK, len(code))
    return None


def is_valid_credit_code(value: str) -> bool:
    value = (value or "").strip()
    return bool(value) and credit_code_problem(value) is None


def id_number_check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def birth_date_of(number: str) -> date | None:
    """The date of birth in digits 7–14 of a resident ID number; None if it is not a real date."""
    digits = number[6:14]
    if len(digits) != 8 or any(c not in _DIGITS for c in digits):
        return None
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:  # month 13, 30 February, year 0000
        return None


def id_number_problem(value: str) -> IdentifierProblem | None:
    """The first problem of a resident ID number (x or X), or None when it is valid.

    A wrong character is reported before the length, so that a stray space or hyphen is named
    rather than counted; only the 18th place may be X.
    """
    typed = (value or "").strip()
    for index, char in enumerate(typed):
        if char not in _DIGITS and not (char in "Xx" and index == IDENTIFIER_LENGTH - 1):
            return IdentifierProblem(Problem.CHARACTER, len(typed), index + 1, char)
    number = typed.upper()
    if len(number) != IDENTIFIER_LENGTH:
        return IdentifierProblem(Problem.LENGTH, len(number))
    if birth_date_of(number) is None:
        return IdentifierProblem(Problem.BIRTH_DATE, len(number), found=number[6:14])
    if id_number_check_char(number[:17]) != number[17]:
        return IdentifierProblem(Problem.CHECK, len(number))
    return None


def is_valid_id_number(value: str) -> bool:
    value = (value or "").strip()
    return bool(value) and id_number_problem(value) is None


def mask_middle(value: str, keep_start: int = 3, keep_end: int = 4) -> str:
    """Show only the ends of an ID or phone number (never shown in full to the public)."""
    if len(value) <= keep_start + keep_end:
        return "*" * len(value)
    return value[:keep_start] + "*" * (len(value) - keep_start - keep_end) + value[-keep_end:]
