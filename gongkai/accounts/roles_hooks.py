"""三员分立 in the Wagtail admin: the security administrator's screen (/admin/security/), the
audit administrator's (/admin/audit/), their menu items, and a dashboard that shows each of them
their own screen and nothing else (roles_middleware.py refuses them the rest)."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.accounts import audit_views, security_views
from gongkai.accounts.models import PlatformRoleName
from gongkai.accounts.roles import holds_separate_role, platform_role

_security_urls = [
    path("", security_views.index, name="index"),
    path("unlock/", security_views.unlock, name="unlock"),
    path("twofactor/", security_views.twofactor, name="twofactor"),
]
_audit_urls = [
    path("", audit_views.index, name="index"),
    path("export.csv", audit_views.export, name="export"),
    path("verify/", audit_views.verify, name="verify"),
]


@hooks.register("register_admin_urls")
def register_role_screens():
    return [
        path(
            "security/",
            include((_security_urls, "accounts_security"), namespace="accounts_security"),
        ),
        path("audit/", include((_audit_urls, "accounts_audit"), namespace="accounts_audit")),
    ]


class RoleMenuItem(MenuItem):
    def __init__(self, role: str, *args, **kwargs) -> None:
        self.role = role
        super().__init__(*args, **kwargs)

    def is_shown(self, request) -> bool:
        return platform_role(request.user) == self.role


MENU_NAMES = {PlatformRoleName.SECURITY: "security-admin", PlatformRoleName.AUDIT: "audit-admin"}


@hooks.register("register_admin_menu_item")
def security_menu_item() -> MenuItem:
    return RoleMenuItem(
        PlatformRoleName.SECURITY,
        "安全管理",
        reverse("accounts_security:index"),
        name=MENU_NAMES[PlatformRoleName.SECURITY],
        icon_name="lock",
        order=50,
    )


@hooks.register("register_admin_menu_item")
def audit_menu_item() -> MenuItem:
    return RoleMenuItem(
        PlatformRoleName.AUDIT,
        "审计日志",
        reverse("accounts_audit:index"),
        name=MENU_NAMES[PlatformRoleName.AUDIT],
        icon_name="history",
        order=50,
    )


@hooks.register("construct_main_menu")
def own_menu_only(request, menu_items):
    if holds_separate_role(request.user):
        own = MENU_NAMES[platform_role(request.user)]
        menu_items[:] = [item for item in menu_items if item.name == own]


class RoleHomePanel(Component):
    order = 10

    def __init__(self, role: str) -> None:
        self.template_name = f"accounts/{role}/home_panel.html"


@hooks.register("construct_homepage_panels", order=1000)
def own_panel_only(request, panels):
    if holds_separate_role(request.user):
        panels[:] = [RoleHomePanel(platform_role(request.user))]


@hooks.register("construct_homepage_summary_items", order=1000)
def no_summary(request, summary_items):
    if holds_separate_role(request.user):
        summary_items[:] = []
