"""年报编写质量考核指标 — the openness office's quality indicators of an annual report (pure).

Requirement C2 ("quality indicators"; docs/annual_report.md, "质量考核指标"). Each indicator is a
function of plain values — the narrative sections, the tables, their checks, the statutory date —
and gives a key, a Chinese label, pass or fail, and a message saying why:

| Key | Indicator |
|---|---|
| `sections` | 六个部分齐全：一、五、六 written (not empty, no template placeholder 【…】); 二–四 are tables |
| `tables` | 表格通过 R1–R6 (errors fail; R7/R8 are warnings, named in the message) |
| `figures` | 正文引用的数字与表格一致 (the phrases of `QUOTED_FIGURES`) |
| `work_points` | 第六部分报告年度政务公开工作要点落实情况 |
| `fees` | 第六部分报告信息处理费收取情况 (and the amount agrees with the platform's records) |
| `on_time` | 按法定期限发布 (条例 Art. 49; no statutory date: passes once published) |

`narrative_gaps` is also the publication guard: a report whose 一、五 or 六 is empty or still holds
a placeholder is not published (pages.py).

This module sits just above `tables` and `format` (pages.py imports it); it imports nothing else of
the app, so a violation of R1–R8 is taken as any object with `severity` and `rule`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from gongkai.reports import format as fmt
from gongkai.reports.tables import ReportTables

# The narrative templates (narrative.py) mark what staff must write with 【请填写…】; any 【…】 left
# in a section is unfinished text (the 2021 format's text sections hold no such brackets).
PLACEHOLDER = re.compile(r"【[^】]*】")

# The narrative sections by the numeral the page and renderers use, with their headings.
NARRATIVE_HEADINGS: dict[str, str] = {
    "一": fmt.SECTION_OVERVIEW,
    "五": fmt.SECTION_PROBLEMS,
    "六": fmt.SECTION_OTHER,
}

MSG_SECTION_EMPTY = "“{section}”尚未填写"
MSG_SECTION_PLACEHOLDER = "“{section}”仍有待填写的模板内容“{placeholder}”"


def narrative_gaps(narrative: Mapping[str, str]) -> list[str]:
    """One Chinese message per narrative section that is empty or still holds a placeholder, in
    the order 一、五、六 (empty: every section is written)."""
    gaps = (section_gap(numeral, narrative.get(numeral) or "") for numeral in NARRATIVE_HEADINGS)
    return [gap for gap in gaps if gap]


def section_gap(numeral: str, text: str) -> str | None:
    """Why the narrative section `numeral` (一, 五 or 六) is not finished, or None."""
    heading = NARRATIVE_HEADINGS[numeral]
    if not text.strip():
        return MSG_SECTION_EMPTY.format(section=heading)
    if match := PLACEHOLDER.search(text):
        return MSG_SECTION_PLACEHOLDER.format(section=heading, placeholder=match[0])
    return None


# --- Figures quoted in the narrative -----------------------------------------------------------
#
# A small, fixed set of phrases staff (and narrative.py's drafts) write; each names the cell it
# quotes. Between the key words and the number only a few characters that are not digits or
# sentence breaks may stand ("新收政府信息公开申请12件", "受理政府信息公开申请共12件"). A number
# written in Chinese numerals, or a phrase not in this list, is not checked.
_GAP = r"[^\d。；;，,\n]{0,12}?"


def _applications(row: fmt.ApplicationRow) -> Callable[[ReportTables], int]:
    return lambda t: int(t.applications[row.key][fmt.TOTAL.key])


def _remedy(*groups: str) -> Callable[[ReportTables], int]:
    return lambda t: sum(int(t.remedies[g][fmt.TOTAL.key]) for g in groups)


def _decisions(row: fmt.Row) -> Callable[[ReportTables], int]:
    return lambda t: int(t.proactive[row.key][fmt.DECISIONS.key])


@dataclass(frozen=True)
class QuotedFigure:
    label: str  # the cell, as a reader names it
    pattern: re.Pattern[str]  # group 1 is the number
    value: Callable[[ReportTables], int]


QUOTED_FIGURES: tuple[QuotedFigure, ...] = (
    QuotedFigure(
        fmt.NEW_LABEL,
        re.compile(rf"(?:新收|受理){_GAP}申请{_GAP}(\d+)件"),
        _applications(fmt.NEW),
    ),
    QuotedFigure(
        fmt.CARRIED_OVER_LABEL,
        re.compile(rf"上年结转{_GAP}(\d+)件"),
        _applications(fmt.CARRIED_OVER),
    ),
    QuotedFigure(
        f"{fmt.RESULTS_LABEL}{fmt.RESULTS_TOTAL_LABEL}",
        re.compile(rf"(?:作出答复决定|办结){_GAP}(\d+)件"),
        _applications(fmt.RESULTS_TOTAL),
    ),
    QuotedFigure(
        fmt.CARRIED_FORWARD_LABEL,
        re.compile(rf"结转下年度{_GAP}(\d+)件"),
        _applications(fmt.CARRIED_FORWARD),
    ),
    QuotedFigure(
        fmt.RECONSIDERATION_LABEL,
        re.compile(rf"行政复议{_GAP}(\d+)件"),
        _remedy("reconsideration"),
    ),
    QuotedFigure(
        fmt.LITIGATION_LABEL,
        re.compile(rf"行政诉讼{_GAP}(\d+)件"),
        _remedy("direct", "after_reconsideration"),
    ),
    QuotedFigure(
        fmt.LICENSING.label, re.compile(rf"行政许可{_GAP}(\d+)件"), _decisions(fmt.LICENSING)
    ),
    QuotedFigure(
        fmt.PENALTIES.label, re.compile(rf"行政处罚{_GAP}(\d+)件"), _decisions(fmt.PENALTIES)
    ),
    QuotedFigure(
        fmt.COERCION.label, re.compile(rf"行政强制{_GAP}(\d+)件"), _decisions(fmt.COERCION)
    ),
)

MSG_FIGURE_MISMATCH = "正文“{quote}”与表格“{label}”（{value}）不一致"


def figure_mismatches(text: str, tables: ReportTables) -> list[str]:
    """Every quoted figure in `text` that disagrees with its cell of `tables`."""
    found = []
    for figure in QUOTED_FIGURES:
        expected = figure.value(tables)
        for match in figure.pattern.finditer(text):
            if int(match[1]) != expected:
                found.append(
                    MSG_FIGURE_MISMATCH.format(quote=match[0], label=figure.label, value=expected)
                )
    return found


# --- Section 六 ---------------------------------------------------------------------------------

WORK_POINTS = "工作要点"  # 政务公开工作要点 of the year
FEES_WORD = "信息处理费"
_FEES_AMOUNT = re.compile(rf"{FEES_WORD}{_GAP}(\d+)元")
_FEES_NONE = re.compile(rf"未{_GAP}收取{_GAP}{FEES_WORD}|未收取")


# --- The indicators ---------------------------------------------------------------------------


class _Violation(Protocol):
    rule: str
    severity: str


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    passed: bool
    message: str

    @property
    def state_label(self) -> str:
        return "达标" if self.passed else "未达标"


LABELS: dict[str, str] = {
    "sections": "六个部分齐全",
    "tables": "表格通过校验（R1–R8）",
    "figures": "正文引用的数字与表格一致",
    "work_points": "第六部分报告年度政务公开工作要点落实情况",
    "fees": "第六部分报告信息处理费收取情况",
    "on_time": "按法定期限发布",
}

MSG_OK_SECTIONS = "六个部分齐全，一、五、六已填写"
MSG_OK_TABLES = "表格无错误"
MSG_OK_TABLES_WARNINGS = "表格无错误（警告{n}项：{rules}，请核对）"
MSG_TABLES_ERRORS = "表格有错误{n}项（{rules}）"
MSG_OK_FIGURES = "正文引用的数字与表格一致"
MSG_OK_FIGURES_NONE = "正文未引用可核对的数字"
MSG_OK_WORK_POINTS = "第六部分已报告年度政务公开工作要点落实情况"
MSG_NO_WORK_POINTS = "第六部分未报告年度政务公开工作要点落实情况"
MSG_OK_FEES = "第六部分已报告信息处理费收取情况"
MSG_NO_FEES = "第六部分未报告信息处理费收取情况"
MSG_FEES_MISMATCH = "第六部分所报信息处理费（{quoted}元）与平台缴费记录（{recorded}元）不一致"
MSG_FEES_NONE_BUT_PAID = "第六部分称未收取信息处理费，平台缴费记录为{recorded}元"
MSG_ON_TIME = "已于{published}发布，在法定期限{deadline}之前"
MSG_PUBLISHED_NO_DEADLINE = "已于{published}发布（条例未规定期限）"
MSG_LATE = "于{published}发布，晚于法定期限{deadline}"
MSG_NOT_PUBLISHED = "尚未发布（法定期限{deadline}）"
MSG_NOT_PUBLISHED_NO_DEADLINE = "尚未发布（条例未规定期限）"


def _cn(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _indicator(key: str, passed: bool, message: str) -> Indicator:
    return Indicator(key, LABELS[key], passed, message)


def _rules(violations: Iterable[_Violation]) -> str:
    return "、".join(sorted({v.rule for v in violations}))


def report_quality(
    *,
    narrative: Mapping[str, str],
    tables: ReportTables,
    violations: Iterable[_Violation],
    deadline: date | None,
    published_on: date | None,
    fees_yuan: int | None = None,
) -> list[Indicator]:
    """The six indicators of one report, in the order of `LABELS`. `fees_yuan` is the 信息处理费
    the platform recorded as paid in the year (None: not compared)."""
    result = []
    gaps = narrative_gaps(narrative)
    result.append(_indicator("sections", not gaps, "；".join(gaps) or MSG_OK_SECTIONS))

    violations = list(violations)
    errors = [v for v in violations if v.severity == "error"]
    warnings = [v for v in violations if v.severity != "error"]
    if errors:
        message = MSG_TABLES_ERRORS.format(n=len(errors), rules=_rules(errors))
    elif warnings:
        message = MSG_OK_TABLES_WARNINGS.format(n=len(warnings), rules=_rules(warnings))
    else:
        message = MSG_OK_TABLES
    result.append(_indicator("tables", not errors, message))

    text = "\n".join(narrative.get(n) or "" for n in NARRATIVE_HEADINGS)
    mismatches = figure_mismatches(text, tables)
    quoted = any(f.pattern.search(text) for f in QUOTED_FIGURES)
    ok = MSG_OK_FIGURES if quoted else MSG_OK_FIGURES_NONE
    result.append(_indicator("figures", not mismatches, "；".join(mismatches) or ok))

    other = PLACEHOLDER.sub("", narrative.get("六") or "")
    has_points = WORK_POINTS in other
    result.append(
        _indicator(
            "work_points", has_points, MSG_OK_WORK_POINTS if has_points else MSG_NO_WORK_POINTS
        )
    )
    result.append(_fees_indicator(other, fees_yuan))
    result.append(_on_time_indicator(deadline, published_on))
    return result


def _fees_indicator(other: str, fees_yuan: int | None) -> Indicator:
    if FEES_WORD not in other:
        return _indicator("fees", False, MSG_NO_FEES)
    if fees_yuan is not None:
        amount = _FEES_AMOUNT.search(other)
        if amount is not None and int(amount[1]) != fees_yuan:
            message = MSG_FEES_MISMATCH.format(quoted=amount[1], recorded=fees_yuan)
            return _indicator("fees", False, message)
        if amount is None and fees_yuan and _FEES_NONE.search(other):
            return _indicator("fees", False, MSG_FEES_NONE_BUT_PAID.format(recorded=fees_yuan))
    return _indicator("fees", True, MSG_OK_FEES)


def _on_time_indicator(deadline: date | None, published_on: date | None) -> Indicator:
    if published_on is None:
        message = (
            MSG_NOT_PUBLISHED.format(deadline=_cn(deadline))
            if deadline
            else MSG_NOT_PUBLISHED_NO_DEADLINE
        )
        return _indicator("on_time", False, message)
    if deadline is None:
        message = MSG_PUBLISHED_NO_DEADLINE.format(published=_cn(published_on))
        return _indicator("on_time", True, message)
    args = {"published": _cn(published_on), "deadline": _cn(deadline)}
    if published_on <= deadline:
        return _indicator("on_time", True, MSG_ON_TIME.format(**args))
    return _indicator("on_time", False, MSG_LATE.format(**args))


def quality_summary(indicators: list[Indicator]) -> str:
    """「达标 n/6」, with the labels of those that fail."""
    passed = sum(i.passed for i in indicators)
    failing = "、".join(i.label for i in indicators if not i.passed)
    text = f"达标{passed}/{len(indicators)}"
    return f"{text}（未达标：{failing}）" if failing else text


# The statutory date, as plain values (supervision.statutory_deadline passes a Body's).
def statutory_deadline_for(level: str, government_level: str | None, year: int) -> date | None:
    """条例 Art. 49: a government at county level or above publishes by 31 March; a department of
    one by 31 January; townships, sub-districts and institutions: no date in the 条例."""
    county_and_above = ("province", "prefecture", "county")
    if level in county_and_above:
        return date(year + 1, 3, 31)
    if level == "department" and government_level in county_and_above:
        return date(year + 1, 1, 31)
    return None
