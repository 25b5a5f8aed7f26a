"""All-or-nothing import of a CSV table: one reader, one error format, for every importer.

An importer names its columns, checks every row (collecting every problem, by line), and writes
only when no row has a problem, in one transaction. The person importing sees every error of the
file at once, each as "第N行：…" in plain Chinese, the header as line 1; nothing is written until
the whole file is right. Used by the import of historic 依申请公开 cases and of the enforcement
figures of the annual report.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, TypeVar

from django.db import IntegrityError, transaction

from gongkai.core.errors import GongkaiError

MSG_ROW = "第{line}行：{message}"
MSG_MISSING_COLUMNS = "第1行（表头）：缺少必需的列：{columns}"
MSG_UNKNOWN_COLUMNS = "第1行（表头）：无法识别的列：{columns}"
MSG_EMPTY = "文件中没有数据行"
MSG_REQUIRED = "“{column}”不能为空"
MSG_EXTRA_CELLS = "本行的单元格多于表头的列"
MSG_NOTHING = "文件有错误，未导入任何记录"
MSG_FAILED = "写入数据库失败，未导入任何记录：{error}"

Row = tuple[int, dict[str, str]]  # (the row's first line in the file, column → stripped value)
Parsed = TypeVar("Parsed")


@dataclass
class ImportOutcome:
    """What an import did: nothing and `errors` ("第N行：…"), or everything."""

    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def done(self) -> str:
        raise NotImplementedError

    def forget(self) -> None:
        """The write rolled back: clear what it counted (subclasses that count override it)."""

    def summary(self) -> str:
        return "\n".join([MSG_NOTHING, *self.errors]) if self.errors else self.done()


def csv_rows(stream: IO[str]) -> tuple[list[Row], list[str]]:
    """The data rows of a CSV whose first row is the header, each with its first line number.

    Header names and values are stripped; a cell the row lacks is ""; rows of empty cells (as
    spreadsheets leave them) are skipped; a row with more cells than the header is an error.
    """
    reader = csv.DictReader(stream)
    names = [(name or "").strip() for name in reader.fieldnames or ()]
    reader.fieldnames = names
    rows: list[Row] = []
    errors: list[str] = []
    previous_line = reader.line_num
    for raw in reader:
        line = previous_line + 1
        previous_line = reader.line_num
        extra = raw.pop(None, None)  # type: ignore[call-overload]
        if extra and any((v or "").strip() for v in extra):
            errors.append(MSG_ROW.format(line=line, message=MSG_EXTRA_CELLS))
        values = {name: "" for name in names if name}
        values.update({k: (v or "").strip() for k, v in raw.items() if k})
        if any(values.values()):
            rows.append((line, values))
    return rows, errors


def numbered_rows(rows: Iterable[Mapping[str, Any] | tuple[int, Mapping[str, Any]]]) -> list[Row]:
    """Rows given as mappings (the header is line 1, rows follow from line 2) or as (line, row)
    pairs, with their values stripped to strings."""
    numbered: list[Row] = []
    for index, item in enumerate(rows):
        line, raw = item if isinstance(item, tuple) else (index + 2, item)
        numbered.append(
            (line, {k: str(v if v is not None else "").strip() for k, v in raw.items() if k})
        )
    return numbered


def header_errors(
    rows: Sequence[Row], columns: Sequence[str], required: Sequence[str]
) -> list[str]:
    present = {name for _, row in rows for name in row}
    missing = [c for c in required if c not in present]
    unknown = sorted(present - set(columns))
    errors = []
    if missing:
        errors.append(MSG_MISSING_COLUMNS.format(columns="、".join(missing)))
    if unknown:
        errors.append(MSG_UNKNOWN_COLUMNS.format(columns="、".join(unknown)))
    return errors


def required_errors(row: Mapping[str, str], columns: Iterable[str]) -> list[str]:
    return [MSG_REQUIRED.format(column=c) for c in columns if not row.get(c)]


def _line_of(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match[1]) if match else 0


def import_all_or_nothing(
    rows: Iterable[Mapping[str, Any] | tuple[int, Mapping[str, Any]]],
    outcome: ImportOutcome,
    *,
    columns: Sequence[str],
    required: Sequence[str],
    check: Callable[[list[Row]], tuple[list[Parsed], list[tuple[int, str]]]],
    write: Callable[[list[Parsed]], None],
) -> ImportOutcome:
    """Check every row (`check` returns what to write and (line, message) problems); if any row
    is wrong, `outcome.errors` lists every problem by line and nothing is written; otherwise
    `write` runs in one transaction, and a failure there rolls all of it back."""
    numbered = numbered_rows(rows)
    if not numbered:
        outcome.errors.append(MSG_EMPTY)
        return outcome
    outcome.errors.extend(header_errors(numbered, columns, required))
    if outcome.errors:
        return outcome
    parsed, problems = check(numbered)
    if problems:
        outcome.errors.extend(MSG_ROW.format(line=line, message=m) for line, m in problems)
        outcome.errors.sort(key=_line_of)  # stable: a row's problems keep their order
        return outcome
    try:
        with transaction.atomic(durable=True):
            write(parsed)
    except (IntegrityError, GongkaiError) as exc:
        outcome.forget()
        outcome.errors.append(MSG_FAILED.format(error=getattr(exc, "message", exc)))
    return outcome
