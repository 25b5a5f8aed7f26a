"""The public comment form of a consultation (意见征集) and its receipt.

Thin function views: `forms_public.CommentForm`, the throttles below and
`workflow.comment_submit` (the only way an online comment is created); no status is set here. The
consultation page itself is a static Wagtail page that only links here: these pages carry a CSRF
token and the person's own receipt, and are never cached.

The throttles follow the application form of 依申请公开 (applications/throttles.py; the apps do
not import each other): counted in the database (`core.throttle`) per client address and per
contact, before anything is stored; a refused submission stores nothing, takes no number, and
comes back with everything typed (status 429) and when to try again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.core.clientip import client_ip
from gongkai.core.dates import today as local_today
from gongkai.core.throttle import throttle_hit, until_text
from gongkai.core.throttle_policy import address_material, email_material, phone_material
from gongkai.participation.comment_workflow import WorkflowError, comment_submit
from gongkai.participation.forms_public import MSG_SUMMARY_THROTTLED, CommentForm
from gongkai.participation.models import Comment, ConsultationPage
from gongkai.participation.page_context import (
    WHOLE_DRAFT_LABEL,
    public_comment,
    public_comments_qs,
)
from gongkai.participation.selectors import ConsultationPhase, consultation_phase

COMMENT_ADDRESS = "comment-address"
COMMENT_CONTACT = "comment-contact"

# The receipt of the last comment this browser submitted: {"comment": pk}. Kept (not shown once):
# the number is no secret, and a reload must show it again.
RECEIPT_KEY = "comment_receipt"

MSG_TOO_MANY = (
    "本次意见未提交：同一网络地址或同一联系方式在短时间内提交的意见过多。"
    "您填写的内容都已保留，请于{until}再提交；也可以通过电子邮件、信函等方式提出意见。"
)
WHOLE_DRAFT_ANCHOR = "whole-draft"
MSG_NOT_FOUND = "没有找到这项意见征集，或者它尚未发布、已经撤下。"
MSG_RECEIPT_MISSING = "没有可显示的意见回执：回执只在提交意见的浏览器中显示。"


# --- Throttles -------------------------------------------------------------------------------------


def comment_refusal(request, contact: str) -> str | None:
    """Count one online comment (before it is stored); the message if it is refused. The address
    is counted first: a refused address does not count against the contact."""
    verdict = throttle_hit(COMMENT_ADDRESS, address_material(client_ip(request)))
    if verdict.allowed:
        material = email_material(contact) if "@" in contact else phone_material(contact)
        if material is not None:
            verdict = throttle_hit(COMMENT_CONTACT, material)
    return None if verdict.allowed else MSG_TOO_MANY.format(until=until_text(verdict.retry_at))


# --- Views -----------------------------------------------------------------------------------------


def _live_consultation(page_id: int) -> ConsultationPage | None:
    """The consultation as the public may see it: published, without a view restriction."""
    page = ConsultationPage.objects.live().filter(pk=page_id).first()
    if page is None or page.get_view_restrictions().exists():
        return None
    return page


def _not_found(request):
    return render(
        request,
        "participation/public/comment_closed.html",
        {"message": MSG_NOT_FOUND},
        status=404,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def comment_form(request, page_id: int):
    """提出意见 on one consultation. GET `?article=art-4` preselects the article. POST → throttle →
    `workflow.comment_submit` → the receipt (PRG). A consultation not open shows when it is (or
    was) and no form."""
    page = _live_consultation(page_id)
    if page is None:
        return _not_found(request)
    phase = consultation_phase(page, local_today())
    if phase != ConsultationPhase.OPEN:
        return render(
            request,
            "participation/public/comment_closed.html",
            {"page": page, "consultation": page, "crumbs": [page], "phase": phase},
        )
    status = 200
    if request.method == "POST":
        form = CommentForm(request.POST, consultation=page)
        if form.is_valid() and (refused := comment_refusal(request, form.cleaned_data["contact"])):
            form.add_error(None, refused)
            form.error_summary_title = MSG_SUMMARY_THROTTLED
            status = 429
        elif form.is_valid():
            try:
                comment = comment_submit(page, **form.submit_data())
            except ValidationError as exc:
                form.add_workflow_errors(exc)
            except WorkflowError as exc:  # closed (or unpublished) while the form was being filled
                form.add_error(None, exc.message)
                status = 409
            else:
                request.session[RECEIPT_KEY] = {"comment": comment.pk}
                return redirect("participation:comment_receipt", page_id=page.pk)
    else:
        form = CommentForm(consultation=page)
        form.initial_article(request.GET.get("article", "")[:40])
    return render(
        request,
        "participation/public/comment_form.html",
        {
            "form": form,
            "page": page,
            "consultation": page,
            "crumbs": [page],
            "throttled": status == 429,
        },
        status=status,
    )


@never_cache
def comment_receipt(request, page_id: int):
    """意见回执: the comment's number and what happens next; shown again on a reload."""
    held = request.session.get(RECEIPT_KEY)
    comment = (
        Comment.objects.select_related("consultation", "article")
        .filter(pk=held.get("comment"), consultation_id=page_id)
        .first()
        if isinstance(held, dict)
        else None
    )
    if comment is None:
        return render(
            request,
            "participation/public/comment_receipt.html",
            {"message": MSG_RECEIPT_MISSING},
            status=404,
        )
    page = comment.consultation
    return render(
        request,
        "participation/public/comment_receipt.html",
        {"comment": comment, "page": page, "consultation": page, "crumbs": [page]},
    )


ARTICLE_PAGE_SIZE = 20


@require_GET
def article_comments(request, page_id: int, anchor: str):
    """All the comments the public sees on one article (or on the whole draft, `whole-draft`),
    oldest first, 20 a page: the consultation page shows only the latest few under each."""
    page = _live_consultation(page_id)
    if page is None:
        raise Http404(MSG_NOT_FOUND)
    concluded = consultation_phase(page, local_today()) == ConsultationPhase.CONCLUDED
    comments = public_comments_qs(page, concluded)
    if anchor == WHOLE_DRAFT_ANCHOR:
        article, label = None, WHOLE_DRAFT_LABEL
        comments = comments.filter(article__isnull=True)
    else:
        article = page.articles.filter(anchor=anchor).first()
        if article is None:
            raise Http404(MSG_NOT_FOUND)
        label = f"对{article.label or '征求意见稿'}的意见"
        comments = comments.filter(article=article)
    paginated = Paginator(comments.order_by("received_on", "pk"), ARTICLE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participation/public/article_comments.html",
        {
            "consultation": page,
            "article": article,
            "label": label,
            "anchor": anchor,
            "page_obj": paginated,
            "comments": [public_comment(c, concluded) for c in paginated.object_list],
            "concluded": concluded,
            "crumbs": [
                {"title": "意见征集", "url": reverse("participation:consultations")},
                {"title": page.title, "url": page.get_url(request) or page.url_path},
            ],
        },
    )
