"""The tables in the official layout (gongkai/reports/render): HTML, DOCX, PDF, XLSX and the export
command. The merged cells are checked against the national format as written in regulations.md
§2.3–2.4 (spelled out below, not taken from the layout code), the numbers against the JSON."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gongkai.applications.models import ApplicantType, RemedyOutcome
from gongkai.reports import format as fmt
from gongkai.reports.render import (
    report_document_html,
    report_docx,
    report_pdf,
    report_tables_html,
    report_xlsx,
)
from gongkai.reports.render.html import report_css
from gongkai.reports.render.layout import (
    applications_grid,
    fee_display,
    proactive_grids,
    remedies_grid,
)
from gongkai.reports.selectors import annual_report
from gongkai.reports.tables import ReportTables
from gongkai.reports.tests.factories import EnforcementFiguresFactory, case, remedy

Y = 2025
TITLE = "测试机关2025年度政府信息公开工作年度报告"
A, R = fmt.APPLICATION_ROWS, fmt.RESULT_GROUPS
OUTCOMES = [c.label for c in fmt.REMEDY_COLUMNS]

# Table 三's merged cells, (label, row, column, rowspan, colspan) on the table's grid (§2.3).
APPLICATION_SPANS = [
    (fmt.CONSISTENCY_NOTE, 0, 0, 3, 3),
    (fmt.APPLICANT_HEADER, 0, 3, 1, 7),
    ("自然人", 1, 3, 2, 1),
    (fmt.ORGANISATION_HEADER, 1, 4, 1, 5),
    ("总计", 1, 9, 2, 1),
    (fmt.NEW_LABEL, 3, 0, 1, 3),
    (fmt.CARRIED_OVER_LABEL, 4, 0, 1, 3),
    (fmt.RESULTS_LABEL, 5, 0, 22, 1),
    (R[0][0], 5, 1, 1, 2),
    (R[1][0], 6, 1, 1, 2),
    (R[2][0], 7, 1, 8, 1),
    (R[3][0], 15, 1, 3, 1),
    (R[4][0], 18, 1, 5, 1),
    (R[5][0], 23, 1, 3, 1),
    (fmt.RESULTS_TOTAL_LABEL, 26, 1, 1, 2),
    (fmt.CARRIED_FORWARD_LABEL, 27, 0, 1, 3),
]
# Table 四 (§2.4): 行政复议 over 5 columns with its outcomes over 2 rows; 行政诉讼 over 10.
REMEDY_SPANS = [
    (fmt.RECONSIDERATION_LABEL, 0, 0, 1, 5),
    *[(label, 1, i, 2, 1) for i, label in enumerate(OUTCOMES)],
    (fmt.LITIGATION_LABEL, 0, 5, 1, 10),
    ("未经复议直接起诉", 1, 5, 1, 5),
    ("复议后起诉", 1, 10, 1, 5),
]


def distinct_tables(name: str = "测试机关") -> ReportTables:
    """Every cell a different number, so that a number in the wrong cell shows."""
    tables = ReportTables(body_name=name, body_code="t1", year=Y)
    for i, row in enumerate(fmt.APPLICATION_ROWS):
        for j, column in enumerate(fmt.APPLICATION_COLUMNS):
            tables.applications[row.key][column.key] = 100 + 10 * i + j
    for i, group in enumerate(fmt.REMEDY_GROUPS):
        for j, column in enumerate(fmt.REMEDY_COLUMNS):
            tables.remedies[group.key][column.key] = 1000 + 10 * i + j
    n = 5000
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            for column in table.columns:
                n += 1
                value = Decimal("12.3456") if column is fmt.AMOUNT else n
                tables.proactive[row.key][column.key] = value
    return tables


# --- Reading HTML tables ----------------------------------------------------------------------------


class TableParser(HTMLParser):
    """Tables as {caption, head_rows, rows: [[(tag, attrs, text)]]}; no nesting needed."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict[str, Any]] = []
        self.headings: list[str] = []
        self.paragraphs: list[str] = []
        self._text: list[str] | None = None
        self._cell: tuple[str, dict] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "head_rows": 0, "rows": []})
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self.tables[-1]["rows"].append([])
            if self._in_head:
                self.tables[-1]["head_rows"] += 1
        elif tag in ("td", "th"):
            self._cell, self._text = (tag, attrs), []
        elif tag in ("caption", "h1", "h2", "p"):
            self._text = []

    def handle_endtag(self, tag):
        text = "".join(self._text or [])
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th"):
            self.tables[-1]["rows"][-1].append((*self._cell, text))
            self._text = None
        elif tag == "caption":
            self.tables[-1]["caption"] = text
        elif tag in ("h1", "h2"):
            self.headings.append(text)
        elif tag == "p":
            self.paragraphs.append(text)
        if tag in ("caption", "h1", "h2", "p"):
            self._text = None

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)


