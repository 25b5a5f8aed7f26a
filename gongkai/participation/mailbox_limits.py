"""Reply limits of mailbox letters (领导信箱 / 政民互动), regulations.md §7.1 and §9.

Pure: dates, a `ReplyLimit` and a `WorkCalendar` in, dates out; no models.

There are two clocks, and they answer different questions:
- the *reply limit* (答复时限), in working days, set by the body (no national statute sets one,
  regulations.md §7.1): default 5 working days, extendable once to 15 (regulations.md §9),
  configurable per body and letter category. Counted as the applications' deadlines: the day of
  receipt is not counted (《民法典》 Art. 201), and only working days of the official calendar
  count, so the limit never ends on a holiday (Art. 203 is met by construction);
- the *red line* of the website inspection (国办秘函〔2019〕19号, "CHK19"): a valid message in a
  consultation column left unanswered for more than 3 months makes the whole website fail
  (单项否决, regulations.md §5.5). It is counted in calendar months from the original receipt and
  never restarts.

Month arithmetic (《民法典》 Art. 202): a period of N months ends on the day of the N-th month
after the start that has the start's day number (对应日); when that month has no such day (the
31st, or 29–31 January into February) it ends on the last day of that month (月末日). 2024-05-31
+ 3 months = 2024-08-31; 2024-03-31 + 3 months = 2024-06-30; 2027-11-30 + 3 months = 2028-02-29.
"""

from __future__ import annotations

import calendar as gregorian
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import WorkCalendar

LIMIT_NOT_POSITIVE = "答复时限须为正整数个工作日：{days}"
EXTENDED_SHORTER = "延长后的答复时限（{extended}个工作日）不能短于原答复时限（{days}个工作日）"
TRANSFER_BEFORE_RECEIPT = "转办日（{transferred}）早于来信收到日（{received}）"
DAYS_BEFORE_NEGATIVE = "提前提醒的工作日数不能为负数：{days}"
MONTHS_NEGATIVE = "月数不能为负数：{months}"


class LetterCategory(StrEnum):
    """What the writer asks for; a body may set a different reply limit for each."""

    INQUIRY = "inquiry"
    SUGGESTION = "suggestion"
    COMPLAINT = "complaint"
    REQUEST_FOR_HELP = "request_for_help"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS: dict[str, str] = {
    LetterCategory.INQUIRY: "咨询",
    LetterCategory.SUGGESTION: "建议",
    LetterCategory.COMPLAINT: "投诉",
    LetterCategory.REQUEST_FOR_HELP: "求助",
}


class MailboxKind(StrEnum):
    """Whose mailbox a letter was written to. Orthogonal to the category; the limits do not depend
    on it (a body that wants a different limit for its leader's mailbox passes its own table)."""

    LEADER = "leader"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return MAILBOX_LABELS[self]


MAILBOX_LABELS: dict[str, str] = {
    MailboxKind.LEADER: "领导信箱",
    MailboxKind.DEPARTMENT: "部门信箱",
}


@dataclass(frozen=True)
class ReplyLimit:
    """`days` working days to reply; `extended_days` is the whole limit after the one extension,
    counted from the same start (not `extended_days` more)."""

    days: int
    extended_days: int

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError(LIMIT_NOT_POSITIVE.format(days=self.days))
        if self.extended_days < self.days:
            raise ValueError(EXTENDED_SHORTER.format(extended=self.extended_days, days=self.days))


# regulations.md §9 ("Mailbox reply limit"): 5 working days, extendable once to 15. No national
# rule exists (§7.1, UNCONFIRMED that none does); local rules range from 3 working days (沈阳, 辽宁)
# to 7 extendable to 15 (中国气象局). Configurable per body and category: `reply_limit`.
DEFAULT_REPLY_LIMIT = ReplyLimit(days=5, extended_days=15)

# CHK19 (国办秘函〔2019〕19号, 单项否决 "互动回应差"): a valid message unanswered for more than 3 months.
RED_LINE_MONTHS = 3
# The alarm sounds 2 months after receipt, one calendar month (28–31 days) before the red line.
# That month leaves room for a full extended reply limit (15 working days) to run again from the
# alarm — after a transfer that restarts the clock, say — even when it holds the Spring Festival or
# National Day break: the test checks this for every receipt day of 2019–2026. A body that sets a
# longer extended limit should set a longer lead (`alarm_on(..., months=1)`).
ALARM_MONTHS = 2


