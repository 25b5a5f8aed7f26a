"""Staff workbench pieces for columns: the completeness panel and report, the catalogue editor
(operators) and its 应用到所有机关 action."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from gongkai.bodies.selectors import bodies_for_user
from gongkai.columns.models import CatalogueEntry
from gongkai.columns.selectors import completeness_of_bodies
from gongkai.columns.services import AUDIT_CATALOGUE_APPLY
from gongkai.columns.views import catalogue_apply_view, completeness_report


class EmptyColumnsPanel(Component):
    """栏目完整性 on the staff home page: a body's own empty and stale required columns when the
    user acts for one body; for more (a site admin's subtree, the operator) the count and the
    link to the report, which lists them all."""

    name = "gongkai_empty_columns"
    template_name = "columns/empty_columns_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        bodies = bodies_for_user(self.user).select_related("home_page").order_by("path")
        count = bodies.count()
        rows = completeness_of_bodies(list(bodies)) if count == 1 else []
        return {"rows": rows, "body_count": count}


@hooks.register("construct_homepage_panels")
def add_empty_columns_panel(request, panels):
    if bodies_for_user(request.user).exists():
        panels.append(EmptyColumnsPanel(request.user))


@hooks.register("register_admin_urls")
def register_column_urls():
    return [
        path("columns/completeness/", completeness_report, name="columns_completeness"),
        path("columns/catalogue/apply/", catalogue_apply_view, name="columns_catalogue_apply"),
    ]


class CompletenessMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bodies_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_completeness_menu_item() -> MenuItem:
    return CompletenessMenuItem(
        "栏目完整性",
        reverse("columns_completeness"),
        name="column-completeness",
        icon_name="list-ul",
        order=330,
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_CATALOGUE_APPLY, "应用公开目录模板", "应用公开目录模板")


class CatalogueIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.is_superuser:
            buttons.append(
                HeaderButton(
                    "应用到所有机关", url=reverse("columns_catalogue_apply"), icon_name="resubmit"
                )
            )
        return buttons


class CatalogueEntryViewSet(SnippetViewSet):
    model = CatalogueEntry
    icon = "list-ul"
    menu_label = "公开目录模板"
    menu_order = 800
    add_to_admin_menu = True
    index_view_class = CatalogueIndexView
    list_display = [
        "title",
        "key",
        "parent",
        "government_levels",
        "required",
        "listing",
        "update_period_days",
    ]
    list_filter = ["required", "listing"]


register_snippet(CatalogueEntryViewSet)
