"""The annual report's tables in the official layout: HTML, DOCX, PDF and XLSX (docs/annual_report.md,
"输出格式"). `layout.py` places every cell once; the other modules draw it."""

from gongkai.reports.render.docx import report_docx
from gongkai.reports.render.html import report_document_html, report_tables_html
from gongkai.reports.render.pdf import report_pdf
from gongkai.reports.render.xlsx import report_xlsx

__all__ = [
    "report_document_html",
    "report_docx",
    "report_pdf",
    "report_tables_html",
    "report_xlsx",
]
