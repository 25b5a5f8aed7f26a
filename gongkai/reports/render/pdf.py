"""The report as a PDF: WeasyPrint lays out `report_document_html` (A4 portrait; the tables fit
the width at 9 pt), with nothing fetched from the network and the Chinese fonts embedded (WeasyPrint
subsets the installed Noto CJK fonts into the file)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from gongkai.reports.render.html import report_document_html
from gongkai.reports.tables import ReportTables


@cache
def _offline_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetchingError

    class OfflineFetcher(URLFetcher):
        """The report's page references nothing outside itself; a fetch is refused, never made."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            raise URLFetchingError(f"annual reports are rendered offline; refused to fetch {url!r}")

    return OfflineFetcher()


def report_pdf(tables: ReportTables, narrative: Mapping[str, str], *, title: str) -> bytes:
    from weasyprint import HTML

    html = report_document_html(tables, narrative, title=title)
    return HTML(string=html, base_url=None, url_fetcher=_offline_fetcher()).write_pdf()
