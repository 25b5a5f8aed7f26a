"""The working-day calendar: the package data, the operator's overrides, years without data."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import chinese_calendar
import pytest
from django.urls import reverse
from wagtail.permissions import policy_registry

from gongkai.testing import CORPUS
from gongkai.workdays.calendar import (
    HOLIDAY_NAMES,
    PACKAGE_FIRST_YEAR,
    PACKAGE_LAST_YEAR,
    CalendarDataMissing,
    WorkCalendar,
    provisional_note,
    statutory_holidays,
)
from gongkai.workdays.models import CalendarYear, WorkdayOverride
from gongkai.workdays.selectors import calendar_current

HOLIDAYS = CORPUS / "holiday_cn_2019_2026"
ALL_DAYS_CSV = HOLIDAYS / "all_days_2019_2026.csv"
CALENDAR = WorkCalendar()
PROVISIONAL = WorkCalendar(provisional=True)


def corpus_rows() -> list[dict[str, str]]:
    if not ALL_DAYS_CSV.is_file():
        return []
    with ALL_DAYS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def listed_days(corpus) -> dict[date, bool]:
    """Every day the official notices name: day -> is it a working day (isOffDay == 0)."""
    with (corpus / "holiday_cn_2019_2026" / "all_days_2019_2026.csv").open(encoding="utf-8") as f:
        return {date.fromisoformat(r["date"]): r["isOffDay"] == "0" for r in csv.DictReader(f)}


ROWS = corpus_rows()


@pytest.mark.corpus
def test_the_corpus_lists_286_days(corpus):
    assert len(listed_days(corpus)) == 286


@pytest.mark.corpus
@pytest.mark.parametrize(
    "row", [pytest.param(r, id=f"{r['date']}-{r['name']}") for r in ROWS] or [None]
)
def test_every_day_named_in_the_official_notices_agrees(row, corpus):
    if row is None:
        pytest.skip(f"{ALL_DAYS_CSV} is missing")
    day = date.fromisoformat(row["date"])

    assert CALENDAR.is_workday(day) is (row["isOffDay"] == "0")


@pytest.mark.corpus
@pytest.mark.parametrize("year", range(2019, 2027))
def test_every_day_of_the_year_agrees_with_the_notices_or_monday_to_friday(year, corpus):
    listed = listed_days(corpus)
    day = date(year, 1, 1)
    disagreements = []
    while day.year == year:
        expected = listed.get(day, day.weekday() < 5)
        if CALENDAR.is_workday(day) is not expected:
            disagreements.append(day)
        day += timedelta(days=1)

    assert disagreements == []


@pytest.mark.parametrize(
    ("day", "is_workday", "description"),
    [
        (date(2024, 9, 23), True, "工作日"),
        (date(2024, 9, 28), False, "星期六"),
        (date(2024, 9, 22), False, "星期日"),
        # 调休: weekend days made into working days.
        (date(2024, 9, 29), True, "调休上班日"),
        (date(2024, 10, 12), True, "调休上班日"),
        (date(2025, 1, 26), True, "调休上班日"),
        (date(2026, 2, 14), True, "调休上班日"),
        (date(2018, 12, 29), True, "调休上班日"),  # for 2019 元旦, announced in the 2019 notice
        # A weekday off only because of 调休 is part of the holiday.
        (date(2024, 10, 4), False, "法定节假日（国庆节）"),
        (date(2024, 10, 1), False, "法定节假日（国庆节）"),
        (date(2024, 1, 1), False, "法定节假日（元旦）"),
        (date(2024, 4, 4), False, "法定节假日（清明节）"),
        (date(2024, 5, 1), False, "法定节假日（劳动节）"),
        (date(2024, 6, 10), False, "法定节假日（端午节）"),
        (date(2023, 9, 29), False, "法定节假日（中秋节）"),
        (date(2026, 2, 17), False, "法定节假日（春节）"),
        (
            date(2015, 9, 3),
            False,
            "法定节假日（中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日）",
        ),
        # The 2020 Spring Festival extension (国办发明电〔2020〕1号): 01-31 … 02-02 off, and
        # 02-01, first a make-up working day, became a day off.
        (date(2020, 1, 31), False, "法定节假日（春节）"),
        (date(2020, 2, 1), False, "法定节假日（春节）"),
        (date(2020, 2, 2), False, "法定节假日（春节）"),
        (date(2020, 2, 3), True, "工作日"),
    ],
)
def test_it_knows_why_a_day_is_or_is_not_a_working_day(day, is_workday, description):
    assert CALENDAR.is_workday(day) is is_workday
    assert CALENDAR.describe(day) == description


def test_it_covers_exactly_the_years_of_the_package():
    assert (PACKAGE_FIRST_YEAR, PACKAGE_LAST_YEAR) == (2004, 2026)
    assert CALENDAR.covers(2004)
    assert CALENDAR.covers(2026)
    assert not CALENDAR.covers(2003)
    assert not CALENDAR.covers(2027)


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.is_workday(date(2027, 1, 4)),
        lambda c: c.describe(date(2027, 1, 4)),
        lambda c: c.add_workdays(date(2026, 12, 28), 5),
        lambda c: c.workdays_between(date(2026, 12, 30), date(2027, 1, 5)),
    ],
    ids=["is_workday", "describe", "add_workdays", "workdays_between"],
)
def test_a_year_without_data_is_an_error_with_a_chinese_message(call):
    with pytest.raises(CalendarDataMissing) as error:
        call(CALENDAR)

    assert error.value.year == 2027
    assert str(error.value) == "2027年的国家法定节假日安排尚未载入，无法按工作日计算期限"


def test_a_year_before_the_data_is_an_error_too():
    with pytest.raises(CalendarDataMissing, match="2003年的国家法定节假日安排尚未载入"):
        CALENDAR.is_workday(date(2003, 6, 2))


def test_counting_up_to_the_last_covered_day_needs_no_next_year():
    assert CALENDAR.add_workdays(date(2026, 12, 28), 3) == date(2026, 12, 31)


# --- a year not yet published: the law's holidays (《全国年节及纪念日放假办法》, 国务院令第798号) ---

# Every statutory holiday of 2027 (Art. 2): 13 days, no 调休 and no 补假.
STATUTORY_2027 = {
    date(2027, 1, 1): "元旦",
    date(2027, 2, 5): "春节",  # 除夕: 腊月廿九, the twelfth month of 2026 has 29 days
    date(2027, 2, 6): "春节",  # 正月初一
    date(2027, 2, 7): "春节",
    date(2027, 2, 8): "春节",  # 正月初三
    date(2027, 4, 5): "清明节",
    date(2027, 5, 1): "劳动节",
    date(2027, 5, 2): "劳动节",
    date(2027, 6, 9): "端午节",
    date(2027, 9, 15): "中秋节",
    date(2027, 10, 1): "国庆节",
    date(2027, 10, 2): "国庆节",
    date(2027, 10, 3): "国庆节",
}


def test_it_knows_every_statutory_holiday_of_a_year_not_yet_published():
    assert dict(statutory_holidays(2027)) == STATUTORY_2027


# The lunar festivals and 清明 of years after the package's data. The dates are lunar_python's,
# checked against lunardate (an independent table, 1900–2099) and, for 清明, the solar-term formula
# of chinese_calendar; 2028 and 2031 put 中秋 inside the National Day holiday.
@pytest.mark.parametrize(
    ("eve", "new_year", "tomb_sweeping", "dragon_boat", "mid_autumn"),
    [
        ("2027-02-05", "2027-02-06", "2027-04-05", "2027-06-09", "2027-09-15"),
        ("2028-01-25", "2028-01-26", "2028-04-04", "2028-05-28", "2028-10-03"),
        ("2029-02-12", "2029-02-13", "2029-04-04", "2029-06-16", "2029-09-22"),
        ("2030-02-02", "2030-02-03", "2030-04-05", "2030-06-05", "2030-09-12"),  # 除夕 腊月三十
        ("2031-01-22", "2031-01-23", "2031-04-05", "2031-06-24", "2031-10-01"),
        ("2035-02-07", "2035-02-08", "2035-04-05", "2035-06-10", "2035-09-16"),
        ("2050-01-22", "2050-01-23", "2050-04-04", "2050-06-23", "2050-09-30"),
    ],
)
def test_it_finds_the_lunar_festivals_and_the_qingming_day(
    eve, new_year, tomb_sweeping, dragon_boat, mid_autumn
):
    first = date.fromisoformat(new_year)
    holidays = statutory_holidays(first.year)

    spring = [date.fromisoformat(eve), first, first + timedelta(days=1), first + timedelta(days=2)]
    assert [holidays.get(day) for day in spring] == ["春节"] * 4
    assert holidays[date.fromisoformat(tomb_sweeping)] == "清明节"
    assert holidays[date.fromisoformat(dragon_boat)] == "端午节"
    assert "中秋节" in holidays[date.fromisoformat(mid_autumn)].split("、")
    # 13 days, one fewer when 中秋 is a day of the National Day holiday.
    on_national_day = mid_autumn[5:] in ("10-01", "10-02", "10-03")
    assert len(holidays) == (12 if on_national_day else 13)


def test_a_mid_autumn_on_national_day_is_one_day_under_both_names():
    assert statutory_holidays(2031)[date(2031, 10, 1)] == "中秋节、国庆节"


def test_the_qingming_day_agrees_with_the_solar_terms_of_chinese_calendar():
    # To 2099: the package's formula counts leap years from the last two digits of the year, so
    # for 2100 (no leap year) it gives 04-04; lunar_python's astronomical count gives 04-05.
    disagreements = []
    for year in range(2027, 2100):
        (formula,) = [
            day
            for day, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
            if name == "清明"
        ]
        ours = [day for day, name in statutory_holidays(year).items() if name == "清明节"]
        if ours != [formula]:
            disagreements.append((year, ours, formula))

    assert disagreements == []


# Before 国务院令第798号 (in force 2025) 除夕 was no statutory holiday: in 2024 it was a working day.
NOT_YET_STATUTORY = {date(2024, 2, 9)}


@pytest.mark.parametrize("year", range(2019, 2027))
def test_the_law_s_holidays_are_official_holidays_of_the_same_name_in_2019_to_2026(year):
    """The computation against the State Council's real schedules, as the package has them."""
    disagreements = []
    for day, names in statutory_holidays(year).items():
        if day in NOT_YET_STATUTORY:
            assert chinese_calendar.is_workday(day)
            continue
        official = HOLIDAY_NAMES.get(chinese_calendar.holidays.get(day, ""), "")
        # 2020: 中秋 fell on 10-01, which the notice names 国庆节.
        if official not in names.split("、"):
            disagreements.append((day, names, official))

    assert disagreements == []


