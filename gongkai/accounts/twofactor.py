"""The second factor for staff (二次验证; 等保2.0 三级 身份鉴别: two kinds of authentication).

After the password, a staff member with a confirmed device enters a 6-digit TOTP code (RFC 6238:
30-second step, one step either way) or one of ten one-time backup codes, once per session
(`middleware_twofactor.py`). django-otp keeps the devices and throttles wrong codes per device (a
wait that doubles with each failure). Required of 站点管理员 and 平台运维 when the setting
GONGKAI_REQUIRE_TOTP is on (`totp_required`). Every failure goes to the `gongkai.security` log and
the audit log; neither ever holds a code or a secret.
"""

from __future__ import annotations

import logging
import math
import re
from base64 import b32encode
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.functional import LazyObject
from django_otp import devices_for_user, user_has_device, verify_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import PlatformRole
from gongkai.bodies.models import BodyMembership, BodyRole
from gongkai.core.audit import audit_log
from gongkai.core.clientip import client_ip

logger = logging.getLogger("gongkai.security")

BACKUP_CODE_COUNT = 10
TOTP_NAME = "身份验证器"
BACKUP_NAME = "备用验证码"

AUDIT_ENROL = "gongkai.twofactor.enrol"
AUDIT_FAILED = "gongkai.twofactor.failed"
AUDIT_BACKUP_USED = "gongkai.twofactor.backup_used"
AUDIT_BACKUP_CODES = "gongkai.twofactor.backup_codes"
AUDIT_DISABLE = "gongkai.twofactor.disable"
AUDIT_RESET = "gongkai.twofactor.reset"

MSG_CODE_EMPTY = "请输入验证码。"
MSG_CODE_WRONG = (
    "验证码不正确或已过期。请输入身份验证器当前显示的6位数字，或一个未使用过的备用验证码。"
)
MSG_ENROL_WRONG = (
    "验证码不正确。请确认手机的时间准确，再输入身份验证器当前显示的6位数字（每30秒更换一次）。"
)
MSG_THROTTLED = "验证码错误次数过多，请在{seconds}秒后再试。"

# What the middleware asks of a signed-in user before any staff page.
NEED_VERIFY = "verify"
NEED_ENROL = "enrol"

_TOTP_CODE = re.compile(r"\d{6}")


# --- Reads ----------------------------------------------------------------------------------------


def totp_required(user) -> bool:
    """Whether the user may not work without a second factor: 平台运维 (superusers) and
    站点管理员 of any body, and the three roles of 三员分立 (`accounts.models.PlatformRole`),
    while GONGKAI_REQUIRE_TOTP is on."""
    if not settings.GONGKAI_REQUIRE_TOTP or not user.is_authenticated:
        return False
    if user.is_superuser or PlatformRole.objects.filter(user=user).exists():
        return True
    return BodyMembership.objects.filter(user=user, role=BodyRole.SITE_ADMIN).exists()


def twofactor_enabled(user) -> bool:
    """The user has a confirmed device (an authenticator, or backup codes left from one)."""
    return user_has_device(user, confirmed=True)


def twofactor_need(user) -> str | None:
    """What a signed-in user not yet verified in this session must do first: enter a code
    (NEED_VERIFY), enrol (NEED_ENROL), or nothing (None)."""
    if twofactor_enabled(user):
        return NEED_VERIFY
    if totp_required(user):
        return NEED_ENROL
    return None


def totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it by hand: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code (the otpauth:// address with the secret) as inline SVG, made here:
    the secret never leaves the server for a QR service."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(
        scale=4, title="身份验证器二维码", svgclass="twofactor-qr", lineclass=None, omitsize=True
    )


# --- Checking a code -------------------------------------------------------------------------------


@dataclass
class CodeCheck:
    device: object | None = None
    error: str = ""
    backup: bool = False
    extra: dict = field(default_factory=dict)


