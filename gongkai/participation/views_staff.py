"""The staff screens for comments on consultations (意见征集), mounted at /workbench/participation/
(namespace `moderation`; docs/participation.md, "Staff screens").

Thin views, as the 依申请公开 workbench: every read is scoped to the user's bodies (a consultation
or comment of another body is a 404, for the page and every action: `user_may_moderate`,
`comments_for_user`), every write goes through exactly one workflow or service function, whose
Chinese refusal is shown beside the form with what was typed kept. Staff log in through Wagtail's
login page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.dates import today as local_today
from gongkai.documents.models import PolicyDocumentPage
from gongkai.participation import comment_workflow as workflow
from gongkai.participation.feedback import WHOLE_DRAFT
from gongkai.participation.forms_staff import (
    ACTION_FORMS,
    WHOLE_DRAFT_LABEL,
    CommentActionForm,
    FeedbackForm,
    RegisterForm,
)
from gongkai.participation.models import (
    COUNTED_WITHHELD,
    Comment,
    CommentAction,
    CommentStatus,
    ConsultationPage,
    WithheldReason,
)
from gongkai.participation.selectors import (
    ConsultationPhase,
    bodies_moderated_by,
    comment_timeline,
    comments_for_user,
    consultation_body,
    consultation_feedback_tally,
    consultation_phase,
    user_may_moderate,
    user_may_publish_feedback,
)
from gongkai.participation.services import consultation_feedback_publish

staff_login_required = login_required(login_url="wagtailadmin_login")

# Each comment on the queue carries its action forms: 10 a page keeps the page under 100 ms with
# 20,000 comments (bench/participation.py, docs/benchmarks.md).
PAGE_SIZE = 10
UNDISPOSED = "undisposed"
STATUS_FILTERS = [("", "全部"), *CommentStatus.choices, (UNDISPOSED, "未填写采纳情况")]
# The list: open consultations first, then those awaiting their feedback report, then the rest.
PHASE_ORDER = {
    ConsultationPhase.OPEN: 0,
    ConsultationPhase.CLOSED: 1,
    ConsultationPhase.UPCOMING: 2,
    ConsultationPhase.CONCLUDED: 3,
}

MSG_NOT_FOUND = "没有找到该意见征集，或您无权查看"
MSG_COMMENT_NOT_FOUND = "没有找到该意见，或您无权查看"
MSG_DONE = "意见{number}：已{action}。"
MSG_PETITION = "该意见属于信访事项，请告知意见人通过信访渠道反映诉求（联系方式：{contact}）。"
MSG_REGISTERED = "已登记意见，意见编号 {number}。"
MSG_FEEDBACK_DONE = "已公布意见采纳情况。"


def _undisposed_condition(prefix: str = "") -> Q:
    """Counted comments without a disposition (`counted_condition`, through a relation)."""
    return Q(**{f"{prefix}disposition": ""}) & (
        Q(**{f"{prefix}status": CommentStatus.PUBLISHED})
        | Q(
            **{
                f"{prefix}status": CommentStatus.WITHHELD,
                f"{prefix}withheld_reason__in": list(COUNTED_WITHHELD),
            }
        )
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _consultation(user, pk: int) -> ConsultationPage:
    page = ConsultationPage.objects.select_related("body").filter(pk=pk).first()
    if page is None or not user_may_moderate(user, page):
        raise Http404(MSG_NOT_FOUND)
    return page


def _comment(user, pk: int) -> Comment:
    comment = (
        comments_for_user(user)
        .select_related("consultation", "consultation__body", "article")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404(MSG_COMMENT_NOT_FOUND)
    return comment


def _consultation_url(page: ConsultationPage, status: str = "", anchor: str = "") -> str:
    url = reverse("moderation:consultation", args=[page.pk])
    if status in dict(STATUS_FILTERS) and status:
        url += f"?status={status}"
    return f"{url}#{anchor}" if anchor else url


# --- The list ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsultationRow:
    page: ConsultationPage
    phase: ConsultationPhase
    days_left: int | None  # while open: 0 on the closing day
    days_closed: int | None  # after closing: 1 on the day after the closing day
    days_to_open: int | None  # before opening


@staff_login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    """意见征集: the consultations of the user's bodies with their comment counts."""
    today = local_today()
    pages = list(
        ConsultationPage.objects.filter(
            body__in=bodies_moderated_by(request.user).values("pk")
        ).select_related("body")
    )
    # The counts in one grouped query over the comments: annotating the pages instead makes SQLite
    # group 20,000 joined rows by every page column (bench/participation.py).
    counts = {
        row["consultation_id"]: row
        for row in Comment.objects.filter(consultation__in=[page.pk for page in pages])
        .values("consultation_id")
        .annotate(
            n_pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
            n_published=Count("pk", filter=Q(status=CommentStatus.PUBLISHED)),
            n_withheld=Count("pk", filter=Q(status=CommentStatus.WITHHELD)),
            n_undisposed=Count("pk", filter=_undisposed_condition()),
        )
        .order_by()
    }
    rows = []
    for page in pages:
        for name in ("n_pending", "n_published", "n_withheld", "n_undisposed"):
            setattr(page, name, counts.get(page.pk, {}).get(name, 0))
        phase = consultation_phase(page, today)
        rows.append(
            ConsultationRow(
                page=page,
                phase=phase,
                days_left=(page.closes_on - today).days
                if phase == ConsultationPhase.OPEN
                else None,
                days_closed=(today - page.closes_on).days
                if phase == ConsultationPhase.CLOSED
                else None,
                days_to_open=(page.opens_on - today).days
                if phase == ConsultationPhase.UPCOMING
                else None,
            )
        )
    rows.sort(key=lambda r: (PHASE_ORDER[r.phase], r.page.closes_on, r.page.pk))
    return render(request, "participation/staff/list.html", {"rows": rows})


