"""Writes of the annual-report app: enforcement figures (set, CSV import) and historic reports."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_for_user
from gongkai.core import csvimport
from gongkai.core.audit import audit_log
from gongkai.reports import format as fmt
from gongkai.reports.models import EnforcementFigures, ImportedReport
from gongkai.reports.narrative import narrative_draft
from gongkai.reports.pages import AnnualReportPage, report_title
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    annual_report,
    annual_reports_column,
    bodies_for_report_staff,
    report_year_range,
)
from gongkai.reports.tables import ReportTables, tables_from_json
from gongkai.reports.validate import Violation, validate

MSG_COUNT = "“{field}”应为非负整数，实际为“{value}”"
MSG_AMOUNT = "“{field}”应为非负数（单位：万元，最多{places}位小数），实际为“{value}”"
MSG_AMOUNT_TOO_LARGE = "“{field}”的值过大：{value}"
MSG_NO_PERMISSION = "您无权填报机关“{body}”的数据"
MSG_YEAR = "“{field}”应为年份（如 2024），实际为“{value}”"

FIELD_LABELS = {
    "licensing": fmt.LICENSING.label,
    "penalties": fmt.PENALTIES.label,
    "coercion": fmt.COERCION.label,
    "fees_wan_yuan": f"{fmt.FEES.label}（{fmt.FEES_UNIT}）",
}
AUDIT_FIGURES_SET = "gongkai.enforcement_figures.set"
AUDIT_FIGURES_IMPORT = "gongkai.enforcement_figures.import"
AUDIT_REPORT_IMPORT = "gongkai.imported_report.import"

# 16 digits with 4 decimals (the model's DecimalField).
_MAX_AMOUNT = Decimal(10) ** 12


def _count(value: Any, label: str, errors: dict[str, str], key: str) -> int:
    text = str(value).strip() if value is not None else ""
    if isinstance(value, bool) or not re.fullmatch(r"\d{1,10}", text):
        errors[key] = MSG_COUNT.format(field=label, value=text)
        return 0
    return int(text)


def _amount(value: Any, label: str, errors: dict[str, str], key: str) -> Decimal:
    text = str(value).strip() if value is not None else ""
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = Decimal("NaN")
    places = fmt.FEES_DECIMAL_PLACES
    if (
        isinstance(value, bool)
        or not amount.is_finite()
        or amount < 0
        or amount.as_tuple().exponent < -places  # type: ignore[operator]
    ):
        errors[key] = MSG_AMOUNT.format(field=label, places=places, value=text)
        return Decimal(0)
    if amount >= _MAX_AMOUNT:
        errors[key] = MSG_AMOUNT_TOO_LARGE.format(field=label, value=text)
        return Decimal(0)
    return amount


def _year(value: Any, errors: dict[str, str]) -> int:
    text = str(value).strip() if value is not None else ""
    first, last = report_year_range()
    if isinstance(value, bool) or not re.fullmatch(r"\d{4}", text):
        errors["year"] = MSG_YEAR.format(field=fmt.KEY_YEAR, value=text)
        return 0
    year = int(text)
    if not first <= year <= last:
        errors["year"] = MSG_YEAR_RANGE.format(first=first, last=last)
    return year


def _figures_clean(year: Any, values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    errors: dict[str, str] = {}
    clean: dict[str, Any] = {"year": _year(year, errors)}
    for key in ("licensing", "penalties", "coercion"):
        clean[key] = _count(values.get(key), FIELD_LABELS[key], errors, key)
    clean["fees_wan_yuan"] = _amount(
        values.get("fees_wan_yuan"), FIELD_LABELS["fees_wan_yuan"], errors, "fees_wan_yuan"
    )
    return clean, errors


def _person(user):
    return user if user is not None and user.is_authenticated else None


def _may_enter(user, body: Body) -> bool:
    return user is None or bodies_for_user(user).filter(pk=body.pk).exists()


@transaction.atomic
def enforcement_figures_set(
    *,
    body: Body,
    year: int | str,
    licensing: int | str,
    penalties: int | str,
    coercion: int | str,
    fees_wan_yuan: Decimal | int | str,
    user=None,
) -> EnforcementFigures:
    """Enter (or correct) a body's 行政许可 / 行政处罚 / 行政强制 / 行政事业性收费 figures for a year.

    `user` None is the platform itself (imports by an operator); a staff user must act for the
    body. Raises `ValidationError` (field → Chinese message) or `PermissionDenied`.
    """
    if not _may_enter(user, body):
        raise PermissionDenied(MSG_NO_PERMISSION.format(body=body.name))
    clean, errors = _figures_clean(
        year,
        {
            "licensing": licensing,
            "penalties": penalties,
            "coercion": coercion,
            "fees_wan_yuan": fees_wan_yuan,
        },
    )
    if errors:
        raise ValidationError(errors)
    year_value = clean.pop("year")
    figures, _ = EnforcementFigures.objects.update_or_create(
        body=body,
        year=year_value,
        defaults={**clean, "entered_by": _person(user)},
    )
    audit_log(figures, AUDIT_FIGURES_SET, user=user, data={"year": year_value})
    return figures


# --- CSV import of enforcement figures ----------------------------------------------------------

COL_BODY = "机关代码"
COL_YEAR = "年度"
COL_LICENSING = fmt.LICENSING.label
COL_PENALTIES = fmt.PENALTIES.label
COL_COERCION = fmt.COERCION.label
COL_FEES = FIELD_LABELS["fees_wan_yuan"]
FIGURES_COLUMNS = (COL_BODY, COL_YEAR, COL_LICENSING, COL_PENALTIES, COL_COERCION, COL_FEES)
_FIELD_OF_COLUMN = {
    COL_LICENSING: "licensing",
    COL_PENALTIES: "penalties",
    COL_COERCION: "coercion",
    COL_FEES: "fees_wan_yuan",
}

MSG_BODY = "机关代码“{value}”不存在"
MSG_DUPLICATE = "机关“{body}”{year}年度的数据与第{other}行重复"
MSG_DONE = "已导入{count}条执法和收费数据（新增{created}条，更新{updated}条）"
# The file-level messages (header, empty file, required cells) are core.csvimport's.


@dataclass
class FiguresImport(csvimport.ImportOutcome):
    created: int = 0
    updated: int = 0

    def done(self) -> str:
        return MSG_DONE.format(
            count=self.created + self.updated, created=self.created, updated=self.updated
        )

    def forget(self) -> None:
        self.created = self.updated = 0


def enforcement_figures_import(
    rows: Iterable[tuple[int, Mapping[str, str | None]]], *, user=None
) -> FiguresImport:
    """Import (line number, row) pairs, all or nothing (`core.csvimport`): every row is checked
    first; if any is wrong, every error is reported by line and nothing is written."""
    report = FiguresImport()

    def check(
        numbered: list[csvimport.Row],
    ) -> tuple[list[tuple[Body, dict[str, Any]]], list[tuple[int, str]]]:
        codes = {row.get(COL_BODY, "") for _, row in numbered}
        bodies = {b.code: b for b in Body.objects.filter(code__in=codes)}
        allowed = (
            None
            if user is None
            else set(bodies_for_user(user).filter(code__in=codes).values_list("code", flat=True))
        )
        parsed: list[tuple[Body, dict[str, Any]]] = []
        problems: list[tuple[int, str]] = []
        seen: dict[tuple[str, int], int] = {}
        for line, values in numbered:
            messages = csvimport.required_errors(values, FIGURES_COLUMNS)
            code = values.get(COL_BODY, "")
            body = bodies.get(code)
            if code and body is None:
                messages.append(MSG_BODY.format(value=code))
            elif body is not None and allowed is not None and code not in allowed:
                messages.append(MSG_NO_PERMISSION.format(body=body.name))
            if not messages and body is not None:
                clean, errors = _figures_clean(
                    values[COL_YEAR], {_FIELD_OF_COLUMN[c]: values[c] for c in _FIELD_OF_COLUMN}
                )
                messages.extend(errors.values())
                key = (code, clean["year"])
                if not errors and key in seen:
                    messages.append(
                        MSG_DUPLICATE.format(body=body.name, year=clean["year"], other=seen[key])
                    )
                elif not errors:
                    seen[key] = line
                    parsed.append((body, clean))
            problems.extend((line, m) for m in messages)
        return parsed, problems

    def write(parsed: list[tuple[Body, dict[str, Any]]]) -> None:
        for body, clean in parsed:
            year = clean.pop("year")
            figures, created = EnforcementFigures.objects.update_or_create(
                body=body, year=year, defaults={**clean, "entered_by": _person(user)}
            )
            audit_log(figures, AUDIT_FIGURES_IMPORT, user=user, data={"year": year})
            if created:
                report.created += 1
            else:
                report.updated += 1

    csvimport.import_all_or_nothing(
        rows,
        report,
        columns=FIGURES_COLUMNS,
        required=FIGURES_COLUMNS,
        check=check,
        write=write,
    )
    return report


def enforcement_figures_import_csv(stream: IO[str], *, user=None) -> FiguresImport:
    """Read a CSV whose first row is the header (FIGURES_COLUMNS), keeping each row's line."""
    rows, errors = csvimport.csv_rows(stream)
    if errors:
        return FiguresImport(errors=errors)
    return enforcement_figures_import(rows, user=user)


