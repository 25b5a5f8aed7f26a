"""Writes about disclosure applications that are not a step of the workflow itself.

Submitting and registering a case (validation, then `workflow.application_open` in a transaction
that has committed before the receipt number is returned), importing historic cases, reminders,
remedies (report table 四) and the case library. Every status change still goes through
`workflow.py`.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.applications import workflow
from gongkai.applications.deadlines import cn_date
from gongkai.applications.decisions import DECISION_ROWS, DecisionCode
from gongkai.applications.models import (
    RECEIPT_DATE_RULES,
    Action,
    ApplicantType,
    Application,
    ApplicationStatus,
    Channel,
    Delivery,
    IdType,
    ProvisionForm,
    RemedyCase,
    RemedyKind,
    RemedyOutcome,
    ReminderSent,
    TypicalCase,
    applicant_identity_errors,
)
from gongkai.applications.selectors import applications_needing_reminder, user_may_handle
from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.core.dates import local_date
from gongkai.core.dates import today as local_today

# What an applicant (or the clerk registering for them) fills in (条例 Art. 29).
APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_reference",
    "purpose",
    "provision_form",
    "delivery",
    "fee_waiver_requested",
)
_DEFAULTS = {
    "contact_person": "",
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "document_reference": "",
    "purpose": "",
    "provision_form": ProvisionForm.ELECTRONIC,
    "delivery": Delivery.ONLINE,
    "fee_waiver_requested": False,
}

MSG_UNKNOWN_FIELDS = "无法识别的字段：{fields}"
MSG_REGISTER_ONLINE = "在线申请由申请人在平台提交，不需要登记"
MSG_RECEIVED_ON_REQUIRED = "请填写收到申请之日：{rule}（条例第三十一条）"
MSG_RECEIVED_IN_FUTURE = "收到申请之日不能晚于今天"


def _applicant_fields(data: Mapping[str, Any], *, channel: str, received_on: date | None) -> dict:
    """The applicant's fields, validated as the model and 条例 Art. 29 require.

    Raises `ValidationError` with a Chinese message per field, for the form to show.
    """
    unknown = set(data) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(MSG_UNKNOWN_FIELDS.format(fields="、".join(sorted(unknown))))
    fields = {**_DEFAULTS, **{k: v for k, v in data.items() if v is not None}}
    for name, value in fields.items():
        if isinstance(value, str):
            fields[name] = value.strip()
    draft = Application(**fields, channel=channel, received_on=received_on)
    checked = {*APPLICANT_FIELDS, "channel", "received_on"}
    draft.full_clean(
        exclude=[f.name for f in Application._meta.fields if f.name not in checked],
        validate_unique=False,
        validate_constraints=False,
    )
    return {name: getattr(draft, name) for name in APPLICANT_FIELDS}


def application_submit_online(body: Body, data: Mapping[str, Any]) -> tuple[Application, str]:
    """在线申请: the case and its first event are committed, then the case and its query code are
    returned — the receipt number is shown only for what is safely stored.

    条例 Art. 31 / regulations.md §9: the receipt date of an online application is the moment the
    platform issues the receipt number (双方确认之日). Must not run inside another transaction
    (`durable=True` raises if it does).
    """
    fields = _applicant_fields(data, channel=Channel.ONLINE, received_on=local_today())
    with transaction.atomic(durable=True):
        now = timezone.now()
        app, code = workflow.application_open(
            body,
            action=Action.SUBMIT,
            user=None,
            fields={**fields, "channel": Channel.ONLINE},
            received_on=local_date(now),
            received_at=now,
        )
    return app, code


def application_register(
    *,
    user,
    body: Body,
    channel: str,
    data: Mapping[str, Any],
    received_on: date | None = None,
    note: str = "",
) -> tuple[Application, str]:
    """登记 by staff of an application handed in, posted or faxed (条例 Arts. 29, 31).

    `received_on` is the legal receipt date the clerk records: for 当面提交 that day (default
    today), for 邮寄签收 the day the body signed, for 平常信函 the day of confirmation with the
    applicant, for 传真 the day both confirmed. Returns the case and its query code, after commit.
    """
    if channel == Channel.ONLINE:
        raise ValidationError({"channel": MSG_REGISTER_ONLINE})
    if channel not in Channel.values:
        raise ValidationError({"channel": f"提交方式无效：{channel}"})
    today = local_today()
    if received_on is None:
        if channel != Channel.IN_PERSON:
            rule = RECEIPT_DATE_RULES[Channel(channel)]
            raise ValidationError({"received_on": MSG_RECEIVED_ON_REQUIRED.format(rule=rule)})
        received_on = today
    if received_on > today:
        raise ValidationError({"received_on": MSG_RECEIVED_IN_FUTURE})
    fields = _applicant_fields(data, channel=channel, received_on=received_on)
    with transaction.atomic(durable=True):
        now = timezone.now()
        app, code = workflow.application_open(
            body,
            action=Action.REGISTER,
            user=user,
            fields={**fields, "channel": channel},
            received_on=received_on,
            received_at=now if channel == Channel.IN_PERSON and received_on == today else None,
            note=note,
        )
    return app, code


# --- Import of historic cases --------------------------------------------------------------------

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


# --- Reminders -------------------------------------------------------------------------------------

REMINDER_SUBJECT = "依申请公开办理提醒：{count}件申请即将到期或已超期"
REMINDER_INTRO = (
    "{name}：\n\n以下政府信息公开申请即将到期或已经超过答复期限（《政府信息公开条例》第三十三条），"
    "请及时办理：\n"
)
REMINDER_LINE = "- {number}（{body}）：答复期限{due}{provisional}，{left}"
REMINDER_FOOTER = "\n本邮件由政务公开平台每日自动发送。"


@dataclass
class ReminderReport:
    emails: int = 0
    cases: int = 0
    without_recipient: list[str] = field(default_factory=list)


def _reminder_recipients(app: Application, clerks_by_body: dict[int, list]) -> list:
    handler = app.handler
    if handler is not None and handler.is_active and handler.email:
        return [handler]
    return clerks_by_body.get(app.body_id, [])


def application_reminders_send(*, today: date | None = None) -> ReminderReport:
    """Mail each case's handler (or, without one, the body's clerks) about cases due within three
    working days or overdue. Idempotent per day: a case is mailed to a person once a day."""
    today = today or local_today()
    report = ReminderReport()
    rows = applications_needing_reminder(today=today)
    body_ids = {r.application.body_id for r in rows}
    clerks_by_body: dict[int, list] = {}
    for membership in (
        BodyMembership.objects.filter(
            body_id__in=body_ids, role=BodyRole.CLERK, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    ):
        clerks_by_body.setdefault(membership.body_id, []).append(membership.user)
    already = set(
        ReminderSent.objects.filter(sent_on=today).values_list("application_id", "recipient_id")
    )
    by_recipient: dict[int, tuple[Any, list]] = {}
    for row in rows:
        recipients = _reminder_recipients(row.application, clerks_by_body)
        if not recipients:
            report.without_recipient.append(row.application.case_number)
        for user in recipients:
            if (row.application.pk, user.pk) in already:
                continue
            by_recipient.setdefault(user.pk, (user, []))[1].append(row)
    cases = set()
    for user, user_rows in by_recipient.values():
        lines = []
        for row in user_rows:
            due = row.deadline.due
            left = (
                f"已超期{-row.days_left}个工作日"
                if row.days_left < 0
                else f"剩余{row.days_left}个工作日"
            )
            lines.append(
                REMINDER_LINE.format(
                    number=row.application.case_number,
                    body=row.application.body.name,
                    due=cn_date(due),
                    provisional="（暂定）" if row.deadline.provisional else "",
                    left=left,
                )
            )
        name = user.get_full_name() or user.get_username()
        send_mail(
            REMINDER_SUBJECT.format(count=len(user_rows)),
            "\n".join([REMINDER_INTRO.format(name=name), *lines, REMINDER_FOOTER]),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        # Recorded after the mail went out: a failure is retried by the next run.
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(
                    application=row.application,
                    recipient=user,
                    sent_on=today,
                    kind="overdue" if row.days_left < 0 else "due_soon",
                )
                for row in user_rows
            ],
            ignore_conflicts=True,
        )
        report.emails += 1
        cases.update(row.application.pk for row in user_rows)
    report.cases = len(cases)
    return report


# --- Remedies (report table 四) and the case library ----------------------------------------------

MSG_REMEDY_KIND = "类型无效"
MSG_REMEDY_ROUTE_REQUIRED = "行政诉讼请选择“未经复议直接起诉”或“复议后起诉”"
MSG_REMEDY_ROUTE_FOR_RECONSIDERATION = "行政复议不填写起诉方式"
MSG_REMEDY_OUTCOME = "结果无效"
MSG_REMEDY_CONCLUDED_ON_REQUIRED = "已审结的，请填写审结日期"
MSG_REMEDY_PENDING_WITH_DATE = "尚未审结的，不填写审结日期"
MSG_REMEDY_CONCLUDED_BEFORE_FILED = "审结日期不能早于申请或起诉日期"
MSG_DATE_IN_FUTURE = "日期不能晚于今天"
MSG_TYPICAL_OPEN = "只有已办结的申请可以编为典型案例"
MSG_TYPICAL_REQUIRED = "请填写标题、案情摘要和答复要点"
MSG_TYPICAL_PERSONAL_DATA = "典型案例中不得出现申请人的姓名、证件号码或联系方式，请先去除个人信息"


def _check_handles(user, app: Application) -> None:
    if user is None or not user_may_handle(user, app.body):
        raise workflow.WorkflowError(workflow.MSG_NOT_HANDLER)


def _remedy_errors(
    kind: str, route: str, filed_on: date, outcome: str, concluded_on: date | None
) -> dict[str, str]:
    errors = {}
    today = local_today()
    if kind not in RemedyKind.values:
        errors["kind"] = MSG_REMEDY_KIND
    elif kind == RemedyKind.LITIGATION and not route:
        errors["litigation_route"] = MSG_REMEDY_ROUTE_REQUIRED
    elif kind == RemedyKind.RECONSIDERATION and route:
        errors["litigation_route"] = MSG_REMEDY_ROUTE_FOR_RECONSIDERATION
    if outcome not in RemedyOutcome.values:
        errors["outcome"] = MSG_REMEDY_OUTCOME
    elif outcome == RemedyOutcome.PENDING and concluded_on is not None:
        errors["concluded_on"] = MSG_REMEDY_PENDING_WITH_DATE
    elif outcome != RemedyOutcome.PENDING and concluded_on is None:
        errors["concluded_on"] = MSG_REMEDY_CONCLUDED_ON_REQUIRED
    if filed_on > today:
        errors["filed_on"] = MSG_DATE_IN_FUTURE
    if concluded_on is not None and "concluded_on" not in errors:
        if concluded_on < filed_on:
            errors["concluded_on"] = MSG_REMEDY_CONCLUDED_BEFORE_FILED
        elif concluded_on > today:
            errors["concluded_on"] = MSG_DATE_IN_FUTURE
    return errors


@transaction.atomic
def remedy_case_record(
    *,
    user,
    application: Application,
    kind: str,
    filed_on: date,
    litigation_route: str = "",
    outcome: str = RemedyOutcome.PENDING,
    concluded_on: date | None = None,
    note: str = "",
) -> RemedyCase:
    """A reconsideration or lawsuit about a case (条例 Art. 51), counted in report table 四."""
    _check_handles(user, application)
    errors = _remedy_errors(kind, litigation_route, filed_on, outcome, concluded_on)
    if errors:
        raise ValidationError(errors)
    return RemedyCase.objects.create(
        application=application,
        kind=kind,
        litigation_route=litigation_route,
        filed_on=filed_on,
        outcome=outcome,
        concluded_on=concluded_on,
        note=note.strip(),
        recorded_by=user,
    )


@transaction.atomic
def remedy_case_conclude(
    remedy: RemedyCase, *, user, outcome: str, concluded_on: date, note: str = ""
) -> RemedyCase:
    remedy = (
        RemedyCase.objects.select_for_update().select_related("application__body").get(pk=remedy.pk)
    )
    _check_handles(user, remedy.application)
    errors = _remedy_errors(
        remedy.kind, remedy.litigation_route, remedy.filed_on, outcome, concluded_on
    )
    if errors:
        raise ValidationError(errors)
    remedy.outcome = outcome
    remedy.concluded_on = concluded_on
    if note.strip():
        remedy.note = f"{remedy.note}\n{note.strip()}".strip()
    remedy.save(update_fields=["outcome", "concluded_on", "note"])
    return remedy


def _personal_data_in(app: Application, *texts: str) -> bool:
    joined = "\n".join(texts)
    compact = re.sub(r"\s+", "", joined)
    markers = [app.applicant_name, app.id_number, app.phone, app.email, app.contact_person]
    return any(m and len(m.strip()) >= 2 and m.strip() in compact for m in markers)


@transaction.atomic
def typical_case_publish(
    *,
    user,
    application: Application,
    title: str,
    summary: str,
    reply_text: str,
    published_on: date | None = None,
    typical_case: TypicalCase | None = None,
) -> TypicalCase:
    """Publish (or update and publish) an anonymised write-up of a closed case (典型案例)."""
    _check_handles(user, application)
    if not application.decision:
        raise workflow.WorkflowError(MSG_TYPICAL_OPEN)
    title, summary, reply_text = title.strip(), summary.strip(), reply_text.strip()
    if not (title and summary and reply_text):
        raise ValidationError(MSG_TYPICAL_REQUIRED)
    if _personal_data_in(application, title, summary, reply_text):
        raise ValidationError(MSG_TYPICAL_PERSONAL_DATA)
    case = typical_case or TypicalCase(application=application, created_by=user)
    case.title, case.summary, case.reply_text = title, summary, reply_text
    case.published = True
    case.published_on = published_on or local_today()
    case.save()
    return case


@transaction.atomic
def typical_case_unpublish(typical_case: TypicalCase, *, user) -> TypicalCase:
    _check_handles(user, typical_case.application)
    typical_case.published = False
    typical_case.save(update_fields=["published", "updated_at"])
    return typical_case
