"""The report as a PDF: WeasyPrint lays out `report_document_html` (A4 portrait; the tables fit
the width at 9 pt) with the bundled Chinese fonts embedded and nothing fetched (`core.printing`)."""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.core.printing import pdf_from_html
from gongkai.reports.render.html import report_document_html
from gongkai.reports.tables import ReportTables


def report_pdf(tables: ReportTables, narrative: Mapping[str, str], *, title: str) -> bytes:
    return pdf_from_html(report_document_html(tables, narrative, title=title))
