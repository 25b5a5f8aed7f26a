"""The second factor's gate (twofactor.py), after django-otp's OTPMiddleware.

A signed-in user who has a confirmed device but has not entered a code in this session, or who
must enrol (`totp_required`) and has not, reaches no staff page: the admin, the workbench and the
old Django admin send them to enter a code (or to enrol), their JSON answers 403. Only those pages,
what the admin's page frame loads (icons, translations) and logging out stay open. Everywhere else
(the public site, attachment downloads) they are an anonymous visitor until the second step.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.accounts.twofactor import NEED_ENROL, NEED_VERIFY, twofactor_need

STAFF_PREFIXES = ("/admin/", "/workbench/", "/django-admin/")
MSG_JSON = "请先完成二次验证（输入身份验证器的验证码）后再访问。"
MSG_JSON_ENROL = "您的账号须先启用二次验证后才能访问。"

# The pages each step leaves open, by URL name.
_OPEN = {
    NEED_VERIFY: ("twofactor:verify",),
    NEED_ENROL: ("twofactor:setup",),
}
# What the admin's own page frame loads (its icons, its translations), and logging out.
_ALWAYS_OPEN = ("wagtailadmin_logout", "wagtailadmin_javascript_catalog", "wagtailadmin_sprite")


def _wants_json(request) -> bool:
    path = request.path_info
    accept = request.headers.get("accept", "")
    return (
        path.endswith(".json")
        or path.startswith("/admin/api/")
        or request.headers.get("x-requested-with") == "XMLHttpRequest"
        or ("application/json" in accept and "text/html" not in accept)
    )


class TwoFactorMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            need = twofactor_need(user)
            if need is not None:
                refused = self._gate(request, need)
                if refused is not None:
                    return refused
        return self.get_response(request)

    def _gate(self, request, need: str):
        path = request.path_info
        if path in {reverse(name) for name in (*_OPEN[need], *_ALWAYS_OPEN)}:
            return None
        if not path.startswith(STAFF_PREFIXES):
            # The public site as to any visitor: no preview, no staff-only download.
            anonymous = AnonymousUser()
            request.user = anonymous

            async def auser():
                return anonymous

            request.auser = auser
            return None
        if _wants_json(request):
            message = MSG_JSON if need == NEED_VERIFY else MSG_JSON_ENROL
            return JsonResponse({"detail": message}, status=403)
        target = reverse(_OPEN[need][0])
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
