"""The tables as semantic HTML (templates `reports/_tables.html`, `reports/report_print.html`).

Every label comes from `format.py` and every value is escaped by the template engine. Table 二 is
four tables, each with its 第二十条 caption; 三 and 四 carry the merged header cells of the format
(`rowspan`/`colspan` from `layout.py`), `<th scope=…>` on every header, numbers right-aligned.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from gongkai.reports import format as fmt
from gongkai.reports.render.layout import (
    Cell,
    Grid,
    applications_grid,
    meta_lines,
    narrative_paragraphs,
    proactive_grids,
    remedies_grid,
)
from gongkai.reports.tables import ReportTables

_CLASSES = {"note": "note", "number": "num", "fee": "num fee"}
# More columns than this and the table scrolls in its own box on a narrow screen.
WIDE_COLUMNS = 6
# The style of the tables and of the standalone document: a static file, linked from the public
# page (no inline style there: docs/security.md) and copied into the standalone document.
REPORT_CSS = Path(__file__).resolve().parent.parent / "static" / "reports" / "report.css"


@cache
def report_css() -> SafeString:
    return mark_safe(REPORT_CSS.read_text(encoding="utf-8"))  # our own file, no user input


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "tag": "th" if cell.kind in ("head", "stub") else "td",
        "scope": cell.scope,
        "rowspan": cell.rowspan,
        "colspan": cell.colspan,
        "cls": _CLASSES.get(cell.kind, ""),
        "text": cell.text,
    }


def _grid(grid: Grid, *, hide_caption: bool) -> dict[str, Any]:
    rows = [[_cell(c) for c in row] for row in grid.row_cells()]
    return {
        "key": grid.key,
        "caption": grid.caption,
        # The caption of 三 and 四 repeats the section heading just above it: kept for screen
        # readers, not shown twice.
        "hide_caption": hide_caption,
        "widths": grid.percents(),
        # 三 and 四 (10 and 15 columns) cannot be read squeezed into a phone's width: on the public
        # page they scroll sideways in a box of their own (web/site.css), never the page itself.
        "wide": len(grid.widths) > WIDE_COLUMNS,
        "head": rows[: grid.head_rows],
        "body": rows[grid.head_rows :],
    }


def table_sections(tables: ReportTables) -> dict[str, list[dict[str, Any]]]:
    """The grids of each table section, keyed by the section's heading."""
    return {
        fmt.SECTION_PROACTIVE: [_grid(g, hide_caption=False) for g in proactive_grids(tables)],
        fmt.SECTION_APPLICATIONS: [_grid(applications_grid(tables), hide_caption=True)],
        fmt.SECTION_REMEDIES: [_grid(remedies_grid(tables), hide_caption=True)],
    }


def _section(label: str, *, grids=(), paragraphs=()) -> dict[str, Any]:
    return {
        "label": label,
        "index": fmt.SECTIONS.index(label) + 1,
        "grids": list(grids),
        "paragraphs": list(paragraphs),
    }


def report_tables_html(tables: ReportTables) -> SafeString:
    """Tables 二, 三 and 四 under their section headings, with a line naming the body and year: an
    HTML fragment to place in a page (style: static `reports/report.css`)."""
    sections = [_section(label, grids=grids) for label, grids in table_sections(tables).items()]
    return render_to_string(
        "reports/_tables.html", {"sections": sections, "meta": meta_lines(tables)}
    )


def report_document_html(
    tables: ReportTables, narrative: Mapping[str, str], *, title: str
) -> SafeString:
    """The whole report as a standalone page: the title, the six sections 一–六 in order (一, 五
    and 六 from `narrative`, keyed "一"/"五"/"六", one paragraph per line; 二–四 the tables), its
    style inline. The PDF is made from it."""
    return render_to_string(
        "reports/report_print.html",
        {
            "title": title,
            "author": tables.body_name,
            "css": report_css(),
            "meta": meta_lines(tables),
            "sections": document_sections(tables, narrative),
        },
    )


def document_sections(tables: ReportTables, narrative: Mapping[str, str]) -> list[dict[str, Any]]:
    """The six sections 一–六 in order, each with its paragraphs (一, 五, 六) or grids (二–四), for
    `reports/_section.html` (the standalone document and the published report page)."""
    texts = narrative_paragraphs(narrative)
    grids = table_sections(tables)
    return [
        _section(label, grids=grids.get(label, ()), paragraphs=texts.get(label, ()))
        for label in fmt.SECTIONS
    ]