def parse(html: str) -> TableParser:
    parser = TableParser()
    parser.feed(html)
    return parser


def placed(table: dict) -> tuple[list[tuple], list[list[str]]]:
    """Each cell as (text, row, col, rowspan, colspan, tag, attrs) and the expanded grid of texts."""
    taken: set[tuple[int, int]] = set()
    cells = []
    for r, row in enumerate(table["rows"]):
        c = 0
        for tag, attrs, text in row:
            while (r, c) in taken:
                c += 1
            rs, cs = int(attrs.get("rowspan", 1)), int(attrs.get("colspan", 1))
            cells.append((text, r, c, rs, cs, tag, attrs))
            taken.update((r + i, c + j) for i in range(rs) for j in range(cs))
            c += cs
    rows = max(r for r, _ in taken) + 1
    cols = max(c for _, c in taken) + 1
    grid = [[""] * cols for _ in range(rows)]
    for text, r, c, rs, cs, _tag, _attrs in cells:
        for i in range(rs):
            for j in range(cs):
                grid[r + i][c + j] = text
    return cells, grid


def merged_of(cells) -> set[tuple]:
    return {(t, r, c, rs, cs) for t, r, c, rs, cs, *_ in cells if rs > 1 or cs > 1}


def application_row_index(row) -> int:
    return 3 + list(A).index(row)


def json_cell(data: dict, section: str, path, column: str):
    node = data[section]
    for key in path:
        node = node[key]
    return node[column]


# --- HTML -------------------------------------------------------------------------------------------


def test_html_table_three_has_the_official_headers_rows_and_merged_cells():
    tables = distinct_tables()
    parsed = parse(report_tables_html(tables))
    assert [t["caption"] for t in parsed.tables] == [
        *(t.caption for t in fmt.PROACTIVE_TABLES),
        fmt.SECTION_APPLICATIONS,
        fmt.SECTION_REMEDIES,
    ]
    assert parsed.headings == list(fmt.TABLE_SECTIONS)
    three = parsed.tables[4]
    assert three["head_rows"] == 3
    cells, grid = placed(three)
    assert merged_of(cells) == set(APPLICATION_SPANS)
    assert len(grid) == 3 + 25 and len(grid[0]) == 10
    assert grid[2][3:] == [c.label for c in fmt.APPLICATION_COLUMNS]  # the 7 columns in order
    for row in fmt.APPLICATION_ROWS:
        r = application_row_index(row)
        labels = list(dict.fromkeys(grid[r][:3]))
        assert labels == list(row.path), row.key
        values = [int(v) for v in grid[r][3:]]
        assert values == [tables.applications[row.key][c.key] for c in fmt.APPLICATION_COLUMNS]
    # Headers are <th> with a scope, numbers right-aligned data cells.
    for text, r, _c, _rs, cs, tag, attrs in cells:
        if text == fmt.CONSISTENCY_NOTE:
            continue
        if r < 3 or _c < 3:
            assert tag == "th" and attrs["scope"] in ("col", "colgroup", "row", "rowgroup"), text
            assert attrs["scope"] != "colgroup" or cs > 1
        else:
            assert tag == "td" and "num" in attrs["class"].split(), text


def test_html_tables_two_and_four_in_the_official_layout():
    tables = distinct_tables()
    parsed = parse(report_tables_html(tables))
    for html_table, table in zip(parsed.tables[:4], fmt.PROACTIVE_TABLES, strict=True):
        _cells, grid = placed(html_table)
        assert grid[0] == [fmt.CONTENT_HEADER, *(c.label for c in table.columns)]
        for r, row in enumerate(table.rows, start=1):
            assert grid[r][0] == row.label
            for c, column in enumerate(table.columns, start=1):
                value = tables.proactive[row.key][column.key]
                assert grid[r][c] == ("12.3456" if column is fmt.AMOUNT else str(value))
    four = parsed.tables[5]
    cells, grid = placed(four)
    assert four["head_rows"] == 3 and len(grid) == 4 and len(grid[0]) == 15
    assert merged_of(cells) == set(REMEDY_SPANS)
    assert grid[2] == OUTCOMES * 3
    expected = [
        tables.remedies[g.key][c.key] for g in fmt.REMEDY_GROUPS for c in fmt.REMEDY_COLUMNS
    ]
    assert [int(v) for v in grid[3]] == expected


