"""Nothing of another body in Wagtail's admin: choosers, listings and reports show only what the
user may see (docs/decisions.md, 2026-12-07, has the table of every view and how it is scoped).

A page is visible to a staff user when it is live (a published page's title is public anyway) or
when Wagtail's page permissions let the user explore it (the pages of the bodies the user acts for,
as `bodies.services` grants them, and their ancestors). An unpublished page of another body — its
draft title, URL and edit link — is never shown. The platform operator (superuser) sees all.

Wagtail filters most of its views by the user's page and collection permissions itself. Where it
offers a hook, the hook filters (`construct_page_chooser_queryset`,
`construct_explorer_page_queryset`, `construct_admin_api` for the admin API's documents and
images); where it offers none, a view of the same address is put in front of Wagtail's
(`admin_url_overrides`, included in `gongkai/urls.py` before the admin): the page chooser's
browsing into a page by id and its "chosen" step, bulk actions and workflow cancellation asked for
by id, and the reports that Wagtail does not scope by body (site history, page types usage, the
pages of a type), which only the operator opens. The access matrix (`web/tests/test_access_*.py`)
checks every admin URL family for every persona.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.urls import path
from wagtail import hooks
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views import chooser
from wagtail.admin.views.bulk_action import index as wagtail_bulk_action
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permissions import policy_registry


def pages_visible_to(user, pages: QuerySet | None = None) -> QuerySet:
    """`pages` (all pages by default) narrowed to those the user may see in the admin."""
    pages = Page.objects.all() if pages is None else pages
    if user.is_superuser:
        return pages
    explorable = policy_registry.get_by_type(Page).explorable_instances(user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))


def page_visible_to(user, page: Page) -> bool:
    return pages_visible_to(user, Page.objects.filter(pk=page.pk)).exists()


@hooks.register("construct_page_chooser_queryset")
def scope_page_chooser(pages, request):
    return pages_visible_to(request.user, pages)


@hooks.register("construct_explorer_page_queryset")
def scope_explorer(parent_page, pages, request):
    return pages_visible_to(request.user, pages)


# Documents and images: those in the collections where the user holds a document (image) right,
# as Wagtail's own listings and choosers show them.
_ANY_COLLECTION_RIGHT = {"add", "change", "delete", "choose"}


def document_policy():
    return policy_registry.get_by_type(get_document_model())


def image_policy():
    return policy_registry.get_by_type(get_image_model())


def collection_objects_visible_to(user, policy, objects: QuerySet) -> QuerySet:
    if user.is_superuser:
        return objects
    visible = policy.instances_user_has_any_permission_for(user, _ANY_COLLECTION_RIGHT)
    return objects.filter(pk__in=visible.values("pk"))


class ScopedDocumentsAdminAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return collection_objects_visible_to(
            self.request.user, document_policy(), super().get_queryset()
        )


class ScopedImagesAdminAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return collection_objects_visible_to(
            self.request.user, image_policy(), super().get_queryset()
        )


# The admin's API lists every document and image to anyone who may open the admin; after
# Wagtail's own registrations (order), ours replace them.
@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    router.register_endpoint("documents", ScopedDocumentsAdminAPIViewSet)
    router.register_endpoint("images", ScopedImagesAdminAPIViewSet)


# The reports only the operator opens (operator_only below) are not offered to anyone else.
OPERATOR_REPORTS = {"site-history", "page-types-usage"}


@hooks.register("construct_reports_menu")
def hide_operator_reports(request, menu_items):
    if not request.user.is_superuser:
        menu_items[:] = [item for item in menu_items if item.name not in OPERATOR_REPORTS]


# --- Views in front of Wagtail's, where Wagtail has no hook ---------------------------------------


class ScopedChooserBrowseView(chooser.BrowseView):
    """Browsing the page chooser into a page (`/admin/choose-page/<id>/`): a page the user may not
    see is not found, so that its title and its children's never show."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            parent = Page.objects.filter(pk=parent_page_id).first()
            if parent is None or not page_visible_to(request.user, parent):
                raise Http404
        return super().get(request, parent_page_id)


