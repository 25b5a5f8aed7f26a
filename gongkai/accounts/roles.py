"""三员分立: who holds which of the three platform roles, and granting them (docs/security.md).

- 系统管理员 (the platform operator, a Django superuser): bodies, accounts, configuration,
  content. A superuser without a `PlatformRole` row (one made by `createsuperuser`) counts as one.
- 安全管理员: login failures and lockouts, unlocking, resetting a user's second factor, the
  security settings (/admin/security/).
- 审计管理员: reads and exports the audit log (/admin/audit/); nothing else.

One person holds at most one of the three (`PlatformRole.user` is one-to-one). A security or
audit administrator is never a superuser and holds no body role: the grant refuses it, and so do
the guards below when someone later tries (a body role granted in 机关管理, the superuser flag set
in the user editor). Roles are granted and revoked only here (command `platform_role`), each
time in the audit log.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver

from gongkai.accounts.audit import audit_append
from gongkai.accounts.models import AuditSource, PlatformRole, PlatformRoleName
from gongkai.bodies.models import BodyMembership, BodyRole

AUDIT_GRANT = "gongkai.platform_role.grant"
AUDIT_REVOKE = "gongkai.platform_role.revoke"

# The two roles kept apart from everything else (no superuser, no body role).
SEPARATE = (PlatformRoleName.SECURITY, PlatformRoleName.AUDIT)

MSG_ONE_ROLE = "{user} 已是{held}：一人只能担任系统管理员、安全管理员、审计管理员中的一个角色"
MSG_SUPERUSER = "{user} 是系统管理员（超级用户），不能兼任{role}"
MSG_BODY_ROLE = "{user} 在机关中担任角色（{roles}），{role}不能兼任机关角色，请先撤销"
MSG_INACTIVE = "{user} 的账号已停用，不能授予平台角色"
MSG_NO_ROLE = "{user} 没有平台角色"
MSG_GUARD_BODY = "{user} 是{role}，不能授予机关角色（三员分立）"
MSG_GUARD_SUPERUSER = "{user} 是{role}，不能设为超级用户（三员分立）"


# --- Reads -----------------------------------------------------------------------------------------


def platform_role(user) -> str | None:
    """The platform role the user acts in: SYSTEM for a superuser, SECURITY or AUDIT for the one
    who holds it (and is neither a superuser nor holds a body role), None for everyone else.
    Cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_gongkai_platform_role", False)
    if cached is not False:
        return cached
    held = PlatformRole.objects.filter(user=user).values_list("role", flat=True).first()
    if user.is_superuser:
        role = PlatformRoleName.SYSTEM if held in (None, PlatformRoleName.SYSTEM) else None
    elif held in SEPARATE and not BodyMembership.objects.filter(user=user).exists():
        role = held
    else:
        role = None
    user._gongkai_platform_role = role
    return role


def holds_separate_role(user) -> bool:
    """A security or audit administrator (the admin shows them their screen only)."""
    return platform_role(user) in SEPARATE


def platform_roles_list() -> list[dict]:
    """Every holder of a platform role, with the superusers that hold no row (as 系统管理员)."""
    from django.contrib.auth import get_user_model

    rows = [
        {
            "username": r.user.get_username(),
            "role": r.role,
            "label": r.get_role_display(),
            "granted_at": r.granted_at,
            "registered": True,
        }
        for r in PlatformRole.objects.select_related("user").order_by("role", "user__username")
    ]
    registered = {r["username"] for r in rows}
    for user in get_user_model().objects.filter(is_superuser=True).order_by("username"):
        if user.get_username() not in registered:
            rows.append(
                {
                    "username": user.get_username(),
                    "role": PlatformRoleName.SYSTEM,
                    "label": PlatformRoleName.SYSTEM.label,
                    "granted_at": None,
                    "registered": False,
                }
            )
    return rows


# --- Writes ----------------------------------------------------------------------------------------