# --- Historic reports -----------------------------------------------------------------------------

MSG_REPORT_BODY = "文件中的机关代码“{found}”与指定的机关“{expected}”不一致"
MSG_REPORT_YEAR = "文件中的年度“{found}”与指定的年度“{expected}”不一致"
MSG_REPORT_EXISTS = "机关“{body}”{year}年度的历史年度报告已导入；如需替换，请使用 --replace"
MSG_REPORT_REGION = "区域汇总不是法定年度报告，不能作为历史年度报告导入"


@transaction.atomic
def imported_report_store(
    *,
    body: Body,
    year: int,
    data: Any,
    source_note: str = "",
    user=None,
    replace: bool = False,
) -> tuple[ImportedReport, ReportTables, list[Violation]]:
    """Store the tables of a historic report (the JSON format of docs/annual_report.md).

    The JSON must be in the format (`TablesFormatError` lists every problem); 机关代码 and 年度
    may be left out of the file (taken from the arguments) but must agree when present. A report
    that breaks R1–R6 is stored as published — it is history — and its violations are returned
    for the operator to see.
    """
    first, last = report_year_range()
    if not first <= year <= last:
        raise ValidationError(MSG_YEAR_RANGE.format(first=first, last=last))
    if isinstance(data, dict):
        data = dict(data)
        found_code = data.setdefault(fmt.KEY_BODY_CODE, body.code)
        found_year = data.setdefault(fmt.KEY_YEAR, year)
        data.setdefault(fmt.KEY_BODY, body.name)
        if found_code != body.code:
            raise ValidationError(MSG_REPORT_BODY.format(found=found_code, expected=body.code))
        if found_year != year:
            raise ValidationError(MSG_REPORT_YEAR.format(found=found_year, expected=year))
    tables = tables_from_json(data)
    if tables.region:
        raise ValidationError(MSG_REPORT_REGION)
    if not replace and ImportedReport.objects.filter(body=body, year=year).exists():
        raise ValidationError(MSG_REPORT_EXISTS.format(body=body.name, year=year))
    tables.source = ""
    stored = tables.as_json()
    report, _ = ImportedReport.objects.update_or_create(
        body=body,
        year=year,
        defaults={
            "tables": stored,
            "source_note": source_note.strip()[:500],
            "imported_by": _person(user),
        },
    )
    audit_log(report, AUDIT_REPORT_IMPORT, user=user, data={"year": year, "replace": replace})
    return report, tables, validate(tables)


