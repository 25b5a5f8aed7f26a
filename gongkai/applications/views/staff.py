"""The staff workbench of 依申请公开: the list, registration, the case page, the step actions (one
view for all, driven by the workflow table), letters, remedies and typical cases.

Thin views: every read goes through the scoped selectors (a case of another body is a 404, for
the page, its letters and every action), every write through exactly one workflow or service
function, whose Chinese refusal (`WorkflowError.message`, `ValidationError`) is shown beside the
form with what was typed kept. Staff log in through Wagtail's login page.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.forms_staff import (
    ACTION_FORMS,
    ActionForm,
    NoticeRegenerateForm,
    RegisterForm,
    RemedyConcludeForm,
    RemedyForm,
)
from gongkai.applications.models import (
    OPEN_STATUSES,
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Notice,
    NoticeKind,
    OpinionReply,
    RemedyCase,
    RemedyOutcome,
)
from gongkai.applications.notice_issue import (
    FILE_TYPES,
    NoticeFilesPending,
    NoticeIssueError,
    events_missing_notice,
    notice_file,
    notice_kind_for,
    notice_regenerate,
)
from gongkai.applications.notices import KEY_LABELS, NoticeTemplateError
from gongkai.applications.selectors import (
    PAUSED,
    application_for_user,
    application_timeline,
    applications_workbench,
    bodies_handled_by,
    clarification_of,
    decision_draft_of,
    decision_returned_of,
    user_may_approve_extension,
    workbench_rows,
)
from gongkai.applications.services.intake import application_register
from gongkai.applications.services.remedies import (
    remedy_case_conclude,
    remedy_case_record,
)
from gongkai.bodies.models import Body
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.workdays.selectors import calendar_current

LOGIN_URL = "/admin/login/"
staff_login_required = login_required(login_url=LOGIN_URL)

PAGE_SIZE = 50
STATUS_FILTERS = [("open", "全部未办结"), ("all", "全部"), *ApplicationStatus.choices]
# The workbench says 计时暂停 where the selectors say PAUSED (consultation, fee notice, 补正).
STATE_TEXT = {PAUSED: "计时暂停"}

MSG_DONE = "已{action}。"
MSG_REGISTERED = (
    "已登记申请，申请编号 {number}，查询码 {code}。查询码只显示这一次，请告知申请人妥善保存，"
    "凭申请编号和查询码查询办理进度。"
)
MSG_NOTICE_DONE = "已生成{title}（{number}）。"
MSG_NOTICE_FAILED = "文书生成失败：{problems}"
MSG_REMEDY_DONE = "已记录{kind}。"


def _case(user, pk: int) -> Application:
    app = application_for_user(user, pk)
    if app is None:
        raise Http404("没有找到该申请，或您无权查看")
    return app


def _case_url(app: Application, anchor: str = "") -> str:
    url = reverse("workbench:case", args=[app.pk])
    return f"{url}#{anchor}" if anchor else url


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- The list --------------------------------------------------------------------------------------


@staff_login_required
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status == "all":
        statuses = ApplicationStatus.values
    elif status in ApplicationStatus.values:
        statuses = [status]
    else:
        status, statuses = "open", list(OPEN_STATUSES)
    rows = applications_workbench(request.user, statuses=statuses)
    bodies = sorted({r.application.body for r in rows}, key=lambda b: b.path)
    body_code = request.GET.get("body", "")
    if body_code:
        rows = [r for r in rows if r.application.body.code == body_code]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/staff/list.html",
        {
            "page": page,
            "rows": page.object_list,
            "bodies": bodies,
            "status": status,
            "body_code": body_code,
            "status_filters": STATUS_FILTERS,
            "state_text": STATE_TEXT,
            "may_register": bool(bodies_handled_by(request.user)),
        },
    )


# --- Registration ----------------------------------------------------------------------------------


def _bodies_handled(user):
    querysets = bodies_handled_by(user)
    if not querysets:
        return Body.objects.none()
    ids = set()
    for qs in querysets:
        ids.update(qs.values_list("pk", flat=True))
    return Body.objects.filter(pk__in=ids).order_by("path")


@staff_login_required
def case_register(request: HttpRequest) -> HttpResponse:
    bodies = _bodies_handled(request.user)
    if not bodies.exists():
        raise Http404("您不是任何机关的依申请公开承办人员")
    form = RegisterForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            app, code = application_register(
                user=request.user,
                body=data["body"],
                channel=data["channel"],
                data=form.applicant_data(),
                received_on=data["received_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_REGISTERED.format(number=app.case_number, code=code))
            return redirect(_case_url(app))
    return render(request, "applications/staff/register.html", {"form": form})


# --- The case page ---------------------------------------------------------------------------------


def _form(action: str, app: Application, user, data=None) -> ActionForm:
    return ACTION_FORMS[action](data, app=app, user=user)


def _case_page(
    request: HttpRequest,
    app: Application,
    *,
    bound: dict | None = None,
    errors: list[str] | None = None,
    fee_preview=None,
) -> HttpResponse:
    bound = bound or {}
    user = request.user
    today = local_today()
    row = workbench_rows([app], today=today, calendar=calendar_current(provisional=True))[0]
    timeline = application_timeline(app)
    offered = workflow.actions_offered(app, user)
    forms = [bound.get(action) or _form(action, app, user) for action in offered]
    refused = [
        f for action, f in bound.items() if action not in offered and isinstance(f, ActionForm)
    ]
    missing = events_missing_notice(app, timeline)
    notices = list(app.notices.select_related("event").order_by("created_at", "pk"))
    regenerate = []
    for event in timeline:
        kind = notice_kind_for(event)
        if event.pk in missing or (
            kind == NoticeKind.REPLY
            and app.status == ApplicationStatus.DECIDED
            and any(n.event_id == event.pk for n in notices)
        ):
            form = bound.get(("notice", event.pk)) or NoticeRegenerateForm(
                kind=kind,
                decision=app.decision if kind == NoticeKind.REPLY else None,
                auto_id=f"notice{event.pk}-%s",
            )
            regenerate.append({"event": event, "form": form, "failed": event.pk in missing})
    shown = {("notice", item["event"].pk) for item in regenerate}
    for key, form in bound.items():
        if isinstance(key, tuple) and key[0] == "notice" and key not in shown:
            errors = [*(errors or []), *form.non_field_errors()]
    remedies = list(app.remedies.all())
    draft = decision_draft_of(app)
    return render(
        request,
        "applications/staff/case.html",
        {
            "app": app,
            "row": row,
            "deadline": row.deadline,
            "explain": _explain(row),
            "state_text": STATE_TEXT,
            "timeline": [{"event": e, "details": event_details(e)} for e in timeline],
            "clarification": clarification_of(app),
            "opinions": list(app.opinions.all()),
            "fee_notices": list(app.fee_notices.all()),
            "notices": notices,
            "missing": missing,
            "regenerate": regenerate,
            "forms": forms,
            "refused": refused,
            "errors": errors or [],
            "fee_preview": fee_preview,
            "remedies": remedies,
            "remedy_form": bound.get("remedy") or (RemedyForm() if app.decision else None),
            "conclude_forms": [
                (r, bound.get(("conclude", r.pk)) or RemedyConcludeForm(remedy_pk=r.pk))
                for r in remedies
                if r.outcome == RemedyOutcome.PENDING
            ],
            "typical_cases": list(app.typical_cases.all()),
            "may_extend": user_may_approve_extension(user, app.body),
            # 审核 and 签发 (views/review.py has the queue): the draft, or why it came back
            "draft": draft,
            "draft_letter": _draft_letter(draft),
            "returned": decision_returned_of(app),
            "decide_label": Action.DECIDE.label,
        },
    )


def _draft_letter(draft) -> list[tuple[str, str]]:
    """What the handler wrote for the reply letter, labelled, for the reviewer."""
    if draft is None:
        return []
    shown = {True: "是", False: "否"}
    return [
        (
            KEY_LABELS.get(key, key),
            "、".join(map(str, value))
            if isinstance(value, list)
            else shown.get(value, value)
            if isinstance(value, bool)
            else value,
        )
        for key, value in draft.letter.items()
    ]


def event_details(event: ApplicationEvent) -> list[str]:
    """What the history shows of an event's data, in words."""
    data = event.data or {}
    lines = []
    if data.get("items"):
        lines.append(f"需要补正的事项：{data['items']}")
    if data.get("correction_due"):
        lines.append(f"补正期限：{cn_date(date.fromisoformat(data['correction_due']))}")
    if event.action == Action.EXTEND and data.get("days"):
        lines.append(f"延长{data['days']}个工作日；理由：{data.get('reason', '')}")
    if data.get("addressee"):
        lines.append(f"被征求意见方：{data['addressee']}")
    if data.get("reply"):
        lines.append(f"意见：{OpinionReply(data['reply']).label}")
    if data.get("silence_meaning"):
        lines.append(data["silence_meaning"])
    if data.get("amount"):
        lines.append(f"信息处理费：{data['amount']}元")
    if data.get("decision"):
        lines.append(f"办理结果：{DecisionCode(data['decision']).label}")
    if data.get("new_case"):
        lines.append(f"新申请编号：{data['new_case']}")
    if data.get("transferred_from"):
        lines.append(f"原申请编号：{data['transferred_from']}")
    if event.action in (Action.REVIEW_RETURN, Action.SIGN_OFF_RETURN) and data.get("reason"):
        lines.append(f"退回理由：{data['reason']}")
    if event.action == Action.REVIEW_APPROVE and data.get("sign_off"):
        lines.append("须经政府信息公开工作机构负责人签发")
    if data.get("late"):
        lines.append("已超过答复期限" if event.action == Action.DELIVER_REPLY else "逾期")
    return lines


