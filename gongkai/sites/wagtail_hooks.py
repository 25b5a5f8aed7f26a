"""机关管理 in the Wagtail admin (`admin_views`) and the labels of the sites app's audit actions."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.bodies.selectors import bodies_managed_by
from gongkai.sites import admin_views
from gongkai.sites.services import AUDIT_BODY_CHANGE, AUDIT_BODY_CREATE

_urls = [
    path("", admin_views.body_list, name="list"),
    path("<int:parent_pk>/add/", admin_views.body_add, name="add"),
    path("<int:pk>/edit/", admin_views.body_edit, name="edit"),
    path("<int:pk>/people/", admin_views.body_people, name="people"),
    path(
        "<int:pk>/people/<int:membership_pk>/revoke/",
        admin_views.body_revoke,
        name="revoke",
    ),
]


@hooks.register("register_admin_urls")
def register_body_admin_urls():
    return [path("bodies/", include((_urls, "sites_bodies"), namespace="sites_bodies"))]


class BodyAdminMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bodies_managed_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_body_admin_menu_item() -> MenuItem:
    return BodyAdminMenuItem(
        "机关管理",
        reverse("sites_bodies:list"),
        name="body-admin",
        icon_name="site",
        order=330,
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_BODY_CREATE, "新增机关", "新增机关")
    actions.register_action(AUDIT_BODY_CHANGE, "修改机关信息", "修改机关信息")
