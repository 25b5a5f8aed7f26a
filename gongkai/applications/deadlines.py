"""Statutory deadlines of a disclosure application, in working days (工作日).

Pure: dates and a `WorkCalendar` in, dates out; no models. The rules are those of
《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 30–34, the counting convention of the Civil
Code (《民法典》) Art. 201, and the platform's reading of what the law leaves open
(regulations.md §9). Each rule is cited where it is applied.

Words: a *pause* (暂停计算) is a stretch in which the reply clock does not run — a consultation of a
third party or another body (条例 Art. 33 para 3) or an unpaid processing-fee notice (国办函〔2020〕109号,
platform convention). *Counted* days are the working days that use up the period; *excluded* days
are working days a pause took out; *skipped* days are weekends and holidays, never counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import WorkCalendar, provisional_note

# 条例 Art. 33 para 2: reply within 20 working days of the receipt date.
REPLY_DAYS = 20
# 条例 Art. 30: the 补正 notice goes out within 7 working days of receipt, once, listing everything.
CLARIFICATION_NOTICE_DAYS = 7
# 条例 Arts. 32 and 34: a third party / a co-making body has 15 working days to give its opinion.
OPINION_REPLY_DAYS = 15
# 条例 Art. 33 para 2: an extension is at most 20 working days (so 40 in all).
MAX_EXTENSION_DAYS = 20
# 条例 Art. 30 leaves the correction period to the body ("合理的补正期限"); the platform's default,
# configurable per case (regulations.md §9).
DEFAULT_CORRECTION_DAYS = 15
# 信息处理费 payment window: 20 working days, UNCONFIRMED in the text of 国办函〔2020〕109号
# (regulations.md §3.3 (b)); configurable per case.
DEFAULT_FEE_PAYMENT_DAYS = 20

PAUSE_THIRD_PARTY = "征求第三方意见"
PAUSE_OTHER_BODY = "征求其他机关意见"
PAUSE_FEE = "等待缴纳信息处理费"

EXTENSION_NEGATIVE = "延长的工作日数不能为负数：{days}"
EXTENSION_TOO_LONG = (
    "延长答复期限最长为{max}个工作日（《政府信息公开条例》第三十三条），不能延长{days}个工作日"
)
PAUSE_ENDS_BEFORE_START = "暂停计算的结束日（{end}）早于开始日（{start}）"
CLARIFICATION_BEFORE_RECEIPT = "补正后申请的收到日（{clarified}）早于原申请的收到日（{received}）"
PERIOD_NOT_POSITIVE = "期限须为正整数个工作日：{days}"


@dataclass(frozen=True)
class Pause:
    """A stop of the clock: working days d with start < d <= end are not counted.

    The start day itself is not excluded: on the day a letter is sent the clock has already run
    that day (Civil Code Art. 201 read the same way as for the period itself).
    """

    start: date  # the day the consultation letter was sent / the fee notice issued
    end: (
        date | None
    )  # the day the opinion arrived or its period ended / payment recorded; None = running
    reason: str  # Chinese, shown to people: PAUSE_THIRD_PARTY, PAUSE_OTHER_BODY, PAUSE_FEE

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                PAUSE_ENDS_BEFORE_START.format(start=cn_date(self.start), end=cn_date(self.end))
            )

    def covers(self, day: date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class ExcludedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class Deadline:
    start: date  # the day counting runs from (receipt date, or the day the corrected application arrived)
    due: date | None  # None while a pause is still running (the due date is not yet known)
    days_total: int  # REPLY_DAYS + extension
    counted: tuple[date, ...]  # the working days counted so far / in total
    excluded: tuple[ExcludedDay, ...]  # working days not counted, and why (each day once)
    skipped: tuple[ExcludedDay, ...]  # weekends and holidays inside the span, with the reason
    provisional: bool  # some day of the span lies in a year without holiday data (暂定)
    paused: bool  # a pause is still running
    extension_days: int = 0
    clarification_received: date | None = None
    provisional_years: tuple[int, ...] = ()  # the years without holiday data the span reaches

    @property
    def provisional_note(self) -> str:
        """Why the date is 暂定, in plain words for the applicant ("" when it is exact)."""
        return provisional_note(self.provisional_years) if self.provisional else ""

    @property
    def days_remaining(self) -> int:
        """Working days of the period not yet used up (0 once the due date is known)."""
        return self.days_total - len(self.counted)

    def days_left(self, today: date, calendar: WorkCalendar) -> int | None:
        """Working days from today (exclusive) to the due date (inclusive).

        0 on the due date itself. After it the result is negative: minus the working days since
        the due date, and at least -1, so that a weekend right after the due date already reads
        as overdue. None while paused.
        """
        if self.due is None:
            return None
        if today <= self.due:
            return len(calendar.workdays_between(today, self.due))
        return -max(1, len(calendar.workdays_between(self.due, today)))

    def explain(self) -> list[str]:
        """How the deadline was reached, in Chinese sentences for the case file and the applicant."""
        one_year = _one_year(self)
        lines = []
        if self.clarification_received is not None:
            lines.append(
                f"补正后的申请于{cn_date(self.clarification_received)}收到，"
                "答复期限自该日重新起算（《政府信息公开条例》第三十条）"
            )
        lines.append(
            f"自{cn_date(self.start)}起算（{cn_date(self.start)}当日不计入，《民法典》第二百零一条）"
        )
        period = f"答复期限为{self.days_total}个工作日（《政府信息公开条例》第三十三条）"
        if self.extension_days:
            period = (
                f"答复期限为{self.days_total}个工作日，其中延长{self.extension_days}个工作日"
                "（《政府信息公开条例》第三十三条）"
            )
        lines.append(period)
        if self.counted:
            lines.append(
                f"计入{len(self.counted)}个工作日："
                f"{_fmt(self.counted[0], one_year)}至{_fmt(self.counted[-1], one_year)}"
            )
        for reason, days in _by_reason(self.excluded):
            lines.append(f"不计入{len(days)}个工作日（{reason}）：{_runs(days, one_year)}")
        for reason, days in _by_reason(self.skipped):
            lines.append(f"跳过{len(days)}个非工作日（{reason}）：{_runs(days, one_year)}")
        if self.due is None:
            lines.append(
                f"目前暂停计算，已计入{len(self.counted)}个工作日，尚余{self.days_remaining}个工作日；"
                "暂停结束后才能确定截止日"
            )
        else:
            lines.append(f"截止日为{cn_date(self.due)}（第{self.days_total}个工作日）")
        if self.provisional:
            lines.append(f"（暂定）{self.provisional_note}；节假日安排载入后，截止日重新计算")
        return lines


def _one_year(deadline: Deadline) -> bool:
    days = [deadline.start, *deadline.counted, *(e.day for e in deadline.excluded)]
    days += [s.day for s in deadline.skipped]
    return len({d.year for d in days}) == 1


def _fmt(day: date, one_year: bool) -> str:
    return f"{day.month}月{day.day}日" if one_year else cn_date(day)


def _by_reason(days: Iterable[ExcludedDay]) -> list[tuple[str, list[date]]]:
    groups: dict[str, list[date]] = {}
    for item in days:
        groups.setdefault(item.reason, []).append(item.day)
    return list(groups.items())


def _runs(days: Sequence[date], one_year: bool) -> str:
    """Consecutive calendar days as ranges: "10月1日至10月7日、10月12日"."""
    parts = []
    run_start = previous = days[0]
    for day in [*days[1:], None]:
        if day is not None and day == previous + timedelta(days=1):
            previous = day
            continue
        if run_start == previous:
            parts.append(_fmt(run_start, one_year))
        else:
            parts.append(f"{_fmt(run_start, one_year)}至{_fmt(previous, one_year)}")
        if day is not None:
            run_start = previous = day
    return "、".join(parts)


def reply_due(
    received: date,
    *,
    calendar: WorkCalendar,
    clarification_received: date | None = None,
    pauses: Sequence[Pause] = (),
    extension_days: int = 0,
) -> Deadline:
    """The reply deadline (答复期限) of an application.

    Raises `CalendarDataMissing` when a day of the span lies in a year without holiday data and
    the calendar is not provisional; `ValueError` (Chinese message) for an impossible input.
    """
    # 条例 Art. 33 para 2: at most 20 working days more; regulations.md §9: counted on from the
    # current due date, which is the same as counting 20 + N days with the same pauses.
    if extension_days < 0:
        raise ValueError(EXTENSION_NEGATIVE.format(days=extension_days))
    if extension_days > MAX_EXTENSION_DAYS:
        raise ValueError(EXTENSION_TOO_LONG.format(max=MAX_EXTENSION_DAYS, days=extension_days))
    # 条例 Art. 30: the period runs from the day the corrected application is received — a fresh
    # 20 days, so nothing before that day (the first receipt, earlier pauses) matters any more.
    start = received
    if clarification_received is not None:
        if clarification_received < received:
            raise ValueError(
                CLARIFICATION_BEFORE_RECEIPT.format(
                    clarified=cn_date(clarification_received), received=cn_date(received)
                )
            )
        start = clarification_received
    days_total = REPLY_DAYS + extension_days

    counted: list[date] = []
    excluded: list[ExcludedDay] = []
    skipped: list[ExcludedDay] = []
    provisional_years: set[int] = set()
    due: date | None = None
    paused = False
    # Civil Code Art. 201: the start day is not counted; counting begins the next day.
    day = start
    while due is None:
        day += timedelta(days=1)
        working = calendar.is_workday(day)  # CalendarDataMissing propagates (regulations.md §9)
        if calendar.is_provisional(day):
            provisional_years.add(day.year)
        if not working:
            skipped.append(ExcludedDay(day, calendar.describe(day)))
            continue
        covering = [p for p in pauses if p.covers(day)]
        if any(p.end is None for p in covering):
            # A consultation or fee notice still running: the days already counted stand, the
            # rest wait, so the due date cannot be known yet.
            paused = True
            break
        if covering:
            # 条例 Art. 33 para 3: consultation time (Arts. 32, 34) is not counted; fee notices the
            # same (regulations.md §9). Overlapping pauses take a day out once, with every reason.
            reasons = list(dict.fromkeys(p.reason for p in covering))
            excluded.append(ExcludedDay(day, "、".join(reasons)))
            continue
        counted.append(day)
        if len(counted) == days_total:
            due = day

    return Deadline(
        start=start,
        due=due,
        days_total=days_total,
        counted=tuple(counted),
        excluded=tuple(excluded),
        skipped=tuple(skipped),
        provisional=bool(provisional_years),
        paused=paused,
        extension_days=extension_days,
        clarification_received=clarification_received,
        provisional_years=tuple(sorted(provisional_years)),
    )


def clarification_notice_due(received: date, *, calendar: WorkCalendar) -> date:
    # 条例 Art. 30: the 补正 notice within 7 working days of receiving the application.
    return calendar.add_workdays(received, CLARIFICATION_NOTICE_DAYS)


def opinion_period_end(sent: date, *, calendar: WorkCalendar) -> date:
    # 条例 Arts. 32, 34: 15 working days for the opinion. The law counts from the third party's
    # receipt of the letter, which the body cannot observe; the platform counts from the day the
    # letter is sent (regulations.md §9), which is never later.
    return calendar.add_workdays(sent, OPINION_REPLY_DAYS)


def correction_due(
    notified: date, *, calendar: WorkCalendar, days: int = DEFAULT_CORRECTION_DAYS
) -> date:
    # 条例 Art. 30: a reasonable correction period set by the body; lapsed without good reason →
    # the application is deemed withdrawn (其他处理 1).
    if days < 1:
        raise ValueError(PERIOD_NOT_POSITIVE.format(days=days))
    return calendar.add_workdays(notified, days)


def fee_payment_due(
    issued: date, *, calendar: WorkCalendar, days: int = DEFAULT_FEE_PAYMENT_DAYS
) -> date:
    # 国办函〔2020〕109号 (regulations.md §3.3 (b), UNCONFIRMED period): unpaid by then → processing
    # ends (其他处理 2).
    if days < 1:
        raise ValueError(PERIOD_NOT_POSITIVE.format(days=days))
    return calendar.add_workdays(issued, days)


def consultation_pause(
    sent: date,
    *,
    calendar: WorkCalendar,
    reason: str,
    answered: date | None = None,
    today: date | None = None,
) -> Pause:
    """The pause of one consultation (条例 Arts. 32, 34; regulations.md §9).

    It ends on the day the opinion arrives or the day the 15-working-day period ends, whichever
    is first; with no opinion yet it is still running, unless `today` is past the period's end.
    """
    period_end = opinion_period_end(sent, calendar=calendar)
    end: date | None
    if answered is not None:
        end = min(max(answered, sent), period_end)
    elif today is not None and today >= period_end:
        end = period_end
    else:
        end = None
    return Pause(start=sent, end=end, reason=reason)
