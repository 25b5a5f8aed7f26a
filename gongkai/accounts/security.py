"""The security administrator's reads and writes: login failures, who is locked out, unlocking,
resetting a user's second factor (screens in security_views.py).

django-axes keeps the failures (`AccessFailureLog`, one row per failed login) and the counts that
lock (`AccessAttempt`, one row per user name, address and browser, cleared on success or when the
cool-off has passed). With AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"] a user name is
locked when its failures within the cool-off reach AXES_FAILURE_LIMIT, whatever the address, and
an address likewise whatever the user name. Unlocking removes those counts (axes' own `reset`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from axes.models import AccessAttempt, AccessFailureLog
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet, Sum
from django.utils import timezone

from gongkai.accounts.audit import audit_append
from gongkai.accounts.models import AuditSource

AUDIT_UNLOCK = "gongkai.security.unlock"

MSG_UNLOCK_WHAT = "请指定要解锁的用户名或IP地址"
MSG_NOT_LOCKED = "{what} 当前没有登录失败记录，无需解锁"
MSG_NO_USER = "没有用户名为 {username} 的账号"
MSG_NOT_YOURSELF = "不能重置自己的二次验证；请由另一位安全管理员办理"

RECENT_FAILURES = 100


@dataclass(frozen=True)
class Lock:
    kind: str  # "username" or "ip_address"
    value: str
    failures: int
    last: datetime
    until: datetime

    @property
    def kind_label(self) -> str:
        return "用户名" if self.kind == "username" else "IP地址"


def _window_start() -> datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def locks() -> list[Lock]:
    """The user names and addresses locked out now, the latest first."""
    recent = AccessAttempt.objects.filter(attempt_time__gte=_window_start())
    found = []
    for field in ("username", "ip_address"):
        rows = (
            recent.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        )
        for row in rows:
            found.append(
                Lock(
                    kind=field,
                    value=row[field],
                    failures=row["failures"],
                    last=row["last"],
                    until=row["last"] + settings.AXES_COOLOFF_TIME,
                )
            )
    return sorted(found, key=lambda lock: lock.last, reverse=True)


def recent_failures(username: str = "", ip_address: str = "") -> QuerySet[AccessFailureLog]:
    failures = AccessFailureLog.objects.order_by("-attempt_time")
    if username:
        failures = failures.filter(username=username)
    if ip_address:
        failures = failures.filter(ip_address=ip_address)
    return failures[:RECENT_FAILURES]


def settings_summary() -> list[tuple[str, str]]:
    """The security settings in force, as the screen lists them (read-only: they come from the
    environment, docs/configuration.md)."""
    validators = {
        v["NAME"].rsplit(".", 1)[-1]: v.get("OPTIONS", {})
        for v in settings.AUTH_PASSWORD_VALIDATORS
    }
    min_length = validators.get("MinimumLengthValidator", {}).get("min_length", 8)
    kinds = validators.get("CharacterKindsValidator", {}).get("min_kinds")
    https = getattr(settings, "SESSION_COOKIE_SECURE", False)
    rows = [
        (
            "登录失败锁定",
            f"连续失败 {settings.AXES_FAILURE_LIMIT} 次后锁定（按用户名和按IP地址分别计算）",
        ),
        ("锁定时长", f"{int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)} 分钟"),
        ("空闲超时", f"{settings.GONGKAI_STAFF_IDLE_TIMEOUT // 60} 分钟未操作自动退出"),
        ("会话最长时间", f"{settings.SESSION_COOKIE_AGE // 3600} 小时"),
        ("密码最短长度", f"{min_length} 个字符"),
        (
            "二次验证（TOTP）",
            "平台运维、站点管理员、三员必须启用"
            if getattr(settings, "GONGKAI_REQUIRE_TOTP", False)
            else "未强制（GONGKAI_REQUIRE_TOTP 未开启）",
        ),
        ("HTTPS", "已启用（Secure Cookie、HSTS）" if https else "未启用"),
    ]
    if kinds:
        rows.insert(5, ("密码字符种类", f"至少 {kinds} 种（大写字母、小写字母、数字、符号）"))
    return rows


@transaction.atomic
def unlock(*, username: str = "", ip_address: str = "", by=None) -> int:
    """Clear the failure counts of a user name or an address (or both); returns the rows
    removed. The failure log itself stays."""
    username, ip_address = username.strip(), ip_address.strip()
    if not username and not ip_address:
        raise ValidationError(MSG_UNLOCK_WHAT)
    removed = 0
    if username:
        removed += axes_reset(username=username)
    if ip_address:
        removed += axes_reset(ip=ip_address)
    if not removed:
        raise ValidationError(MSG_NOT_LOCKED.format(what=username or ip_address))
    audit_append(
        AuditSource.SECURITY,
        AUDIT_UNLOCK,
        user=by,
        object_type="auth.user" if username else "",
        object_label=username or ip_address,
        data={"username": username, "ip_address": ip_address, "attempts_removed": removed},
    )
    return removed


def staff_user(username: str):
    try:
        return get_user_model().objects.get(username=username.strip())
    except get_user_model().DoesNotExist as exc:
        raise ValidationError(MSG_NO_USER.format(username=username.strip())) from exc


@transaction.atomic
def second_factor_reset(user, *, by) -> int:
    """Remove the user's authenticator and backup codes (a lost phone): the user enrols again at
    the next login. Returns the devices removed."""
    from gongkai.accounts.twofactor import twofactor_reset

    if by is not None and by.pk == user.pk:
        raise ValidationError(MSG_NOT_YOURSELF)
    # twofactor_reset writes its own audit entry (gongkai.twofactor.reset, with `by`), mirrored
    # into the audit log.
    return twofactor_reset(user, by=by)


def second_factor_state(user) -> str:
    from gongkai.accounts.twofactor import backup_codes_left, totp_device, totp_required

    device = totp_device(user)
    state = "已启用身份验证器" if device is not None else "未启用"
    if device is not None:
        state += f"，剩余备用验证码 {backup_codes_left(user)} 个"
    if totp_required(user):
        state += "（必须启用）"
    return state
