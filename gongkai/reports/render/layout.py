"""The three tables in the official layout, as grids of cells every renderer draws.

Pure: no Django. A `Grid` is one table of the 2021 format (regulations.md §2.2–2.4) with its
merged cells placed on a row × column grid: each `Cell` sits at its top-left position and spans
`rowspan` × `colspan` grid positions, exactly as in the national format (table 三: the 3 × 3 note
block, 申请人情况 over 7 columns, 三、本年度办理结果 over 22 rows …; table 四: 行政复议 over 5
columns and 2 rows of outcomes …). The HTML, DOCX, PDF and XLSX outputs all draw these grids, so
they cannot disagree on a label, a span or the place of a number. Every label comes from
`format.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from gongkai.reports import format as fmt
from gongkai.reports.tables import ReportTables

Number = int | float | Decimal

# Cell kinds: "note" (the consistency note of table 三), "head" (a column header), "stub" (a row
# header), "caption" (a sub-table caption row of table 二 where the medium has no <caption>),
# "number" (a count) and "fee" (the 万元 amount).
HEADER_KINDS = frozenset({"note", "head", "stub", "caption"})
VALUE_KINDS = frozenset({"number", "fee"})


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    kind: str = "head"
    value: Number | None = None  # the number of a "number" or "fee" cell

    @property
    def is_value(self) -> bool:
        return self.kind in VALUE_KINDS

    @property
    def scope(self) -> str:
        """The `scope` of the cell as an HTML <th> (empty for a data cell or the note)."""
        if self.kind == "head":
            return "colgroup" if self.colspan > 1 else "col"
        if self.kind == "stub":
            return "rowgroup" if self.rowspan > 1 else "row"
        return ""


@dataclass(frozen=True)
class Grid:
    key: str
    caption: str
    columns: int
    head_rows: int  # the first rows are the header (<thead>)
    cells: tuple[Cell, ...]
    widths: tuple[int, ...]  # relative column widths

    def percents(self) -> tuple[float, ...]:
        total = sum(self.widths)
        return tuple(round(100 * w / total, 3) for w in self.widths)

    @property
    def rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def row_cells(self) -> list[list[Cell]]:
        """The cells that start in each row, left to right (the <td>/<th> of each <tr>)."""
        out: list[list[Cell]] = [[] for _ in range(self.rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def merged(self) -> list[Cell]:
        return [c for c in self.cells if c.rowspan > 1 or c.colspan > 1]


# --- Numbers --------------------------------------------------------------------------------------


def fee_display(amount: Number) -> str:
    """The fee in 万元 with up to 4 decimals: rounded to 0.0001 (1 元), trailing zeros dropped."""
    try:
        value = Decimal(str(amount)).quantize(
            Decimal(1).scaleb(-fmt.FEES_DECIMAL_PLACES), rounding=ROUND_HALF_UP
        )
    except InvalidOperation:
        return str(amount)
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def count_display(value: Number) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _value(text_value: Number, row: int, col: int, *, fee: bool = False, colspan: int = 1) -> Cell:
    return Cell(
        fee_display(text_value) if fee else count_display(text_value),
        row,
        col,
        colspan=colspan,
        kind="fee" if fee else "number",
        value=text_value,
    )


# --- Table 二 -------------------------------------------------------------------------------------

PROACTIVE_COLUMNS = 4  # 信息内容 + the widest sub-table's three columns


def proactive_grids(tables: ReportTables) -> list[Grid]:
    """The four stacked sub-tables, each with its own columns (信息内容 + 1 or 3) and caption."""
    grids = []
    for number, table in enumerate(fmt.PROACTIVE_TABLES, start=1):
        cells = [Cell(fmt.CONTENT_HEADER, 0, 0)]
        cells += [Cell(c.label, 0, i) for i, c in enumerate(table.columns, start=1)]
        for r, row in enumerate(table.rows, start=1):
            cells.append(Cell(row.label, r, 0, kind="stub"))
            for i, column in enumerate(table.columns, start=1):
                value = tables.proactive[row.key][column.key]
                cells.append(_value(value, r, i, fee=column is fmt.AMOUNT))
        data = 75 // len(table.columns)
        grids.append(
            Grid(
                key=f"proactive_{number}",
                caption=table.caption,
                columns=1 + len(table.columns),
                head_rows=1,
                cells=tuple(cells),
                widths=(100 - data * len(table.columns), *([data] * len(table.columns))),
            )
        )
    return grids


def proactive_combined(tables: ReportTables) -> Grid:
    """Table 二 as one grid of four columns, the way the format prints it on paper: each sub-table
    opens with its caption across the width, and a sub-table with one column spans the three."""
    cells: list[Cell] = []
    top = 0
    for grid in proactive_grids(tables):
        cells.append(Cell(grid.caption, top, 0, colspan=PROACTIVE_COLUMNS, kind="caption"))
        widen = PROACTIVE_COLUMNS - grid.columns + 1
        for c in grid.cells:
            span = widen if grid.columns < PROACTIVE_COLUMNS and c.col == 1 else c.colspan
            cells.append(Cell(c.text, top + 1 + c.row, c.col, c.rowspan, span, c.kind, c.value))
        top += 1 + grid.rows
    return Grid(
        key="proactive",
        caption=fmt.SECTION_PROACTIVE,
        columns=PROACTIVE_COLUMNS,
        head_rows=0,
        cells=tuple(cells),
        widths=(25, 25, 25, 25),
    )


# --- Table 三 -------------------------------------------------------------------------------------

APPLICATION_LABEL_COLUMNS = 3
APPLICATION_HEAD_ROWS = 3


def applications_grid(tables: ReportTables) -> Grid:
    first = APPLICATION_LABEL_COLUMNS  # the grid column of 自然人
    cells = [
        Cell(fmt.CONSISTENCY_NOTE, 0, 0, rowspan=3, colspan=APPLICATION_LABEL_COLUMNS, kind="note"),
        Cell(fmt.APPLICANT_HEADER, 0, first, colspan=len(fmt.APPLICATION_COLUMNS)),
    ]
    for i, column in enumerate(fmt.APPLICATION_COLUMNS):
        col = first + i
        if column in fmt.ORGANISATION_COLUMNS:
            if column is fmt.ORGANISATION_COLUMNS[0]:
                cells.append(
                    Cell(fmt.ORGANISATION_HEADER, 1, col, colspan=len(fmt.ORGANISATION_COLUMNS))
                )
            cells.append(Cell(column.label, 2, col))
        else:
            cells.append(Cell(column.label, 1, col, rowspan=2))

    top = APPLICATION_HEAD_ROWS
    # The rows of each path prefix (三、本年度办理结果; （三）不予公开 …) make one merged stub cell.
    spans: dict[tuple[str, ...], int] = {}
    for row in fmt.APPLICATION_ROWS:
        for depth in range(1, len(row.path)):
            prefix = row.path[:depth]
            spans[prefix] = spans.get(prefix, 0) + 1
    placed: set[tuple[str, ...]] = set()
    for r, row in enumerate(fmt.APPLICATION_ROWS):
        grid_row = top + r
        for depth in range(1, len(row.path)):
            prefix = row.path[:depth]
            if prefix not in placed:
                placed.add(prefix)
                cells.append(
                    Cell(prefix[-1], grid_row, depth - 1, rowspan=spans[prefix], kind="stub")
                )
        depth = len(row.path) - 1
        cells.append(
            Cell(row.label, grid_row, depth, colspan=APPLICATION_LABEL_COLUMNS - depth, kind="stub")
        )
        for i, column in enumerate(fmt.APPLICATION_COLUMNS):
            cells.append(_value(tables.applications[row.key][column.key], grid_row, first + i))
    data = len(fmt.APPLICATION_COLUMNS)
    return Grid(
        key="applications",
        caption=fmt.SECTION_APPLICATIONS,
        columns=APPLICATION_LABEL_COLUMNS + data,
        head_rows=APPLICATION_HEAD_ROWS,
        cells=tuple(cells),
        widths=(7, 15, 29, *([7] * data)),
    )


# --- Table 四 -------------------------------------------------------------------------------------

REMEDY_HEAD_ROWS = 3


def remedies_grid(tables: ReportTables) -> Grid:
    width = len(fmt.REMEDY_COLUMNS)
    cells: list[Cell] = []
    col = 0
    placed: set[tuple[str, ...]] = set()
    for group in fmt.REMEDY_GROUPS:
        # 行政复议 (path of 1) is one header over its columns, which span the two rows below it;
        # 行政诉讼 (path of 2) spans its routes, each route over its own five columns.
        for depth in range(len(group.path)):
            prefix = group.path[: depth + 1]
            if prefix in placed:
                continue
            placed.add(prefix)
            under = sum(1 for g in fmt.REMEDY_GROUPS if g.path[: depth + 1] == prefix)
            cells.append(Cell(prefix[-1], depth, col, colspan=under * width))
        outcome_row = len(group.path)
        for i, column in enumerate(fmt.REMEDY_COLUMNS):
            rowspan = REMEDY_HEAD_ROWS - outcome_row
            cells.append(Cell(column.label, outcome_row, col + i, rowspan=rowspan))
            cells.append(_value(tables.remedies[group.key][column.key], REMEDY_HEAD_ROWS, col + i))
        col += width
    columns = width * len(fmt.REMEDY_GROUPS)
    return Grid(
        key="remedies",
        caption=fmt.SECTION_REMEDIES,
        columns=columns,
        head_rows=REMEDY_HEAD_ROWS,
        cells=tuple(cells),
        widths=(1,) * columns,
    )


def meta_lines(tables: ReportTables) -> list[str]:
    """The lines naming what the tables are of: body, year, and scope and source when set."""
    lines = [
        f"{fmt.KEY_BODY}：{tables.body_name}（{tables.body_code}）",
        f"{fmt.KEY_YEAR}：{tables.year}",
    ]
    if tables.region:
        lines.append(f"{fmt.KEY_SCOPE}：{fmt.REGION_SCOPE}")
    if tables.source:
        lines.append(f"{fmt.KEY_SOURCE}：{tables.source}")
    return lines


# --- The narrative sections -----------------------------------------------------------------------

MSG_NARRATIVE_KEY = "无法识别的文字部分“{key}”：应为{allowed}"


def section_numeral(label: str) -> str:
    """ "一" of "一、总体情况"."""
    return label.split("、", 1)[0]


def narrative_paragraphs(narrative: Mapping[str, str]) -> dict[str, list[str]]:
    """The text of sections 一, 五 and 六 as paragraphs (one per non-empty line), keyed by the
    section's heading. `narrative` is keyed by the numeral ("一") or the full heading; a section
    that is missing or empty has no paragraph."""
    by_key = {}
    for label in fmt.NARRATIVE_SECTIONS:
        by_key[label] = label
        by_key[section_numeral(label)] = label
    out: dict[str, list[str]] = {label: [] for label in fmt.NARRATIVE_SECTIONS}
    for key, text in narrative.items():
        if key not in by_key:
            allowed = "、".join(section_numeral(label) for label in fmt.NARRATIVE_SECTIONS)
            raise ValueError(MSG_NARRATIVE_KEY.format(key=key, allowed=allowed))
        for line in (text or "").splitlines():
            line = line.strip(" \t\u3000\r")
            if line:
                out[by_key[key]].append(line)
    return out
