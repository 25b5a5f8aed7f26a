"""The typical case of an application, on the workbench (B6): the handler's proposal with the
anonymised reply letter, the office head's 审核发布 or 退回, and 撤回 from the public library.

Every view first finds the case through the scoped selector (another body's case is a 404 for
every one of them, its office head included); every write is one `services.typical` function,
whose Chinese refusal is shown beside the form with what was typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.applications import workflow
from gongkai.applications.forms_staff import (
    TypicalApproveForm,
    TypicalCaseForm,
    TypicalReturnForm,
)
from gongkai.applications.models import Application, TypicalCase, TypicalStatus
from gongkai.applications.selectors import (
    application_for_user,
    user_may_handle,
    user_may_review_typical_case,
)
from gongkai.applications.services.typical import (
    DELIVERED,
    typical_case_approve,
    typical_case_letter_draft,
    typical_case_propose,
    typical_case_return,
    typical_case_unpublish,
)
from gongkai.applications.views.staff import staff_login_required

MSG_PROPOSED = "已提交典型案例，等待政府信息公开工作机构负责人审核。"
MSG_PUBLISHED = "已审核发布典型案例及其答复书。"
MSG_RETURNED = "已退回典型案例。"
MSG_UNPUBLISHED = "已撤回典型案例，公众不再能看到该案例及其答复书。"


def _case(user, pk: int) -> Application:
    app = application_for_user(user, pk)
    if app is None:
        raise Http404("没有找到该申请，或您无权查看")
    return app


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _url(app: Application) -> str:
    return reverse("workbench:typical_case", args=[app.pk])


def _proposal_form(app: Application, current: TypicalCase | None) -> TypicalCaseForm:
    if current is not None and current.status != TypicalStatus.PUBLISHED:
        return TypicalCaseForm(
            initial={
                "title": current.title,
                "summary": current.summary,
                "reply_text": current.reply_text,
                "letter_text": current.letter_text,
            }
        )
    return TypicalCaseForm(initial={"letter_text": typical_case_letter_draft(app)})


def _page(request: HttpRequest, app: Application, *, bound: dict | None = None) -> HttpResponse:
    bound = bound or {}
    user = request.user
    cases = list(app.typical_cases.select_related("created_by", "reviewed_by").order_by("-pk"))
    current = cases[0] if cases else None
    published = current is not None and current.status == TypicalStatus.PUBLISHED
    may_propose = app.status in DELIVERED and not published and user_may_handle(user, app.body)
    may_review = (
        current is not None
        and current.status == TypicalStatus.PROPOSED
        and user_may_review_typical_case(user, app.body)
    )
    errors = list(bound.get("errors", []))
    if not may_review:  # a refusal of a form the user is no longer (or never was) offered
        for key in ("approve", "return"):
            if key in bound:
                errors += bound[key].non_field_errors()
    return render(
        request,
        "applications/staff/typical.html",
        {
            "app": app,
            "current": current,
            "delivered": app.status in DELIVERED,
            "propose_form": (bound.get("propose") or _proposal_form(app, current))
            if may_propose
            else None,
            "approve_form": (
                bound.get("approve")
                or TypicalApproveForm(initial={"letter_text": current.letter_text})
            )
            if may_review
            else None,
            "return_form": (bound.get("return") or TypicalReturnForm()) if may_review else None,
            "errors": errors,
        },
    )


@staff_login_required
def typical_case_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the typical case of the application and what the user may do; POST: propose."""
    app = _case(request.user, pk)
    if request.method != "POST":
        return _page(request, app)
    form = TypicalCaseForm(request.POST)
    if form.is_valid():
        try:
            typical_case_propose(user=request.user, application=app, **form.cleaned_data)
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_PROPOSED)
            return redirect(_url(app))
    return _page(request, app, bound={"propose": form})


def _typical(app: Application, typical_pk: int) -> TypicalCase:
    return get_object_or_404(TypicalCase, pk=typical_pk, application=app)


def _form_step(request, pk, typical_pk, form_class, bound_key, step, done_message):
    """A step that takes a form (审核通过并发布, 退回): on a refusal the page shows the form again,
    with what was typed and the reason."""
    app = _case(request.user, pk)
    case = _typical(app, typical_pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(case, form.cleaned_data)
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, done_message)
            return redirect(_url(app))
    return _page(request, app, bound={bound_key: form})


@require_POST
@staff_login_required
def typical_case_approve_view(request: HttpRequest, pk: int, typical_pk: int) -> HttpResponse:
    def approve(case, data):
        typical_case_approve(case, user=request.user, letter_text=data["letter_text"])

    return _form_step(
        request, pk, typical_pk, TypicalApproveForm, "approve", approve, MSG_PUBLISHED
    )


@require_POST
@staff_login_required
def typical_case_return_view(request: HttpRequest, pk: int, typical_pk: int) -> HttpResponse:
    def send_back(case, data):
        typical_case_return(case, user=request.user, reason=data["reason"])

    return _form_step(request, pk, typical_pk, TypicalReturnForm, "return", send_back, MSG_RETURNED)


@require_POST
@staff_login_required
def typical_case_unpublish_view(request: HttpRequest, pk: int, typical_pk: int) -> HttpResponse:
    app = _case(request.user, pk)
    case = _typical(app, typical_pk)
    try:
        typical_case_unpublish(case, user=request.user)
    except workflow.WorkflowError as exc:
        return _page(request, app, bound={"errors": [exc.message]})
    messages.success(request, MSG_UNPUBLISHED)
    return redirect(_url(app))