def _normalised(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def _throttled(device) -> str:
    allowed, info = device.verify_is_allowed()
    if allowed:
        return ""
    locked_until = (info or {}).get("locked_until")
    seconds = (locked_until - timezone.now()).total_seconds() if locked_until else 1
    return MSG_THROTTLED.format(seconds=max(1, math.ceil(seconds)))


_SELF = object()


def _audit(user, action: str, by=_SELF, data: dict | None = None) -> None:
    # request.user is a lazy object twice over (auth, then django-otp); Wagtail's log needs the
    # model instance to find its log table.
    while isinstance(user, LazyObject):
        user.pk  # noqa: B018 (evaluates it)
        user = user._wrapped
    audit_log(user, action, user=user if by is _SELF else by, data=data)


def _failed(request, user, step: str, reason: str) -> None:
    """Every failure: a line in the security log and (for a wrong code) a row in the audit log;
    never the code itself."""
    address = client_ip(request) if request is not None else None
    logger.warning(
        "second factor refused: user=%s id=%s step=%s reason=%s address=%s",
        user.get_username(),
        user.pk,
        step,
        reason,
        address,
    )
    if reason == "wrong":
        _audit(user, AUDIT_FAILED, data={"step": step, "address": address})


def _check(request, user, code: str, devices: list, step: str, wrong: str) -> CodeCheck:
    code = _normalised(code)
    if not code:
        return CodeCheck(error=MSG_CODE_EMPTY)
    for device in devices:
        if message := _throttled(device):
            _failed(request, user, step, "throttled")
            return CodeCheck(error=message)
        # In a transaction, the device locked: two requests cannot both use one code.
        if verified := verify_token(user, device.persistent_id, code):
            return CodeCheck(device=verified, backup=isinstance(verified, StaticDevice))
    _failed(request, user, step, "wrong")
    return CodeCheck(error=wrong)


def code_check(request, user, code: str, step: str = "verify") -> CodeCheck:
    """A code against the user's confirmed devices: six digits against the authenticator, anything
    else against the backup codes (a used one is gone)."""
    code = _normalised(code)
    if _TOTP_CODE.fullmatch(code):
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    return _check(request, user, code, devices, step, MSG_CODE_WRONG)


# --- Writes ---------------------------------------------------------------------------------------


def _session_verified(request, device) -> None:
    # A new session key once the second factor is passed, as after a password (session fixation).
    request.session.cycle_key()
    otp_login(request, device)


def twofactor_verify(request, code: str) -> CodeCheck:
    """The login's second step: on a right code the session counts as verified."""
    user = request.user
    result = code_check(request, user, code)
    if result.device is not None:
        _session_verified(request, result.device)
        if result.backup:
            _audit(user, AUDIT_BACKUP_USED, data={"left": backup_codes_left(user)})
            logger.info("backup code used: user=%s id=%s", user.get_username(), user.pk)
    return result


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being enrolled: the same secret until it is confirmed, so a wrong code
    or a reload never changes the QR code the user has already scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@transaction.atomic
def _backup_codes_new(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def twofactor_enrol(request, device: TOTPDevice, code: str) -> tuple[list[str], str]:
    """Confirm the authenticator with its first code: (the new backup codes, no error), or
    ([], the error). The session counts as verified from then on."""
    user = request.user
    result = _check(request, user, code, [device], "enrol", MSG_ENROL_WRONG)
    if result.device is None:
        return [], result.error
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _backup_codes_new(user)
    _session_verified(request, device)
    _audit(user, AUDIT_ENROL)
    logger.info("second factor enrolled: user=%s id=%s", user.get_username(), user.pk)
    return codes, ""


def backup_codes_regenerate(user) -> list[str]:
    """Ten new backup codes; the old ones no longer work."""
    codes = _backup_codes_new(user)
    _audit(user, AUDIT_BACKUP_CODES)
    logger.info("backup codes regenerated: user=%s id=%s", user.get_username(), user.pk)
    return codes


def _devices_delete(user) -> int:
    removed = 0
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            removed += 1
    return removed


def twofactor_disable(request, code: str) -> str:
    """The user turns the second factor off, with a current code: "" or the error."""
    user = request.user
    result = code_check(request, user, code, step="disable")
    if result.device is None:
        return result.error
    _devices_delete(user)
    _audit(user, AUDIT_DISABLE)
    logger.info("second factor disabled: user=%s id=%s", user.get_username(), user.pk)
    return ""


def twofactor_reset(user, by=None) -> int:
    """A security administrator removes the user's authenticator and backup codes (a lost phone);
    the user enrols again at the next login where it is required. Returns how many devices went.
    Who may call it is decided by the screen (三员分立)."""
    removed = _devices_delete(user)
    _audit(user, AUDIT_RESET, by=by, data={"devices": removed})
    logger.warning(
        "second factor reset: user=%s id=%s by=%s devices=%s",
        user.get_username(),
        user.pk,
        by.get_username() if by is not None else "-",
        removed,
    )
    return removed
