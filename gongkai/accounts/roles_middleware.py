"""A security or audit administrator reaches nothing of the staff side but their own screen.

Wagtail gives anyone with `access_admin` a number of screens that need no other right (page
search, choosers, the admin's API, reports); the workbench and Django's admin have their own
rules. For the two separate roles of 三员分立 this middleware answers 403 to every staff address
except their screen (/admin/security/ or /admin/audit/), the dashboard, their own account, the
second factor, and signing in and out. Everyone else passes untouched (one query per staff
request for the role, none for the public).
"""

from __future__ import annotations

from django.shortcuts import render

from gongkai.accounts.models import PlatformRoleName
from gongkai.accounts.roles import platform_role

STAFF_PREFIXES = ("/admin/", "/django-admin/", "/workbench/")
OPEN_TO_BOTH = (
    "/admin/account/",
    "/admin/login/",
    "/admin/logout/",
    "/admin/password_reset/",
    "/admin/twofactor/",
    "/admin/jsi18n/",
    "/admin/dismissibles/",
    "/admin/sprite",
)
OWN_SCREEN = {
    PlatformRoleName.SECURITY: "/admin/security/",
    PlatformRoleName.AUDIT: "/admin/audit/",
}


def forbidden(request):
    """The 403 of 三员分立, in Chinese (the gate's, and the screens' to the other roles)."""
    return render(request, "accounts/security/forbidden.html", status=403)


def allowed(role: str, path: str) -> bool:
    """Whether a holder of `role` (security or audit) may open `path` (a staff address)."""
    return path == "/admin/" or path.startswith((OWN_SCREEN[role], *OPEN_TO_BOTH))


class PlatformRoleGateMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(STAFF_PREFIXES):
            user = getattr(request, "user", None)
            role = platform_role(user) if user is not None else None
            if role in OWN_SCREEN and not allowed(role, path):
                return forbidden(request)
        return self.get_response(request)