# --- The report page: drafting, the publication check, freezing (docs/annual_report.md) -----------

MSG_NO_REPORT_COLUMN = "机关“{body}”没有“政府信息公开年报”栏目，无法生成年度报告"
MSG_NO_REPORT_PERMISSION = "您无权为机关“{body}”编写年度报告"


def annual_report_page_create(*, body: Body, year: int, user) -> tuple[Any, bool]:
    """生成年度报告草稿: the body's report page for the year, created as a draft under its 年报
    column with the narrative drafted from the records (`narrative_draft`), or the existing one —
    never a second (one per body and year). Returns (page, created)."""
    if not bodies_for_report_staff(user).filter(pk=body.pk).exists():
        raise PermissionDenied(MSG_NO_REPORT_PERMISSION.format(body=body.name))
    first, last = report_year_range()
    if not first <= year <= last:
        raise ValidationError(MSG_YEAR_RANGE.format(first=first, last=last))
    with transaction.atomic():
        # Two clicks at once: the second waits here and then finds the first one's page.
        Body.objects.select_for_update().filter(pk=body.pk).first()
        existing = AnnualReportPage.objects.filter(body=body, year=year).first()
        if existing is not None:
            return existing, False
        column = annual_reports_column(body)
        if column is None:
            raise ValidationError(MSG_NO_REPORT_COLUMN.format(body=body.name))
        slug = str(year)
        if column.get_children().filter(slug=slug).exists():
            slug = f"{year}-report"
        draft = narrative_draft(body, year)
        page = AnnualReportPage(
            title=report_title(body.name, year),
            slug=slug,
            body=body,
            year=year,
            general=draft["一"],
            problems=draft["五"],
            other_matters=draft["六"],
            live=False,
        )
        column.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
    return page, True


def annual_report_publication_errors(page) -> list[Violation]:
    """The R1–R6 errors of the tables the page would freeze now (empty: publishable)."""
    report = annual_report(page.body, page.year)
    return [v for v in report.violations if v.severity == "error"]


def annual_report_freeze(page) -> None:
    """On publication: fix the tables as computed now, with the checks of this moment, into the
    page. Every publication refreezes (a corrected report republished shows the records as they
    then stand); between publications nothing changes the published figures."""
    report = annual_report(page.body, page.year)
    AnnualReportPage.objects.filter(pk=page.pk).update(
        frozen_tables=report.tables.as_json(),
        frozen_checks=[v.as_json() for v in report.violations],
        frozen_at=timezone.now(),
    )
