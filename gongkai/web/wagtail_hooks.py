"""The staff dashboard by role, and the admin's messages in the words of the review workflow.

The dashboard opens with what the user must do first: a reviewer (审核) with the pages awaiting
their review (Wagtail's own queue, scoped by `BodyReviewTask`), a handler of applications with the
cases due soon or overdue (the workbench's own computation, scoped to the bodies they handle);
the column checklist (`columns.wagtail_hooks`, order 50) and Wagtail's other panels come below.
"""

from __future__ import annotations

from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from gongkai.applications.selectors import (
    DUE_SOON,
    OVERDUE,
    applications_workbench,
    bodies_handled_by,
)
from gongkai.bodies.models import BodyRole
from gongkai.bodies.selectors import bodies_for_user

REVIEW_QUEUE_ORDER = 10
CASES_DUE_ORDER = 20
MAX_CASES_ON_PANEL = 10

# After a reviewer's action on the edit page Wagtail says "has been updated" whatever happened;
# these say what did (the approval of the last task publishes the page).
MSG_APPROVED_AND_PUBLISHED = "页面“{title}”已审核通过并发布。"
MSG_APPROVED = "页面“{title}”已审核通过。"
MSG_REJECTED = "页面“{title}”已退回修改。"


class ReviewQueuePanel(WorkflowObjectsToModeratePanel):
    """等待您审核: Wagtail's queue, first on a reviewer's dashboard, with a line when it is empty."""

    template_name = "wagtailadmin/home/gongkai_review_queue.html"
    order = REVIEW_QUEUE_ORDER


class CasesDuePanel(Component):
    """即将到期和已超期的申请: the workbench's most urgent rows, for those who handle cases."""

    name = "gongkai_cases_due"
    template_name = "wagtailadmin/home/gongkai_cases_due.html"
    order = CASES_DUE_ORDER

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        rows = [r for r in applications_workbench(self.user) if r.state in (OVERDUE, DUE_SOON)]
        return {
            "rows": rows[:MAX_CASES_ON_PANEL],
            "total": len(rows),
            "overdue": sum(r.state == OVERDUE for r in rows),
            "workbench_url": reverse("workbench:list"),
        }


def _is_reviewer(user) -> bool:
    return user.is_superuser or bodies_for_user(user, BodyRole.REVIEWER).exists()


def _handles_cases(user) -> bool:
    # Not the operator: every open case of the platform would be computed on each visit; the
    # reminders and the workbench list serve the operator.
    return not user.is_superuser and any(qs.exists() for qs in bodies_handled_by(user))


@hooks.register("insert_global_admin_css")
def dashboard_css():
    return format_html('<link rel="stylesheet" href="{}">', static("web/admin.css"))


@hooks.register("construct_homepage_panels")
def put_first_things_first(request, panels):
    user = request.user
    if _is_reviewer(user):
        panels[:] = [p for p in panels if not isinstance(p, WorkflowObjectsToModeratePanel)]
        panels.append(ReviewQueuePanel())
    if _handles_cases(user):
        panels.append(CasesDuePanel(user))


def _workflow_message(request, page) -> str | None:
    action = request.POST.get("workflow-action-name")
    title = page.get_admin_display_title()
    if action == "reject":
        return MSG_REJECTED.format(title=title)
    if action != "approve":
        return None
    fresh = Page.objects.only("live_revision_id", "latest_revision_id").get(pk=page.pk)
    if fresh.live_revision_id and fresh.live_revision_id == fresh.latest_revision_id:
        return MSG_APPROVED_AND_PUBLISHED.format(title=title)
    return MSG_APPROVED.format(title=title)


@hooks.register("after_edit_page")
def say_what_the_review_did(request, page):
    """Replace Wagtail's "页面已保存" after a workflow action with what the action did."""
    if request.method != "POST" or not request.POST.get("action-workflow-action"):
        return None
    said = _workflow_message(request, page)
    if said is None:
        return None
    generic = gettext("Page '%(page_title)s' has been updated.") % {
        "page_title": page.get_admin_display_title()
    }
    queued = list(messages.get_messages(request))  # marks them used; the kept ones are re-added
    for message in queued:
        text = said if str(message.message).strip() == generic else message.message
        messages.add_message(request, message.level, text, extra_tags=message.extra_tags)
    return None