@pytest.mark.parametrize(
    ("day", "is_workday", "description"),
    [
        (date(2027, 1, 1), False, "（暂定）法定节假日（元旦）"),
        (date(2027, 1, 2), False, "（暂定）星期六"),
        (date(2027, 1, 3), False, "（暂定）星期日"),
        (date(2027, 1, 4), True, "（暂定）工作日"),
        (date(2027, 2, 5), False, "（暂定）法定节假日（春节）"),  # 除夕, a Friday
        (date(2027, 2, 8), False, "（暂定）法定节假日（春节）"),  # 正月初三, a Monday
        (date(2027, 2, 9), True, "（暂定）工作日"),
        (date(2027, 4, 5), False, "（暂定）法定节假日（清明节）"),
        # 劳动节 on a weekend: Art. 6's 补假 is the State Council's to place, not guessed.
        (date(2027, 5, 1), False, "（暂定）法定节假日（劳动节）"),
        (date(2027, 5, 3), True, "（暂定）工作日"),
        (date(2027, 6, 9), False, "（暂定）法定节假日（端午节）"),
        (date(2027, 9, 15), False, "（暂定）法定节假日（中秋节）"),
        (date(2027, 10, 1), False, "（暂定）法定节假日（国庆节）"),
        (date(2027, 10, 4), True, "（暂定）工作日"),  # no 调休 guessed to make a longer break
        (date(2028, 10, 3), False, "（暂定）法定节假日（中秋节、国庆节）"),
        (date(2035, 2, 8), False, "（暂定）法定节假日（春节）"),
    ],
)
def test_a_provisional_calendar_skips_the_law_s_holidays_and_says_so(day, is_workday, description):
    assert PROVISIONAL.is_workday(day) is is_workday
    assert PROVISIONAL.describe(day) == description
    assert PROVISIONAL.is_provisional(day)


