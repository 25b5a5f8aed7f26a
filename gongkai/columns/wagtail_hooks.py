"""Staff workbench pieces for columns: the completeness panel and the catalogue editor (operators)."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from gongkai.bodies.selectors import bodies_for_user
from gongkai.columns.models import CatalogueEntry
from gongkai.columns.selectors import empty_required_columns

MAX_BODIES_ON_PANEL = 20


class EmptyColumnsPanel(Component):
    """栏目完整性: the required columns of my bodies that are still empty (A2)."""

    name = "gongkai_empty_columns"
    template_name = "columns/empty_columns_panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = []
        for body in (
            bodies_for_user(self.user)
            .select_related("home_page")
            .order_by("path")[:MAX_BODIES_ON_PANEL]
        ):
            if body.home_page is None:
                continue
            rows.append({"body": body, "empty": empty_required_columns(body.home_page)})
        return {"rows": rows}


@hooks.register("construct_homepage_panels")
def add_empty_columns_panel(request, panels):
    if request.user.is_superuser:
        return  # operators see every body on the supervision pages, not on their home page
    panels.append(EmptyColumnsPanel(request.user))


class CatalogueEntryViewSet(SnippetViewSet):
    model = CatalogueEntry
    icon = "list-ul"
    menu_label = "公开目录模板"
    menu_order = 800
    add_to_admin_menu = True
    list_display = ["title", "key", "parent", "government_levels", "required", "listing"]
    list_filter = ["required", "listing"]


register_snippet(CatalogueEntryViewSet)
