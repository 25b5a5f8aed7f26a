"""The working-day calendar: the package data, the operator's overrides, years without data."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from django.urls import reverse
from wagtail.permissions import policy_registry

from gongkai.testing import CORPUS
from gongkai.workdays.calendar import (
    PACKAGE_FIRST_YEAR,
    PACKAGE_LAST_YEAR,
    CalendarDataMissing,
    WorkCalendar,
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


@pytest.mark.parametrize(
    ("day", "is_workday", "description"),
    [
        (date(2027, 1, 4), True, "（暂定）按周一至周五推算：工作日"),
        (date(2027, 1, 2), False, "（暂定）按周一至周五推算：星期六"),
        (date(2027, 1, 3), False, "（暂定）按周一至周五推算：星期日"),
    ],
)
def test_a_provisional_calendar_guesses_monday_to_friday_and_says_so(day, is_workday, description):
    assert PROVISIONAL.is_workday(day) is is_workday
    assert PROVISIONAL.describe(day) == description
    assert PROVISIONAL.is_provisional(day)


def test_a_provisional_calendar_is_exact_where_it_has_data():
    assert not PROVISIONAL.is_provisional(date(2026, 12, 31))
    assert PROVISIONAL.describe(date(2026, 10, 1)) == "法定节假日（国庆节）"
    assert PROVISIONAL.add_workdays(date(2026, 12, 30), 3) == date(2027, 1, 4)


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
    calendar = WorkCalendar(overrides={date(2027, 1, 1): False}, provisional=True)

    assert calendar.is_workday(date(2027, 1, 1)) is False
    assert calendar.is_provisional(date(2027, 1, 1))


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
