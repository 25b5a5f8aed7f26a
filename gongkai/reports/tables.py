"""The tables of one annual report as plain values, and their JSON form (docs/annual_report.md).

Pure: no Django. `ReportTables` holds the numbers of tables 二, 三 and 四 keyed by the stable keys
of `format.py`; `as_json()` writes them under the official labels, and `tables_from_json()` reads
that JSON back, naming in Chinese the path of every missing, unknown or malformed key.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core.errors import GongkaiError
from gongkai.reports import format as fmt

PATH_SEPARATOR = " / "

MSG_NOT_OBJECT = "“{path}”应为对象（{{…}}）"
MSG_MISSING = "缺少“{key}”（位置：{path}）"
MSG_UNKNOWN = "无法识别的“{key}”（位置：{path}）"
MSG_NOT_NUMBER = "“{path}”的值应为数字，实际为 {value}"
MSG_NOT_AMOUNT = '“{path}”的值应为金额（如 "12.5"），实际为 {value}'
MSG_NOT_TEXT = "“{path}”的值应为文字"
MSG_NOT_YEAR = "“{path}”的值应为年份（整数），实际为 {value}"
MSG_SCOPE = "“{path}”的值只能是“{scope}”"
MSG_TOP_NOT_OBJECT = "年度报告 JSON 的最外层应为对象（{…}）"

Cell = int | float  # float only when read from JSON that breaks R6 (validate.py reports it)


class TablesFormatError(GongkaiError, ValueError):
    """The JSON is not in the documented format; `errors` lists every problem in Chinese."""

    separator = "\n"

    @property
    def errors(self) -> list[str]:
        return self.messages


def _zeros(keys) -> dict[str, Any]:
    return {k: 0 for k in keys}


def empty_proactive() -> dict[str, dict[str, int | Decimal]]:
    out: dict[str, dict[str, int | Decimal]] = {}
    for table in fmt.PROACTIVE_TABLES:
        for row in table.rows:
            out[row.key] = {c.key: (Decimal("0") if c is fmt.AMOUNT else 0) for c in table.columns}
    return out


def empty_applications() -> dict[str, dict[str, Cell]]:
    return {row.key: _zeros(c.key for c in fmt.APPLICATION_COLUMNS) for row in fmt.APPLICATION_ROWS}


def empty_remedies() -> dict[str, dict[str, Cell]]:
    return {g.key: _zeros(c.key for c in fmt.REMEDY_COLUMNS) for g in fmt.REMEDY_GROUPS}


def fee_text(amount: Decimal) -> str:
    """万元 with 4 decimals (1 元 = 0.0001 万元), as a string so no float rounding creeps in."""
    try:
        return str(amount.quantize(Decimal(1).scaleb(-fmt.FEES_DECIMAL_PLACES)))
    except InvalidOperation:
        return str(amount)


@dataclass
class ReportTables:
    """Tables 二, 三 and 四 of one body (or one region) for one year.

    `proactive[row][column]` (table 二: the fee amount is a `Decimal` in 万元, every other cell an
    int), `applications[row][column]` (table 三, columns include "total"), `remedies[group][column]`
    (table 四, columns include "total").
    """

    body_name: str
    body_code: str
    year: int
    proactive: dict[str, dict[str, int | Decimal]] = field(default_factory=empty_proactive)
    applications: dict[str, dict[str, Cell]] = field(default_factory=empty_applications)
    remedies: dict[str, dict[str, Cell]] = field(default_factory=empty_remedies)
    region: bool = False  # a 区域汇总 over a subtree, not a statutory report
    source: str = ""  # 数据来源, shown when known

    def fill_totals(self) -> ReportTables:
        """Derive every 总计 cell from the cells it sums (used by computation, never by parsing:
        a parsed report keeps its own totals so that R1–R5 can check them)."""
        for row in fmt.APPLICATION_ROWS:
            if row is fmt.RESULTS_TOTAL:
                continue
            cells = self.applications[row.key]
            cells[fmt.TOTAL.key] = sum(cells[c.key] for c in fmt.APPLICANT_COLUMNS)
        for column in fmt.APPLICATION_COLUMNS:
            self.applications[fmt.RESULTS_TOTAL.key][column.key] = sum(
                self.applications[row.key][column.key] for row in fmt.RESULT_ROWS
            )
        for group in fmt.REMEDY_GROUPS:
            cells = self.remedies[group.key]
            cells[fmt.TOTAL.key] = sum(cells[c.key] for c in fmt.REMEDY_OUTCOMES)
        return self

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            fmt.KEY_BODY: self.body_name,
            fmt.KEY_BODY_CODE: self.body_code,
            fmt.KEY_YEAR: self.year,
        }
        if self.region:
            data[fmt.KEY_SCOPE] = fmt.REGION_SCOPE
        if self.source:
            data[fmt.KEY_SOURCE] = self.source
        proactive: dict[str, Any] = {}
        for table in fmt.PROACTIVE_TABLES:
            proactive[table.caption] = {
                row.label: {
                    c.label: (
                        fee_text(self.proactive[row.key][c.key])
                        if c is fmt.AMOUNT
                        else self.proactive[row.key][c.key]
                    )
                    for c in table.columns
                }
                for row in table.rows
            }
        data[fmt.SECTION_PROACTIVE] = proactive
        applications: dict[str, Any] = {}
        for row in fmt.APPLICATION_ROWS:
            node = applications
            for label in row.path[:-1]:
                node = node.setdefault(label, {})
            node[row.label] = {
                c.label: self.applications[row.key][c.key] for c in fmt.APPLICATION_COLUMNS
            }
        data[fmt.SECTION_APPLICATIONS] = applications
        remedies: dict[str, Any] = {}
        for group in fmt.REMEDY_GROUPS:
            node = remedies
            for label in group.path[:-1]:
                node = node.setdefault(label, {})
            node[group.label] = {
                c.label: self.remedies[group.key][c.key] for c in fmt.REMEDY_COLUMNS
            }
        data[fmt.SECTION_REMEDIES] = remedies
        return data


def tables_sum(
    body_name: str, body_code: str, year: int, parts: list[ReportTables]
) -> ReportTables:
    """The cell-by-cell sum of `parts` (reports of one year), marked as a region overview."""
    total = ReportTables(body_name, body_code, year, region=True)
    for part in parts:
        for grid, other in (
            (total.proactive, part.proactive),
            (total.applications, part.applications),
            (total.remedies, part.remedies),
        ):
            for row, cells in grid.items():
                for column in cells:
                    cells[column] += other[row][column]  # type: ignore[operator]
    return total


# --- Reading the JSON back ----------------------------------------------------------------------


def _path(parts: tuple[str, ...]) -> str:
    return PATH_SEPARATOR.join(parts)


class _Reader:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def object(
        self,
        value: Any,
        path: tuple[str, ...],
        expected: list[str],
        optional: tuple[str, ...] = (),
    ) -> dict | None:
        """The mapping at `path`, after reporting its missing and unknown keys."""
        if not isinstance(value, dict):
            self.errors.append(MSG_NOT_OBJECT.format(path=_path(path)))
            return None
        where = _path(path) or "最外层"
        for key in expected:
            if key not in value:
                self.errors.append(MSG_MISSING.format(key=key, path=where))
        for key in value:
            if key not in expected and key not in optional:
                self.errors.append(MSG_UNKNOWN.format(key=key, path=where))
        return value

    def count(self, value: Any, path: tuple[str, ...]) -> Cell:
        # Any JSON number is taken; R6 (validate.py) reports one that is negative or not whole.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            self.errors.append(MSG_NOT_NUMBER.format(path=_path(path), value=_shown(value)))
            return 0
        return value

    def amount(self, value: Any, path: tuple[str, ...]) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.errors.append(MSG_NOT_AMOUNT.format(path=_path(path), value=_shown(value)))
            return Decimal(0)
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            self.errors.append(MSG_NOT_AMOUNT.format(path=_path(path), value=_shown(value)))
            return Decimal(0)
        return amount

    def grid(self, value: Any, path: tuple[str, ...], columns) -> dict[str, Cell]:
        cells = self.object(value, path, [c.label for c in columns])
        out: dict[str, Cell] = {c.key: 0 for c in columns}
        if cells is None:
            return out
        for column in columns:
            if column.label in cells:
                out[column.key] = self.count(cells[column.label], (*path, column.label))
        return out


def _shown(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"“{value}”"
    return text if len(text) <= 40 else text[:37] + "…"


def _child(node: Any, key: str) -> Any:
    return node.get(key) if isinstance(node, dict) else None


def _children_expected(parents: list[tuple[str, ...]], prefix: tuple[str, ...]) -> list[str]:
    """The keys that belong directly under `prefix`, in the format's order."""
    keys: list[str] = []
    for path in parents:
        if path[: len(prefix)] == prefix and len(path) > len(prefix):
            key = path[len(prefix)]
            if key not in keys:
                keys.append(key)
    return keys


