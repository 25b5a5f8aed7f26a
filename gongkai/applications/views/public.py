"""Public pages of 依申请公开: choose a body, apply online, the receipt, tracking, withdrawal.

Thin function views: forms, `services.application_submit_online`, the selectors and
`workflow.application_withdraw`; no status is set here. What the applicant may see of a case is
decided by two things only: the case number with the query code (`application_for_tracking`),
and, for the pages and files behind a successful lookup, a short-lived mark in the session.

Privacy rules (docs/applying.md): the query code never appears in a URL (every form that carries
it is a POST) and is shown once, on the receipt; ID and phone numbers are shown masked; the pages
that show a case or the code are not cached.
"""

from __future__ import annotations

import logging
import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.applications.forms_public import (
    MSG_TRACKING_FAILED,
    MSG_WITHDRAW_CODE_WRONG,
    ApplicationForm,
    TrackingForm,
    WithdrawForm,
)
from gongkai.applications.models import (
    RECEIPT_DATE_RULES,
    Application,
    Channel,
    Notice,
    NoticeKind,
)
from gongkai.applications.notice_issue import NoticeFilesPending, notice_file
from gongkai.applications.selectors import (
    application_deadline,
    application_for_tracking,
    application_public_timeline,
)
from gongkai.applications.services.intake import application_submit_online
from gongkai.applications.services.messages import receipt_destinations
from gongkai.applications.throttles import (
    submission_refusal,
    tracking_attempt,
    tracking_succeeded,
)
from gongkai.applications.workflow import (
    MSG_APPLICANT_CODE_WRONG,
    WorkflowError,
    application_withdraw,
)
from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_directory
from gongkai.core.sealing import seal
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

logger = logging.getLogger(__name__)

# Session keys. The receipt holds the query code only until the receipt page has shown it.
RECEIPT_KEY = "apply_receipt"
# The code stays in the applicant's own session this long after the receipt page showed it, for
# the receipt PDF only; then it is gone (shown once, stored hashed).
RECEIPT_PDF_KEY = "apply_receipt_pdf"
RECEIPT_PDF_SECONDS = 15 * 60
RECEIPT_PDF_PURPOSE = "receipt-pdf"

OPENED_KEY = "apply_opened"  # {case pk: unix time until which this session may see the case}
OPENED_SECONDS = 30 * 60

# The documents addressed to the applicant. Letters to a third party or another body (征求意见书)
# are part of the case file, not of the applicant's tracking page.
APPLICANT_NOTICE_KINDS = (
    NoticeKind.RECEIPT,
    NoticeKind.CLARIFICATION,
    NoticeKind.EXTENSION,
    NoticeKind.FEE,
    NoticeKind.REPLY,
)
DOWNLOAD_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}

MSG_SUMMARY_THROTTLED = "申请未提交："
MSG_WITHDRAWN = "您的申请已撤回，受理机关将终止办理。"
MSG_NOT_OPENED = "请先输入申请编号和查询码查询申请，再查看或下载文书。"
MSG_NOTICE_FAILED = "文书暂时无法生成，请稍后再试，或与受理机关联系。"


# --- Reads the selectors do not offer (kept small; candidates for selectors.py) -----------------


def _body_by_code(code: str) -> Body | None:
    return Body.objects.select_related("home_page").filter(code=code).first()


def _applicant_notices(app: Application) -> list[Notice]:
    return list(
        Notice.objects.filter(application=app, kind__in=APPLICANT_NOTICE_KINDS).order_by(
            "created_at", "pk"
        )
    )


def _deadline(app: Application):
    """The reply deadline of an open case; days in a year without holiday data are marked 暂定."""
    if not app.is_open:
        return None
    try:
        return application_deadline(app, calendar_current(provisional=True))
    except CalendarDataMissing:  # only a strict calendar raises; kept as a guard
        return None


# --- Session marks -------------------------------------------------------------------------------


def _opened(request) -> dict[str, float]:
    now = time.time()
    marks = {k: v for k, v in request.session.get(OPENED_KEY, {}).items() if v > now}
    return marks


