"""What the annual report page shows (pages.py holds its data): the public page with its sections
and checks, the downloads in DOCX, PDF and XLSX, and the editor's panel of tables 二–四 computed
now. `ReportsConfig.ready` connects these to the page (`pages.ReportPageDelegate`)."""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from gongkai.bodies.models import BodyLevel
from gongkai.reports.narrative import fees_collected
from gongkai.reports.pages import (
    DOWNLOADS,
    MSG_NOT_FROZEN,
    MSG_PDF_UNAVAILABLE,
    AnnualReportPage,
)
from gongkai.reports.quality import quality_summary, report_quality, statutory_deadline_for
from gongkai.reports.render import report_docx, report_pdf, report_xlsx
from gongkai.reports.render.html import document_sections, report_tables_html
from gongkai.reports.render.layout import meta_lines
from gongkai.reports.selectors import annual_report

logger = logging.getLogger(__name__)


def report_context(page: AnnualReportPage, request: HttpRequest) -> dict[str, Any]:
    """The published report from its frozen tables; a draft (admin preview) as computed now."""
    tables, checks = page.frozen(), page.frozen_checks
    preview = getattr(request, "is_preview", False) or tables is None
    if preview:
        report = annual_report(page.body, page.year)
        tables, checks = report.tables, [v.as_json() for v in report.violations]
    return {
        "sections": document_sections(tables, page.narrative),
        "meta": meta_lines(tables),
        "checks": [_check_line(c) for c in checks],
        "computed_now": preview,
        "quality": page_quality(page) if preview else [],
        "downloads": [] if preview else list(DOWNLOADS),
    }


def report_download(page: AnnualReportPage, request: HttpRequest, kind: str) -> HttpResponse:
    """The report as DOCX, PDF or XLSX, made from the frozen tables and the published text."""
    if kind not in DOWNLOADS or getattr(request, "is_preview", False):
        raise Http404
    tables = page.frozen()
    if tables is None:
        raise Http404(MSG_NOT_FROZEN)
    content_type, extension = DOWNLOADS[kind]
    if kind == "docx":
        data = report_docx(tables, page.narrative, title=page.title)
    elif kind == "xlsx":
        data = report_xlsx(tables, page.narrative, title=page.title)
    else:
        try:
            data = report_pdf(tables, page.narrative, title=page.title)
        except Exception:  # WeasyPrint or its system libraries missing or failing
            logger.exception("PDF of annual report %s failed", page.pk)
            return HttpResponse(
                MSG_PDF_UNAVAILABLE, status=503, content_type="text/plain; charset=utf-8"
            )
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{page.title}.{extension}"
    )
    return response


def figures_panel_context(page: AnnualReportPage) -> dict[str, Any]:
    report = annual_report(page.body, page.year)
    quality = page_quality(page, report)
    return {
        "tables_html": report_tables_html(report.tables),
        "errors": [v for v in report.violations if v.severity == "error"],
        "warnings": [v for v in report.violations if v.severity != "error"],
        "page": page,
        "quality": quality,
        "quality_summary": quality_summary(quality),
    }


def page_quality(page: AnnualReportPage, report=None):
    """The 质量考核指标 of the text being edited against the tables as computed now (quality.py)."""
    report = report or annual_report(page.body, page.year)
    body = page.body
    government_level = body.government_level if body.level == BodyLevel.DEPARTMENT else None
    published_on = timezone.localdate(page.first_published_at) if page.first_published_at else None
    return report_quality(
        narrative=page.narrative,
        tables=report.tables,
        violations=report.violations,
        deadline=statutory_deadline_for(body.level, government_level, page.year),
        published_on=published_on,
        fees_yuan=fees_collected(body, page.year),
    )


def _check_line(check: dict[str, str]) -> str:
    """A check as the JSON keeps it (`Violation.as_json`), in the form `str(Violation)` prints."""
    return f"[{check.get('规则', '')} {check.get('级别', '')}] {check.get('位置', '')}：{check.get('说明', '')}"
