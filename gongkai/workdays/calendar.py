"""The working-day calendar (工作日历): which days count as 工作日 for statutory periods.

Pure: plain values in, plain values out, no database. `selectors.calendar_current()` builds a
`WorkCalendar` with the operator's overrides from the database.

The convention (regulations.md §9, "What a working day is"): a day is a working day when
`chinese_calendar.is_workday()` says so — Monday to Friday unless it is an official holiday, plus
the weekend days made into working days by 调休 — with the operator's override table on top.

Coverage. The package knows the State Council's holiday schedule for 2004–2026 (regulations.md §6).
A year is *covered* when the package has it, or when an operator has declared (`CalendarYear`) that
the schedule for that year has been entered in the override table; then Monday–Friday plus the
overrides is exact for that year. An override on a single date does NOT make its year covered:
one entered 调休 day says nothing about the rest of the year, and guessing the rest would be the
silent Monday–Friday fallback the platform forbids. For a day in a year that is not covered:
- by default `CalendarDataMissing` is raised, with a message the case handler can read;
- with `provisional=True` the day falls back to Monday–Friday (overrides still apply), and
  `is_provisional()` / `describe()` say so, so that every result built on it is marked 暂定.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

import chinese_calendar

# The years the installed package has data for; its own check (`_validate_date`) uses the same
# bounds, and raises `NotImplementedError` outside them.
PACKAGE_FIRST_YEAR: int = min(chinese_calendar.holidays).year
PACKAGE_LAST_YEAR: int = max(chinese_calendar.holidays).year

MISSING_YEAR_MESSAGE = "{year}年的国家法定节假日安排尚未载入，无法按工作日计算期限"

# The package names holidays in English (its `Holiday` enum values); these are the names of the
# State Council notices. The enum's own Chinese names are shortened ("清明", "端午", "中秋").
HOLIDAY_NAMES: dict[str, str] = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

WORKDAY = "工作日"
MAKE_UP_WORKDAY = "调休上班日"
HOLIDAY = "法定节假日（{name}）"
OVERRIDE = "运营方调整：{reason}"
OVERRIDE_TO_WORKDAY = "运营方调整为工作日"
OVERRIDE_TO_REST_DAY = "运营方调整为休息日"
PROVISIONAL = "（暂定）按周一至周五推算：{base}"


class CalendarDataMissing(Exception):
    """The official holiday schedule of `year` is not loaded, so working days cannot be counted."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(MISSING_YEAR_MESSAGE.format(year=year))


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


def _weekday_default(day: date) -> bool:
    return day.weekday() < 5


@dataclass(frozen=True)
class WorkCalendar:
    # Operator override: day -> is it a working day. Wins over the package (e.g. a 调休 day
    # announced after the installed package was released, or a day the office was closed).
    overrides: Mapping[date, bool] = field(default_factory=dict)
    override_reasons: Mapping[date, str] = field(default_factory=dict)
    # Years without package data whose schedule the operator has entered as overrides
    # (`CalendarYear`): Monday–Friday plus the overrides is exact for them.
    loaded_years: frozenset[int] = frozenset()
    # True: a year without data falls back to Monday–Friday, and results are marked provisional.
    provisional: bool = False

    def covers(self, year: int) -> bool:
        return package_covers(year) or year in self.loaded_years

    def is_provisional(self, day: date) -> bool:
        """The day lies in a year without data; with `provisional=False` such a day raises instead."""
        return not self.covers(day.year)

    def _check(self, day: date) -> None:
        if not self.provisional and not self.covers(day.year):
            raise CalendarDataMissing(day.year)

    def is_workday(self, day: date) -> bool:
        self._check(day)
        if day in self.overrides:
            return bool(self.overrides[day])
        if package_covers(day.year):
            workday: bool = chinese_calendar.is_workday(day)  # the package has no types
            return workday
        return _weekday_default(day)

    def describe(self, day: date) -> str:
        """Why the day is, or is not, a working day, in the words a case handler reads."""
        self._check(day)
        if day in self.overrides:
            reason = self.override_reasons.get(day, "").strip()
            if reason:
                return OVERRIDE.format(reason=reason)
            return OVERRIDE_TO_WORKDAY if self.overrides[day] else OVERRIDE_TO_REST_DAY
        if package_covers(day.year):
            if day in chinese_calendar.workdays:
                return MAKE_UP_WORKDAY
            if day in chinese_calendar.holidays:
                english = chinese_calendar.holidays[day]
                return HOLIDAY.format(name=HOLIDAY_NAMES.get(english, english))
        base = WORKDAY if _weekday_default(day) else WEEKDAY_NAMES[day.weekday()]
        if self.is_provisional(day):
            return PROVISIONAL.format(base=base)
        return base

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day after `start`.

        Civil Code Art. 201: a period counted in days does not count the day of the event; counting
        starts the next day. Because only working days are counted, a period never ends on a
        holiday, so Civil Code Art. 203 (a period ending on a holiday moves to the next day) is
        satisfied by construction.
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        day = start
        counted = 0
        while counted < n:
            day += timedelta(days=1)
            if self.is_workday(day):
                counted += 1
        return day

    def workdays_between(self, start: date, end: date) -> list[date]:
        """Working days d with start < d <= end (empty when end <= start)."""
        days = []
        day = start + timedelta(days=1)
        while day <= end:
            if self.is_workday(day):
                days.append(day)
            day += timedelta(days=1)
        return days
