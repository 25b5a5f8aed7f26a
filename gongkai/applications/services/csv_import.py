"""Import of historic cases (docs/workflow.md, "Importing historic cases"): all or nothing, every
error reported with its line; each case gets one IMPORT event through `workflow.application_open`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO

from gongkai.applications import workflow
from gongkai.applications.decisions import DECISION_ROWS, DecisionCode
from gongkai.applications.models import (
    Action,
    ApplicantType,
    Application,
    ApplicationStatus,
    Channel,
    IdType,
    applicant_identity_errors,
)
from gongkai.applications.selectors import user_may_handle
from gongkai.bodies.models import Body
from gongkai.core import csvimport
from gongkai.core.dates import today as local_today

COL_BODY = "机关代码"
COL_NUMBER = "申请编号"
COL_APPLICANT_TYPE = "申请人类型"
COL_APPLICANT = "申请人姓名或名称"
COL_ID_TYPE = "证件类型"
COL_ID_NUMBER = "证件号码"
COL_PHONE = "联系电话"
COL_DESCRIPTION = "申请内容"
COL_RECEIVED = "收到日期"
COL_CHANNEL = "渠道"
COL_DECISION = "办理结果代码"
COL_DECIDED = "决定日期"
COL_REPLIED = "答复日期"
COL_NOTE = "备注"
IMPORT_COLUMNS = (
    COL_BODY,
    COL_NUMBER,
    COL_APPLICANT_TYPE,
    COL_APPLICANT,
    COL_ID_TYPE,
    COL_ID_NUMBER,
    COL_PHONE,
    COL_DESCRIPTION,
    COL_RECEIVED,
    COL_CHANNEL,
    COL_DECISION,
    COL_DECIDED,
    COL_REPLIED,
    COL_NOTE,
)
IMPORT_REQUIRED = (COL_BODY, COL_APPLICANT_TYPE, COL_RECEIVED, COL_CHANNEL)

# The file-level messages are those of every import (core.csvimport).
MSG_IMPORT_ROW = csvimport.MSG_ROW
MSG_IMPORT_MISSING_COLUMNS = csvimport.MSG_MISSING_COLUMNS
MSG_IMPORT_UNKNOWN_COLUMNS = csvimport.MSG_UNKNOWN_COLUMNS
MSG_IMPORT_EMPTY = csvimport.MSG_EMPTY
MSG_IMPORT_REQUIRED = csvimport.MSG_REQUIRED
MSG_IMPORT_FAILED = csvimport.MSG_FAILED
MSG_IMPORT_NOTHING = csvimport.MSG_NOTHING
MSG_IMPORT_BODY = "机关代码“{value}”不存在"
MSG_IMPORT_NO_PERMISSION = "您无权导入机关“{value}”的申请"
MSG_IMPORT_CHOICE = "“{column}”的值“{value}”无效"
MSG_IMPORT_DATE = "“{column}”的值“{value}”不是有效日期（应为 2024-09-27 形式）"
MSG_IMPORT_DATE_IN_FUTURE = "“{column}”不能晚于今天"
MSG_IMPORT_DECIDED_BEFORE_RECEIVED = "决定日期早于收到日期"
MSG_IMPORT_REPLIED_BEFORE_DECIDED = "答复日期早于决定日期"
MSG_IMPORT_DECISION_DATE_REQUIRED = "填写了办理结果代码的，须同时填写决定日期"
MSG_IMPORT_DATE_WITHOUT_DECISION = "未填写办理结果代码的，不能填写决定日期或答复日期"
MSG_IMPORT_DUPLICATE_NUMBER = "申请编号“{value}”与第{other}行重复"
MSG_IMPORT_NUMBER_EXISTS = "申请编号“{value}”已存在"

# Aliases accepted besides the values and labels of the choices.
_CHANNEL_ALIASES = {
    "在线申请": Channel.ONLINE,
    "网上申请": Channel.ONLINE,
    "互联网": Channel.ONLINE,
    "当面": Channel.IN_PERSON,
    "当面申请": Channel.IN_PERSON,
    "邮寄": Channel.REGISTERED_POST,
    "信函": Channel.ORDINARY_POST,
}
_APPLICANT_TYPE_ALIASES = {"法人或其他组织": ApplicantType.OTHER}


def _normalise(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def _choice_lookup(choices, aliases: Mapping[str, str] | None = None) -> dict[str, str]:
    lookup = {str(v): str(v) for v in choices.values}
    lookup.update({str(label): str(v) for v, label in choices.choices})
    lookup.update({k: str(v) for k, v in (aliases or {}).items()})
    return lookup


def _decision_lookup() -> dict[str, str]:
    """办理结果代码: the DecisionCode value, its label, or the report row's label (§2.3)."""
    lookup = _choice_lookup(DecisionCode)
    for row in DECISION_ROWS:
        code = row.code.value
        group = row.group.label  # "（三）不予公开", "（二）部分公开（区分处理的…）"
        short_group = re.sub(r"（.*）$", "", re.sub(r"^（[一二三四五六七]）", "", group))
        if row.report_label:
            lookup[row.report_label] = code
            lookup[f"{group}{row.report_label}"] = code
            lookup[f"{short_group}{row.report_label}"] = code
        else:
            lookup[group] = code
            lookup[short_group] = code
    return {_normalise(k): v for k, v in lookup.items()}


