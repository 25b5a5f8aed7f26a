"""The information processing fee (信息处理费): 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

Pure arithmetic on counts; no models. Providing information on application is free by default
(条例 Art. 42); a fee is for requests whose number or frequency clearly exceed a reasonable range.

Art. 3: two methods, 按件计收 (per item) and 按量计收 (per volume), both 超额累进 (each portion at its
own tier's rate, like income tax brackets). The body chooses one method per application and may
not charge both for the same application — so a quote is always of one method.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

PER_ITEM = "per_item"  # 按件计收
PER_VOLUME = "per_volume"  # 按量计收
METHOD_LABELS = {PER_ITEM: "按件计收", PER_VOLUME: "按量计收"}

# Art. 4: per item, counted over the same applicant's applications in one calendar month
# (platform reading: at the same body, in receipt order — regulations.md §9).
ITEMS_FREE = 10  # 10件以下（含10件）免费
ITEMS_FIRST_PAID_LAST = 30  # 11—30件（含30件）100元/件
ITEMS_FIRST_PAID_RATE = 100
ITEMS_STEP = 10  # 31件以上：每增加10件，每件加收100元
ITEMS_STEP_RATE = 100

# Art. 5: per volume, counted per application; (first page, last page or None, yuan per page).
PAGE_TIERS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),  # 30页以下（含30页）免费
    (31, 100, 10),  # 31—100页（含100页）10元/页
    (101, 200, 20),  # 101—200页（含200页）20元/页
    (201, None, 40),  # 201页以上 40元/页
)

NEGATIVE_ITEMS = "申请件数不能为负数：{value}"
NEGATIVE_EARLIER_ITEMS = "本月此前已申请的件数不能为负数：{value}"
NEGATIVE_PAGES = "页数不能为负数：{value}"


@dataclass(frozen=True)
class FeeTier:
    label: str  # the tier's range, e.g. "第11—30件", "第201页及以上"
    units: int  # items / pages of this application that fall in the tier
    rate: int  # yuan per unit
    amount: int  # units × rate, yuan


@dataclass(frozen=True)
class FeeQuote:
    method: str  # PER_ITEM or PER_VOLUME
    amount: int  # yuan, the sum of the tiers
    tiers: tuple[FeeTier, ...]  # only the tiers this application reaches, in order


def _item_tiers(from_position: int) -> Iterator[tuple[int, int, int]]:
    """(first, last, rate) of the per-item tiers in turn (Art. 4), without end, from the tier
    holding the month's item number `from_position` (so a large earlier count costs nothing)."""
    if from_position <= ITEMS_FREE:
        yield 1, ITEMS_FREE, 0
    if from_position <= ITEMS_FIRST_PAID_LAST:
        yield ITEMS_FREE + 1, ITEMS_FIRST_PAID_LAST, ITEMS_FIRST_PAID_RATE
    steps = max(0, from_position - ITEMS_FIRST_PAID_LAST - 1) // ITEMS_STEP
    first = ITEMS_FIRST_PAID_LAST + 1 + steps * ITEMS_STEP
    rate = ITEMS_FIRST_PAID_RATE + (steps + 1) * ITEMS_STEP_RATE
    while True:
        yield first, first + ITEMS_STEP - 1, rate
        first, rate = first + ITEMS_STEP, rate + ITEMS_STEP_RATE


def _portion(first: int, last: int | None, lo: int, hi: int) -> int:
    """How many of the positions lo..hi fall in the tier first..last."""
    top = hi if last is None else min(hi, last)
    return max(0, top - max(lo, first) + 1)


def per_item_fee(items: int, *, earlier_items_this_month: int = 0) -> FeeQuote:
    """按件计收 (Art. 4) for the `items` of one application.

    The tier of each item is decided by its position in the applicant's count for the calendar
    month: with 8 earlier items, this application's first 2 items are the month's 9th and 10th
    (free) and its 3rd is the 11th (100 yuan). Art. 4 applies to every kind of decision, not only
    to disclosures.
    """
    if items < 0:
        raise ValueError(NEGATIVE_ITEMS.format(value=items))
    if earlier_items_this_month < 0:
        raise ValueError(NEGATIVE_EARLIER_ITEMS.format(value=earlier_items_this_month))
    lo, hi = earlier_items_this_month + 1, earlier_items_this_month + items
    tiers = []
    for first, last, rate in _item_tiers(lo):
        if first > hi:
            break
        units = _portion(first, last, lo, hi)
        if units:
            tiers.append(FeeTier(f"第{first}—{last}件", units, rate, units * rate))
    return FeeQuote(PER_ITEM, sum(t.amount for t in tiers), tuple(tiers))


def per_volume_fee(pages: int) -> FeeQuote:
    """按量计收 (Art. 5) for the pages of one application (paper copies, e-mail, data copies)."""
    if pages < 0:
        raise ValueError(NEGATIVE_PAGES.format(value=pages))
    tiers = []
    for first, last, rate in PAGE_TIERS:
        units = _portion(first, last, 1, pages)
        if units:
            label = f"第{first}页及以上" if last is None else f"第{first}—{last}页"
            tiers.append(FeeTier(label, units, rate, units * rate))
    return FeeQuote(PER_VOLUME, sum(t.amount for t in tiers), tuple(tiers))
