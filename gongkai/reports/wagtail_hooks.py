"""The annual report in the Wagtail admin and on the public site (docs/annual_report.md).

- menu item and view 生成年度报告草稿 (`views.report_draft`), for staff who edit pages of a body;
- publication guard: while the tables break R1–R6 the editor offers no "publish" or "approve", and a
  publish or approval that reaches the server anyway is refused with the errors, the text kept
  (the model's `publish` refuses every other path: workflow approval from the dashboard, schedule);
- the 政府信息公开年报 column lists the body's published reports.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.bodies.selectors import bodies_for_user
from gongkai.reports.pages import (
    ANNUAL_REPORTS_COLUMN,
    AnnualReportPage,
    publication_blocked_message,
)
from gongkai.reports.selectors import bodies_for_report_staff, published_reports
from gongkai.reports.services import (
    AUDIT_FIGURES_IMPORT,
    AUDIT_FIGURES_SET,
    AUDIT_REPORT_IMPORT,
    annual_report_publication_errors,
)
from gongkai.reports.supervision import AUDIT_REPORT_REMIND, supervised_roots
from gongkai.reports.views import (
    enforcement_figures_choose,
    enforcement_figures_edit,
    report_draft,
)

PUBLISHING_ACTIONS = {"action-publish", "approve"}


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/annual/", report_draft, name="reports_annual_draft"),
        path("reports/figures/", enforcement_figures_choose, name="reports_enforcement_choose"),
        path(
            "reports/figures/<str:code>/<int:year>/",
            enforcement_figures_edit,
            name="reports_enforcement_figures",
        ),
    ]


class ReportDraftMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bodies_for_report_staff(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_report_menu_item() -> MenuItem:
    return ReportDraftMenuItem(
        "生成年度报告草稿",
        reverse("reports_annual_draft"),
        name="annual-report-draft",
        icon_name="table",
        order=310,
    )


class FiguresMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return bodies_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_figures_menu_item() -> MenuItem:
    return FiguresMenuItem(
        "填报执法和收费数据",
        reverse("reports_enforcement_choose"),
        name="enforcement-figures",
        icon_name="table",
        order=315,
    )


class SupervisionMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return supervised_roots(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_supervision_menu_item() -> MenuItem:
    # The openness office's page (staff_views.report_supervision), outside the admin.
    return SupervisionMenuItem(
        "年度报告督查",
        reverse("report_supervision:list"),
        name="annual-report-supervision",
        icon_name="list-ul",
        order=320,
    )


def _blocked(request, page):
    errors = annual_report_publication_errors(page)
    if not errors:
        return None
    messages.error(request, publication_blocked_message(errors))
    return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))


@hooks.register("before_publish_page")
def refuse_publication_with_errors(request, page):
    # The editor's "publish" button: the revision is already saved when this runs.
    if isinstance(page, AnnualReportPage):
        return _blocked(request, page)
    return None


@hooks.register("before_edit_page")
def refuse_approval_with_errors(request, page):
    # "审核通过" from the editor's action menu (hidden while there are errors; a page opened
    # before the records changed can still send it).
    if (
        isinstance(page.specific, AnnualReportPage)
        and request.method == "POST"
        and "action-workflow-action" in request.POST
        and request.POST.get("workflow-action-name") == "approve"
    ):
        return _blocked(request, page.specific)
    return None


MSG_NO_COPY = "年度报告不能复制：每个机关每年只有一份报告，请通过“生成年度报告草稿”打开。"


@hooks.register("before_copy_page")
def refuse_copying_a_report(request, page):
    if isinstance(page.specific, AnnualReportPage):
        messages.error(request, MSG_NO_COPY)
        return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    return None


@hooks.register("construct_page_action_menu")
def hide_publishing_actions_with_errors(menu_items, request, context):
    page = context.get("page")
    if page is None or not isinstance(page.specific, AnnualReportPage) or not page.pk:
        return
    if any(item.name in PUBLISHING_ACTIONS for item in menu_items):
        if annual_report_publication_errors(page.specific):
            menu_items[:] = [item for item in menu_items if item.name not in PUBLISHING_ACTIONS]


@hooks.register("before_serve_page")
def serve_annual_reports_column(page, request, serve_args, serve_kwargs):
    """The 年报 column lists the body's published reports (newest year first) above anything else
    filed in it."""
    if getattr(page, "catalogue_key", None) != ANNUAL_REPORTS_COLUMN:
        return None
    if getattr(request, "routable_resolver_match", None) is not None:
        return None
    context = page.get_context(request, *serve_args, **serve_kwargs)
    context["annual_reports"] = published_reports(page)
    return TemplateResponse(request, "reports/annual_reports_column.html", context)


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """The labels of the report app's writes (core.audit), shown in the admin's history."""
    actions.register_action(AUDIT_FIGURES_SET, "填报执法和收费数据", "填报执法和收费数据")
    actions.register_action(AUDIT_FIGURES_IMPORT, "导入执法和收费数据", "导入执法和收费数据")
    actions.register_action(AUDIT_REPORT_IMPORT, "导入历史年度报告", "导入历史年度报告")
    actions.register_action(AUDIT_REPORT_REMIND, "催办年度报告", "催办年度报告")