def test_the_fee_is_shown_in_wan_yuan_with_up_to_four_decimals():
    assert fee_display(Decimal("12.5")) == "12.5"
    assert fee_display(Decimal("12.5000")) == "12.5"
    assert fee_display(Decimal("0.00004")) == "0"
    assert fee_display(Decimal("0.00005")) == "0.0001"
    assert fee_display(Decimal("3")) == "3"
    assert fee_display(Decimal("1234.56789")) == "1234.5679"


def test_every_value_is_escaped():
    evil = '<script>alert("x")</script>&'
    tables = distinct_tables(name=evil)
    tables.source = "<b>来源</b>"
    fragment = report_tables_html(tables)
    document = report_document_html(tables, {"一": "<img src=x onerror=alert(1)>"}, title=evil)
    for html in (fragment, document):
        assert "<script>" not in html and "<b>" not in html and "<img" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    assert parse(document).headings[0] == evil


def test_the_column_widths_are_in_the_stylesheet_not_in_style_attributes():
    """No `style` attribute (the public policy blocks them): each table's column widths are rules
    of reports/report.css, the same the standalone document copies in."""
    tables = distinct_tables()
    fragment = report_tables_html(tables)
    document = report_document_html(tables, {}, title=TITLE)
    assert "style=" not in fragment and "style=" not in document
    css = report_css()
    assert css in document
    grids = [*proactive_grids(tables), applications_grid(tables), remedies_grid(tables)]
    for grid in grids:
        assert f'class="report-table report-{grid.key}"' in fragment
        percents = grid.percents()
        rules = re.findall(
            rf"\.report-{grid.key} col:nth-child\((\d+)\) {{ width: ([\d.]+)%; }}", css
        )
        if len(set(percents)) == 1:  # equal columns: table-layout: fixed shares the width
            assert rules == [], grid.key
        else:
            assert [(int(i), float(w)) for i, w in rules] == list(enumerate(percents, start=1)), (
                grid.key
            )


def test_the_document_has_the_six_sections_in_order_with_the_narrative():
    narrative = {"一": "第一段。\n\n　　第二段。", "六": "本年度未收取信息处理费。"}
    parsed = parse(report_document_html(distinct_tables(), narrative, title=TITLE))
    assert parsed.headings == [TITLE, *fmt.SECTIONS]
    assert parsed.paragraphs == ["第一段。", "第二段。", "本年度未收取信息处理费。"]
    assert len(parsed.tables) == 6
    assert parse(report_document_html(distinct_tables(), {}, title=TITLE)).paragraphs == []
    with pytest.raises(ValueError, match="无法识别的文字部分“二”"):
        report_document_html(distinct_tables(), {"二": "表格"}, title=TITLE)


# --- A computed report ------------------------------------------------------------------------------


@pytest.fixture
def report(office):
    """The office's 2025 report from records: several decisions and applicant types, a case carried
    over from 2024 and one into 2026, remedies and the entered figures with a fee of 12.3456 万元."""
    applicants = list(ApplicantType)
    for i, row in enumerate(fmt.RESULT_ROWS[:12]):
        for _ in range(i % 3 + 1):
            case(
                office,
                date(Y, 2, 1 + i),
                applicant_type=applicants[i % 6],
                decision=row.key,
                decided_on=date(Y, 3, 1 + i),
            )
    old = case(office, date(Y - 1, 12, 20), decision="unavailable_1", decided_on=date(Y, 1, 10))
    case(office, date(Y, 12, 30), applicant_type=ApplicantType.LEGAL_SERVICE)
    remedy(old, date(Y, 2, 1), outcome=RemedyOutcome.UPHELD, concluded_on=date(Y, 5, 1))
    remedy(old, date(Y, 6, 1), route="direct")
    remedy(old, date(Y, 6, 2), route="direct")
    EnforcementFiguresFactory(body=office, year=Y, fees_wan_yuan=Decimal("12.3456"))
    return annual_report(office, Y)