def test_a_provisional_count_across_new_year_skips_yuandan():
    # Received Monday 2026-12-28: 12-29…12-31 count, 2027-01-01 is 元旦; Monday to Friday alone
    # would give 2027-01-25.
    assert PROVISIONAL.add_workdays(date(2026, 12, 28), 20) == date(2027, 1, 26)


def test_a_provisional_calendar_is_exact_where_it_has_data():
    assert not PROVISIONAL.is_provisional(date(2026, 12, 31))
    assert PROVISIONAL.describe(date(2026, 10, 1)) == "法定节假日（国庆节）"
    assert PROVISIONAL.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 5)


def test_a_year_before_the_data_is_an_error_even_for_a_provisional_calendar():
    # Its schedule was published long ago: nothing about it is provisional.
    with pytest.raises(CalendarDataMissing, match="2003年的国家法定节假日安排尚未载入"):
        PROVISIONAL.is_workday(date(2003, 6, 2))


@pytest.mark.parametrize(
    ("years", "note"),
    [
        (
            [2027],
            "国务院尚未公布2027年节假日安排（或本平台尚未载入），期限按法定节假日推算，"
            "公布后可能调整",
        ),
        (
            [2028, 2027, 2028],
            "国务院尚未公布2027年、2028年节假日安排（或本平台尚未载入），期限按法定节假日推算，"
            "公布后可能调整",
        ),
    ],
)
def test_the_provisional_note_says_in_plain_words_that_the_date_may_move(years, note):
    assert provisional_note(years) == note


