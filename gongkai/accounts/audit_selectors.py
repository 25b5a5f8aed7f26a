"""Reading the audit log (`AuditRecord`): the audit administrator's filters, the labels of the
actions, and the rows of the CSV export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import registry as log_action_registry

from gongkai.accounts.audit import LABELS as LOGIN_LABELS
from gongkai.accounts.models import AuditRecord, AuditSource
from gongkai.accounts.roles import AUDIT_GRANT, AUDIT_REVOKE
from gongkai.accounts.security import AUDIT_UNLOCK

AUDIT_EXPORT = "gongkai.audit.export"

OWN_LABELS = {
    **LOGIN_LABELS,
    AUDIT_GRANT: "授予平台角色",
    AUDIT_REVOKE: "撤销平台角色",
    AUDIT_UNLOCK: "解除登录锁定",
    AUDIT_EXPORT: "导出审计日志",
}

CSV_HEADER = [
    "序号",
    "时间",
    "类别",
    "操作代码",
    "操作",
    "操作人",
    "操作人编号",
    "对象类型",
    "对象编号",
    "对象",
    "IP地址",
    "详情",
    "哈希",
]


def action_label(action: str) -> str:
    if action in OWN_LABELS:
        return OWN_LABELS[action]
    if log_action_registry.action_exists(action):
        return str(log_action_registry.get_action_label(action))
    return action


@dataclass(frozen=True)
class AuditFilter:
    start: date | None = None
    end: date | None = None
    actor: str = ""
    action: str = ""
    source: str = ""
    text: str = ""

    def as_data(self) -> dict:
        return {k: str(v) for k, v in self.__dict__.items() if v}


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_records(f: AuditFilter) -> QuerySet[AuditRecord]:
    """The records matching the filter, the latest first (the dates are Beijing days)."""
    records = AuditRecord.objects.order_by("-seq")
    if f.start:
        records = records.filter(timestamp__gte=_day_start(f.start))
    if f.end:
        records = records.filter(timestamp__lt=_day_start(f.end + timedelta(days=1)))
    if f.actor:
        records = records.filter(actor=f.actor)
    if f.action:
        records = records.filter(action=f.action)
    if f.source:
        records = records.filter(source=f.source)
    if f.text:
        records = records.filter(object_label__icontains=f.text)
    return records


def action_choices() -> list[tuple[str, str]]:
    """Every action the log holds, with its label (for the filter)."""
    actions = AuditRecord.objects.order_by().values_list("action", flat=True).distinct()
    return sorted(((a, f"{action_label(a)}（{a}）") for a in actions), key=lambda c: c[0])


def details(record: AuditRecord) -> str:
    """The record's data, as readable text."""
    try:
        data = json.loads(record.data or "{}")
    except ValueError:
        return record.data
    if not data:
        return ""
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a user name typed at the login
    form reaches the export)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def csv_rows(records: QuerySet[AuditRecord]) -> Iterator[list[str]]:
    sources = dict(AuditSource.choices)
    yield CSV_HEADER
    for r in records.iterator(chunk_size=2000):
        yield [_cell(value) for value in _row(r, sources)]


def _row(r: AuditRecord, sources: dict) -> list[str]:
    return [
        str(r.seq),
        timezone.localtime(r.timestamp).strftime("%Y-%m-%d %H:%M:%S"),
        sources.get(r.source, r.source),
        r.action,
        action_label(r.action),
        r.actor,
        "" if r.actor_id is None else str(r.actor_id),
        r.object_type,
        r.object_id,
        r.object_label,
        r.ip_address or "",
        details(r),
        r.hash,
    ]
