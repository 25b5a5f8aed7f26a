"""Reads of the annual-report app: which tables stand for a body's year, and the report with its
checks (docs/annual_report.md, "Historic reports and precedence")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Min

from gongkai.applications.models import Application
from gongkai.bodies.models import Body, BodyRole
from gongkai.bodies.selectors import bodies_for_user
from gongkai.columns.models import ColumnPage
from gongkai.core.dates import today
from gongkai.reports import format as fmt
from gongkai.reports.compute import compute_region, compute_report
from gongkai.reports.models import ImportedReport
from gongkai.reports.pages import ANNUAL_REPORTS_COLUMN, AnnualReportPage
from gongkai.reports.tables import ReportTables, tables_from_json
from gongkai.reports.validate import Violation, validate

# 《政府信息公开条例》(2007) took effect on 1 May 2008 and required the first annual reports for
# 2008; no year before that has a report. The current year is allowed (the report so far).
FIRST_REPORT_YEAR = 2008
MSG_YEAR_RANGE = "年度应在{first}年至{last}年之间"


def report_year_range() -> tuple[int, int]:
    return FIRST_REPORT_YEAR, today().year


def year_in_range(year: int) -> bool:
    first, last = report_year_range()
    return first <= year <= last


def first_record_year(body: Body) -> int | None:
    """The year of the body's earliest case on the platform (imported historic cases included)."""
    first = Application.objects.filter(body=body).aggregate(first=Min("received_on"))["first"]
    return first.year if first is not None else None


def imported_tables(body: Body, year: int) -> ReportTables | None:
    row = ImportedReport.objects.filter(body=body, year=year).first()
    if row is None:
        return None
    tables = tables_from_json(row.tables)
    tables.body_name, tables.body_code = body.name, body.code
    note = f"（{row.source_note}）" if row.source_note else ""
    tables.source = f"{fmt.SOURCE_IMPORTED}{note}"
    return tables


def report_tables(body: Body, year: int) -> ReportTables:
    """The tables that stand for a body's year.

    An imported historic report wins for a year before the body's first case on the platform
    (or for any year when the body has no case at all); from that year on the platform's records
    are the source and the tables are computed.
    """
    first = first_record_year(body)
    if first is None or year < first:
        imported = imported_tables(body, year)
        if imported is not None:
            return imported
    return compute_report(body, year)


@dataclass
class AnnualReport:
    """The tables of one body's year with the result of the consistency checks."""

    tables: ReportTables
    previous: ReportTables | None
    violations: list[Violation]

    @property
    def publishable(self) -> bool:
        """R1–R6 are errors and block publication; R7–R8 are warnings."""
        return not any(v.severity == "error" for v in self.violations)

    def as_json(self) -> dict[str, Any]:
        data = self.tables.as_json()
        data[fmt.KEY_CHECKS] = [v.as_json() for v in self.violations]
        return data


def annual_report(body: Body, year: int) -> AnnualReport:
    """The report of `body` for `year` (imported or computed), checked against the year before."""
    tables = report_tables(body, year)
    previous = report_tables(body, year - 1) if year > FIRST_REPORT_YEAR else None
    return AnnualReport(tables, previous, validate(tables, previous))


def region_report(body: Body, year: int) -> AnnualReport:
    """The statistical overview of the body's subtree (统计口径：区域汇总), checked the same way
    against the overview of the year before."""
    tables = compute_region(body, year)
    previous = compute_region(body, year - 1) if year > FIRST_REPORT_YEAR else None
    return AnnualReport(tables, previous, validate(tables, previous))


# --- The report pages ---------------------------------------------------------------------------


def bodies_for_report_staff(user):
    """Bodies whose report the user may draft and edit: those where they hold a page-editing role
    (信息员, 审核, or 站点管理员 over a subtree). The 依申请公开 roles edit no pages."""
    if user is not None and getattr(user, "is_superuser", False):
        return bodies_for_user(user)
    ids: set[int] = set()
    for role in (BodyRole.EDITOR, BodyRole.REVIEWER, BodyRole.SITE_ADMIN):
        ids.update(bodies_for_user(user, role).values_list("pk", flat=True))
    return Body.objects.filter(pk__in=ids)


def annual_reports_column(body: Body):
    """The body's 政府信息公开年报 column (None when its catalogue has none)."""
    if body.home_page_id is None:
        return None
    return (
        ColumnPage.objects.descendant_of(body.home_page)
        .filter(catalogue_key=ANNUAL_REPORTS_COLUMN)
        .first()
    )


def published_reports(column):
    """The live reports in a 年报 column, newest year first."""
    return AnnualReportPage.objects.child_of(column).live().order_by("-year")
