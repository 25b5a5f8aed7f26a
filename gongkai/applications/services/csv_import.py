"""Import of historic cases (docs/workflow.md, "Importing historic cases"): all or nothing, every
error reported with its line; each case gets one IMPORT event through `workflow.application_open`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO

from django.db import IntegrityError, transaction

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

MSG_IMPORT_ROW = "第{line}行：{message}"
MSG_IMPORT_MISSING_COLUMNS = "第1行（表头）：缺少必需的列：{columns}"
MSG_IMPORT_UNKNOWN_COLUMNS = "第1行（表头）：无法识别的列：{columns}"
MSG_IMPORT_EMPTY = "文件中没有数据行"
MSG_IMPORT_REQUIRED = "“{column}”不能为空"
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
MSG_IMPORT_FAILED = "写入数据库失败，未导入任何记录：{error}"
MSG_IMPORT_NOTHING = "文件有错误，未导入任何记录"

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
class ImportReport:
    imported: list[str] = field(default_factory=list)  # the case numbers created
    errors: list[str] = field(default_factory=list)  # "第N行：…", in Chinese

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return "\n".join([MSG_IMPORT_NOTHING, *self.errors])
        return f"已导入{len(self.imported)}件申请"


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


def _import_parse(line: int, raw: Mapping[str, str | None], bodies: dict, user, today: date):
    """One row → (_ImportRow or None, [messages])."""
    values = {k: (v or "").strip() for k, v in raw.items() if k}
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
    """Import historic cases, all or nothing.

    `rows` are mappings of column → value (csv.DictReader rows), or (line number, mapping) pairs;
    without line numbers, the header is line 1 and the rows follow from line 2. The whole file
    is checked first; if any row is wrong, the report lists every error by line and nothing is
    written. Otherwise every case is created in one transaction, each with one IMPORT event.
    """
    report = ImportReport()
    numbered = [
        item if isinstance(item, tuple) else (index + 2, item) for index, item in enumerate(rows)
    ]
    if not numbered:
        report.errors.append(MSG_IMPORT_EMPTY)
        return report
    columns = {k for _, row in numbered for k in row if k}
    missing = [c for c in IMPORT_REQUIRED if c not in columns]
    unknown = sorted(columns - set(IMPORT_COLUMNS))
    if missing:
        report.errors.append(MSG_IMPORT_MISSING_COLUMNS.format(columns="、".join(missing)))
    if unknown:
        report.errors.append(MSG_IMPORT_UNKNOWN_COLUMNS.format(columns="、".join(unknown)))
    if report.errors:
        return report

    codes = {(row.get(COL_BODY) or "").strip() for _, row in numbered}
    bodies = {b.code: b for b in Body.objects.filter(code__in=codes)}
    today = local_today()
    parsed: list[_ImportRow] = []
    seen_numbers: dict[str, int] = {}
    for line, raw in numbered:
        row, errors = _import_parse(line, raw, bodies, user, today)
        number = (raw.get(COL_NUMBER) or "").strip()
        if number:
            if number in seen_numbers:
                errors.append(
                    MSG_IMPORT_DUPLICATE_NUMBER.format(value=number, other=seen_numbers[number])
                )
            else:
                seen_numbers[number] = line
        report.errors.extend(MSG_IMPORT_ROW.format(line=line, message=m) for m in errors)
        if row is not None:
            parsed.append(row)
    existing = set(
        Application.objects.filter(case_number__in=list(seen_numbers)).values_list(
            "case_number", flat=True
        )
    )
    for number in sorted(existing, key=seen_numbers.get):
        report.errors.append(
            MSG_IMPORT_ROW.format(
                line=seen_numbers[number], message=MSG_IMPORT_NUMBER_EXISTS.format(value=number)
            )
        )
    if report.errors:
        report.errors.sort(key=_line_of)
        return report

    try:
        with transaction.atomic(durable=True):
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
    except (IntegrityError, workflow.WorkflowError) as exc:
        report.imported = []
        report.errors.append(MSG_IMPORT_FAILED.format(error=getattr(exc, "message", exc)))
    return report


def _line_of(message: str) -> int:
    match = re.match(r"第(\d+)行", message)
    return int(match[1]) if match else 0


def applications_import_csv(stream: IO[str], *, user=None, source: str = "") -> ImportReport:
    """Read a CSV (header row of IMPORT_COLUMNS) keeping each row's first line number."""
    reader = csv.DictReader(stream)
    header = reader.fieldnames  # reads the header row
    rows = []
    previous_line = reader.line_num
    for row in reader:
        rows.append((previous_line + 1, row))
        previous_line = reader.line_num
    if not rows:
        return ImportReport(errors=[MSG_IMPORT_EMPTY])
    # Every column of the header counts, even one whose values are all empty.
    names = [name for name in header or () if name]
    rows = [(line, {**dict.fromkeys(names, ""), **row}) for line, row in rows]
    return applications_import(rows, user=user, source=source)