# --- A consultation's comments -------------------------------------------------------------------


@dataclass
class CommentItem:
    comment: Comment
    forms: list[CommentActionForm] = field(default_factory=list)
    notice: str = ""  # what the public reads of a withheld comment


def _offered(comment: Comment) -> list[str]:
    """The actions the table allows now; the workflow checks everything again."""
    actions = []
    if comment.status == CommentStatus.PENDING:
        actions.append(CommentAction.PUBLISH)
    if comment.status in (CommentStatus.PENDING, CommentStatus.PUBLISHED):
        actions.append(CommentAction.WITHHOLD)
    if comment.counted and comment.consultation.feedback_published_at is None:
        actions.append(CommentAction.DISPOSE)
    return actions


def _item(comment: Comment, bound: dict | None = None) -> CommentItem:
    bound = bound or {}
    forms = [bound.get(a) or ACTION_FORMS[a](comment=comment) for a in _offered(comment)]
    # A refused form of an action no longer offered (the comment moved meanwhile) is still shown.
    forms += [f for a, f in bound.items() if a not in _offered(comment)]
    return CommentItem(comment, forms, comment.withheld_notice)


def _page_context(request: HttpRequest, page: ConsultationPage) -> dict:
    user = request.user
    return {
        "consultation": page,
        "body": consultation_body(page),
        "phase": consultation_phase(page),
        "may_publish_feedback": user_may_publish_feedback(user, page),
    }


@staff_login_required
def consultation_comments(request: HttpRequest, pk: int) -> HttpResponse:
    """A consultation's comments, in full (text and contact), filtered by status, each with the
    forms of the actions it allows."""
    page = _consultation(request.user, pk)
    status = request.GET.get("status", "")
    if status not in dict(STATUS_FILTERS):
        status = ""
    comments = (
        comments_for_user(request.user)
        .filter(consultation=page)
        .select_related("article")
        .order_by("received_on", "pk")
    )
    # Every count in one grouped query; the paginator is given its total from it (no COUNT(*)).
    counts, undisposed = {}, 0
    for row in (
        comments.order_by()
        .values("status")
        .annotate(n=Count("pk"), u=Count("pk", filter=_undisposed_condition()))
    ):
        counts[row["status"]] = row["n"]
        undisposed += row["u"]
    if status == UNDISPOSED:
        comments, total = comments.filter(_undisposed_condition()), undisposed
    elif status:
        comments, total = comments.filter(status=status), counts.get(status, 0)
    else:
        total = sum(counts.values())
    paginator = Paginator(comments, PAGE_SIZE)
    paginator.__dict__["count"] = total  # Paginator.count is a cached_property
    paginated = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "participation/staff/consultation.html",
        {
            **_page_context(request, page),
            "status": status,
            "status_filters": STATUS_FILTERS,
            "counts": counts,
            "undisposed": undisposed,
            "paginated": paginated,
            "items": [_item(_on(c, page)) for c in paginated.object_list],
            "whole_draft": WHOLE_DRAFT_LABEL,
        },
    )


