"""The document library in the Wagtail admin, for staff (docs/validity.md, docs/documents.md):

- 发布修订版本 (修改): a page action that copies a live document into a new draft linked to it
  (`services.document_new_version`), for those who may edit the document and add pages beside it;
- 文件库: every document the user may explore (Wagtail's own page permissions, so an editor sees
  only their body's), with 文种, 有效性 today and the filter 在某日有效 (`documents_in_force_on`);
- the labels of the app's audit actions.

Imported by `DocumentsConfig.ready`, so that its hooks register beside `wagtail_hooks.py`.
"""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import AdminDateInput

from gongkai.documents.models import DocType, PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import annotate_validity, documents_in_force_on
from gongkai.documents.services import AUDIT_NEW_VERSION, AUDIT_REPEAL, document_new_version

NEW_VERSION_LABEL = "发布修订版本"
MSG_NEW_VERSION_CREATED = (
    "已创建修订版本草稿，修改后请提交审核；发布并施行后，原文件显示为“已修改”。"
)


def may_make_new_version(page: PolicyDocumentPage, user) -> bool:
    parent = page.get_parent()
    return (
        page.live
        and page.permissions_for_user(user).can_edit()
        and parent is not None
        and parent.permissions_for_user(user).can_add_subpage()
    )


def new_version(request, page_id: int):
    page = get_object_or_404(PolicyDocumentPage, pk=page_id)
    if not may_make_new_version(page, request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            draft = document_new_version(page, user=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        messages.success(request, MSG_NEW_VERSION_CREATED)
        return redirect(reverse("wagtailadmin_pages:edit", args=(draft.pk,)))
    return TemplateResponse(request, "documents/admin/new_version.html", {"page": page})


class NewVersionMenuItem(PageMenuItem):
    label = NEW_VERSION_LABEL
    icon_name = "copy"
    url_name = "documents_new_version"
    priority = 35

    def is_shown(self, user) -> bool:
        page = self.page.specific
        return isinstance(page, PolicyDocumentPage) and may_make_new_version(page, user)


@hooks.register("register_admin_urls")
def register_document_urls():
    return [path("documents/<int:page_id>/new-version/", new_version, name="documents_new_version")]


@hooks.register("register_page_header_buttons")
def new_version_header_button(page, user, view_name, next_url=None):
    if page.specific_class is PolicyDocumentPage:
        yield NewVersionMenuItem(page=page)


@hooks.register("register_page_listing_more_buttons")
def new_version_listing_button(page, user, next_url=None):
    if page.specific_class is PolicyDocumentPage:
        yield NewVersionMenuItem(page=page)


class DocumentFilterSet(WagtailFilterSet):
    doc_type = django_filters.ChoiceFilter(label="文种", choices=DocType.choices)
    in_force_on = django_filters.DateFilter(
        label="在某日有效", method="filter_in_force_on", widget=AdminDateInput
    )

    def filter_in_force_on(self, queryset, name, value):
        # Only published documents were ever in force (validity.md).
        return documents_in_force_on(value, queryset.live()) if value else queryset

    class Meta:
        model = PolicyDocumentPage
        fields = ["doc_type", "in_force_on"]


class ValidityColumn(Column):
    def get_value(self, instance):
        if not instance.live:
            return "未发布"
        return ValidityStatus(instance.validity).label


class DocumentIndexView(IndexView):
    def get_base_queryset(self):
        # Wagtail's page permissions (explorable pages) are applied by the parent view.
        return annotate_validity(super().get_base_queryset())


class DocumentListingViewSet(PageListingViewSet):
    model = PolicyDocumentPage
    index_view_class = DocumentIndexView
    filterset_class = DocumentFilterSet
    icon = "doc-full"
    menu_label = "文件库"
    menu_order = 150
    add_to_admin_menu = True
    columns = [
        *IndexView.base_columns,
        Column("doc_type", label="文种", accessor="get_doc_type_display"),
        ValidityColumn("validity", label="有效性（今日）"),
    ]


@hooks.register("register_admin_viewset")
def register_document_listing():
    return DocumentListingViewSet("policy_documents")


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_REPEAL, "记录废止", "记录废止")
    actions.register_action(AUDIT_NEW_VERSION, "创建修订版本", "创建修订版本")
