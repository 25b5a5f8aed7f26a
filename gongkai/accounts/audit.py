"""Writing the audit log (`AuditRecord`): one append-only, hash-chained table.

What goes in:
- every Wagtail log entry, pages (`PageLogEntry`) and other models (`ModelLogEntry`), mirrored as
  it is written, in the same transaction: the platform's own audit actions (`core.audit`) reach
  it this way too. Wagtail's tables stay as they are (Wagtail may rewrite them: the content type
  of an entry is set to NULL when the content type is removed); this table is the one kept;
- logins: success, failure (user name and address only, never a password) and logout, from
  Django's signals; a lockout, from django-axes' (axes' own tables change and are cleared);
- the security and audit administrators' acts (unlocking, exporting) and the grants and
  revocations of the three roles, written by their services.

Each row holds the SHA-256 of its contents and of the row before it (`prev_hash`): a row changed or
removed behind the database's back breaks the chain, which `audit_verify` (command) walks. Writers
take their turn (an advisory lock on PostgreSQL; SQLite has one writer at a time), so the chain
never forks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import connections, router, transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from gongkai.accounts.models import AuditRecord, AuditSource
from gongkai.core.clientip import client_ip

GENESIS = "0" * 64
# pg_advisory_xact_lock key of the chain's writers ("gkaudit" in ASCII).
_LOCK_KEY = 0x676B6175646974

LOGIN_SUCCESS = "gongkai.login.success"
LOGIN_FAILURE = "gongkai.login.failure"
LOGOUT = "gongkai.login.logout"
LOCKOUT = "gongkai.login.lockout"

LABELS = {
    LOGIN_SUCCESS: "登录成功",
    LOGIN_FAILURE: "登录失败",
    LOGOUT: "退出登录",
    LOCKOUT: "登录被锁定",
}


def canonical_json(data: Mapping[str, Any] | None) -> str:
    return json.dumps(
        dict(data or {}),
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_hash(record: AuditRecord) -> str:
    """The SHA-256 of everything a record says, and of the record before it."""
    fields = [
        record.seq,
        _utc_text(record.timestamp),
        record.source,
        record.action,
        record.actor_id,
        record.actor,
        record.object_type,
        record.object_id,
        record.object_label,
        record.ip_address,
        record.source_ref,
        record.data,
        record.prev_hash,
    ]
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _actor(user) -> tuple[int | None, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user.pk, user.get_username()


def audit_append(
    source: str,
    action: str,
    *,
    user: Any = None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    data: Mapping[str, Any] | None = None,
    ip_address: str | None = None,
    timestamp: datetime | None = None,
    source_ref: str = "",
    actor_id: int | None = None,
    actor: str = "",
) -> AuditRecord:
    """Append one record to the chain (in the caller's transaction, if any)."""
    if user is not None:
        actor_id, actor = _actor(user)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    # The chain's last row is read where it is written (never from a replica).
    db = router.db_for_write(AuditRecord)
    with transaction.atomic(using=db):
        if connections[db].vendor == "postgresql":
            with connections[db].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditRecord.objects.using(db).order_by("-seq").values_list("seq", "hash").first()
        seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        record = AuditRecord(
            seq=seq,
            timestamp=timestamp or timezone.now(),
            source=source,
            action=action[:255],
            actor_id=actor_id,
            actor=(actor or "")[:150],
            object_type=object_type[:100],
            object_id=str(object_id)[:255],
            object_label=object_label or "",
            ip_address=ip_address or None,
            source_ref=source_ref,
            data=canonical_json(data),
            prev_hash=prev_hash,
        )
        record.hash = record_hash(record)
        record.save(using=db)
    return record


# --- Mirroring Wagtail's log entries -----------------------------------------------------------------


def _mirror(entry, source: str, object_id: str) -> None:
    user = entry.user if entry.user_id else None
    content_type = entry.content_type
    data = dict(entry.data or {})
    extra = {
        "uuid": str(entry.uuid) if entry.uuid else None,
        "revision": entry.revision_id,
        "content_changed": entry.content_changed,
        "deleted": entry.deleted,
    }
    audit_append(
        source,
        entry.action,
        actor_id=entry.user_id,
        actor=user.get_username() if user is not None else "",
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=object_id,
        object_label=entry.label,
        data={"data": data, **{k: v for k, v in extra.items() if v}},
        timestamp=entry.timestamp,
        source_ref=f"{source}:{entry.pk}",
    )


@receiver(post_save, sender=PageLogEntry, dispatch_uid="gongkai_audit_page_log")
def mirror_page_log(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _mirror(instance, AuditSource.PAGE, str(instance.page_id))


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="gongkai_audit_model_log")
def mirror_model_log(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        _mirror(instance, AuditSource.MODEL, instance.object_id)


# --- Logins ------------------------------------------------------------------------------------------


def _ip(request) -> str | None:
    return client_ip(request) if request is not None and hasattr(request, "META") else None


@receiver(user_logged_in, dispatch_uid="gongkai_audit_login")
def record_login(sender, request, user, **kwargs):
    audit_append(AuditSource.LOGIN, LOGIN_SUCCESS, user=user, obj=user, ip_address=_ip(request))


@receiver(user_logged_out, dispatch_uid="gongkai_audit_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_append(AuditSource.LOGIN, LOGOUT, user=user, obj=user, ip_address=_ip(request))


@receiver(user_login_failed, dispatch_uid="gongkai_audit_login_failed")
def record_login_failure(sender, credentials, request=None, **kwargs):
    username = str((credentials or {}).get("username") or "")[:150]
    audit_append(
        AuditSource.LOGIN,
        LOGIN_FAILURE,
        object_type="auth.user",
        object_label=username,
        data={"username": username},
        ip_address=_ip(request),
    )


def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    audit_append(
        AuditSource.LOGIN,
        LOCKOUT,
        object_type="auth.user",
        object_label=username or "",
        data={"username": username or ""},
        ip_address=ip_address or _ip(request),
    )


def _connect_axes() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(record_lockout, dispatch_uid="gongkai_audit_lockout")


_connect_axes()


# --- Verifying the chain -----------------------------------------------------------------------------


@dataclass
class ChainReport:
    checked: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def _records() -> Iterator[AuditRecord]:
    return AuditRecord.objects.order_by("seq").iterator(chunk_size=2000)


def audit_verify(limit_problems: int = 50) -> ChainReport:
    """Walk the chain from the first record: each hash must match the record's contents, each
    `prev_hash` the record before, and the numbers must follow one another without a gap."""
    report = ChainReport(problems=[])
    problems = report.problems
    assert problems is not None
    prev_seq, prev_hash = 0, GENESIS
    for record in _records():
        report.checked += 1
        if record.seq != prev_seq + 1:
            problems.append(f"第 {prev_seq + 1}–{record.seq - 1} 条缺失")
        if record.prev_hash != prev_hash:
            problems.append(f"第 {record.seq} 条：与前一条的链接不符")
        if record_hash(record) != record.hash:
            problems.append(f"第 {record.seq} 条：内容与哈希不符（已被改动）")
        prev_seq, prev_hash = record.seq, record.hash
        if len(problems) >= limit_problems:
            break
    report.head_seq, report.head_hash = prev_seq, prev_hash
    return report