def _on(comment: Comment, page: ConsultationPage) -> Comment:
    """The comment with its consultation (and the consultation's body, which the forms read to
    mask personal data) already loaded: no query per comment, no draft text per row."""
    comment.consultation = page
    return comment


def _comment_page(request: HttpRequest, comment: Comment, bound: dict | None = None):
    return render(
        request,
        "participation/staff/comment.html",
        {
            **_page_context(request, comment.consultation),
            "item": _item(comment, bound),
            "timeline": comment_timeline(comment),
            "status": request.POST.get("return_status", "") if request.method == "POST" else "",
            "whole_draft": WHOLE_DRAFT_LABEL,
        },
    )


@staff_login_required
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One comment with its forms and its history."""
    return _comment_page(request, _comment(request.user, pk))


@require_POST
@staff_login_required
def comment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """审核公开, 不予公开, 填写采纳情况: the action's form, then its one workflow function; a
    refusal is shown on the comment's page with what was typed kept."""
    if action not in workflow.STEP_FUNCTIONS:
        raise Http404("没有这项操作")
    comment = _comment(request.user, pk)
    form = ACTION_FORMS[action](request.POST, comment=comment)
    if form.is_valid():
        try:
            done = workflow.STEP_FUNCTIONS[action](
                comment, user=request.user, **form.workflow_arguments()
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request, MSG_DONE.format(number=done.number, action=CommentAction(action).label)
            )
            if done.status == CommentStatus.WITHHELD and (
                done.withheld_reason == WithheldReason.PETITION
            ):
                messages.warning(request, MSG_PETITION.format(contact=done.contact))
            return redirect(
                _consultation_url(
                    comment.consultation,
                    request.POST.get("return_status", ""),
                    f"comment-{comment.pk}",
                )
            )
    comment.refresh_from_db()
    return _comment_page(request, comment, bound={action: form})


# --- 登记意见 ----------------------------------------------------------------------------------


@staff_login_required
def comment_register(request: HttpRequest, pk: int) -> HttpResponse:
    """登记意见 received by e-mail, letter or fax (`workflow.comment_register`)."""
    page = _consultation(request.user, pk)
    form = RegisterForm(request.POST or None, consultation=page)
    if request.method == "POST" and form.is_valid():
        try:
            comment = workflow.comment_register(
                page, user=request.user, **form.workflow_arguments()
            )
        except workflow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_REGISTERED.format(number=comment.number))
            return redirect(_consultation_url(page, anchor=f"comment-{comment.pk}"))
    return render(
        request,
        "participation/staff/register.html",
        {**_page_context(request, page), "form": form},
    )


# --- 公布意见采纳情况 -----------------------------------------------------------------------------


def _tally_rows(page: ConsultationPage):
    by_article, total = consultation_feedback_tally(page)
    labels = {a.anchor: a.label for a in page.articles.all()}
    labels[WHOLE_DRAFT] = WHOLE_DRAFT_LABEL
    return [(labels.get(anchor, anchor), t) for anchor, t in by_article.items()], total


def _documents(page: ConsultationPage):
    body = consultation_body(page)
    if body is None or body.home_page_id is None:
        return PolicyDocumentPage.objects.none()
    return (
        PolicyDocumentPage.objects.live()
        .descendant_of(body.home_page)
        .order_by("-first_published_at", "-pk")
    )


@staff_login_required
def feedback_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公布意见采纳情况: the tally, the final document and the summary
    (`services.consultation_feedback_publish`, which refuses with every reason at once)."""
    page = _consultation(request.user, pk)
    initial = {"final_document": page.final_document_id, "summary": page.feedback_summary}
    form = FeedbackForm(request.POST or None, documents=_documents(page), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consultation_feedback_publish(
                page,
                user=request.user,
                final_document=form.cleaned_data["final_document"],
                summary=form.cleaned_data["summary"],
            )
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, MSG_FEEDBACK_DONE)
            return redirect(_consultation_url(page))
    rows, total = _tally_rows(page)
    return render(
        request,
        "participation/staff/feedback.html",
        {**_page_context(request, page), "form": form, "rows": rows, "total": total},
    )
