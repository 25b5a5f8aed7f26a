"""三员分立: the platform roles (system, security and audit administrators) and the append-only
audit log (docs/security.md, "三员分立").

`PlatformRole` says who holds which of the three roles; it is granted and revoked only through
`accounts.roles` (command `platform_role`). `AuditRecord` is the audit log: every Wagtail log entry
(pages and other models) is mirrored into it, with the logins, lockouts and the security and audit
administrators' own acts. Its rows are never changed or deleted: the model refuses it, and so do
database triggers (migration 0002) on SQLite and PostgreSQL; each row holds the hash of the one
before it, so that a row changed behind the database's back is found (`manage.py audit_verify`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PlatformRoleName(models.TextChoices):
    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class PlatformRole(models.Model):
    """One of the three roles of 三员分立, held by one account. One person holds at most one."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="platform_role"
    )
    role = models.CharField("平台角色", max_length=16, choices=PlatformRoleName.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "平台管理角色"
        verbose_name_plural = "平台管理角色"

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditSource(models.TextChoices):
    PAGE = "page", "页面操作"
    MODEL = "model", "对象操作"
    LOGIN = "login", "登录"
    SECURITY = "security", "安全管理"
    AUDIT = "audit", "审计管理"
    ROLES = "roles", "平台角色"


class AuditRecordChanged(Exception):
    """Raised on any attempt to change or delete an audit record."""


MSG_APPEND_ONLY = "审计记录只能追加，不能修改或删除"


class AuditRecordQuerySet(models.QuerySet):
    """Reads only: a bulk update or delete is refused as the single row's is."""

    def update(self, **kwargs):
        raise AuditRecordChanged(MSG_APPEND_ONLY)

    def delete(self):
        raise AuditRecordChanged(MSG_APPEND_ONLY)

    delete.queryset_only = True  # type: ignore[attr-defined]


class AuditRecord(models.Model):
    """One event of the audit log, never changed. Written only by `accounts.audit.audit_append`."""

    seq = models.PositiveBigIntegerField("序号", unique=True)
    timestamp = models.DateTimeField("时间", db_index=True)
    source = models.CharField("类别", max_length=16, choices=AuditSource.choices, db_index=True)
    action = models.CharField("操作", max_length=255, db_index=True)
    # The acting account as it was: its id and user name (no foreign key, so that the record stays
    # whole when the account is deleted).
    actor_id = models.BigIntegerField("操作人编号", null=True, blank=True, db_index=True)
    actor = models.CharField("操作人", max_length=150, blank=True, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=255, blank=True)
    object_label = models.TextField("对象", blank=True)
    ip_address = models.GenericIPAddressField("IP地址", null=True, blank=True)
    # The Wagtail log entry this row mirrors ("page:12", "model:40"); empty for the others.
    source_ref = models.CharField("来源记录", max_length=40, blank=True, db_index=True)
    # Canonical JSON text (sorted keys), exactly as hashed.
    data = models.TextField("详情", blank=True, default="{}")
    prev_hash = models.CharField("前一条的哈希", max_length=64)
    hash = models.CharField("哈希", max_length=64, unique=True)

    objects = AuditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ["-seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AuditRecordChanged(MSG_APPEND_ONLY)
        kwargs["force_insert"] = True
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditRecordChanged(MSG_APPEND_ONLY)