OVERRIDDEN = WorkCalendar(
    overrides={
        date(2024, 10, 8): False,  # an ordinary Tuesday, closed
        date(2024, 10, 12): False,  # a 调休 Saturday, cancelled
        date(2024, 10, 5): True,  # inside the National Day break
        date(2024, 10, 9): False,  # no reason given
        date(2027, 1, 1): False,
    },
    override_reasons={
        date(2024, 10, 8): "台风停止办公",
        date(2024, 10, 12): "调休安排更正",
        date(2024, 10, 5): "值班受理",
    },
)


@pytest.mark.parametrize(
    ("day", "is_workday", "description"),
    [
        (date(2024, 10, 8), False, "运营方调整：台风停止办公"),
        (date(2024, 10, 12), False, "运营方调整：调休安排更正"),
        (date(2024, 10, 5), True, "运营方调整：值班受理"),
        (date(2024, 10, 9), False, "运营方调整为休息日"),
        (date(2024, 10, 10), True, "工作日"),
    ],
)
def test_an_override_wins_over_the_package(day, is_workday, description):
    assert OVERRIDDEN.is_workday(day) is is_workday
    assert OVERRIDDEN.describe(day) == description


def test_an_override_alone_does_not_load_its_year():
    with pytest.raises(CalendarDataMissing):
        OVERRIDDEN.is_workday(date(2027, 1, 1))


