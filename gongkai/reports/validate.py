"""The consistency rules of the 2021 format, checked on a report's tables — pure.

regulations.md §2.5. R1 is stated by the format itself (the header note of table 三:
"第一项加第二项之和，等于第三项加第四项之和"); R2–R6 follow from its 总计 cells and structure; these
are errors and block publication. R7 and R8 compare with the previous year and are warnings only
(the format does not state them; amendments and expiry legitimately break R8).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from gongkai.reports import format as fmt
from gongkai.reports.tables import PATH_SEPARATOR, ReportTables

Severity = Literal["error", "warning"]
SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告"}

RULES: dict[str, str] = {
    "R1": "每一列：第一项加第二项之和，等于第三项加第四项之和（格式表头所注勾稽关系）",
    "R2": "每一行：总计等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和",
    "R3": "每一列：（七）总计等于（一）至（六）各项之和",
    "R4": "每件申请只计入一种办理结果：各项办理结果之和不得多于本年办结的申请数（第一项加第二项减第四项）",
    "R5": "行政复议和两类行政诉讼：总计等于结果维持、结果纠正、其他结果、尚未审结之和",
    "R6": "所有数值为非负整数；行政事业性收费（万元）为非负数，可以有小数",
    "R7": "本年“二、上年结转”应等于上年“四、结转下年度继续办理”",
    "R8": "现行有效件数应约等于上年现行有效件数加本年制发件数减本年废止件数",
}
ERROR_RULES = ("R1", "R2", "R3", "R4", "R5", "R6")
WARNING_RULES = ("R7", "R8")

MSG_R1 = (
    "“{column}”列：{new}（{a}）+ {carried}（{b}）= {left}，"
    "不等于 {total}（{c}）+ {forward}（{d}）= {right}"
)
MSG_R2 = "总计（{total}）不等于六类申请人之和（{sum}）"
MSG_R3 = "“{column}”列：（七）总计（{total}）不等于（一）至（六）各项之和（{sum}）"
MSG_R4 = (
    "“{column}”列：各项办理结果之和（{sum}）多于本年办结的申请数"
    "（第一项{a} + 第二项{b} − 第四项{d} = {done}）：一件申请只能计入一种办理结果"
)
MSG_R5 = "总计（{total}）不等于结果维持、结果纠正、其他结果、尚未审结之和（{sum}）"
MSG_R6_COUNT = "应为非负整数，实际为 {value}"
MSG_R6_AMOUNT = "应为非负数（万元），实际为 {value}"
MSG_R7 = "“{column}”列：本年上年结转（{now}）与{year}年结转下年度继续办理（{before}）不一致"
MSG_R8 = (
    "现行有效件数（{now}）与上年现行有效件数（{before}）+ 本年制发件数（{made}）"
    "− 本年废止件数（{repealed}）= {expected} 不一致（文件修改、失效也会造成差异，请核对）"
)
MSG_PREVIOUS_YEAR = "用于跨年度校验的上年报告应为{expected}年度，实际为{actual}年度"


@dataclass(frozen=True)
class Violation:
    rule: str  # "R1" … "R8"
    severity: Severity
    where: str  # the label path of the row, column or cell, joined by " / "
    message: str  # Chinese, with the numbers

    def as_json(self) -> dict[str, str]:
        return {
            "规则": self.rule,
            "级别": SEVERITY_LABELS[self.severity],
            "位置": self.where,
            "说明": self.message,
        }

    def __str__(self) -> str:
        return f"[{self.rule} {SEVERITY_LABELS[self.severity]}] {self.where}：{self.message}"


def _where(*parts: str) -> str:
    return PATH_SEPARATOR.join(parts)


def _n(value: object) -> str:
    return str(value)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_r6(tables: ReportTables) -> list[Violation]:
    found = []

    def bad(path: tuple[str, ...], message: str) -> None:
        found.append(Violation("R6", "error", _where(*path), message))

    for table, row, column in fmt.proactive_cells():
        # object: a table read from JSON may hold a float here, which R6 reports (tables.Cell).
        value: object = tables.proactive[row.key][column.key]
        path = (fmt.SECTION_PROACTIVE, table.caption, row.label, column.label)
        if column is fmt.AMOUNT:
            if not isinstance(value, Decimal | int) or isinstance(value, bool) or value < 0:
                bad(path, MSG_R6_AMOUNT.format(value=_n(value)))
        elif not _is_count(value):
            bad(path, MSG_R6_COUNT.format(value=_n(value)))
    for row in fmt.APPLICATION_ROWS:
        for column in fmt.APPLICATION_COLUMNS:
            value = tables.applications[row.key][column.key]
            if not _is_count(value):
                path = (fmt.SECTION_APPLICATIONS, *row.path, column.label)
                bad(path, MSG_R6_COUNT.format(value=_n(value)))
    for group in fmt.REMEDY_GROUPS:
        for column in fmt.REMEDY_COLUMNS:
            value = tables.remedies[group.key][column.key]
            if not _is_count(value):
                bad(
                    (fmt.SECTION_REMEDIES, *group.path, column.label),
                    MSG_R6_COUNT.format(value=_n(value)),
                )
    return found


def _check_applications(tables: ReportTables) -> list[Violation]:
    found = []
    cells = tables.applications
    for column in fmt.APPLICATION_COLUMNS:
        key = column.key
        a = cells[fmt.NEW.key][key]
        b = cells[fmt.CARRIED_OVER.key][key]
        c = cells[fmt.RESULTS_TOTAL.key][key]
        d = cells[fmt.CARRIED_FORWARD.key][key]
        where = _where(fmt.SECTION_APPLICATIONS, column.label)
        # R1 — the format's own note: 第一项加第二项之和，等于第三项加第四项之和.
        if a + b != c + d:
            message = MSG_R1.format(
                column=column.label,
                new=fmt.NEW_LABEL,
                a=a,
                carried=fmt.CARRIED_OVER_LABEL,
                b=b,
                left=a + b,
                total=f"{fmt.RESULTS_LABEL}{fmt.RESULTS_TOTAL_LABEL}",
                c=c,
                forward=fmt.CARRIED_FORWARD_LABEL,
                d=d,
                right=c + d,
            )
            found.append(Violation("R1", "error", where, message))
        # R3 — （七）总计 is the sum of the 21 result rows (the groups have no subtotals).
        results = sum(cells[row.key][key] for row in fmt.RESULT_ROWS)
        if results != c:
            message = MSG_R3.format(column=column.label, total=c, sum=results)
            found.append(Violation("R3", "error", where, message))
        # R4 — one result per application: the result rows cannot hold more applications than
        # were concluded in the year (new + carried over − carried forward).
        if results > a + b - d:
            message = MSG_R4.format(column=column.label, sum=results, a=a, b=b, d=d, done=a + b - d)
            found.append(Violation("R4", "error", where, message))
    # R2 — the 总计 column is the sum of the six applicant columns, on every row.
    for row in fmt.APPLICATION_ROWS:
        total = cells[row.key][fmt.TOTAL.key]
        parts = sum(cells[row.key][c.key] for c in fmt.APPLICANT_COLUMNS)
        if total != parts:
            where = _where(fmt.SECTION_APPLICATIONS, *row.path)
            found.append(Violation("R2", "error", where, MSG_R2.format(total=total, sum=parts)))
    return found


def _check_remedies(tables: ReportTables) -> list[Violation]:
    found = []
    for group in fmt.REMEDY_GROUPS:
        cells = tables.remedies[group.key]
        parts = sum(cells[c.key] for c in fmt.REMEDY_OUTCOMES)
        if cells[fmt.TOTAL.key] != parts:
            where = _where(fmt.SECTION_REMEDIES, *group.path)
            message = MSG_R5.format(total=cells[fmt.TOTAL.key], sum=parts)
            found.append(Violation("R5", "error", where, message))
    return found


def _check_cross_year(tables: ReportTables, previous: ReportTables) -> list[Violation]:
    found = []
    # R7 — every case open at 31 Dec is next year's 上年结转 (regulations.md §9).
    for column in fmt.APPLICATION_COLUMNS:
        now = tables.applications[fmt.CARRIED_OVER.key][column.key]
        before = previous.applications[fmt.CARRIED_FORWARD.key][column.key]
        if now != before:
            where = _where(fmt.SECTION_APPLICATIONS, fmt.CARRIED_OVER_LABEL, column.label)
            message = MSG_R7.format(column=column.label, now=now, year=previous.year, before=before)
            found.append(Violation("R7", "warning", where, message))
    # R8 — documents in force carry over, plus those made, minus those repealed.
    table = fmt.PROACTIVE_TABLES[0]
    for row in fmt.DOCUMENT_ROWS:
        now = tables.proactive[row.key][fmt.IN_FORCE.key]
        before = previous.proactive[row.key][fmt.IN_FORCE.key]
        made = tables.proactive[row.key][fmt.MADE.key]
        repealed = tables.proactive[row.key][fmt.REPEALED.key]
        expected = before + made - repealed
        if now != expected:
            where = _where(fmt.SECTION_PROACTIVE, table.caption, row.label, fmt.IN_FORCE.label)
            message = MSG_R8.format(
                now=now, before=before, made=made, repealed=repealed, expected=expected
            )
            found.append(Violation("R8", "warning", where, message))
    return found


def validate(tables: ReportTables, previous: ReportTables | None = None) -> list[Violation]:
    """Every violation of R1–R8, errors first in rule order. `previous` is last year's tables
    (computed or imported); without it R7 and R8 are not checked. Raises `ValueError` (Chinese)
    when `previous` is not the year before."""
    if previous is not None and previous.year != tables.year - 1:
        raise ValueError(MSG_PREVIOUS_YEAR.format(expected=tables.year - 1, actual=previous.year))
    found = _check_r6(tables) + _check_applications(tables) + _check_remedies(tables)
    if previous is not None:
        found += _check_cross_year(tables, previous)
    order = {rule: i for i, rule in enumerate(RULES)}
    return sorted(found, key=lambda v: (v.severity != "error", order[v.rule]))


def has_errors(violations: list[Violation]) -> bool:
    return any(v.severity == "error" for v in violations)
