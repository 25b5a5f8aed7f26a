"""How dates, amounts and ordinals are written in a Chinese official letter.

Dates use Arabic numerals without leading zeros, as GB/T 9704-2012 (党政机关公文格式) writes the
成文日期: "2026年11月26日".
Amounts are written twice on a fee notice: in figures ("3,000.00元") and in the capital numerals
used on financial documents ("叁仟元整"), so that a figure cannot be altered unnoticed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gongkai.core.dates import cn_date

__all__ = ["cn_amount", "cn_amount_words", "cn_date", "cn_numeral", "cn_ordinal"]

_CENT = Decimal("0.01")
_DIGITS = "零一二三四五六七八九"
_CAPITAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CAPITAL_UNITS = ("", "拾", "佰", "仟")
_CAPITAL_SECTIONS = ("", "万", "亿", "万亿")


def _to_cents(value: Decimal | int | str) -> Decimal:
    try:
        amount = Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError, TypeError) as exc:
        raise ValueError(f"金额格式不正确：{value!r}") from exc
    if amount < 0:
        raise ValueError(f"金额不能为负数：{value}")
    return amount


def cn_amount(value: Decimal | int | str) -> str:
    """`3,000.00元`: figures with thousands separators and two decimals."""
    return f"{_to_cents(value):,.2f}元"


def cn_amount_words(value: Decimal | int | str) -> str:
    """The amount in capital numerals: 3000 → `叁仟元整`, 10050.5 → `壹万零伍拾元伍角`."""
    amount = _to_cents(value)
    yuan = int(amount)
    cents = int((amount - yuan) * 100)
    jiao, fen = divmod(cents, 10)
    if yuan >= 10**16:
        raise ValueError(f"金额过大：{value}")

    words = ""
    if yuan:
        digits = str(yuan)
        pending_zero = False
        section_used = False
        for index, char in enumerate(digits):
            position = len(digits) - 1 - index
            digit = int(char)
            if digit == 0:
                pending_zero = True
            else:
                if pending_zero and words:
                    words += "零"
                pending_zero = False
                words += _CAPITAL_DIGITS[digit] + _CAPITAL_UNITS[position % 4]
                section_used = True
            if position % 4 == 0 and position > 0:
                if section_used:
                    words += _CAPITAL_SECTIONS[position // 4]
                section_used = False
        words += "元"

    if not jiao and not fen:
        return (words or "零元") + "整"
    if jiao:
        words += _CAPITAL_DIGITS[jiao] + "角"
    elif words:
        words += "零"
    if fen:
        words += _CAPITAL_DIGITS[fen] + "分"
    return words


def cn_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一 (for 1–99, the range a list in a letter needs)."""
    if not 0 < number < 100:
        raise ValueError(f"序号超出范围：{number}")
    tens, units = divmod(number, 10)
    if tens == 0:
        return _DIGITS[units]
    head = "" if tens == 1 else _DIGITS[tens]
    return head + "十" + (_DIGITS[units] if units else "")


def cn_ordinal(number: int) -> str:
    """The first-level list marker of official writing: 1 → `（一）`."""
    return f"（{cn_numeral(number)}）"
