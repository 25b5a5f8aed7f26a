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
- with `provisional=True`, a day in a year *after* the package's data (a schedule the State Council
  has not published yet, or the platform has not loaded) is counted by the law alone: Monday to
  Friday except the holidays that 《全国年节及纪念日放假办法》 Art. 2 fixes for all citizens
  (`statutory_holidays`: 元旦, 春节 with 除夕, 清明节, 劳动节, 端午节, 中秋节, 国庆节), with the overrides
  still on top. No 调休 and no 补假 is guessed: which days move is the State Council's choice.
  `is_provisional()` / `describe()` say so, and `provisional_note()` says it in plain words, so
  that every result built on it is marked 暂定. A year *before* the data was published long ago:
  it is an error even then (enter its schedule as overrides and a `CalendarYear`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import chinese_calendar
from lunar_python import Lunar

from gongkai.core.errors import GongkaiError

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
PROVISIONAL = "（暂定）{base}"
PROVISIONAL_NOTE = (
    "国务院尚未公布{years}节假日安排（或本平台尚未载入），期限按法定节假日推算，公布后可能调整"
)

# 《全国年节及纪念日放假办法》 Art. 2, as revised by 国务院令第798号 (2024-11-10, in force 2025-01-01):
# the holidays of all citizens, 13 days a year. The names are those of the State Council notices,
# as in HOLIDAY_NAMES (the Art. 2 text says 元旦, too).
NEW_YEAR = "元旦"  # 1 day: 1 January
SPRING_FESTIVAL = "春节"  # 4 days: 农历除夕, 正月初一至初三
TOMB_SWEEPING = "清明节"  # 1 day: the day of the 清明 solar term
LABOUR_DAY = "劳动节"  # 2 days: 1 and 2 May
DRAGON_BOAT = "端午节"  # 1 day: 五月初五
MID_AUTUMN = "中秋节"  # 1 day: 八月十五
NATIONAL_DAY = "国庆节"  # 3 days: 1 to 3 October


class CalendarDataMissing(GongkaiError):
    """The official holiday schedule of `year` is not loaded, so working days cannot be counted."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(MISSING_YEAR_MESSAGE.format(year=year))


def package_covers(year: int) -> bool:
    return PACKAGE_FIRST_YEAR <= year <= PACKAGE_LAST_YEAR


def _weekday_default(day: date) -> bool:
    return day.weekday() < 5


def _weekday_description(day: date) -> str:
    return WORKDAY if _weekday_default(day) else WEEKDAY_NAMES[day.weekday()]


def _gregorian(solar: Any) -> date:
    """A `lunar_python.Solar` as a date (the package has no types)."""
    return date(solar.getYear(), solar.getMonth(), solar.getDay())


def _lunar_day(year: int, month: int, day: int) -> date:
    # `Lunar.fromYmd` takes the ordinary month: a leap month (闰五月, say) would be month -5, so the
    # festival is never put into a leap month.
    return _gregorian(Lunar.fromYmd(year, month, day).getSolar())


@functools.cache
def statutory_holidays(year: int) -> Mapping[date, str]:
    """The holidays 《全国年节及纪念日放假办法》 Art. 2 (国务院令第798号) fixes for `year`: day -> name.

    Only the days the law names. A holiday on a weekend stays where it is: Art. 6 requires a 补假
    on a working day, and Art. 7 allows 调休, but which days is the State Council's choice,
    published in its yearly notice; the provisional count does not guess them.

    The lunar dates and the 清明 solar term come from `lunar_python` (寿星 astronomical
    algorithms, Beijing time); the tests check them against the official holidays of 2019–2026
    and against `chinese_calendar.get_solar_terms`.
    """
    spring = _lunar_day(year, 1, 1)  # 正月初一
    # The lunar year's table of solar terms: the 清明 in it is the one of April of `year`.
    tomb_sweeping = _gregorian(Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"])
    named: list[tuple[str, list[date]]] = [
        (NEW_YEAR, [date(year, 1, 1)]),
        # 除夕 is the last day of the twelfth lunar month, the 29th or the 30th: the day before 初一.
        (SPRING_FESTIVAL, [spring + timedelta(days=n) for n in range(-1, 3)]),
        (TOMB_SWEEPING, [tomb_sweeping]),
        (LABOUR_DAY, [date(year, 5, 1), date(year, 5, 2)]),
        (DRAGON_BOAT, [_lunar_day(year, 5, 5)]),
        (MID_AUTUMN, [_lunar_day(year, 8, 15)]),
        (NATIONAL_DAY, [date(year, 10, n) for n in (1, 2, 3)]),
    ]
    # 中秋 can fall on 1–3 October (2020, 2028, 2031): one day off, under both names.
    names: dict[date, list[str]] = {}
    for name, days in named:
        for day in days:
            names.setdefault(day, []).append(name)
    return MappingProxyType({day: "、".join(names[day]) for day in sorted(names)})


def provisional_note(years: Iterable[int]) -> str:
    """Beside a provisional date, in plain words: whose schedule is missing, and that it may move."""
    listed = "、".join(f"{year}年" for year in sorted(set(years)))
    return PROVISIONAL_NOTE.format(years=listed)


@dataclass(frozen=True)
class WorkCalendar:
    # Operator override: day -> is it a working day. Wins over the package (e.g. a 调休 day
    # announced after the installed package was released, or a day the office was closed).
    overrides: Mapping[date, bool] = field(default_factory=dict)
    override_reasons: Mapping[date, str] = field(default_factory=dict)
    # Years without package data whose schedule the operator has entered as overrides
    # (`CalendarYear`): Monday–Friday plus the overrides is exact for them.
    loaded_years: frozenset[int] = frozenset()
    # True: a year after the data is counted by the law's holidays (`statutory_holidays`) instead
    # of raising, and results are marked provisional.
    provisional: bool = False

    def covers(self, year: int) -> bool:
        return package_covers(year) or year in self.loaded_years

    def is_provisional(self, day: date) -> bool:
        """The day lies in a year without data; with `provisional=False` such a day raises instead."""
        return not self.covers(day.year)

    def _check(self, day: date) -> None:
        if self.covers(day.year):
            return
        # A year before the package's data is not a schedule still to come: nothing provisional.
        if not self.provisional or day.year < PACKAGE_FIRST_YEAR:
            raise CalendarDataMissing(day.year)

    def is_workday(self, day: date) -> bool:
        self._check(day)
        if day in self.overrides:
            return bool(self.overrides[day])
        if package_covers(day.year):
            workday: bool = chinese_calendar.is_workday(day)  # the package has no types
            return workday
        if self.is_provisional(day):
            return _weekday_default(day) and day not in statutory_holidays(day.year)
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
        if self.is_provisional(day):
            holiday = statutory_holidays(day.year).get(day)
            base = HOLIDAY.format(name=holiday) if holiday else _weekday_description(day)
            return PROVISIONAL.format(base=base)
        return _weekday_description(day)

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
