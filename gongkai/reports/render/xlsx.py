"""Tables 二, 三 and 四 as a workbook (openpyxl): one sheet per table named by its section heading,
the heading and the body/year line above the grid, the format's merged header cells, every count
a number and the fee a decimal number shown with 4 places (万元)."""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

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

FONT = "宋体"
FIRST_ROW = 3  # row 1: the section heading; row 2: body and year; the grid from row 3
COUNT_FORMAT = "0"
FEE_FORMAT = "0." + "0" * 4
WIDTH_CHARS = {"proactive": 100, "applications": 150, "remedies": 150}


def grids(tables: ReportTables) -> list[Grid]:
    """The grid of each sheet, in order (table 二 as one grid with its caption rows)."""
    return [proactive_combined(tables), applications_grid(tables), remedies_grid(tables)]


def _sheet(workbook, grid: Grid, meta: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=grid.caption)
    line = Side(style="thin", color="000000")
    border = Border(left=line, right=line, top=line, bottom=line)
    plain = Font(name=FONT, size=10)

    sheet.cell(row=1, column=1, value=grid.caption).font = Font(name=FONT, size=14, bold=True)
    sheet.cell(row=2, column=1, value=meta).font = plain
    for row in (1, 2):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=grid.columns)

    total = WIDTH_CHARS.get(grid.key, 120)
    for i, width in enumerate(grid.percents(), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(6, round(total * width / 100))

    for r in range(FIRST_ROW, FIRST_ROW + grid.rows):  # borders also inside merged ranges
        for c in range(1, grid.columns + 1):
            sheet.cell(row=r, column=c).border = border
    for cell in grid.cells:
        target = sheet.cell(row=FIRST_ROW + cell.row, column=1 + cell.col)
        if cell.is_value:
            target.value = cell.value
            target.number_format = FEE_FORMAT if cell.kind == "fee" else COUNT_FORMAT
            target.alignment = Alignment(horizontal="right", vertical="center")
        else:
            target.value = cell.text
            left = (cell.kind == "stub" and cell.rowspan == 1) or cell.kind == "caption"
            target.alignment = Alignment(
                horizontal="left" if left else "center", vertical="center", wrap_text=True
            )
        target.font = Font(name=FONT, size=10, bold=cell.kind == "caption")
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_cells(
                start_row=FIRST_ROW + cell.row,
                start_column=1 + cell.col,
                end_row=FIRST_ROW + cell.row + cell.rowspan - 1,
                end_column=cell.col + cell.colspan,
            )
    if grid.head_rows:
        first_data_col = 1 + min(c.col for c in grid.cells if c.is_value)
        sheet.freeze_panes = sheet.cell(row=FIRST_ROW + grid.head_rows, column=first_data_col)
        sheet.print_title_rows = f"{FIRST_ROW}:{FIRST_ROW + grid.head_rows - 1}"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if grid.columns > 4 else "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


TEXT_SHEET = "报告正文"
TABLE_NOTE = "（见工作表“{sheet}”）"


def _text_sheet(workbook, tables: ReportTables, narrative: Mapping[str, str], title: str) -> None:
    """The whole report as text, first: the title, then the six headings in order — 一, 五 and 六
    with their paragraphs (one cell each), 二–四 pointing at their sheets."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(title=TEXT_SHEET)
    sheet.column_dimensions["A"].width = 100
    texts = narrative_paragraphs(narrative)
    row = 1
    sheet.cell(row=row, column=1, value=title).font = Font(name=FONT, size=14, bold=True)
    row += 1
    sheet.cell(row=row, column=1, value="　".join(meta_lines(tables))).font = Font(name=FONT)
    for label in fmt.SECTIONS:
        row += 2
        sheet.cell(row=row, column=1, value=label).font = Font(name=FONT, size=12, bold=True)
        if label in fmt.TABLE_SECTIONS:
            lines = [TABLE_NOTE.format(sheet=label)]
        else:
            lines = texts.get(label, [])
        for line in lines:
            row += 1
            cell = sheet.cell(row=row, column=1, value=line)
            cell.font = Font(name=FONT, size=11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def report_xlsx(
    tables: ReportTables, narrative: Mapping[str, str] | None = None, *, title: str = ""
) -> bytes:
    """The three tables, one sheet each; with `narrative`, a first sheet 报告正文 holds the title and
    the six sections' text (the published report's download)."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    if narrative is not None:
        _text_sheet(workbook, tables, narrative, title or f"{tables.body_name} {tables.year}")
    meta = "　".join(meta_lines(tables))
    for grid in grids(tables):
        _sheet(workbook, grid, meta)
    workbook.properties.creator = tables.body_name
    workbook.properties.title = f"{tables.body_name} {tables.year}"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