def role_group(role: str) -> Group:
    """The Wagtail group of a separate role: access to the admin, nothing else."""
    group, _ = Group.objects.get_or_create(name=PlatformRoleName(role).label)
    group.permissions.set(
        [Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin")]
    )
    return group


def _refusals(user, role: str) -> list[str]:
    name = user.get_username()
    label = PlatformRoleName(role).label
    if not user.is_active:
        return [MSG_INACTIVE.format(user=name)]
    held = PlatformRole.objects.filter(user=user).exclude(role=role).first()
    if held is not None:
        return [MSG_ONE_ROLE.format(user=name, held=held.get_role_display())]
    if role in SEPARATE:
        if user.is_superuser:
            return [MSG_SUPERUSER.format(user=name, role=label)]
        roles = BodyMembership.objects.filter(user=user).select_related("body")
        if roles:
            held_roles = "、".join(f"{m.body.name}{BodyRole(m.role).label}" for m in roles)
            return [MSG_BODY_ROLE.format(user=name, roles=held_roles, role=label)]
    return []


@transaction.atomic
def platform_role_grant(user, role: str, *, by=None) -> PlatformRole:
    """Give `user` one of the three roles (`by`: who; None is the command line). A system
    administrator becomes a superuser; a security or audit administrator gets the admin's access
    only, through its group."""
    role = PlatformRoleName(role)
    if errors := _refusals(user, role):
        raise ValidationError(errors)
    existing = PlatformRole.objects.filter(user=user).first()
    if existing is not None:
        return existing
    granted = PlatformRole.objects.create(user=user, role=role)
    if role == PlatformRoleName.SYSTEM:
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        user.groups.add(role_group(role))
    audit_append(
        AuditSource.ROLES,
        AUDIT_GRANT,
        user=by,
        obj=user,
        data={"user": user.get_username(), "role": role.value},
    )
    return granted


@transaction.atomic
def platform_role_revoke(user, *, by=None) -> str:
    """Take away the user's platform role (a system administrator stops being a superuser).
    Returns the role taken."""
    held = PlatformRole.objects.filter(user=user).first()
    if held is None and not user.is_superuser:
        raise ValidationError(MSG_NO_ROLE.format(user=user.get_username()))
    role = held.role if held is not None else PlatformRoleName.SYSTEM
    if held is not None:
        held.delete()
    if role == PlatformRoleName.SYSTEM:
        user.is_superuser = user.is_staff = False
        user.save(update_fields=["is_superuser", "is_staff"])
    else:
        user.groups.remove(*Group.objects.filter(name=PlatformRoleName(role).label))
    audit_append(
        AuditSource.ROLES,
        AUDIT_REVOKE,
        user=by,
        obj=user,
        data={"user": user.get_username(), "role": role},
    )
    return role


# --- Guards: the separation holds whatever screen is used --------------------------------------------


def _separate_role_of(user_id) -> str | None:
    return (
        PlatformRole.objects.filter(user_id=user_id, role__in=SEPARATE)
        .values_list("role", flat=True)
        .first()
    )


@receiver(pre_save, sender=BodyMembership, dispatch_uid="gongkai_roles_guard_body")
def refuse_body_role(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if role := _separate_role_of(instance.user_id):
        raise ValidationError(
            {
                "user": MSG_GUARD_BODY.format(
                    user=instance.user.get_username(), role=PlatformRoleName(role).label
                )
            }
        )


def _refuse_superuser(sender, instance, raw=False, **kwargs):
    if raw or not instance.is_superuser or instance.pk is None:
        return
    if role := _separate_role_of(instance.pk):
        raise ValidationError(
            MSG_GUARD_SUPERUSER.format(
                user=instance.get_username(), role=PlatformRoleName(role).label
            )
        )


def _connect_user_guard() -> None:
    from django.contrib.auth import get_user_model

    pre_save.connect(
        _refuse_superuser, sender=get_user_model(), dispatch_uid="gongkai_roles_guard_superuser"
    )


_connect_user_guard()
