"""Statutory deadlines in working days (条例 Arts. 30–34, 民法典 Art. 201, regulations.md §9)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.applications.deadlines import (
    PAUSE_FEE,
    PAUSE_OTHER_BODY,
    PAUSE_THIRD_PARTY,
    Deadline,
    ExcludedDay,
    Pause,
    clarification_notice_due,
    consultation_pause,
    correction_due,
    fee_payment_due,
    opinion_period_end,
    reply_due,
)
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar

CALENDAR = WorkCalendar()
PROVISIONAL = WorkCalendar(provisional=True)
D = date


def third_party(start: date, end: date | None) -> Pause:
    return Pause(start, end, PAUSE_THIRD_PARTY)


@pytest.mark.parametrize(
    ("received", "kwargs", "due"),
    [
        # regulations.md §9, both worked examples.
        (D(2024, 9, 27), {}, D(2024, 10, 30)),
        (D(2020, 1, 20), {}, D(2020, 2, 25)),
        # Across a year boundary: 2026 元旦 (01-01…03) skipped, 2026-01-04 a 调休 Sunday.
        (D(2025, 12, 20), {}, D(2026, 1, 19)),
        (D(2025, 12, 31), {}, D(2026, 1, 29)),
        # Received on a holiday: counting starts on the next working day all the same.
        (D(2024, 10, 3), {}, D(2024, 11, 1)),
        # An extension is counted on from the current due date (条例 Art. 33).
        (D(2024, 9, 27), {"extension_days": 20}, D(2024, 11, 27)),
        (D(2024, 9, 27), {"extension_days": 1}, D(2024, 10, 31)),
        # 补正: a fresh 20 days from the day the corrected application arrives (条例 Art. 30).
        (D(2024, 9, 2), {"clarification_received": D(2024, 9, 27)}, D(2024, 10, 30)),
        # … and a pause before that day no longer matters.
        (
            D(2024, 9, 2),
            {
                "clarification_received": D(2024, 9, 27),
                "pauses": [third_party(D(2024, 9, 3), D(2024, 9, 20))],
            },
            D(2024, 10, 30),
        ),
        # A closed consultation takes its working days out (条例 Art. 33 para 3).
        (
            D(2024, 9, 27),
            {"pauses": [third_party(D(2024, 10, 8), D(2024, 10, 10))]},
            D(2024, 11, 1),
        ),
        # A pause that ends on a holiday: counting resumes on the next working day.
        (
            D(2024, 9, 20),
            {"pauses": [third_party(D(2024, 9, 26), D(2024, 10, 3))]},
            D(2024, 10, 28),
        ),
        # Overlapping pauses: each working day is taken out once (10-09 … 10-14: 5 days).
        (
            D(2024, 9, 27),
            {
                "pauses": [
                    third_party(D(2024, 10, 8), D(2024, 10, 10)),
                    Pause(D(2024, 10, 9), D(2024, 10, 14), PAUSE_OTHER_BODY),
                ]
            },
            D(2024, 11, 6),
        ),
        # A pause that begins after the due date changes nothing, open or not.
        (D(2024, 9, 27), {"pauses": [Pause(D(2024, 10, 30), None, PAUSE_FEE)]}, D(2024, 10, 30)),
        # A pause with start == end takes nothing out.
        (
            D(2024, 9, 27),
            {"pauses": [third_party(D(2024, 10, 9), D(2024, 10, 9))]},
            D(2024, 10, 30),
        ),
    ],
)
def test_the_reply_is_due(received, kwargs, due):
    deadline = reply_due(received, calendar=CALENDAR, **kwargs)

    assert deadline.due == due
    assert deadline.counted[-1] == due
    assert len(deadline.counted) == deadline.days_total
    assert not deadline.paused
    assert not deadline.provisional


def test_make_up_working_days_are_counted_and_holidays_skipped():
    deadline = reply_due(D(2024, 9, 27), calendar=CALENDAR)

    assert D(2024, 9, 29) in deadline.counted  # Sunday, 调休上班
    assert D(2024, 10, 12) in deadline.counted  # Saturday, 调休上班
    assert deadline.counted[:3] == (D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8))
    assert [s.day for s in deadline.skipped if "国庆节" in s.reason] == [
        D(2024, 10, d) for d in range(1, 8)
    ]
    assert ExcludedDay(D(2024, 9, 28), "星期六") in deadline.skipped
    assert deadline.excluded == ()


def test_the_2020_spring_festival_extension_is_holiday():
    deadline = reply_due(D(2020, 1, 20), calendar=CALENDAR)

    spring_festival = [s.day for s in deadline.skipped if s.reason == "法定节假日（春节）"]
    assert spring_festival == [D(2020, 1, 24) + timedelta(days=i) for i in range(10)]
    assert D(2020, 2, 1) not in deadline.counted
    assert D(2020, 2, 3) in deadline.counted


def test_overlapping_pauses_exclude_a_day_once_with_every_reason():
    deadline = reply_due(
        D(2024, 9, 27),
        calendar=CALENDAR,
        pauses=[
            third_party(D(2024, 10, 8), D(2024, 10, 10)),
            Pause(D(2024, 10, 9), D(2024, 10, 14), PAUSE_OTHER_BODY),
        ],
    )

    assert deadline.excluded == (
        ExcludedDay(D(2024, 10, 9), "征求第三方意见"),
        ExcludedDay(D(2024, 10, 10), "征求第三方意见、征求其他机关意见"),
        ExcludedDay(D(2024, 10, 11), "征求其他机关意见"),
        ExcludedDay(D(2024, 10, 12), "征求其他机关意见"),  # the 调休 Saturday is a working day
        ExcludedDay(D(2024, 10, 14), "征求其他机关意见"),
    )
    assert D(2024, 10, 13) in [s.day for s in deadline.skipped]


def test_the_start_day_of_a_pause_still_counts():
    deadline = reply_due(
        D(2024, 9, 27), calendar=CALENDAR, pauses=[third_party(D(2024, 10, 8), D(2024, 10, 10))]
    )

    assert D(2024, 10, 8) in deadline.counted
    assert [e.day for e in deadline.excluded] == [D(2024, 10, 9), D(2024, 10, 10)]


def test_a_running_pause_leaves_the_due_date_unknown():
    deadline = reply_due(
        D(2024, 9, 27), calendar=CALENDAR, pauses=[Pause(D(2024, 10, 8), None, PAUSE_FEE)]
    )

    assert deadline.due is None
    assert deadline.paused
    assert deadline.counted == (D(2024, 9, 29), D(2024, 9, 30), D(2024, 10, 8))
    assert deadline.days_remaining == 17
    assert deadline.days_left(D(2024, 10, 9), CALENDAR) is None
    assert deadline.explain()[-1] == (
        "目前暂停计算，已计入3个工作日，尚余17个工作日；暂停结束后才能确定截止日"
    )


def test_a_running_pause_inside_a_closed_one_still_pauses():
    deadline = reply_due(
        D(2024, 9, 27),
        calendar=CALENDAR,
        pauses=[
            third_party(D(2024, 10, 8), D(2024, 10, 15)),
            Pause(D(2024, 10, 10), None, PAUSE_FEE),
        ],
    )

    assert deadline.paused
    assert [e.day for e in deadline.excluded] == [D(2024, 10, 9), D(2024, 10, 10)]


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        (21, "延长答复期限最长为20个工作日（《政府信息公开条例》第三十三条），不能延长21个工作日"),
        (-1, "延长的工作日数不能为负数：-1"),
    ],
)
def test_an_extension_is_at_most_20_working_days(extension, message):
    with pytest.raises(ValueError) as error:
        reply_due(D(2024, 9, 27), calendar=CALENDAR, extension_days=extension)

    assert str(error.value) == message


def test_an_extension_runs_on_after_a_pause():
    deadline = reply_due(
        D(2024, 9, 27),
        calendar=CALENDAR,
        pauses=[third_party(D(2024, 10, 8), D(2024, 10, 10))],
        extension_days=20,
    )

    assert deadline.days_total == 40
    assert deadline.due == CALENDAR.add_workdays(D(2024, 11, 1), 20)


def test_a_corrected_application_cannot_arrive_before_the_application():
    with pytest.raises(ValueError, match="补正后申请的收到日（2024年9月1日）早于原申请的收到日"):
        reply_due(D(2024, 9, 2), calendar=CALENDAR, clarification_received=D(2024, 9, 1))


def test_a_pause_cannot_end_before_it_starts():
    with pytest.raises(ValueError) as error:
        Pause(D(2024, 10, 10), D(2024, 10, 8), PAUSE_THIRD_PARTY)

    assert str(error.value) == "暂停计算的结束日（2024年10月8日）早于开始日（2024年10月10日）"


def test_a_year_without_data_is_an_error():
    with pytest.raises(CalendarDataMissing) as error:
        reply_due(D(2026, 12, 10), calendar=CALENDAR)

    assert error.value.year == 2027
    assert str(error.value) == "2027年的国家法定节假日安排尚未载入，无法按工作日计算期限"


def test_a_provisional_calendar_gives_a_marked_date():
    deadline = reply_due(D(2026, 12, 10), calendar=PROVISIONAL)

    assert deadline.due == D(2027, 1, 8)  # 2027-01-01 is 元旦 by law, schedule or not
    assert deadline.provisional
    assert deadline.provisional_years == (2027,)
    assert ExcludedDay(D(2027, 1, 1), "（暂定）法定节假日（元旦）") in deadline.skipped
    assert ExcludedDay(D(2027, 1, 2), "（暂定）星期六") in deadline.skipped
    assert deadline.explain()[-1] == (
        "（暂定）国务院尚未公布2027年节假日安排（或本平台尚未载入），期限按法定节假日推算，"
        "公布后可能调整；节假日安排载入后，截止日重新计算"
    )


def test_a_case_received_on_2026_12_28_is_due_after_yuandan_and_says_the_date_may_move():
    deadline = reply_due(D(2026, 12, 28), calendar=PROVISIONAL)

    assert deadline.due == D(2027, 1, 26)
    assert D(2027, 1, 1) not in deadline.counted
    assert deadline.provisional_note == (
        "国务院尚未公布2027年节假日安排（或本平台尚未载入），期限按法定节假日推算，公布后可能调整"
    )


def test_a_provisional_count_skips_the_spring_festival_from_chuxi():
    # 除夕 2027 is Friday 02-05 (腊月廿九), 正月初三 Monday 02-08.
    deadline = reply_due(D(2027, 1, 20), calendar=PROVISIONAL)

    assert deadline.due == D(2027, 2, 19)
    spring = [e.day for e in deadline.skipped if e.reason == "（暂定）法定节假日（春节）"]
    assert spring == [D(2027, 2, 5), D(2027, 2, 6), D(2027, 2, 7), D(2027, 2, 8)]


def test_a_provisional_calendar_marks_nothing_inside_a_known_year():
    deadline = reply_due(D(2024, 9, 27), calendar=PROVISIONAL)

    assert deadline.due == D(2024, 10, 30)
    assert not deadline.provisional
    assert deadline.provisional_note == ""


def test_a_year_entered_by_the_operator_is_exact():
    calendar = WorkCalendar(
        overrides={D(2027, 1, 1): False},
        override_reasons={D(2027, 1, 1): "元旦"},
        loaded_years=frozenset({2027}),
    )

    deadline = reply_due(D(2026, 12, 10), calendar=calendar)

    assert deadline.due == D(2027, 1, 8)
    assert not deadline.provisional
    assert ExcludedDay(D(2027, 1, 1), "运营方调整：元旦") in deadline.skipped


def test_it_explains_how_the_date_was_reached():
    deadline = reply_due(
        D(2024, 9, 27),
        calendar=CALENDAR,
        pauses=[third_party(D(2024, 10, 8), D(2024, 10, 10))],
        extension_days=5,
    )

    assert deadline.explain() == [
        "自2024年9月27日起算（2024年9月27日当日不计入，《民法典》第二百零一条）",
        "答复期限为25个工作日，其中延长5个工作日（《政府信息公开条例》第三十三条）",
        "计入25个工作日：9月29日至11月8日",
        "不计入2个工作日（征求第三方意见）：10月9日至10月10日",
        "跳过4个非工作日（星期六）：9月28日、10月19日、10月26日、11月2日",
        "跳过7个非工作日（法定节假日（国庆节））：10月1日至10月7日",
        "跳过4个非工作日（星期日）：10月13日、10月20日、10月27日、11月3日",
        "截止日为2024年11月8日（第25个工作日）",
    ]


def test_it_explains_a_restart_after_correction_and_a_span_across_years():
    lines = reply_due(
        D(2025, 12, 1), calendar=CALENDAR, clarification_received=D(2025, 12, 20)
    ).explain()

    assert (
        lines[0]
        == "补正后的申请于2025年12月20日收到，答复期限自该日重新起算（《政府信息公开条例》第三十条）"
    )
    assert lines[1] == "自2025年12月20日起算（2025年12月20日当日不计入，《民法典》第二百零一条）"
    assert "计入20个工作日：2025年12月22日至2026年1月19日" in lines
    assert "跳过3个非工作日（法定节假日（元旦））：2026年1月1日至2026年1月3日" in lines
    assert lines[-1] == "截止日为2026年1月19日（第20个工作日）"


@pytest.mark.parametrize(
    ("today", "left"),
    [
        (D(2024, 10, 22), 3),
        (D(2024, 10, 24), 1),
        (D(2024, 10, 25), 0),  # the due date itself
        (D(2024, 10, 26), -1),  # the Saturday after: already overdue
        (D(2024, 10, 28), -1),
        (D(2024, 10, 29), -2),
    ],
)
def test_it_counts_the_working_days_left(today, left):
    deadline = Deadline(
        start=D(2024, 9, 24),
        due=D(2024, 10, 25),
        days_total=20,
        counted=(),
        excluded=(),
        skipped=(),
        provisional=False,
        paused=False,
    )

    assert deadline.days_left(today, CALENDAR) == left


@pytest.mark.parametrize(
    ("function", "kwargs", "due"),
    [
        # 条例 Art. 30: the 补正 notice within 7 working days — here a 调休 Saturday.
        (clarification_notice_due, {}, D(2024, 10, 12)),
        # 条例 Arts. 32, 34: 15 working days for an opinion.
        (opinion_period_end, {}, D(2024, 10, 23)),
        (correction_due, {}, D(2024, 10, 23)),
        (correction_due, {"days": 5}, D(2024, 10, 10)),
        (fee_payment_due, {}, D(2024, 10, 30)),
        (fee_payment_due, {"days": 10}, D(2024, 10, 16)),
    ],
)
def test_the_other_periods_end(function, kwargs, due):
    assert function(D(2024, 9, 27), calendar=CALENDAR, **kwargs) == due


@pytest.mark.parametrize("function", [correction_due, fee_payment_due])
def test_a_period_must_be_at_least_one_working_day(function):
    with pytest.raises(ValueError, match="期限须为正整数个工作日：0"):
        function(D(2024, 9, 27), calendar=CALENDAR, days=0)


@pytest.mark.parametrize(
    ("answered", "today", "end"),
    [
        (D(2024, 10, 10), None, D(2024, 10, 10)),  # the opinion arrived first
        (D(2024, 11, 1), None, D(2024, 10, 23)),  # the 15 days ended first
        (None, D(2024, 10, 23), D(2024, 10, 23)),  # silence, and the period is over
        (None, D(2024, 10, 22), None),  # silence, the period still running
        (None, None, None),
    ],
)
def test_a_consultation_pauses_until_the_opinion_or_the_end_of_its_period(answered, today, end):
    pause = consultation_pause(
        D(2024, 9, 27), calendar=CALENDAR, reason=PAUSE_THIRD_PARTY, answered=answered, today=today
    )

    assert pause == Pause(D(2024, 9, 27), end, PAUSE_THIRD_PARTY)


_DAYS = st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 9, 30))


@settings(max_examples=150, deadline=None)
@given(
    received=_DAYS,
    extension=st.integers(0, 20),
    pause_specs=st.lists(st.tuples(st.integers(0, 40), st.integers(0, 30)), max_size=3),
)
def test_every_day_of_the_span_is_counted_excluded_or_skipped_once(
    received, extension, pause_specs
):
    pauses = [
        third_party(received + timedelta(days=a), received + timedelta(days=a + length))
        for a, length in pause_specs
    ]

    deadline = reply_due(received, calendar=CALENDAR, pauses=pauses, extension_days=extension)

    span = [received + timedelta(days=i) for i in range(1, (deadline.due - received).days + 1)]
    counted = list(deadline.counted)
    excluded = [e.day for e in deadline.excluded]
    skipped = [s.day for s in deadline.skipped]
    assert sorted(counted + excluded + skipped) == span
    assert len(counted) == 20 + extension
    assert all(CALENDAR.is_workday(d) for d in counted + excluded)
    assert not any(CALENDAR.is_workday(d) for d in skipped)
    if not pauses:
        assert deadline.due == CALENDAR.add_workdays(received, 20 + extension)
