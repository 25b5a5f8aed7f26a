"""Reply limits of mailbox letters and the 3-month red line (regulations.md §5.5, §7.1, §9).

Every expected date was counted by hand against the State Council holiday notices
(../shared/corpus/holiday_cn_2019_2026) or the Civil Code's month rule (Art. 202): the comment
beside each case says how.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from gongkai.participation.mailbox_limits import (
    DEFAULT_REPLY_LIMIT,
    LetterCategory,
    MailboxKind,
    ReplyLimit,
    add_months,
    alarm_on,
    clock_start,
    over_red_line,
    red_line,
    reminder_on,
    reply_due,
    reply_limit,
)
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar

CALENDAR = WorkCalendar()
PROVISIONAL = WorkCalendar(provisional=True)
D = date
SHENYANG = ReplyLimit(days=3, extended_days=10)  # 沈阳市长信箱 (regulations.md §7.1)


@pytest.mark.parametrize(
    ("received_on", "limit", "extended", "due"),
    [
        # Fri 2024-09-27: Sun 09-29 (调休上班) 1, 09-30 2, 10-01…07 国庆, 10-08 3, 10-09 4,
        # 10-10 5.
        pytest.param(
            D(2024, 9, 27), DEFAULT_REPLY_LIMIT, False, D(2024, 10, 10), id="guoqing-2024"
        ),
        # … extended: 10-11 6, Sat 10-12 (调休上班) 7, 10-14…10-18 8–12, 10-21 13, 10-22 14,
        # 10-23 15.
        pytest.param(
            D(2024, 9, 27), DEFAULT_REPLY_LIMIT, True, D(2024, 10, 23), id="guoqing-2024-extended"
        ),
        # Fri 2025-01-24: Sun 01-26 (调休) 1, Mon 01-27 2, 01-28…02-04 春节, 02-05 3, 02-06 4,
        # 02-07 5.
        pytest.param(D(2025, 1, 24), DEFAULT_REPLY_LIMIT, False, D(2025, 2, 7), id="chunjie-2025"),
        # Thu 2026-02-12: 02-13 1, Sat 02-14 (调休) 2, 02-15…23 春节, 02-24 3, 02-25 4, 02-26 5.
        pytest.param(D(2026, 2, 12), DEFAULT_REPLY_LIMIT, False, D(2026, 2, 26), id="chunjie-2026"),
        # … extended: 02-27 6, Sat 02-28 (调休) 7, 03-02…03-06 8–12, 03-09 13, 03-10 14,
        # 03-11 15.
        pytest.param(
            D(2026, 2, 12), DEFAULT_REPLY_LIMIT, True, D(2026, 3, 11), id="chunjie-2026-extended"
        ),
        # Wed 2025-12-31: 2026-01-01…03 元旦, Sun 01-04 (调休) 1, 01-05…01-08 2–5.
        pytest.param(D(2025, 12, 31), DEFAULT_REPLY_LIMIT, False, D(2026, 1, 8), id="year-end"),
        # Wed 2026-09-23: 09-24 1, 09-25…27 中秋, 09-28 2, 09-29 3, 09-30 4, 10-01…07 国庆, 10-08 5.
        pytest.param(
            D(2026, 9, 23), DEFAULT_REPLY_LIMIT, False, D(2026, 10, 8), id="zhongqiu-guoqing-2026"
        ),
        # Tue 2026-09-29: 09-30 1, 10-01…07 国庆, 10-08 2, 10-09 3, Sat 10-10 (调休) 4, 10-12 5.
        pytest.param(
            D(2026, 9, 29), DEFAULT_REPLY_LIMIT, False, D(2026, 10, 12), id="guoqing-2026"
        ),
        # A body's own limit, 3 working days: Fri 2024-09-27 → 09-29, 09-30, 10-08.
        pytest.param(D(2024, 9, 27), SHENYANG, False, D(2024, 10, 8), id="configured-3-days"),
        # … extended to 10: 10-08 3, 10-09…10-11 4–6, Sat 10-12 7, 10-14 8, 10-15 9, 10-16 10.
        pytest.param(
            D(2024, 9, 27), SHENYANG, True, D(2024, 10, 16), id="configured-10-days-extended"
        ),
    ],
)
def test_the_reply_is_due(received_on, limit, extended, due):
    assert reply_due(received_on, limit, CALENDAR, extended) == due


def test_a_limit_reaching_a_year_without_data_is_an_error():
    # Mon 2026-12-28: 12-29, 12-30, 12-31 are 3 working days; the 4th lies in 2027.
    with pytest.raises(CalendarDataMissing) as error:
        reply_due(D(2026, 12, 28), DEFAULT_REPLY_LIMIT, CALENDAR)

    assert str(error.value) == "2027年的国家法定节假日安排尚未载入，无法按工作日计算期限"


def test_a_provisional_calendar_skips_yuandan_2027():
    # 3 working days to 12-31; Fri 2027-01-01 元旦 by law, the weekend, then 01-04 4, 01-05 5.
    assert reply_due(D(2026, 12, 28), DEFAULT_REPLY_LIMIT, PROVISIONAL) == D(2027, 1, 5)


@pytest.mark.parametrize(
    ("transferred_on", "restart", "start", "due"),
    [
        # Received Fri 2024-09-20, transferred Fri 09-27. Restarting: 5 working days from 09-27
        # (above) → 10-10.
        pytest.param(D(2024, 9, 27), True, D(2024, 9, 27), D(2024, 10, 10), id="restart"),
        # Not restarting: 5 working days from 09-20 → 09-23…09-27; due the day of the transfer.
        pytest.param(D(2024, 9, 27), False, D(2024, 9, 20), D(2024, 9, 27), id="no-restart"),
        pytest.param(None, True, D(2024, 9, 20), D(2024, 9, 27), id="never-transferred"),
        # Transferred the day it arrived: restarting changes nothing.
        pytest.param(D(2024, 9, 20), True, D(2024, 9, 20), D(2024, 9, 27), id="same-day"),
    ],
)
def test_a_transfer_restarts_the_clock_when_the_body_says_so(transferred_on, restart, start, due):
    received_on = D(2024, 9, 20)

    assert (
        clock_start(received_on, transferred_on=transferred_on, restart_on_transfer=restart)
        == start
    )
    assert (
        reply_due(
            received_on,
            DEFAULT_REPLY_LIMIT,
            CALENDAR,
            transferred_on=transferred_on,
            restart_on_transfer=restart,
        )
        == due
    )
    # The red line never moves: 2024-09-20 + 3 months.
    assert red_line(received_on) == D(2024, 12, 20)


def test_a_transfer_cannot_come_before_the_letter():
    with pytest.raises(ValueError) as error:
        clock_start(D(2024, 9, 20), transferred_on=D(2024, 9, 19), restart_on_transfer=True)

    assert str(error.value) == "转办日（2024年9月19日）早于来信收到日（2024年9月20日）"


@pytest.mark.parametrize(
    ("days", "extended", "message"),
    [
        pytest.param(0, 15, "答复时限须为正整数个工作日：0", id="zero"),
        pytest.param(
            5, 3, "延长后的答复时限（3个工作日）不能短于原答复时限（5个工作日）", id="shorter"
        ),
    ],
)
def test_an_impossible_limit_is_refused(days, extended, message):
    with pytest.raises(ValueError) as error:
        ReplyLimit(days=days, extended_days=extended)

    assert str(error.value) == message


@pytest.mark.parametrize(
    ("category", "limit"),
    [
        pytest.param(LetterCategory.COMPLAINT, SHENYANG, id="overridden"),
        pytest.param(LetterCategory.INQUIRY, DEFAULT_REPLY_LIMIT, id="default"),
    ],
)
def test_a_body_sets_its_limit_per_category(category, limit):
    assert reply_limit(category, {LetterCategory.COMPLAINT: SHENYANG}) == limit


def test_the_default_is_5_working_days_extendable_to_15():
    assert reply_limit(LetterCategory.SUGGESTION) == ReplyLimit(days=5, extended_days=15)


@pytest.mark.parametrize(
    ("due", "days_before", "reminder"),
    [
        # The working day before Tue 2024-10-08 is Mon 09-30: 10-01…07 are 国庆.
        pytest.param(D(2024, 10, 8), 1, D(2024, 9, 30), id="before-guoqing"),
        # … and the one before that the 调休 Sunday 09-29.
        pytest.param(D(2024, 10, 8), 2, D(2024, 9, 29), id="make-up-sunday"),
        # Mon 2026-01-05: Sun 01-04 is a 调休 working day.
        pytest.param(D(2026, 1, 5), 1, D(2026, 1, 4), id="yuandan-make-up-day"),
        # … before it 01-01…03 元旦, so two back is Wed 2025-12-31.
        pytest.param(D(2026, 1, 5), 2, D(2025, 12, 31), id="across-the-year-end"),
        # Tue 2026-02-24, the first day after 春节 (02-15…23): Sat 02-14 (调休), then Fri 02-13.
        pytest.param(D(2026, 2, 24), 1, D(2026, 2, 14), id="chunjie-make-up-saturday"),
        pytest.param(D(2026, 2, 24), 2, D(2026, 2, 13), id="chunjie-friday"),
        pytest.param(D(2026, 2, 24), 0, D(2026, 2, 24), id="on-the-day"),
    ],
)
def test_the_reminder_falls_on_a_working_day(due, days_before, reminder):
    assert reminder_on(due, CALENDAR, days_before) == reminder


def test_a_reminder_in_a_year_without_data_is_an_error():
    with pytest.raises(CalendarDataMissing):
        reminder_on(D(2027, 1, 5), CALENDAR)


def test_a_reminder_cannot_come_after_the_due_date():
    with pytest.raises(ValueError, match="提前提醒的工作日数不能为负数：-1"):
        reminder_on(D(2024, 10, 8), CALENDAR, -1)


@pytest.mark.parametrize(
    ("received_on", "line"),
    [
        # The corresponding day (《民法典》 Art. 202).
        pytest.param(D(2024, 1, 15), D(2024, 4, 15), id="corresponding-day"),
        pytest.param(D(2024, 5, 31), D(2024, 8, 31), id="31st-to-31st"),
        # No 31 June: the month's last day.
        pytest.param(D(2024, 3, 31), D(2024, 6, 30), id="31st-to-30th"),
        # No 30 February in 2025 (not a leap year): 02-28.
        pytest.param(D(2024, 11, 30), D(2025, 2, 28), id="february-2025"),
        # 2024 is a leap year: 02-29.
        pytest.param(D(2023, 11, 30), D(2024, 2, 29), id="february-2024-leap"),
        # 2028 is a leap year: 29 and 30 November both end on 2028-02-29, the 31 December on
        # 2028-03-31.
        pytest.param(D(2027, 11, 29), D(2028, 2, 29), id="29th-to-feb-29-2028"),
        pytest.param(D(2027, 11, 30), D(2028, 2, 29), id="30th-to-feb-29-2028"),
        pytest.param(D(2027, 12, 31), D(2028, 3, 31), id="31st-across-feb-2028"),
        # From 29 February: the 29th of May.
        pytest.param(D(2028, 2, 29), D(2028, 5, 29), id="from-feb-29-2028"),
        pytest.param(D(2025, 10, 31), D(2026, 1, 31), id="across-the-year-end"),
        # A last day on 元旦 2027 is not moved (no Art. 203): calendar time, no holiday data.
        pytest.param(D(2026, 10, 1), D(2027, 1, 1), id="on-a-holiday-not-moved"),
    ],
)
def test_the_red_line_is_3_months_after_receipt(received_on, line):
    assert red_line(received_on) == line


@pytest.mark.parametrize(
    ("received_on", "alarm"),
    [
        pytest.param(D(2024, 6, 15), D(2024, 8, 15), id="corresponding-day"),
        pytest.param(D(2025, 12, 31), D(2026, 2, 28), id="31st-to-feb-28"),
        pytest.param(D(2027, 12, 31), D(2028, 2, 29), id="31st-to-feb-29-2028"),
        pytest.param(D(2024, 11, 30), D(2025, 1, 30), id="across-the-year-end"),
    ],
)
def test_the_alarm_is_2_months_after_receipt(received_on, alarm):
    assert alarm_on(received_on) == alarm


def test_the_alarm_leaves_room_for_a_full_extended_limit_before_the_red_line():
    # ALARM_MONTHS' reasoning, for every receipt day whose red line the calendar covers. The
    # tightest: received 2020-12-09, alarm 2021-02-09, 15 working days across 春节 2021
    # (02-11…17, 调休 Sat 02-20) end 2021-03-08, the red line is 03-09.
    received_on = D(2019, 1, 1)
    tightest = None
    while red_line(received_on) <= D(2026, 12, 31):
        due = CALENDAR.add_workdays(alarm_on(received_on), DEFAULT_REPLY_LIMIT.extended_days)
        slack = (red_line(received_on) - due).days
        assert slack >= 0, received_on
        tightest = min(tightest or (slack, received_on), (slack, received_on))
        received_on += timedelta(days=1)

    assert tightest == (1, D(2020, 12, 9))


@pytest.mark.parametrize(
    ("today", "replied_on", "over"),
    [
        pytest.param(D(2024, 4, 15), None, False, id="last-day-within"),
        pytest.param(D(2024, 4, 16), None, True, id="unanswered-past"),
        pytest.param(D(2024, 6, 1), D(2024, 4, 15), False, id="replied-on-the-last-day"),
        pytest.param(D(2024, 6, 1), D(2024, 4, 16), True, id="replied-too-late"),
    ],
)
def test_a_letter_over_the_red_line(today, replied_on, over):
    assert over_red_line(D(2024, 1, 15), today, replied_on) is over


def test_months_cannot_be_negative():
    with pytest.raises(ValueError, match="月数不能为负数：-1"):
        add_months(D(2024, 1, 15), -1)


def test_categories_and_mailboxes_have_chinese_labels():
    assert [c.label for c in LetterCategory] == ["咨询", "建议", "投诉", "求助"]
    assert [k.label for k in MailboxKind] == ["领导信箱", "部门信箱"]