class ScopedChosenMultipleView(chooser.ChosenMultipleView):
    """The chooser's "chosen" step returns a page's title, URL and edit link by id."""

    def get(self, request):
        if not _objects_visible(request.user, Page, request.GET.getlist("id")):
            raise Http404
        return super().get(request)


def _objects_visible(user, model, ids: list) -> bool:
    """Every one of `ids` is an object of `model` the user may see in the admin's listings."""
    if not all(str(pk).isdigit() for pk in ids):
        return False
    wanted = {int(pk) for pk in ids}
    if issubclass(model, Page):
        visible = pages_visible_to(user, Page.objects.filter(pk__in=wanted))
    elif model is get_document_model() or model is get_image_model():
        policy = document_policy() if model is get_document_model() else image_policy()
        visible = collection_objects_visible_to(user, policy, model.objects.filter(pk__in=wanted))
    else:
        return False  # users, snippets…: the operator's
    return visible.count() == len(wanted)


def scoped_bulk_action(request, app_label, model_name, action):
    """Bulk actions list every object asked for by id — those the user may not act on too ("you do
    not have permission to…", with their titles). Asked for an object the user may not see, the
    answer is a 404."""
    if not request.user.is_superuser:
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError as exc:
            raise Http404 from exc
        action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
        if action_class is None:
            raise Http404
        ids = request.GET.getlist("id")
        if "all" in ids:
            listing = action_class(request, model).get_all_objects_in_listing_query
            ids = list(listing(request.GET.get("childOf")))
        if not _objects_visible(request.user, model, ids):
            raise Http404
    return wagtail_bulk_action(request, app_label, model_name, action)


def page_visible_or_404(view, kwarg: str = "page_id"):
    def wrapped(request, *args, **kwargs):
        page = Page.objects.filter(pk=kwargs[kwarg]).first()
        if page is None or not page_visible_to(request.user, page):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def operator_only(view):
    """A report Wagtail does not scope by body: the platform operator's only."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return require_admin_access(wrapped)


def admin_url_overrides() -> list:
    """URL patterns to include under `admin/` before Wagtail's own (gongkai/urls.py)."""
    browse = require_admin_access(ScopedChooserBrowseView.as_view())
    return [
        path("choose-page/<int:parent_page_id>/", browse),
        path(
            "choose-page/chosen-multiple/",
            require_admin_access(ScopedChosenMultipleView.as_view()),
        ),
        path(
            "bulk/<str:app_label>/<str:model_name>/<str:action>/",
            require_admin_access(scoped_bulk_action),
        ),
        path(
            "pages/workflow/confirm_cancellation/<int:page_id>/",
            require_admin_access(
                page_visible_or_404(
                    page_viewset_registry.as_view(
                        "confirm_workflow_cancellation", page_id_kwarg="page_id"
                    )
                )
            ),
        ),
        path("reports/site-history/", operator_only(LogEntriesView.as_view())),
        path(
            "reports/site-history/results/",
            operator_only(LogEntriesView.as_view(results_only=True)),
        ),
        path("reports/page-types-usage/", operator_only(PageTypesUsageReportView.as_view())),
        path(
            "reports/page-types-usage/results/",
            operator_only(PageTypesUsageReportView.as_view(results_only=True)),
        ),
        *(
            path(
                f"pages/usage/<slug:content_type_app_name>/<slug:content_type_model_name>/{tail}",
                operator_only(
                    page_viewset_registry.as_view(
                        view,
                        app_label_kwarg="content_type_app_name",
                        model_name_kwarg="content_type_model_name",
                    )
                ),
            )
            for tail, view in (("", "content_type_use"), ("results/", "content_type_use_results"))
        ),
    ]
