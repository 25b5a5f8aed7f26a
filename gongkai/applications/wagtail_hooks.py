"""The admin menu entry "依申请公开": a link to the staff workbench, for those who handle cases."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.applications.selectors import bodies_handled_by


class WorkbenchMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # Clerks, office heads, reviewers and site admins of some body, and the operator;
        # information officers (信息员) do not handle applications.
        return any(qs.exists() for qs in bodies_handled_by(request.user))


@hooks.register("register_admin_menu_item")
def register_workbench_menu_item() -> MenuItem:
    return WorkbenchMenuItem(
        "依申请公开",
        reverse("workbench:list"),
        name="applications-workbench",
        icon_name="doc-full-inverse",
        order=300,
    )