@pytest.mark.django_db
def test_the_html_of_a_computed_report_has_its_numbers_in_the_right_cells(report):
    data = report.tables.as_json()
    assert data[fmt.SECTION_APPLICATIONS][fmt.NEW_LABEL]["总计"] > 10
    parsed = parse(report_tables_html(report.tables))
    _cells, grid = placed(parsed.tables[4])
    for row in fmt.APPLICATION_ROWS:
        r = application_row_index(row)
        for j, column in enumerate(fmt.APPLICATION_COLUMNS):
            expected = json_cell(data, fmt.SECTION_APPLICATIONS, row.path, column.label)
            assert int(grid[r][3 + j]) == expected, (row.key, column.key)
    _cells, grid = placed(parsed.tables[5])
    expected = [
        json_cell(data, fmt.SECTION_REMEDIES, g.path, c.label)
        for g in fmt.REMEDY_GROUPS
        for c in fmt.REMEDY_COLUMNS
    ]
    assert [int(v) for v in grid[3]] == expected == [1, 0, 0, 0, 1, 0, 0, 0, 2, 2, *[0] * 5]
    _cells, grid = placed(parsed.tables[3])
    assert grid[1] == [fmt.FEES.label, "12.3456"]
    _cells, grid = placed(parsed.tables[1])
    assert grid[1] == [fmt.LICENSING.label, "120"]


def docx_tables(content: bytes):
    import docx

    return docx.Document(BytesIO(content))


def assert_docx_spans(table, spans, offset=0) -> None:
    """Each merged cell covers exactly its rectangle: same cell inside, another one just outside."""
    for label, r, c, rs, cs in spans:
        r += offset
        top = table.cell(r, c)
        assert top.text == label
        for i in range(rs):
            for j in range(cs):
                assert table.cell(r + i, c + j)._tc is top._tc, (label, i, j)
        if r + rs < len(table.rows):
            assert table.cell(r + rs, c)._tc is not top._tc, label
        if c + cs < len(table.columns):
            assert table.cell(r, c + cs)._tc is not top._tc, label


@pytest.mark.django_db
def test_the_docx_has_the_same_cells_merged_headers_and_fonts(report):
    document = docx_tables(report_docx(report.tables, {"五": "问题与改进。"}, title=TITLE))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE
    assert [t for t in texts if t in fmt.SECTIONS] == list(fmt.SECTIONS)
    assert "问题与改进。" in texts
    proactive, three, four = document.tables
    data = report.tables.as_json()

    assert_docx_spans(three, APPLICATION_SPANS)
    for row in fmt.APPLICATION_ROWS:
        r = application_row_index(row)
        assert three.cell(r, 2).text == row.label
        for j, column in enumerate(fmt.APPLICATION_COLUMNS):
            expected = json_cell(data, fmt.SECTION_APPLICATIONS, row.path, column.label)
            assert three.cell(r, 3 + j).text == str(expected)
    assert_docx_spans(four, REMEDY_SPANS)
    assert [four.cell(3, j).text for j in range(15)] == [
        str(json_cell(data, fmt.SECTION_REMEDIES, g.path, c.label))
        for g in fmt.REMEDY_GROUPS
        for c in fmt.REMEDY_COLUMNS
    ]
    # 二: one table, each sub-table opening with its caption across the four columns.
    captions = [
        i for i, row in enumerate(proactive.rows) if row.cells[0].text.startswith("第二十条")
    ]
    assert [proactive.cell(i, 0).text for i in captions] == [
        t.caption for t in fmt.PROACTIVE_TABLES
    ]
    assert_docx_spans(proactive, [(fmt.PROACTIVE_TABLES[0].caption, 0, 0, 1, 4)])
    fee_row = captions[3] + 2
    assert_docx_spans(proactive, [("12.3456", fee_row, 1, 1, 3)])
    assert proactive.cell(fee_row, 0).text == fmt.FEES.label

    xml = three._tbl.xml + document.paragraphs[0]._p.xml
    assert 'w:eastAsia="宋体"' in xml
    body = document.paragraphs[texts.index("问题与改进。")]._p.xml
    assert 'w:eastAsia="仿宋"' in body


