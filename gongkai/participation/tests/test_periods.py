"""The comment period of a public consultation (regulations.md §7.2, §9).

Every expected date was counted by hand against the State Council holiday notices
(../shared/corpus/holiday_cn_2019_2026): the comment beside each case says how.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.participation.periods import (
    BUSINESS_MINIMUM,
    MAJOR_DECISION_MINIMUM,
    NORMATIVE_MINIMUM,
    OTHER_DEFAULT_MINIMUM,
    RULE_MINIMUM,
    ConsultationKind,
    MinimumPeriod,
    PeriodCheck,
    check_period,
    days_open,
    days_since_closing,
    minimum_close,
    minimum_periods,
)
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar

CALENDAR = WorkCalendar()
PROVISIONAL = WorkCalendar(provisional=True)
D = date
K = ConsultationKind

LOCAL_30_DAYS = MinimumPeriod(30, working_days=False, basis="本省规定：不少于30日")
LOCAL_20_DAYS = MinimumPeriod(20, working_days=False, basis="本机关规定：不少于20日")
OTHER_15_DAYS = MinimumPeriod(15, working_days=False, basis="本机关规定：不少于15日")
OTHER_10_WORKING_DAYS = MinimumPeriod(10, working_days=True, basis="本机关规定：不少于10个工作日")


@pytest.mark.parametrize(
    ("kinds", "opens_on", "configured", "expected"),
    [
        # 30 calendar days, the opening day not counted: 03-02 + 29 = 03-31, + 30 = 04-01.
        pytest.param(K.RULE, D(2026, 3, 2), None, D(2026, 4, 1), id="rule-30-days"),
        # 09-27 + 30 = 10-27, a Sunday after the National Day break: calendar days ignore both,
        # and a close on a rest day is not moved (Civil Code Art. 203 can only lengthen it).
        pytest.param(
            K.MAJOR_DECISION, D(2024, 9, 27), None, D(2024, 10, 27), id="decision-across-guoqing"
        ),
        # Across the year end: 12-15 + 16 = 12-31, + 30 = 2026-01-14.
        pytest.param(K.BUSINESS, D(2025, 12, 15), None, D(2026, 1, 14), id="business-year-end"),
        # A leap February: 2024-02-01 + 28 = 02-29, + 30 = 03-02.
        pytest.param(K.OTHER, D(2024, 2, 1), None, D(2024, 3, 2), id="other-default-leap-feb"),
        # Calendar days need no holiday data: 2026-12-24 + 30 = 2027-01-23, 2027 not loaded.
        pytest.param(K.RULE, D(2026, 12, 24), None, D(2027, 1, 23), id="rule-into-2027"),
        # 7 working days from Fri 2024-09-27: Sun 09-29 (调休上班) 1, 09-30 2, 10-01…07 国庆,
        # 10-08 3, 10-09 4, 10-10 5, 10-11 6, Sat 10-12 (调休上班) 7.
        pytest.param(
            K.NORMATIVE, D(2024, 9, 27), None, D(2024, 10, 12), id="normative-guoqing-2024"
        ),
        # From Wed 2024-09-25: 09-26 1, 09-27 2, Sun 09-29 (调休) 3, 09-30 4, 10-08 5, 10-09 6,
        # 10-10 7.
        pytest.param(
            K.NORMATIVE, D(2024, 9, 25), None, D(2024, 10, 10), id="normative-guoqing-2024-wed"
        ),
        # From Fri 2025-01-24: Sun 01-26 (调休) 1, Mon 01-27 2, 01-28…02-04 春节, 02-05 3,
        # 02-06 4, 02-07 5, Sat 02-08 (调休) 6, Mon 02-10 7.
        pytest.param(
            K.NORMATIVE, D(2025, 1, 24), None, D(2025, 2, 10), id="normative-chunjie-2025"
        ),
        # From Thu 2026-02-12: 02-13 1, Sat 02-14 (调休) 2, 02-15…23 春节, 02-24 3, 02-25 4,
        # 02-26 5, 02-27 6, Sat 02-28 (调休) 7.
        pytest.param(
            K.NORMATIVE, D(2026, 2, 12), None, D(2026, 2, 28), id="normative-chunjie-2026"
        ),
        # From Mon 2025-12-29: 12-30 1, 12-31 2, 2026-01-01…03 元旦, Sun 01-04 (调休) 3,
        # 01-05 4, 01-06 5, 01-07 6, 01-08 7.
        pytest.param(
            K.NORMATIVE, D(2025, 12, 29), None, D(2026, 1, 8), id="normative-yuandan-2026"
        ),
        # From Fri 2025-09-26: Sun 09-28 (调休) 1, 09-29 2, 09-30 3, 10-01…08 国庆·中秋,
        # 10-09 4, 10-10 5, Sat 10-11 (调休) 6, Mon 10-13 7.
        pytest.param(
            K.NORMATIVE, D(2025, 9, 26), None, D(2025, 10, 13), id="normative-guoqing-2025"
        ),
        # A business-related normative document: the later of 2024-10-12 (7 working days) and
        # 2024-10-27 (30 days).
        pytest.param(
            {K.NORMATIVE, K.BUSINESS},
            D(2024, 9, 27),
            None,
            D(2024, 10, 27),
            id="business-normative-takes-the-longer",
        ),
        pytest.param(
            [K.RULE, K.BUSINESS], D(2026, 3, 2), None, D(2026, 4, 1), id="rule-and-business"
        ),
        # A province's 30 days for normative documents: later than the 7 working days.
        pytest.param(
            K.NORMATIVE,
            D(2024, 9, 27),
            {K.NORMATIVE: LOCAL_30_DAYS},
            D(2024, 10, 27),
            id="configured-longer-than-law",
        ),
        # A body's 20 days cannot shorten the law's 30: still 03-02 + 30 = 04-01.
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            {K.RULE: LOCAL_20_DAYS},
            D(2026, 4, 1),
            id="configured-shorter-than-law-ignored",
        ),
        # 其他 has no statutory minimum: the body's 15 days replace the default 30 (03-02 + 15).
        pytest.param(
            K.OTHER, D(2026, 3, 2), {K.OTHER: OTHER_15_DAYS}, D(2026, 3, 17), id="other-configured"
        ),
        # 10 working days from Fri 2024-09-27: 7 reach Sat 10-12 (above), then 10-14 8,
        # 10-15 9, 10-16 10.
        pytest.param(
            K.OTHER,
            D(2024, 9, 27),
            {K.OTHER: OTHER_10_WORKING_DAYS},
            D(2024, 10, 16),
            id="other-configured-in-working-days",
        ),
    ],
)
def test_the_earliest_closing_date(kinds, opens_on, configured, expected):
    assert minimum_close(kinds, opens_on, CALENDAR, configured=configured) == expected


@pytest.mark.parametrize(
    "kinds",
    [
        pytest.param(K.NORMATIVE, id="normative"),
        # The 30 days alone would need no calendar, but the 7 working days are still counted.
        pytest.param({K.NORMATIVE, K.BUSINESS}, id="business-normative"),
    ],
)
def test_working_days_in_a_year_without_data_are_an_error(kinds):
    # From Thu 2026-12-24: 12-25, 12-28…12-31 are 5 working days, the 6th lies in 2027.
    with pytest.raises(CalendarDataMissing) as error:
        minimum_close(kinds, D(2026, 12, 24), CALENDAR)

    assert error.value.year == 2027
    assert str(error.value) == "2027年的国家法定节假日安排尚未载入，无法按工作日计算期限"


def test_a_provisional_calendar_counts_2027_by_the_statutory_holidays():
    # 5 working days to 12-31 (above); 2027-01-01 is 元旦 by law (a Friday), 01-02/03 the
    # weekend, so Mon 01-04 is the 6th and Tue 01-05 the 7th.
    assert minimum_close(K.NORMATIVE, D(2026, 12, 24), PROVISIONAL) == D(2027, 1, 5)


@pytest.mark.parametrize(
    ("kinds", "configured", "expected"),
    [
        pytest.param(K.RULE, None, [RULE_MINIMUM], id="rule"),
        pytest.param(K.MAJOR_DECISION, None, [MAJOR_DECISION_MINIMUM], id="decision"),
        pytest.param(
            [K.NORMATIVE, K.BUSINESS, K.NORMATIVE],
            None,
            [NORMATIVE_MINIMUM, BUSINESS_MINIMUM],
            id="each-once",
        ),
        pytest.param(K.OTHER, None, [OTHER_DEFAULT_MINIMUM], id="other-default"),
        pytest.param(K.OTHER, {K.OTHER: OTHER_15_DAYS}, [OTHER_15_DAYS], id="other-replaced"),
        pytest.param(
            K.RULE, {K.RULE: LOCAL_20_DAYS}, [RULE_MINIMUM, LOCAL_20_DAYS], id="law-and-local"
        ),
        pytest.param([], None, [], id="none"),
        # The values as a model stores them.
        pytest.param("normative", None, [NORMATIVE_MINIMUM], id="stored-value"),
        pytest.param(
            ["rule", "business"], None, [RULE_MINIMUM, BUSINESS_MINIMUM], id="stored-values"
        ),
    ],
)
def test_the_minimum_periods_that_apply(kinds, configured, expected):
    assert minimum_periods(kinds, configured) == expected


def test_a_minimum_needs_a_kind():
    with pytest.raises(ValueError, match="请选择征求意见稿的文件类型"):
        minimum_close([], D(2026, 3, 2), CALENDAR)


def test_a_minimum_period_is_at_least_one_day():
    with pytest.raises(ValueError, match="征求意见的最低期限须为正整数：0"):
        MinimumPeriod(0, working_days=False, basis="")


RULE_TOO_SHORT = (
    "征求意见期限为29日，少于30日（《规章制定程序条例》第十五条、第二十一条："
    "向社会公布征求意见的期限一般不少于30日），截止日不应早于2026年4月1日；"
    "确需缩短期限的，须说明理由，理由将向公众公开"
)
DECISION_SHORTENED = (
    "征求意见期限为15日，少于30日（《重大行政决策程序暂行条例》第十五条：公开征求意见的期限"
    "一般不少于30日；因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明）；"
    "已说明缩短期限的理由，该理由将在征求意见公告中向公众公开：汛期临近，须在6月前出台"
)
NORMATIVE_TOO_SHORT = (
    "征求意见期限为6个工作日，少于7个工作日（法治政府建设示范创建指标：行政规范性文件"
    "公开征求意见的期限一般不少于7个工作日），截止日不应早于2024年10月12日；"
    "确需缩短期限的，须说明理由，理由将向公众公开"
)
BUSINESS_NORMATIVE_TOO_SHORT = (
    "征求意见期限为15日，少于30日（《优化营商环境条例》第六十二条："
    "向社会公开征求意见的期限一般不少于30日），截止日不应早于2024年10月27日；"
    "确需缩短期限的，须说明理由，理由将向公众公开"
)
RULE_BUSINESS_TOO_SHORT = (
    "征求意见期限为20日，少于30日（《规章制定程序条例》第十五条、第二十一条："
    "向社会公布征求意见的期限一般不少于30日；《优化营商环境条例》第六十二条："
    "向社会公开征求意见的期限一般不少于30日），截止日不应早于2026年4月1日；"
    "确需缩短期限的，须说明理由，理由将向公众公开"
)
OTHER_TOO_SHORT = (
    "征求意见期限为10日，少于30日（其他文件无法定最低期限，本平台默认不少于30日），"
    "截止日不应早于2026年4月1日；确需缩短期限的，须说明理由，理由将向公众公开"
)
PROVISIONAL_NOTICE = (
    "最低期限的截止日2027年1月5日为暂定：国务院尚未公布2027年节假日安排（或本平台尚未载入），"
    "期限按法定节假日推算，公布后可能调整"
)


@pytest.mark.parametrize(
    ("kinds", "opens_on", "closes_on", "reason", "calendar", "expected"),
    [
        # Exactly the minimum (03-02 → 04-01 is 30 days) and longer: nothing to say.
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            D(2026, 4, 1),
            "",
            CALENDAR,
            PeriodCheck(minimum_close=D(2026, 4, 1)),
            id="rule-exactly-30-days",
        ),
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            D(2026, 5, 1),
            "",
            CALENDAR,
            PeriodCheck(minimum_close=D(2026, 4, 1)),
            id="rule-longer",
        ),
        # One day short (03-02 → 03-31 is 29 days) and no reason: a problem.
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            D(2026, 3, 31),
            "",
            CALENDAR,
            PeriodCheck(problems=(RULE_TOO_SHORT,), minimum_close=D(2026, 4, 1)),
            id="rule-one-day-short",
        ),
        # A reason of blanks is no reason.
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            D(2026, 3, 31),
            " \u3000\n",
            CALENDAR,
            PeriodCheck(problems=(RULE_TOO_SHORT,), minimum_close=D(2026, 4, 1)),
            id="rule-blank-reason",
        ),
        # Shorter with a stated reason (05-01 → 05-16 is 15 days): allowed, told as a notice.
        pytest.param(
            K.MAJOR_DECISION,
            D(2026, 5, 1),
            D(2026, 5, 16),
            "  汛期临近，须在6月前出台 ",
            CALENDAR,
            PeriodCheck(notices=(DECISION_SHORTENED,), minimum_close=D(2026, 5, 31)),
            id="decision-shortened-with-reason",
        ),
        # Fri 2024-09-27 → Fri 10-11: 09-29, 09-30, 10-08…10-11 are 6 working days; the 7th is
        # the 调休 Saturday 10-12.
        pytest.param(
            K.NORMATIVE,
            D(2024, 9, 27),
            D(2024, 10, 11),
            "",
            CALENDAR,
            PeriodCheck(problems=(NORMATIVE_TOO_SHORT,), minimum_close=D(2024, 10, 12)),
            id="normative-6-working-days",
        ),
        pytest.param(
            K.NORMATIVE,
            D(2024, 9, 27),
            D(2024, 10, 12),
            "",
            CALENDAR,
            PeriodCheck(minimum_close=D(2024, 10, 12)),
            id="normative-7-working-days",
        ),
        # Enough for a normative document, not for a business-related one: 09-27 → 10-12 is
        # 15 days; the 30-day rule of 《优化营商环境条例》 governs and is the one cited.
        pytest.param(
            {K.NORMATIVE, K.BUSINESS},
            D(2024, 9, 27),
            D(2024, 10, 12),
            "",
            CALENDAR,
            PeriodCheck(problems=(BUSINESS_NORMATIVE_TOO_SHORT,), minimum_close=D(2024, 10, 27)),
            id="business-normative-15-days",
        ),
        # Two rules give the same date: both are cited (03-02 → 03-22 is 20 days).
        pytest.param(
            [K.RULE, K.BUSINESS],
            D(2026, 3, 2),
            D(2026, 3, 22),
            "",
            CALENDAR,
            PeriodCheck(problems=(RULE_BUSINESS_TOO_SHORT,), minimum_close=D(2026, 4, 1)),
            id="rule-and-business-both-cited",
        ),
        pytest.param(
            K.OTHER,
            D(2026, 3, 2),
            D(2026, 3, 12),
            "",
            CALENDAR,
            PeriodCheck(problems=(OTHER_TOO_SHORT,), minimum_close=D(2026, 4, 1)),
            id="other-default-not-statutory",
        ),
        # Opening and closing on the same day: 0 days, short.
        pytest.param(
            K.OTHER,
            D(2026, 3, 2),
            D(2026, 3, 2),
            "仅征求相关企业意见",
            CALENDAR,
            PeriodCheck(
                notices=(
                    "征求意见期限为0日，少于30日（其他文件无法定最低期限，本平台默认不少于30日）；"
                    "已说明缩短期限的理由，该理由将在征求意见公告中向公众公开：仅征求相关企业意见",
                ),
                minimum_close=D(2026, 4, 1),
            ),
            id="same-day",
        ),
        pytest.param(
            K.RULE,
            D(2026, 3, 2),
            D(2026, 3, 1),
            "",
            CALENDAR,
            PeriodCheck(problems=("征求意见的截止日（2026年3月1日）早于开始日（2026年3月2日）",)),
            id="closes-before-opens",
        ),
        pytest.param(
            [],
            D(2026, 3, 2),
            D(2026, 4, 1),
            "",
            CALENDAR,
            PeriodCheck(problems=("请选择征求意见稿的文件类型",)),
            id="no-kind",
        ),
        # The 7 working days reach 2027, which the calendar does not cover: its own message.
        pytest.param(
            K.NORMATIVE,
            D(2026, 12, 24),
            D(2027, 1, 29),
            "",
            CALENDAR,
            PeriodCheck(problems=("2027年的国家法定节假日安排尚未载入，无法按工作日计算期限",)),
            id="normative-into-2027",
        ),
        # The same with a provisional calendar: a date, marked 暂定 (see above: 2027-01-05).
        pytest.param(
            K.NORMATIVE,
            D(2026, 12, 24),
            D(2027, 1, 29),
            "",
            PROVISIONAL,
            PeriodCheck(notices=(PROVISIONAL_NOTICE,), minimum_close=D(2027, 1, 5)),
            id="normative-into-2027-provisional",
        ),
        # A 30-day rule needs no holiday data: a close in 2027 is checked all the same.
        pytest.param(
            K.RULE,
            D(2026, 12, 24),
            D(2027, 1, 23),
            "",
            CALENDAR,
            PeriodCheck(minimum_close=D(2027, 1, 23)),
            id="rule-into-2027",
        ),
        # The minimum ends in 2026; a close in 2027 does not need the 2027 calendar.
        pytest.param(
            K.NORMATIVE,
            D(2026, 11, 2),
            D(2027, 1, 15),
            "",
            CALENDAR,
            PeriodCheck(minimum_close=D(2026, 11, 11)),
            id="normative-long-close-in-2027",
        ),
    ],
)
def test_it_checks_the_period(kinds, opens_on, closes_on, reason, calendar, expected):
    result = check_period(kinds, opens_on, closes_on, reason, calendar)

    assert result == expected
    assert result.ok == (not expected.problems)


@pytest.mark.parametrize(
    ("opens_on", "closes_on", "days"),
    [
        pytest.param(D(2026, 3, 2), D(2026, 4, 1), 30, id="30-days"),
        pytest.param(D(2024, 2, 1), D(2024, 3, 2), 30, id="leap-february"),
        pytest.param(D(2025, 12, 15), D(2026, 1, 14), 30, id="year-end"),
        pytest.param(D(2026, 3, 2), D(2026, 3, 2), 0, id="same-day"),
    ],
)
def test_days_open(opens_on, closes_on, days):
    assert days_open(opens_on, closes_on) == days


def test_a_period_cannot_close_before_it_opens():
    with pytest.raises(ValueError, match="征求意见的截止日（2026年3月1日）早于开始日"):
        days_open(D(2026, 3, 2), D(2026, 3, 1))


@pytest.mark.parametrize(
    ("today", "days"),
    [
        pytest.param(D(2026, 3, 31), None, id="before-closing"),
        pytest.param(D(2026, 4, 1), None, id="closing-day-still-open"),
        pytest.param(D(2026, 4, 2), 1, id="day-after"),
        pytest.param(D(2027, 4, 1), 365, id="a-year-later"),
    ],
)
def test_days_since_closing(today, days):
    assert days_since_closing(D(2026, 4, 1), today) == days


def test_kinds_have_chinese_labels():
    assert [kind.label for kind in ConsultationKind] == [
        "规章草案",
        "重大行政决策",
        "与市场主体生产经营活动密切相关的文件",
        "行政规范性文件",
        "其他",
    ]