def _explain(row) -> list[str]:
    if row.deadline is not None:
        return row.deadline.explain()
    if row.error:
        return [row.error]
    return []


@staff_login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(request.user, pk))


# --- The step actions ------------------------------------------------------------------------------


def _fee_preview(request: HttpRequest, app: Application, form: ActionForm) -> HttpResponse:
    """计算金额: the amount and tiers before the notice goes out; nothing is written."""
    quote = None
    if form.is_valid():
        d = form.cleaned_data
        quote = workflow.fee_quote(app, d["method"], d["units"], d["earlier_items"])
    return _case_page(request, app, bound={form.action: form}, fee_preview=quote)


# Actions whose form has a second button that only shows what the action would do.
PREVIEWS = {Action.ISSUE_FEE_NOTICE: _fee_preview}


@require_POST
@staff_login_required
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Every step action of `workflow.TABLE`, named in the URL: its form (`ACTION_FORMS`), then
    its one workflow function (`workflow.STEP_FUNCTIONS`), which checks the actor, the table and
    the law; a refusal is shown beside the form with what was typed kept."""
    if action not in workflow.STEP_FUNCTIONS:
        raise Http404("没有这项办理操作")
    app = _case(request.user, pk)
    form = _form(action, app, request.user, request.POST)
    if action in PREVIEWS and "preview" in request.POST:
        return PREVIEWS[action](request, app, form)
    if form.is_valid():
        try:
            workflow.STEP_FUNCTIONS[action](app, user=request.user, **form.workflow_arguments())
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_DONE.format(action=Action(action).label))
            return redirect(_case_url(app, "history"))
    app.refresh_from_db()
    return _case_page(request, app, bound={action: form})


# --- Letters -----------------------------------------------------------------------------------------


@staff_login_required
def notice_download(request, pk: int, notice_pk: int, file_type: str) -> FileResponse:
    app = _case(request.user, pk)
    if file_type not in FILE_TYPES:
        raise Http404("文件类型无效")
    notice = get_object_or_404(
        Notice.objects.select_related("application__body"), pk=notice_pk, application=app
    )
    try:
        content, name = notice_file(notice, file_type)
    except NoticeFilesPending as pending:
        messages.info(request, pending.message)
        return redirect(_case_url(app))
    return FileResponse(
        BytesIO(content), as_attachment=True, filename=name, content_type=FILE_TYPES[file_type]
    )


@require_POST
@staff_login_required
def notice_regenerate_view(request, pk: int, event_pk: int) -> HttpResponse:
    app = _case(request.user, pk)
    event = get_object_or_404(ApplicationEvent, pk=event_pk, application=app)
    kind = notice_kind_for(event)
    if kind is None:
        raise Http404("该办理记录不需要生成文书")
    form = NoticeRegenerateForm(
        request.POST,
        kind=kind,
        decision=app.decision if kind == NoticeKind.REPLY else None,
        auto_id=f"notice{event.pk}-%s",
    )
    if form.is_valid():
        try:
            notice = notice_regenerate(
                app, event, user=request.user, extra_context=form.notice_values()
            )
        except NoticeIssueError as exc:
            form.add_error(None, exc.message)
        except NoticeTemplateError as exc:
            form.add_error(None, MSG_NOTICE_FAILED.format(problems="；".join(exc.problems)))
        else:
            messages.success(
                request, MSG_NOTICE_DONE.format(title=notice.title, number=notice.number)
            )
            return redirect(_case_url(app, "notices"))
    return _case_page(request, app, bound={("notice", event.pk): form})


# --- Remedies (typical cases: views/typical.py) ----------------------------------------------------------------------


@require_POST
@staff_login_required
def remedy_record(request, pk: int) -> HttpResponse:
    app = _case(request.user, pk)
    form = RemedyForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            remedy = remedy_case_record(
                user=request.user,
                application=app,
                kind=d["kind"],
                filed_on=d["filed_on"],
                litigation_route=d["litigation_route"],
                outcome=d["outcome"],
                concluded_on=d["concluded_on"],
                note=d["note"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_REMEDY_DONE.format(kind=remedy.get_kind_display()))
            return redirect(_case_url(app, "remedies"))
    return _case_page(request, app, bound={"remedy": form})


@require_POST
@staff_login_required
def remedy_conclude(request, pk: int, remedy_pk: int) -> HttpResponse:
    app = _case(request.user, pk)
    remedy = get_object_or_404(RemedyCase, pk=remedy_pk, application=app)
    form = RemedyConcludeForm(request.POST, remedy_pk=remedy.pk)
    if form.is_valid():
        d = form.cleaned_data
        try:
            remedy_case_conclude(
                remedy,
                user=request.user,
                outcome=d["outcome"],
                concluded_on=d["concluded_on"],
                note=d["note"],
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_REMEDY_DONE.format(kind="审结结果"))
            return redirect(_case_url(app, "remedies"))
    return _case_page(request, app, bound={("conclude", remedy.pk): form})