@pytest.mark.django_db
def test_the_pdf_has_the_labels_numbers_and_embedded_fonts(report):
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(report_pdf(report.tables, {"一": "总体情况正文。"}, title=TITLE)))
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (210, 297)
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for label in (
        *fmt.SECTIONS,
        "总体情况正文。",
        fmt.APPLICANT_HEADER,
        fmt.ORGANISATION_HEADER,
        fmt.RESULTS_LABEL,
        "属于行政查询事项",
        "未经复议直接起诉",
        fmt.FEES.label,
        "12.3456",
    ):
        assert label in text, label
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts += [d.get_object() for d in font.get("/DescendantFonts", [font])]
    assert fonts
    for font in fonts:
        descriptor = font["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]
    # Only the faces the platform brings (core.printing), never a system fallback.
    names = {re.sub(r"^/([A-Z]{6}\+)?", "", str(f["/BaseFont"])) for f in fonts}
    assert names <= {"Gongkai-Song", "Gongkai-Hei", "Gongkai-Hei-Bold", "Gongkai-Song-Bold"}, names


@pytest.mark.django_db
def test_the_xlsx_has_merged_headers_and_the_values_of_the_json(report):
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    def ref(r, c, rs=1, cs=1) -> str:  # grid position → sheet range (the grid starts at row 3)
        first = f"{get_column_letter(c + 1)}{r + 3}"
        return first if rs == cs == 1 else f"{first}:{get_column_letter(c + cs)}{r + rs + 2}"

    book = load_workbook(BytesIO(report_xlsx(report.tables)))
    assert book.sheetnames == list(fmt.TABLE_SECTIONS)
    data = report.tables.as_json()

    three = book[fmt.SECTION_APPLICATIONS]
    assert {ref(r, c, rs, cs) for _l, r, c, rs, cs in APPLICATION_SPANS} | {"A1:J1", "A2:J2"} == {
        str(m) for m in three.merged_cells.ranges
    }
    for label, r, c, _rs, _cs in APPLICATION_SPANS:
        assert three[ref(r, c)].value == label
    for row in fmt.APPLICATION_ROWS:
        r = application_row_index(row)
        assert three[ref(r, len(row.path) - 1)].value == row.label
        for j, column in enumerate(fmt.APPLICATION_COLUMNS):
            cell = three[ref(r, 3 + j)]
            assert cell.value == json_cell(data, fmt.SECTION_APPLICATIONS, row.path, column.label)
            assert isinstance(cell.value, int)

    four = book[fmt.SECTION_REMEDIES]
    assert {ref(r, c, rs, cs) for _l, r, c, rs, cs in REMEDY_SPANS} | {"A1:O1", "A2:O2"} == {
        str(m) for m in four.merged_cells.ranges
    }
    assert [four[ref(3, j)].value for j in range(15)] == [
        json_cell(data, fmt.SECTION_REMEDIES, g.path, c.label)
        for g in fmt.REMEDY_GROUPS
        for c in fmt.REMEDY_COLUMNS
    ]

    two = book[fmt.SECTION_PROACTIVE]
    values = {}
    for row in two.iter_rows(min_row=3):
        if row[0].value and row[1].value is not None and not isinstance(row[1].value, str):
            values[row[0].value] = [cell.value for cell in row[1:] if cell.value is not None]
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            expected = [
                data[fmt.SECTION_PROACTIVE][table.caption][row.label][c.label]
                for c in table.columns
            ]
            if row is fmt.FEES:
                assert values[row.label] == [pytest.approx(float(expected[0]))]
            else:
                assert values[row.label] == expected
    fee = next(r[1] for r in two.iter_rows(min_row=3) if r[0].value == fmt.FEES.label)
    assert fee.number_format == "0.0000" and isinstance(fee.value, float)


# --- The command ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_export_command_writes_each_format(report, tmp_path):
    signatures = {"html": b"<!DOCTYPE html>", "docx": b"PK", "pdf": b"%PDF", "xlsx": b"PK"}
    for output_format, start in signatures.items():
        path = tmp_path / f"report.{output_format}"
        out = StringIO()
        call_command(
            "annual_report_export",
            "--body",
            "gs-bgt",
            "--year",
            str(Y),
            "--format",
            output_format,
            "-o",
            str(path),
            stdout=out,
        )
        assert path.read_bytes().startswith(start), output_format
        assert f"已写入 {path}" in out.getvalue()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "甘肃省人民政府办公厅2025年度政府信息公开工作年度报告" in html
    region = tmp_path / "region.html"
    call_command(
        "annual_report_export",
        *("--body", "gansu", "--year", str(Y), "--format", "HTML", "--region", "-o", str(region)),
        stdout=StringIO(),
    )
    assert fmt.REGION_SCOPE in region.read_text(encoding="utf-8")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--body", "nowhere", "--format", "pdf"), "机关代码“nowhere”不存在"),
        (
            ("--body", "gs-bgt", "--format", "odt"),
            "不支持的输出格式“odt”，可选：html、docx、pdf、xlsx",
        ),
        (("--body", "gs-bgt"), "请用 --format 指定输出格式"),
    ],
)
def test_the_export_command_refuses_in_chinese(office, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command(
            "annual_report_export",
            *args,
            "--year",
            str(Y),
            "-o",
            str(tmp_path / "x"),
            stdout=StringIO(),
        )
    assert not (tmp_path / "x").exists()