def _open(request, app: Application) -> None:
    marks = _opened(request)
    marks[str(app.pk)] = time.time() + OPENED_SECONDS
    request.session[OPENED_KEY] = marks


def _may_see(request, application_id: int) -> bool:
    return str(application_id) in _opened(request)


def receipt_pdf_keep(request, app: Application, code: str) -> None:
    """What the receipt PDF needs, for 15 minutes: the code sealed (`core.sealing`), never in the
    clear, and unreadable after that time even if the session lives on."""
    request.session[RECEIPT_PDF_KEY] = {
        "case": app.pk,
        "code": seal(code, purpose=RECEIPT_PDF_PURPOSE),
        "until": time.time() + RECEIPT_PDF_SECONDS,
    }


def _page_of(body: Body | None):
    """The body's home page: base.html then shows the body's name and site links."""
    return body.home_page if body is not None else None


# --- Views -----------------------------------------------------------------------------------------


def body_choose(request):
    """选择受理机关: every body on the platform, grouped in the official order, each linking to its
    form, with how to reach its 政府信息公开工作机构 (to apply by post or in person)."""
    return render(
        request,
        "applications/public/choose_body.html",
        {"body_groups": body_directory()},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def application_form(request, body_code: str):
    """政府信息公开申请表 of one body. POST → throttle → service → receipt (PRG). A throttled
    submission is not stored: the form comes back with everything typed (status 429)."""
    body = _body_by_code(body_code)
    if body is None:
        raise Http404("没有这个机关")
    status = 200
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid() and (
            refused := submission_refusal(
                request, form.cleaned_data.get("phone", ""), form.cleaned_data.get("email", "")
            )
        ):
            form.add_error(None, refused)
            form.error_summary_title = MSG_SUMMARY_THROTTLED
            status = 429
        elif form.is_valid():
            try:
                app, code = application_submit_online(body, form.service_data())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                request.session[RECEIPT_KEY] = {"case": app.pk, "code": code}
                return redirect("apply:receipt")
    else:
        form = ApplicationForm()
    return render(
        request,
        "applications/public/form.html",
        # `apply_body`, not `body`: base.html sets `body` from `page` (None without a home page).
        {"form": form, "apply_body": body, "page": _page_of(body), "throttled": status == 429},
        status=status,
    )


@never_cache
def receipt(request):
    """受理回执: the case number, and the query code the first time only."""
    held = request.session.get(RECEIPT_KEY)
    app = (
        Application.objects.select_related("body__home_page").filter(pk=held.get("case")).first()
        if isinstance(held, dict)
        else None
    )
    if app is None:
        return render(request, "applications/public/receipt_missing.html", status=404)
    code = held.get("code")
    if code:
        # Shown now, never again: the session keeps only the case (and, for 15 minutes, what the
        # receipt PDF needs: views/recovery.py).
        request.session[RECEIPT_KEY] = {"case": app.pk, "code": None}
        receipt_pdf_keep(request, app, code)
    return render(
        request,
        "applications/public/receipt.html",
        {
            "app": app,
            "query_code": code,
            "deadline": _deadline(app),
            "receipt_rule": RECEIPT_DATE_RULES[Channel.ONLINE],
            "sent_to": receipt_destinations(app),
            "page": _page_of(app.body),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    """查询: the case number and query code (POST, never in a URL), then the case page. Failed
    lookups are limited per address and per case number (applications/throttles.py)."""
    form = TrackingForm(request.POST) if request.method == "POST" else TrackingForm()
    status = 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["case_number"]
        if refused := tracking_attempt(request, number):
            form.add_error(None, refused)
            status = 429
        else:
            app = application_for_tracking(number, form.cleaned_data["query_code"])
            if app is None:
                form.add_error(None, MSG_TRACKING_FAILED)
            else:
                tracking_succeeded(request, number)
                _open(request, app)
                return redirect("apply:case", pk=app.pk)
    return render(request, "applications/public/track.html", {"form": form}, status=status)


@never_cache
def track_case(request, pk: int):
    """The applicant's case, after a successful lookup in this session."""
    if not _may_see(request, pk):
        return redirect("apply:track")
    app = (
        Application.objects.select_related("body__home_page", "transferred_to__body")
        .filter(pk=pk)
        .first()
    )
    if app is None:
        return redirect("apply:track")
    return render(
        request,
        "applications/public/case.html",
        {
            "app": app,
            "deadline": _deadline(app),
            "timeline": application_public_timeline(app),
            "notices": _applicant_notices(app),
            "page": _page_of(app.body),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track_withdraw(request, pk: int):
    """撤回申请: a confirmation page; the applicant types the query code again to confirm."""
    if not _may_see(request, pk):
        return redirect("apply:track")
    app = Application.objects.select_related("body__home_page").filter(pk=pk).first()
    if app is None:
        return redirect("apply:track")
    form = WithdrawForm(request.POST) if request.method == "POST" else WithdrawForm()
    if request.method == "POST" and form.is_valid() and app.is_open:
        try:
            application_withdraw(
                app,
                query_code=form.cleaned_data["query_code"],
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as exc:
            if exc.message == MSG_APPLICANT_CODE_WRONG:  # beside the one field that can be wrong
                form.add_error("query_code", MSG_WITHDRAW_CODE_WRONG)
            else:
                form.add_error(None, exc.message)
        else:
            messages.success(request, MSG_WITHDRAWN)
            return redirect("apply:case", pk=app.pk)
    return render(
        request,
        "applications/public/withdraw.html",
        {"app": app, "form": form, "page": _page_of(app.body)},
    )


def track_end(request):
    """结束查询 (POST): this browser forgets the cases it opened (for shared computers)."""
    if request.method == "POST":
        request.session.pop(OPENED_KEY, None)
    return redirect("apply:track")


def _refused(request, message: str, status: int) -> HttpResponse:
    return render(request, "applications/public/refused.html", {"message": message}, status=status)


@never_cache
def notice_download(request, pk: int, ext: str):
    """A document of the case as DOCX or PDF: the stored file, or rendered from its text."""
    notice = (
        Notice.objects.select_related("application__body")
        .filter(pk=pk, kind__in=APPLICANT_NOTICE_KINDS)
        .first()
    )
    # The same answer whether the notice does not exist or belongs to a case not opened here.
    if notice is None or not _may_see(request, notice.application_id):
        return _refused(request, MSG_NOT_OPENED, 403)
    # The same stored file the workbench hands out (the task worker makes it).
    try:
        content, filename = notice_file(notice, ext)
    except NoticeFilesPending as pending:
        response = _refused(request, pending.message, 503)
        response["Retry-After"] = "5"
        return response
    except Exception:  # a broken font or library must not show the applicant a stack trace
        logger.exception("notice %s: %s not available", notice.pk, ext)
        return _refused(request, MSG_NOTICE_FAILED, 500)
    return _file(content, ext, filename)


def _file(content: bytes, ext: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[ext])
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def typical_cases(request):
    """典型案例及答复文书 (B6): closed cases staff marked typical and anonymised, newest first."""
    from django.core.paginator import Paginator

    from gongkai.applications.selectors import typical_cases_published

    body_code = request.GET.get("body", "")[:40]
    body = _body_by_code(body_code) if body_code else None
    page = Paginator(typical_cases_published(body), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "applications/public/typical_cases.html",
        {"page": page, "body": body, "current": "典型案例及答复文书"},
    )


def typical_case(request, pk: int):
    from gongkai.applications.selectors import typical_cases_published

    case = typical_cases_published().filter(pk=pk).first()
    if case is None:
        raise Http404("典型案例不存在或未发布")
    return render(
        request,
        "applications/public/typical_case.html",
        {"case": case, "body": case.application.body, "current": "典型案例及答复文书"},
    )


def typical_case_letter(request, pk: int):
    """The anonymised reply letter of a published typical case, as the office head approved it;
    nothing once the case is withdrawn (the file is private storage, served only here)."""
    from gongkai.applications.selectors import typical_cases_published

    case = typical_cases_published().filter(pk=pk).first()
    if case is None or not case.letter_pdf:
        raise Http404("典型案例不存在或未发布")
    with case.letter_pdf.open("rb") as stored:
        content = stored.read()
    return _file(content, "pdf", f"典型案例{case.pk}-答复书.pdf")
