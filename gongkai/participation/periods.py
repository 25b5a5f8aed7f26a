"""The comment period of a public consultation (公开征求意见 / 意见征集), regulations.md §7.2 and §9.

Pure: dates and a `WorkCalendar` in, dates and Chinese sentences out; no models. Each minimum is
cited where it is defined.

How a period is counted (the platform's convention, regulations.md §9):
- The opening day (the day the draft is published) is not counted; counting starts the next day
  (《民法典》 Art. 201). Comments are accepted on the opening day all the same.
- The period runs to the end (24:00) of the closing day (《民法典》 Art. 203 para 2), so a period
  "opens 2026-03-02, closes 2026-04-01" is 30 days, and 2026-04-01 is the earliest allowed closing
  date of a 30-day minimum.
- "30日" is 30 calendar days (the statutes say 日, not 工作日). A 30th day on a weekend or holiday
  does NOT move the minimum: 《民法典》 Art. 203 para 1 (a period whose last day is a 法定休假日
  ends on the day after the holiday) can only lengthen the period the body announced, never make a
  period that closes on the 30th day shorter than 30 days, so the minimum is met either way.
- "7个工作日" is counted on the official calendar exactly as the applications' deadlines
  (`WorkCalendar.add_workdays`); a year whose holiday schedule is not loaded is an error, never a
  Monday–Friday guess (`CalendarDataMissing`).
- A document of several kinds (a normative document closely related to business activities, say)
  must meet every rule: its minimum is the latest of their dates.
- The statutes say "一般不少于": a shorter period is allowed for a reason (情况紧急, …). The platform
  requires the reason and shows it to the public (regulations.md §9; 《重大行政决策程序暂行条例》
  Art. 15 requires it in so many words), so a shorter period with a reason is a notice, without
  one a problem.
- A body may configure a longer minimum for a kind (its local rules); it can never go below the
  law: both dates are computed and the later one applies. For 其他 (no statutory minimum) the
  configured period replaces the platform's default.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar, provisional_note

NO_KIND = "请选择征求意见稿的文件类型"
PERIOD_NOT_POSITIVE = "征求意见的最低期限须为正整数：{days}"
CLOSES_BEFORE_OPENS = "征求意见的截止日（{closes}）早于开始日（{opens}）"
TOO_SHORT = (
    "征求意见期限为{actual}，少于{minimum}（{basis}），截止日不应早于{earliest}；"
    "确需缩短期限的，须说明理由，理由将向公众公开"
)
SHORTENED_WITH_REASON = (
    "征求意见期限为{actual}，少于{minimum}（{basis}）；"
    "已说明缩短期限的理由，该理由将在征求意见公告中向公众公开：{reason}"
)
PROVISIONAL_MINIMUM = "最低期限的截止日{earliest}为暂定：{note}"

DAY_UNIT = "日"
WORKING_DAY_UNIT = "个工作日"


class ConsultationKind(StrEnum):
    """What the draft put out for comment is; each kind has its own minimum period."""

    RULE = "rule"
    MAJOR_DECISION = "major_decision"
    BUSINESS = "business"
    NORMATIVE = "normative"
    OTHER = "other"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS: dict[str, str] = {
    ConsultationKind.RULE: "规章草案",
    ConsultationKind.MAJOR_DECISION: "重大行政决策",
    ConsultationKind.BUSINESS: "与市场主体生产经营活动密切相关的文件",
    ConsultationKind.NORMATIVE: "行政规范性文件",
    ConsultationKind.OTHER: "其他",
}


@dataclass(frozen=True)
class MinimumPeriod:
    """A minimum comment period: `days` calendar days, or working days when `working_days`.

    `basis` says where it comes from, in the words staff read beside a short period.
    """

    days: int
    working_days: bool
    basis: str

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError(PERIOD_NOT_POSITIVE.format(days=self.days))

    @property
    def amount(self) -> str:
        """ "30日" / "7个工作日"."""
        return f"{self.days}{WORKING_DAY_UNIT if self.working_days else DAY_UNIT}"

    def close(self, opens_on: date, calendar: WorkCalendar) -> date:
        """The last day of the minimum period (the opening day not counted, 《民法典》 Art. 201)."""
        if self.working_days:
            return calendar.add_workdays(opens_on, self.days)  # CalendarDataMissing propagates
        return opens_on + timedelta(days=self.days)


# 《规章制定程序条例》 (2017) Art. 15 para 2 (drafting) and Art. 21 para 2 (review by the legal-affairs
# office): "向社会公布征求意见的期限一般不少于30日". Both stages are the one kind RULE.
RULE_MINIMUM = MinimumPeriod(
    30,
    working_days=False,
    basis="《规章制定程序条例》第十五条、第二十一条：向社会公布征求意见的期限一般不少于30日",
)
# 《重大行政决策程序暂行条例》 Art. 15 para 1: "公开征求意见的期限一般不少于30日；因情况紧急等原因
# 需要缩短期限的，公开征求意见时应当予以说明".
MAJOR_DECISION_MINIMUM = MinimumPeriod(
    30,
    working_days=False,
    basis=(
        "《重大行政决策程序暂行条例》第十五条：公开征求意见的期限一般不少于30日；"
        "因情况紧急等原因需要缩短期限的，公开征求意见时应当予以说明"
    ),
)
# 《优化营商环境条例》 Art. 62 para 2: regulations, rules and normative documents closely related to
# the production and business activities of market entities — "向社会公开征求意见的期限一般不少于30日".
BUSINESS_MINIMUM = MinimumPeriod(
    30,
    working_days=False,
    basis="《优化营商环境条例》第六十二条：向社会公开征求意见的期限一般不少于30日",
)
# Normative documents with a major effect on rights and obligations or close to people's vital
# interests: "一般不少于7个工作日", indicator 24 of the 法治政府建设示范创建 indicators as quoted on a
# local government site (regulations.md §7.2). The underlying national document is believed to be
# 国办发〔2018〕37号, UNCONFIRMED: the wording below names the indicator, not that document, and
# does not put it in quotation marks.
NORMATIVE_MINIMUM = MinimumPeriod(
    7,
    working_days=True,
    basis="法治政府建设示范创建指标：行政规范性文件公开征求意见的期限一般不少于7个工作日",
)
# 其他: no statutory minimum. The platform's default is 30 days, as for the statutory kinds
# (regulations.md §9); a body may configure another period.
OTHER_DEFAULT_MINIMUM = MinimumPeriod(
    30, working_days=False, basis="其他文件无法定最低期限，本平台默认不少于30日"
)

STATUTORY_MINIMUMS: Mapping[ConsultationKind, MinimumPeriod] = {
    ConsultationKind.RULE: RULE_MINIMUM,
    ConsultationKind.MAJOR_DECISION: MAJOR_DECISION_MINIMUM,
    ConsultationKind.BUSINESS: BUSINESS_MINIMUM,
    ConsultationKind.NORMATIVE: NORMATIVE_MINIMUM,
}


def _kinds(kinds: ConsultationKind | Collection[ConsultationKind]) -> list[ConsultationKind]:
    if isinstance(kinds, str):  # one kind: a member, or its value as stored ("normative")
        return [ConsultationKind(kinds)]
    return list(dict.fromkeys(ConsultationKind(kind) for kind in kinds))


def minimum_periods(
    kinds: ConsultationKind | Collection[ConsultationKind],
    configured: Mapping[ConsultationKind, MinimumPeriod] | None = None,
) -> list[MinimumPeriod]:
    """Every minimum that applies to a document of these kinds (the law's and the body's own)."""
    configured = configured or {}
    periods: list[MinimumPeriod] = []
    for kind in _kinds(kinds):
        statutory = STATUTORY_MINIMUMS.get(kind)
        own = configured.get(kind)
        if statutory is None:  # 其他: the body's period replaces the platform's default
            periods.append(own or OTHER_DEFAULT_MINIMUM)
            continue
        periods.append(statutory)
        if own is not None:  # a local rule may add to the law, never take from it
            periods.append(own)
    return list(dict.fromkeys(periods))


def _governing(
    periods: list[MinimumPeriod], opens_on: date, calendar: WorkCalendar
) -> tuple[date, list[MinimumPeriod]]:
    """The latest closing date among the periods, and the periods that give it."""
    closes = {period: period.close(opens_on, calendar) for period in periods}
    latest = max(closes.values())
    return latest, [period for period in periods if closes[period] == latest]


def minimum_close(
    kinds: ConsultationKind | Collection[ConsultationKind],
    opens_on: date,
    calendar: WorkCalendar,
    *,
    configured: Mapping[ConsultationKind, MinimumPeriod] | None = None,
) -> date:
    """The earliest allowed closing date: the consultation must run at least to the end of it.

    Raises `ValueError` (Chinese message) when no kind is given, and `CalendarDataMissing` when a
    working-day minimum reaches a year without holiday data (with a non-provisional calendar).
    """
    periods = minimum_periods(kinds, configured)
    if not periods:
        raise ValueError(NO_KIND)
    return _governing(periods, opens_on, calendar)[0]


@dataclass(frozen=True)
class PeriodCheck:
    """The result of checking a consultation's dates, in Chinese sentences for staff.

    `problems` must be resolved before the consultation is published; `notices` are shown to
    staff (a shortened period with its reason, a provisional date) and do not block it.
    """

    problems: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    minimum_close: date | None = None  # None when it could not be computed

    @property
    def ok(self) -> bool:
        return not self.problems


def _actual(period: MinimumPeriod, opens_on: date, closes_on: date, calendar: WorkCalendar) -> str:
    """The length of the consultation in the unit of the rule it is measured against."""
    if period.working_days:
        return f"{len(calendar.workdays_between(opens_on, closes_on))}{WORKING_DAY_UNIT}"
    return f"{days_open(opens_on, closes_on)}{DAY_UNIT}"


def check_period(
    kinds: ConsultationKind | Collection[ConsultationKind],
    opens_on: date,
    closes_on: date,
    reason: str,
    calendar: WorkCalendar,
    *,
    configured: Mapping[ConsultationKind, MinimumPeriod] | None = None,
) -> PeriodCheck:
    """Check the dates of a consultation against the minimum periods of its kinds.

    `reason` is the stated reason for a shorter period ("" when none); it is shown to the public.
    A year without holiday data gives the calendar's own message as a problem.
    """
    periods = minimum_periods(kinds, configured)
    if not periods:
        return PeriodCheck(problems=(NO_KIND,))
    if closes_on < opens_on:
        return PeriodCheck(
            problems=(
                CLOSES_BEFORE_OPENS.format(closes=cn_date(closes_on), opens=cn_date(opens_on)),
            )
        )
    try:
        earliest, governing = _governing(periods, opens_on, calendar)
    except CalendarDataMissing as error:
        # regulations.md §9: never a silent Monday–Friday guess; the handler sees why.
        return PeriodCheck(problems=(error.message,))

    notices: list[str] = []
    span = [opens_on + timedelta(days=n) for n in range(1, (earliest - opens_on).days + 1)]
    provisional_years = {day.year for day in span if calendar.is_provisional(day)}
    if any(period.working_days for period in governing) and provisional_years:
        notices.append(
            PROVISIONAL_MINIMUM.format(
                earliest=cn_date(earliest), note=provisional_note(provisional_years)
            )
        )
    if closes_on >= earliest:
        return PeriodCheck(notices=tuple(notices), minimum_close=earliest)

    # closes_on < earliest: every day of the span is one the calendar has just counted.
    shortfall = {
        "actual": _actual(governing[0], opens_on, closes_on, calendar),
        "minimum": governing[0].amount,
        "basis": "；".join(period.basis for period in governing),
    }
    if reason.strip():
        notices.append(SHORTENED_WITH_REASON.format(**shortfall, reason=reason.strip()))
        return PeriodCheck(notices=tuple(notices), minimum_close=earliest)
    problem = TOO_SHORT.format(**shortfall, earliest=cn_date(earliest))
    return PeriodCheck(problems=(problem,), notices=tuple(notices), minimum_close=earliest)


def days_open(opens_on: date, closes_on: date) -> int:
    """The length of the period in calendar days: the opening day not counted (《民法典》 Art. 201),
    the closing day counted to its end. Opens 2026-03-02, closes 2026-04-01 → 30."""
    if closes_on < opens_on:
        raise ValueError(
            CLOSES_BEFORE_OPENS.format(closes=cn_date(closes_on), opens=cn_date(opens_on))
        )
    return (closes_on - opens_on).days


def days_since_closing(closes_on: date, today: date) -> int | None:
    """For lists ("已截止 N 天"): 1 on the day after the closing day; None while still open, the
    closing day included (the period runs to its end, 《民法典》 Art. 203 para 2)."""
    if today <= closes_on:
        return None
    return (today - closes_on).days