def test_a_loaded_year_is_monday_to_friday_plus_overrides_and_not_provisional():
    calendar = WorkCalendar(
        overrides={date(2027, 1, 1): False},
        override_reasons={date(2027, 1, 1): "元旦"},
        loaded_years=frozenset({2027}),
    )

    assert calendar.covers(2027)
    assert not calendar.is_provisional(date(2027, 1, 1))
    assert calendar.is_workday(date(2027, 1, 1)) is False
    assert calendar.describe(date(2027, 1, 1)) == "运营方调整：元旦"
    assert calendar.is_workday(date(2027, 1, 4)) is True
    assert calendar.describe(date(2027, 1, 4)) == "工作日"
    assert calendar.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_a_provisional_calendar_still_honours_overrides():
    calendar = WorkCalendar(
        overrides={date(2027, 1, 4): False, date(2027, 2, 8): True},
        override_reasons={date(2027, 2, 8): "值班受理"},
        provisional=True,
    )

    assert calendar.is_workday(date(2027, 1, 4)) is False
    assert calendar.is_provisional(date(2027, 1, 4))
    # An override wins over the law's holidays too (正月初三).
    assert calendar.is_workday(date(2027, 2, 8)) is True
    assert calendar.describe(date(2027, 2, 8)) == "运营方调整：值班受理"


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 9, 27), 0, date(2024, 9, 27)),
        (date(2024, 9, 27), 1, date(2024, 9, 29)),  # the start day is not counted (民法典 201)
        (date(2024, 9, 30), 1, date(2024, 10, 8)),
        (date(2024, 10, 1), 1, date(2024, 10, 8)),  # counting from a holiday
        (date(2024, 9, 27), 7, date(2024, 10, 12)),
        (date(2024, 9, 27), 20, date(2024, 10, 30)),
        (date(2020, 1, 20), 20, date(2020, 2, 25)),
        (date(2025, 12, 31), 1, date(2026, 1, 4)),  # across 元旦 into a 调休 Sunday
    ],
)
def test_it_adds_working_days(start, n, expected):
    assert CALENDAR.add_workdays(start, n) == expected


def test_it_refuses_a_negative_number_of_working_days():
    with pytest.raises(ValueError, match="工作日数不能为负数"):
        CALENDAR.add_workdays(date(2024, 9, 27), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            date(2024, 9, 27),
            date(2024, 10, 8),
            [date(2024, 9, 29), date(2024, 9, 30), date(2024, 10, 8)],
        ),
        (date(2024, 9, 27), date(2024, 9, 27), []),
        (date(2024, 10, 8), date(2024, 9, 27), []),
        (date(2024, 10, 1), date(2024, 10, 7), []),
    ],
)
def test_it_lists_the_working_days_after_start_up_to_end(start, end, expected):
    assert CALENDAR.workdays_between(start, end) == expected


# --- the database: overrides and loaded years as the operator enters them --------------------


@pytest.mark.django_db
def test_the_current_calendar_without_rows_is_the_package():
    calendar = calendar_current()

    assert calendar == WorkCalendar()
    assert not calendar.provisional
    assert calendar_current(provisional=True).provisional


@pytest.mark.django_db
def test_the_current_calendar_carries_the_overrides_and_loaded_years():
    WorkdayOverride.objects.create(day=date(2024, 10, 8), is_workday=False, reason="台风停止办公")
    WorkdayOverride.objects.create(day=date(2027, 2, 6), is_workday=True, reason="调休上班")
    CalendarYear.objects.create(year=2027, note="国务院办公厅关于2027年部分节假日安排的通知")

    calendar = calendar_current()

    assert calendar.is_workday(date(2024, 10, 8)) is False
    assert calendar.describe(date(2024, 10, 8)) == "运营方调整：台风停止办公"
    assert calendar.covers(2027)
    assert calendar.is_workday(date(2027, 2, 6)) is True
    assert not calendar.is_provisional(date(2027, 2, 6))


@pytest.mark.django_db
def test_only_operators_may_edit_the_calendar(editor, operator):
    for model in (WorkdayOverride, CalendarYear):
        policy = policy_registry.get_by_type(model)
        assert policy.user_has_permission(operator, "change")
        assert not policy.user_has_any_permission(editor, {"add", "change", "delete", "view"})


@pytest.mark.django_db
def test_the_operator_sees_the_overrides_in_the_workbench(client, operator, editor):
    WorkdayOverride.objects.create(day=date(2024, 10, 8), is_workday=False, reason="台风停止办公")
    url = reverse("wagtailsnippets_workdays_workdayoverride:list")

    client.force_login(operator)
    response = client.get(url)
    assert response.status_code == 200
    assert "台风停止办公" in response.content.decode()

    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