_LOOKUPS = {
    COL_APPLICANT_TYPE: _choice_lookup(ApplicantType, _APPLICANT_TYPE_ALIASES),
    COL_ID_TYPE: _choice_lookup(IdType),
    COL_CHANNEL: _choice_lookup(Channel, _CHANNEL_ALIASES),
    COL_DECISION: _decision_lookup(),
}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")


def _parse_date(value: str) -> date | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


@dataclass
class ImportReport(csvimport.ImportOutcome):
    imported: list[str] = field(default_factory=list)  # the case numbers created

    def done(self) -> str:
        return f"已导入{len(self.imported)}件申请"

    def forget(self) -> None:
        self.imported = []


@dataclass
class _ImportRow:
    line: int
    body: Body
    case_number: str
    fields: dict
    received_on: date
    status: str
    decided_on: date | None
    replied_on: date | None
    note: str


def _import_parse(line: int, values: Mapping[str, str], bodies: dict, user, today: date):
    """One row → (_ImportRow or None, [messages])."""
    errors: list[str] = []

    def required(column: str) -> str:
        value = values.get(column, "")
        if not value:
            errors.append(MSG_IMPORT_REQUIRED.format(column=column))
        return value

    def choice(column: str, lookup: Mapping[str, str]) -> str:
        value = values.get(column, "")
        if not value:
            return ""
        found = lookup.get(value) or lookup.get(_normalise(value))
        if found is None:
            errors.append(MSG_IMPORT_CHOICE.format(column=column, value=value))
            return ""
        return found

    def day(column: str) -> date | None:
        value = values.get(column, "")
        if not value:
            return None
        parsed = _parse_date(value)
        if parsed is None:
            errors.append(MSG_IMPORT_DATE.format(column=column, value=value))
        elif parsed > today:
            errors.append(MSG_IMPORT_DATE_IN_FUTURE.format(column=column))
            return None
        return parsed

    code = required(COL_BODY)
    body = bodies.get(code)
    if code and body is None:
        errors.append(MSG_IMPORT_BODY.format(value=code))
    elif body is not None and user is not None and not user_may_handle(user, body):
        errors.append(MSG_IMPORT_NO_PERMISSION.format(value=code))
    required(COL_APPLICANT_TYPE)
    applicant_type = choice(COL_APPLICANT_TYPE, _LOOKUPS[COL_APPLICANT_TYPE])
    required(COL_CHANNEL)
    channel = choice(COL_CHANNEL, _LOOKUPS[COL_CHANNEL])
    required(COL_RECEIVED)
    received_on = day(COL_RECEIVED)
    id_type = choice(COL_ID_TYPE, _LOOKUPS[COL_ID_TYPE])
    id_number = values.get(COL_ID_NUMBER, "").upper()
    if id_number and applicant_type:
        identity = applicant_identity_errors(
            applicant_type, id_type or IdType.OTHER, id_number, contact_person="-"
        )
        errors.extend(identity.values())
    decision = choice(COL_DECISION, _LOOKUPS[COL_DECISION])
    decided_on = day(COL_DECIDED)
    replied_on = day(COL_REPLIED)
    if decision and decided_on is None and not values.get(COL_DECIDED):
        errors.append(MSG_IMPORT_DECISION_DATE_REQUIRED)
    if not values.get(COL_DECISION) and (values.get(COL_DECIDED) or values.get(COL_REPLIED)):
        errors.append(MSG_IMPORT_DATE_WITHOUT_DECISION)
    if received_on and decided_on and decided_on < received_on:
        errors.append(MSG_IMPORT_DECIDED_BEFORE_RECEIVED)
    if decided_on and replied_on and replied_on < decided_on:
        errors.append(MSG_IMPORT_REPLIED_BEFORE_DECIDED)
    if errors:
        return None, errors
    # A historic case with a reply is archived; decided without a reply, 已决定; else still open
    # (办理中) — the annual report counts each by its receipt and decision dates.
    if not decision:
        status = ApplicationStatus.HANDLING
    elif replied_on:
        status = ApplicationStatus.ARCHIVED
    else:
        status = ApplicationStatus.DECIDED
    fields = {
        "applicant_type": applicant_type,
        "applicant_name": values.get(COL_APPLICANT, "") or "（历史导入，未登记姓名）",
        "id_type": (id_type or IdType.OTHER) if id_number else "",
        "id_number": id_number,
        "phone": values.get(COL_PHONE, ""),
        "description": values.get(COL_DESCRIPTION, ""),
        "channel": channel,
        "decision": decision,
        "decision_reasons": "",
        "decided_on": decided_on,
        "replied_on": replied_on,
    }
    return (
        _ImportRow(
            line=line,
            body=body,
            case_number=values.get(COL_NUMBER, ""),
            fields=fields,
            received_on=received_on,
            status=status,
            decided_on=decided_on,
            replied_on=replied_on,
            note=values.get(COL_NOTE, ""),
        ),
        [],
    )