def reply_limit(
    category: LetterCategory, overrides: Mapping[LetterCategory, ReplyLimit] | None = None
) -> ReplyLimit:
    """The limit a body applies to a category: its own, else the platform's default."""
    return (overrides or {}).get(category, DEFAULT_REPLY_LIMIT)


def clock_start(
    received_on: date, *, transferred_on: date | None = None, restart_on_transfer: bool = False
) -> date:
    """The day the reply clock runs from (that day itself not counted).

    A letter that reached the wrong body is transferred (转办) to the right one. No national rule
    says whether its limit starts again; the platform's convention is that the clock follows the
    rules the receiving body sets: with `restart_on_transfer` its full limit runs afresh from the
    day of the (last) transfer, the day the letter reached it; without, the limit keeps running
    from the original receipt, so a late transfer can leave little or no time (the due date may
    already have passed). Neither moves the 3-month red line (`red_line`): the writer has waited
    since the original receipt, and the inspection counts from then.
    """
    if transferred_on is None:
        return received_on
    if transferred_on < received_on:
        raise ValueError(
            TRANSFER_BEFORE_RECEIPT.format(
                transferred=cn_date(transferred_on), received=cn_date(received_on)
            )
        )
    return transferred_on if restart_on_transfer else received_on


def reply_due(
    received_on: date,
    limit: ReplyLimit,
    calendar: WorkCalendar,
    extended: bool = False,
    *,
    transferred_on: date | None = None,
    restart_on_transfer: bool = False,
) -> date:
    """The last day to reply: the `limit.days`-th working day after the clock's start, or the
    `limit.extended_days`-th once the one extension is granted.

    Raises `CalendarDataMissing` when the count reaches a year without holiday data (with a
    non-provisional calendar).
    """
    start = clock_start(
        received_on, transferred_on=transferred_on, restart_on_transfer=restart_on_transfer
    )
    return calendar.add_workdays(start, limit.extended_days if extended else limit.days)


def reminder_on(due: date, calendar: WorkCalendar, days_before: int = 1) -> date:
    """The working day `days_before` working days before the due date (0: the due date itself), so
    that a reminder never falls on a weekend or holiday when nobody reads it. Before a break it is
    the last working day before the break (due 2024-10-08 → 2024-09-30)."""
    if days_before < 0:
        raise ValueError(DAYS_BEFORE_NEGATIVE.format(days=days_before))
    day = due
    counted = 0
    while counted < days_before:
        day -= timedelta(days=1)
        if calendar.is_workday(day):  # CalendarDataMissing propagates
            counted += 1
    return day


def add_months(day: date, months: int) -> date:
    """《民法典》 Art. 202: the day with the same number N months later, or that month's last day."""
    if months < 0:
        raise ValueError(MONTHS_NEGATIVE.format(months=months))
    year, month0 = divmod(day.month - 1 + months, 12)
    year += day.year
    last = gregorian.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def red_line(received_on: date) -> date:
    """The last day of the 3 months after receipt (CHK19); unanswered after it, the letter is a red
    flag on the inspection page.

    The day of receipt is not counted (《民法典》 Art. 201) and the period ends on the corresponding
    day (Art. 202): received 2024-01-15 → 2024-04-15, a reply that day is still within 3 months.
    Art. 203 (a last day on a holiday moves to the next day) is deliberately not applied: the
    inspection measures calendar time, and the earlier date is the safe side; nor does it need
    the holiday calendar, so it is known for every year.
    """
    return add_months(received_on, RED_LINE_MONTHS)


def alarm_on(received_on: date, *, months: int = ALARM_MONTHS) -> date:
    """The day an unanswered letter raises the alarm, well before the red line (`ALARM_MONTHS`)."""
    return add_months(received_on, months)


def over_red_line(received_on: date, today: date, replied_on: date | None = None) -> bool:
    """True when the letter was, or still is, unanswered for more than 3 months: a late reply does
    not undo it (CHK19 counts a message left unanswered past 3 months within the year)."""
    return (replied_on or today) > red_line(received_on)
