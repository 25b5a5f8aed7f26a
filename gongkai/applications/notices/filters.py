"""Filters available in every notice template without `{% load %}` (staff cannot load libraries).

Dates and amounts in the context are already formatted before rendering (see `context.py`); these
filters serve the rarer case of a template that numbers a list or formats a value itself, e.g.
`{{ forloop.counter|cn_ordinal }}` → `（一）`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from .formatting import cn_amount, cn_amount_words, cn_date, cn_numeral, cn_ordinal

register = template.Library()


@register.filter(name="cn_date")
def cn_date_filter(value: object) -> object:
    return cn_date(value) if isinstance(value, date) else value


@register.filter(name="cn_amount")
def cn_amount_filter(value: object) -> object:
    return cn_amount(value) if isinstance(value, Decimal | int) else value


@register.filter(name="cn_amount_words")
def cn_amount_words_filter(value: object) -> object:
    return cn_amount_words(value) if isinstance(value, Decimal | int) else value


@register.filter(name="cn_numeral")
def cn_numeral_filter(value: object) -> object:
    return cn_numeral(value) if isinstance(value, int) and 0 < value < 100 else value


@register.filter(name="cn_ordinal")
def cn_ordinal_filter(value: object) -> object:
    return cn_ordinal(value) if isinstance(value, int) and 0 < value < 100 else value


_CLAUSE_END = "。；;，,、.！!？? \u3000"
_SENTENCE_END = ("。", "！", "？")


@register.filter(name="clause")
def clause_filter(value: object) -> object:
    """A value used inside a sentence: its own closing punctuation removed."""
    return value.strip().rstrip(_CLAUSE_END) if isinstance(value, str) else value


@register.filter(name="sentence")
def sentence_filter(value: object) -> object:
    """A value that ends a sentence: a full stop added unless it already ends one."""
    if not isinstance(value, str) or not value.strip():
        return value
    text = value.strip().rstrip("；;，,、 \u3000")
    return text if text.endswith(_SENTENCE_END) else text + "。"