def applications_import(
    rows: Iterable[Mapping[str, str | None] | tuple[int, Mapping[str, str | None]]],
    *,
    user=None,
    source: str = "",
) -> ImportReport:
    """Import historic cases, all or nothing (`core.csvimport`).

    `rows` are mappings of column → value, or (line number, mapping) pairs. The whole file is
    checked first; if any row is wrong, the report lists every error by line and nothing is
    written. Otherwise every case is created in one transaction, each with one IMPORT event.
    """
    report = ImportReport()

    def check(numbered: list[csvimport.Row]) -> tuple[list[_ImportRow], list[tuple[int, str]]]:
        codes = {row.get(COL_BODY, "") for _, row in numbered}
        bodies = {b.code: b for b in Body.objects.filter(code__in=codes)}
        today = local_today()
        parsed: list[_ImportRow] = []
        problems: list[tuple[int, str]] = []
        seen_numbers: dict[str, int] = {}
        for line, values in numbered:
            row, errors = _import_parse(line, values, bodies, user, today)
            number = values.get(COL_NUMBER, "")
            if number and number in seen_numbers:
                errors.append(
                    MSG_IMPORT_DUPLICATE_NUMBER.format(value=number, other=seen_numbers[number])
                )
            elif number:
                seen_numbers[number] = line
            problems.extend((line, m) for m in errors)
            if row is not None:
                parsed.append(row)
        existing = Application.objects.filter(case_number__in=list(seen_numbers))
        for number in existing.values_list("case_number", flat=True):
            problems.append((seen_numbers[number], MSG_IMPORT_NUMBER_EXISTS.format(value=number)))
        return parsed, problems

    def write(parsed: list[_ImportRow]) -> None:
        for row in parsed:
            app, _ = workflow.application_open(
                row.body,
                action=Action.IMPORT,
                user=user,
                fields=row.fields,
                received_on=row.received_on,
                status=row.status,
                case_number=row.case_number,
                note=row.note,
                data={"line": row.line, "source": source},
            )
            report.imported.append(app.case_number)

    csvimport.import_all_or_nothing(
        rows, report, columns=IMPORT_COLUMNS, required=IMPORT_REQUIRED, check=check, write=write
    )
    return report


def applications_import_csv(stream: IO[str], *, user=None, source: str = "") -> ImportReport:
    """Read a CSV (header row of IMPORT_COLUMNS) keeping each row's first line number."""
    rows, errors = csvimport.csv_rows(stream)
    if errors:
        return ImportReport(errors=errors)
    return applications_import(rows, user=user, source=source)
