"""安全管理 (/admin/security/): the security administrator's screen — who is locked out and
unlocking, the recent login failures, resetting a user's second factor, the security settings.

Only a security administrator opens it (`accounts.roles.platform_role`); the system and audit
administrators get a 403 like everyone else.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from gongkai.accounts import security
from gongkai.accounts.models import PlatformRoleName
from gongkai.accounts.roles import platform_role
from gongkai.accounts.roles_middleware import forbidden

MSG_UNLOCKED = "已解锁 {what}（清除 {count} 条失败计数）"
MSG_RESET = "已重置 {user} 的二次验证（删除 {count} 个验证设备），其下次登录时须重新绑定"
MSG_RESET_NONE = "{user} 没有已绑定的二次验证设备，无需重置"


def security_admin_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if platform_role(request.user) != PlatformRoleName.SECURITY:
            # A 403, not Wagtail's "no permission" redirect to the dashboard.
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


@security_admin_only
def index(request):
    username = request.GET.get("username", "").strip()
    ip_address = request.GET.get("ip", "").strip()
    try:
        failures = list(security.recent_failures(username, ip_address))
    except ValidationError:  # an address that is not one
        failures = []
    return TemplateResponse(
        request,
        "accounts/security/index.html",
        {
            "locks": security.locks(),
            "failures": failures,
            "username": username,
            "ip": ip_address,
            "limit": security.RECENT_FAILURES,
            "settings_rows": security.settings_summary(),
        },
    )


@require_POST
@security_admin_only
def unlock(request):
    username = request.POST.get("username", "")
    ip_address = request.POST.get("ip", "")
    try:
        count = security.unlock(username=username, ip_address=ip_address, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        what = "、".join(v.strip() for v in (username, ip_address) if v.strip())
        messages.success(request, MSG_UNLOCKED.format(what=what, count=count))
    return redirect("accounts_security:index")


@security_admin_only
def twofactor(request):
    username = (request.POST.get("username") or request.GET.get("username") or "").strip()
    found, state, error = None, "", ""
    if username:
        try:
            found = security.staff_user(username)
        except ValidationError as exc:
            error = "；".join(exc.messages)
    if request.method == "POST" and found is not None:
        try:
            count = security.second_factor_reset(found, by=request.user)
        except ValidationError as exc:
            error = "；".join(exc.messages)
        else:
            template = MSG_RESET if count else MSG_RESET_NONE
            messages.success(request, template.format(user=found.get_username(), count=count))
            return redirect(f"{request.path}?{urlencode({'username': found.get_username()})}")
    if found is not None:
        state = security.second_factor_state(found)
    return TemplateResponse(
        request,
        "accounts/security/twofactor.html",
        {"username": username, "found": found, "state": state, "error": error},
    )
