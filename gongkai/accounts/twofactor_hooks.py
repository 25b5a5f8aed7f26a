"""二次验证 in the Wagtail admin: its pages under /admin/twofactor/, a menu item and an entry on
the account page for every staff member, and the labels of its audit rows."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.accounts import twofactor, urls_twofactor


@hooks.register("register_admin_urls")
def register_twofactor_urls():
    return [path("twofactor/", include(urls_twofactor))]


@hooks.register("register_admin_menu_item")
def register_twofactor_menu_item() -> MenuItem:
    return MenuItem(
        "二次验证",
        reverse("twofactor:setup"),
        name="twofactor",
        icon_name="key",
        order=10000,
    )


@hooks.register("register_account_menu_item")
def register_twofactor_account_item(request):
    return {
        "url": reverse("twofactor:setup"),
        "label": "二次验证",
        "help_text": "用手机上的身份验证器在登录时输入验证码，并管理备用验证码。",
    }


@hooks.register("register_log_actions")
def register_twofactor_log_actions(actions):
    for action, label in (
        (twofactor.AUDIT_ENROL, "启用二次验证"),
        (twofactor.AUDIT_FAILED, "二次验证失败"),
        (twofactor.AUDIT_BACKUP_USED, "使用备用验证码登录"),
        (twofactor.AUDIT_BACKUP_CODES, "重新生成备用验证码"),
        (twofactor.AUDIT_DISABLE, "关闭二次验证"),
        (twofactor.AUDIT_RESET, "重置二次验证"),
    ):
        actions.register_action(action, label, label)
