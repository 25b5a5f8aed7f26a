"""The information processing fee (国办函〔2020〕109号 Arts. 3–5; regulations.md §3)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.applications.fees import (
    PER_ITEM,
    PER_VOLUME,
    FeeQuote,
    FeeTier,
    per_item_fee,
    per_volume_fee,
)


@pytest.mark.parametrize(
    ("items", "amount"),
    [
        (0, 0),
        (1, 0),
        (10, 0),  # 10件以下（含10件）免费
        (11, 100),
        (30, 2_000),  # 20 × 100
        (31, 2_200),  # + 200 for the 31st
        (35, 3_000),  # the worked example: 20 × 100 + 5 × 200
        (40, 4_000),
        (41, 4_300),  # + 300 for the 41st
        (50, 7_000),
        (51, 7_400),
        (100, 37_000),  # 2,000 + (200 + 300 + … + 800) × 10
    ],
)
def test_per_item_fee_at_every_tier_boundary(items, amount):
    quote = per_item_fee(items)

    assert quote.method == PER_ITEM
    assert quote.amount == amount


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (0, 0),
        (30, 0),  # 30页以下（含30页）免费
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2_700),
        (201, 2_740),
        (250, 4_700),  # the worked example: 70 × 10 + 100 × 20 + 50 × 40
    ],
)
def test_per_volume_fee_at_every_tier_boundary(pages, amount):
    quote = per_volume_fee(pages)

    assert quote.method == PER_VOLUME
    assert quote.amount == amount


def test_per_item_tiers_of_the_worked_example():
    assert per_item_fee(35) == FeeQuote(
        PER_ITEM,
        3_000,
        (
            FeeTier("第1—10件", 10, 0, 0),
            FeeTier("第11—30件", 20, 100, 2_000),
            FeeTier("第31—40件", 5, 200, 1_000),
        ),
    )


def test_per_volume_tiers_of_the_worked_example():
    assert per_volume_fee(250) == FeeQuote(
        PER_VOLUME,
        4_700,
        (
            FeeTier("第1—30页", 30, 0, 0),
            FeeTier("第31—100页", 70, 10, 700),
            FeeTier("第101—200页", 100, 20, 2_000),
            FeeTier("第201页及以上", 50, 40, 2_000),
        ),
    )


def test_nothing_requested_costs_nothing_and_has_no_tiers():
    assert per_item_fee(0) == FeeQuote(PER_ITEM, 0, ())
    assert per_volume_fee(0) == FeeQuote(PER_VOLUME, 0, ())


@pytest.mark.parametrize(
    ("items", "earlier", "tiers"),
    [
        # The month's 9th … 13th items: two free, three at 100.
        (5, 8, [("第1—10件", 2, 0), ("第11—30件", 3, 100)]),
        (1, 10, [("第11—30件", 1, 100)]),
        (5, 28, [("第11—30件", 2, 100), ("第31—40件", 3, 200)]),
        (3, 30, [("第31—40件", 3, 200)]),
        (25, 8, [("第1—10件", 2, 0), ("第11—30件", 20, 100), ("第31—40件", 3, 200)]),
        (10, 100, [("第101—110件", 10, 900)]),
        (0, 50, []),
    ],
)
def test_earlier_items_this_month_decide_the_tier(items, earlier, tiers):
    quote = per_item_fee(items, earlier_items_this_month=earlier)

    assert [(t.label, t.units, t.rate) for t in quote.tiers] == tiers
    assert quote.amount == sum(units * rate for _, units, rate in tiers)


def test_a_huge_earlier_count_is_priced_without_walking_every_tier():
    # The month's 1,000,000,001st item: tier 31 + 99,999,997 × 10, rate 200 + 99,999,997 × 100.
    quote = per_item_fee(1, earlier_items_this_month=10**9)

    assert quote.amount == 9_999_999_900


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: per_item_fee(-1), "申请件数不能为负数：-1"),
        (
            lambda: per_item_fee(1, earlier_items_this_month=-2),
            "本月此前已申请的件数不能为负数：-2",
        ),
        (lambda: per_volume_fee(-3), "页数不能为负数：-3"),
    ],
)
def test_a_negative_count_is_refused_in_chinese(call, message):
    with pytest.raises(ValueError) as error:
        call()

    assert str(error.value) == message


COUNTS = st.integers(min_value=0, max_value=400)


def _consistent(quote: FeeQuote, units: int) -> None:
    assert quote.amount == sum(t.amount for t in quote.tiers)
    assert all(t.amount == t.units * t.rate and t.units > 0 for t in quote.tiers)
    assert sum(t.units for t in quote.tiers) == units
    rates = [t.rate for t in quote.tiers]
    assert rates == sorted(rates)  # 超额累进: each further tier costs more


@given(items=COUNTS, earlier=COUNTS)
def test_per_item_quote_is_the_sum_of_its_tiers(items, earlier):
    _consistent(per_item_fee(items, earlier_items_this_month=earlier), items)


@given(pages=st.integers(min_value=0, max_value=2_000))
def test_per_volume_quote_is_the_sum_of_its_tiers(pages):
    _consistent(per_volume_fee(pages), pages)


@given(items=COUNTS, earlier=COUNTS)
def test_per_item_fee_is_monotone(items, earlier):
    assert (
        per_item_fee(items, earlier_items_this_month=earlier).amount
        <= per_item_fee(items + 1, earlier_items_this_month=earlier).amount
    )
    assert (
        per_item_fee(items, earlier_items_this_month=earlier).amount
        <= per_item_fee(items, earlier_items_this_month=earlier + 1).amount
    )


@given(pages=st.integers(min_value=0, max_value=2_000))
def test_per_volume_fee_is_monotone(pages):
    assert per_volume_fee(pages).amount <= per_volume_fee(pages + 1).amount


@given(first=COUNTS, second=COUNTS)
def test_splitting_a_month_into_applications_does_not_change_the_total(first, second):
    # Art. 4 counts the month cumulatively: two applications cost what one with all items would.
    assert (
        per_item_fee(first).amount + per_item_fee(second, earlier_items_this_month=first).amount
        == per_item_fee(first + second).amount
    )