def _read_nested(
    reader: _Reader, section: Any, section_label: str, paths: list[tuple[str, ...]]
) -> None:
    """Report missing/unknown keys at every inner level of a nested section (tables 三 and 四)."""
    prefixes = {p[:i] for p in paths for i in range(len(p))}
    for prefix in sorted(prefixes, key=len):
        node = section
        for key in prefix:
            node = _child(node, key)
        if node is None and prefix:
            continue  # its absence is reported one level up
        reader.object(node, (section_label, *prefix), _children_expected(paths, prefix))


def tables_from_json(data: Any) -> ReportTables:
    """Read the documented JSON (the output of `ReportTables.as_json()`, optionally with the keys
    数据来源, 统计口径, 校验 and the narrative sections 一/五/六, which are not tables and are
    ignored). Raises `TablesFormatError` listing every problem."""
    reader = _Reader()
    if not isinstance(data, dict):
        raise TablesFormatError([MSG_TOP_NOT_OBJECT])
    top = reader.object(
        data,
        (),
        [fmt.KEY_BODY, fmt.KEY_BODY_CODE, fmt.KEY_YEAR, *fmt.TABLE_SECTIONS],
        optional=(fmt.KEY_SCOPE, fmt.KEY_SOURCE, fmt.KEY_CHECKS, *fmt.NARRATIVE_SECTIONS),
    )
    assert top is not None
    for key in (fmt.KEY_BODY, fmt.KEY_BODY_CODE):
        if key in top and not isinstance(top[key], str):
            reader.errors.append(MSG_NOT_TEXT.format(path=key))
    year = top.get(fmt.KEY_YEAR, 0)
    if fmt.KEY_YEAR in top and (isinstance(year, bool) or not isinstance(year, int)):
        reader.errors.append(MSG_NOT_YEAR.format(path=fmt.KEY_YEAR, value=_shown(year)))
        year = 0
    scope = top.get(fmt.KEY_SCOPE)
    if scope is not None and scope != fmt.REGION_SCOPE:
        reader.errors.append(MSG_SCOPE.format(path=fmt.KEY_SCOPE, scope=fmt.REGION_SCOPE))
    source = top.get(fmt.KEY_SOURCE, "")
    tables = ReportTables(
        body_name=top.get(fmt.KEY_BODY) if isinstance(top.get(fmt.KEY_BODY), str) else "",
        body_code=top.get(fmt.KEY_BODY_CODE) if isinstance(top.get(fmt.KEY_BODY_CODE), str) else "",
        year=year,
        region=scope == fmt.REGION_SCOPE,
        source=source if isinstance(source, str) else "",
    )

    # 二: caption → row → column
    section = top.get(fmt.SECTION_PROACTIVE)
    if fmt.SECTION_PROACTIVE in top:
        reader.object(section, (fmt.SECTION_PROACTIVE,), [t.caption for t in fmt.PROACTIVE_TABLES])
    for table in fmt.PROACTIVE_TABLES:
        node = _child(section, table.caption)
        path = (fmt.SECTION_PROACTIVE, table.caption)
        if node is not None:
            reader.object(node, path, [r.label for r in table.rows])
        for row in table.rows:
            cells = _child(node, row.label)
            if cells is None:
                continue
            cells = reader.object(cells, (*path, row.label), [c.label for c in table.columns])
            if cells is None:
                continue
            for column in table.columns:
                if column.label not in cells:
                    continue
                where = (*path, row.label, column.label)
                tables.proactive[row.key][column.key] = (
                    reader.amount(cells[column.label], where)
                    if column is fmt.AMOUNT
                    else reader.count(cells[column.label], where)
                )

    # 三: nested rows → columns
    section = top.get(fmt.SECTION_APPLICATIONS)
    if fmt.SECTION_APPLICATIONS in top:
        _read_nested(
            reader, section, fmt.SECTION_APPLICATIONS, [r.path for r in fmt.APPLICATION_ROWS]
        )
    for row in fmt.APPLICATION_ROWS:
        node = section
        for key in row.path:
            node = _child(node, key)
        if node is not None:
            tables.applications[row.key] = reader.grid(
                node, (fmt.SECTION_APPLICATIONS, *row.path), fmt.APPLICATION_COLUMNS
            )

    # 四: group (行政诉讼 → route) → columns
    section = top.get(fmt.SECTION_REMEDIES)
    if fmt.SECTION_REMEDIES in top:
        _read_nested(reader, section, fmt.SECTION_REMEDIES, [g.path for g in fmt.REMEDY_GROUPS])
    for group in fmt.REMEDY_GROUPS:
        node = section
        for key in group.path:
            node = _child(node, key)
        if node is not None:
            tables.remedies[group.key] = reader.grid(
                node, (fmt.SECTION_REMEDIES, *group.path), fmt.REMEDY_COLUMNS
            )

    if reader.errors:
        raise TablesFormatError(reader.errors)
    return tables
