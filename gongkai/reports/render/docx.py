"""The report as a Word document (python-docx): A4 portrait, the title in 宋体, the section headings
in 黑体, the text in 仿宋 and the tables in 宋体, East-Asian font names set on every run so that Word
does not fall back to a Latin theme font. Table 二 is one table the way the format prints it (each
sub-table opening with its caption row); 三 and 四 have the format's merged header cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.core.printing import docx_bytes, docx_document, docx_fonts
from gongkai.reports import format as fmt
from gongkai.reports.render.layout import (
    Grid,
    applications_grid,
    meta_lines,
    narrative_paragraphs,
    proactive_combined,
    remedies_grid,
)
from gongkai.reports.tables import ReportTables

TITLE_FONT = "宋体"
HEADING_FONT = "黑体"
TEXT_FONT = "仿宋"
TABLE_FONT = "宋体"

TITLE_PT = 20
HEADING_PT = 16
TEXT_PT = 14
META_PT = 11
TABLE_PT = 9

PAGE_MM = (210, 297)
MARGINS_MM = (25, 20, 22, 20)  # top, right, bottom, left
TABLE_WIDTH_MM = PAGE_MM[0] - MARGINS_MM[1] - MARGINS_MM[3]


def _paragraph(container: Any, text: str, font: str, size: float, align: Any) -> Any:
    para = container.add_paragraph()
    para.alignment = align
    run = para.add_run(text)
    docx_fonts(run._element.get_or_add_rPr(), font, size)
    return para


def _table(document: Any, grid: Grid) -> Any:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    table = document.add_table(rows=grid.rows, cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(TABLE_WIDTH_MM * p / 100) for p in grid.percents()]
    for i, column in enumerate(table.columns):
        column.width = widths[i]
        for cell in column.cells:
            cell.width = widths[i]
    for row in table.rows[: grid.head_rows]:
        # Repeat the header rows when the table runs onto another page.
        marker = OxmlElement("w:tblHeader")
        marker.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(marker)
    for cell in grid.merged():
        last = table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1)
        table.cell(cell.row, cell.col).merge(last)
    for cell in grid.cells:
        target = table.cell(cell.row, cell.col)
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = target.paragraphs[0]
        if cell.is_value:
            para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif (cell.kind == "stub" and cell.rowspan == 1) or cell.kind == "caption":
            para.alignment = WD_ALIGN_PARAGRAPH.LEFT
        else:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.paragraph_format.space_before = para.paragraph_format.space_after = Pt(0)
        para.paragraph_format.line_spacing = 1.0
        run = para.add_run(cell.text)
        run.bold = cell.kind == "caption"
        docx_fonts(run._element.get_or_add_rPr(), TABLE_FONT, TABLE_PT)
    return table


def report_docx(tables: ReportTables, narrative: Mapping[str, str], *, title: str) -> bytes:
    """The report with its six sections (一, 五, 六 from `narrative`, one paragraph per line)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    texts = narrative_paragraphs(narrative)
    document = docx_document(margins_mm=MARGINS_MM, normal_font=TEXT_FONT, size_pt=TEXT_PT)

    heading = _paragraph(document, title, TITLE_FONT, TITLE_PT, WD_ALIGN_PARAGRAPH.CENTER)
    heading.runs[0].bold = True
    for line in meta_lines(tables):
        _paragraph(document, line, TEXT_FONT, META_PT, WD_ALIGN_PARAGRAPH.CENTER)

    grids = {
        fmt.SECTION_PROACTIVE: proactive_combined(tables),
        fmt.SECTION_APPLICATIONS: applications_grid(tables),
        fmt.SECTION_REMEDIES: remedies_grid(tables),
    }
    for label in fmt.SECTIONS:
        head = _paragraph(document, label, HEADING_FONT, HEADING_PT, WD_ALIGN_PARAGRAPH.LEFT)
        head.paragraph_format.space_before = Pt(HEADING_PT * 0.6)
        head.paragraph_format.space_after = Pt(HEADING_PT * 0.3)
        head.paragraph_format.keep_with_next = True
        for text in texts.get(label, ()):
            para = _paragraph(document, text, TEXT_FONT, TEXT_PT, WD_ALIGN_PARAGRAPH.JUSTIFY)
            para.paragraph_format.first_line_indent = Pt(TEXT_PT * 2)
            para.paragraph_format.line_spacing = 1.5
        if label in grids:
            _table(document, grids[label])

    properties = document.core_properties
    properties.title = title
    properties.author = tables.body_name
    properties.keywords = f"{tables.body_code} {tables.year}"
    properties.language = "zh-CN"
    return docx_bytes(document)
