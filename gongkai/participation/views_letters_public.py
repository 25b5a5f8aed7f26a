"""The public pages of the mailbox (领导信箱, docs/mailbox.md "Public pages"): choose a body, write
a letter and read its receipt, track it with its number and query code (read the reply, rate it,
follow up once), and the published letters and the statistics.

Thin function views: the forms of `forms_letters_public`, the throttles of `letter_throttles`, the
reads of `letter_selectors` and the writer's actions of `letter_workflow` (`letter_submit`,
`letter_rate`, `letter_follow_up`); no status is set here. What a writer may see of a letter is
decided by two things only, as for the applications (applications/views/public.py; the apps do
not import each other): the number with the query code (`letter_for_tracking`), and, for the
pages behind a successful lookup, a short-lived mark in the session. The query code never
appears in a URL and is shown once, on the receipt; these pages are never cached.
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_in_official_order, body_directory
from gongkai.core.dates import cn_date
from gongkai.participation.forms_letters_public import (
    MSG_SUMMARY_THROTTLED,
    MSG_TRACKING_FAILED,
    CodeRecoveryForm,
    FollowUpForm,
    LetterForm,
    LetterTrackingForm,
    PeriodForm,
    PublishedFilterForm,
    RatingForm,
)
from gongkai.participation.letter_messages import (
    letter_query_code_reissue,
    receipt_destinations,
)
from gongkai.participation.letter_publication import mask_name
from gongkai.participation.letter_selectors import (
    OPEN_STATUSES,
    letter_for_tracking,
    letters_published,
    mailbox_statistics,
    mailbox_statistics_by_body,
)
from gongkai.participation.letter_throttles import (
    letter_refusal,
    recovery_attempt,
    recovery_sent,
    tracking_attempt,
    tracking_succeeded,
)
from gongkai.participation.letter_workflow import (
    WorkflowError,
    letter_follow_up,
    letter_rate,
    letter_submit,
)
from gongkai.participation.models import Letter, LetterAction, LetterStatus

# The receipt of the last letter this browser sent: {"letter": pk, "code": code or None}. The
# number stays (a reload shows it again); the code is dropped once the receipt has shown it.
RECEIPT_KEY = "mailbox_receipt"
# {letter pk: unix time until which this session may see the letter}; renewed on each visit.
OPENED_KEY = "mailbox_opened"
OPENED_SECONDS = 60 * 60
PER_PAGE = 20

MSG_RATED = "感谢您的评价。"
MSG_FOLLOWED_UP = "您的追问已提交，{body}将于{due}前答复，答复后可在本页查看。"
MSG_TRACKING_ENDED = "已结束查询，本浏览器不再显示您查询过的来信。"

TITLE = "领导信箱"


def _crumbs(*extra: tuple[str, str]) -> list[dict]:
    """The trail after 首页: 领导信箱, then the given (title, url) pairs."""
    return [{"title": TITLE, "url": reverse("mailbox:index")}] + [
        {"title": title, "url": url} for title, url in extra
    ]


# --- Choosing a body ---------------------------------------------------------------------------


@require_GET
def mailbox_index(request):
    """领导信箱: every body on the platform, grouped in the official order, each linking to its
    letter form; and the ways to tracking, the published letters and the statistics."""
    return render(
        request,
        "participation/mailbox/index.html",
        {"body_groups": body_directory()},
    )


# --- Writing and the receipt -------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def letter_write(request, body_code: str):
    """写信 to one body. POST → throttle → `letter_submit` (it commits) → the receipt (PRG). A
    throttled or wrong letter is not stored: the form comes back with everything typed."""
    body = Body.objects.select_related("home_page").filter(code=body_code).first()
    if body is None:
        raise Http404("没有这个机关")
    status = 200
    if request.method == "POST":
        form = LetterForm(request.POST)
        if form.is_valid() and (
            refused := letter_refusal(
                request, form.cleaned_data["phone"], form.cleaned_data["email"]
            )
        ):
            form.add_error(None, refused)
            form.error_summary_title = MSG_SUMMARY_THROTTLED
            status = 429
        elif form.is_valid():
            try:
                letter, code = letter_submit(body, **form.submit_data())
            except ValidationError as exc:
                form.add_workflow_errors(exc)
            else:
                request.session[RECEIPT_KEY] = {"letter": letter.pk, "code": code}
                return redirect("mailbox:receipt")
    else:
        form = LetterForm()
    return render(
        request,
        "participation/mailbox/write.html",
        # `mailbox_body`, not `body`: base.html sets `body` from `page`.
        {
            "form": form,
            "mailbox_body": body,
            "page": body.home_page,
            "crumbs": _crumbs(),
            "throttled": status == 429,
        },
        status=status,
    )


@never_cache
def letter_receipt(request):
    """来信回执: the letter's number (again on a reload) and its query code (the first time only),
    the due date and how to track it."""
    held = request.session.get(RECEIPT_KEY)
    letter = (
        Letter.objects.select_related("body__home_page").filter(pk=held.get("letter")).first()
        if isinstance(held, dict)
        else None
    )
    if letter is None:
        return render(
            request, "participation/mailbox/receipt.html", {"crumbs": _crumbs()}, status=404
        )
    code = held.get("code")
    if code:  # shown now, never again
        request.session[RECEIPT_KEY] = {"letter": letter.pk, "code": None}
    return render(
        request,
        "participation/mailbox/receipt.html",
        {
            "letter": letter,
            "query_code": code,
            "sent_to": receipt_destinations(letter),
            "page": letter.body.home_page,
            "crumbs": _crumbs(),
        },
    )


# --- Tracking ----------------------------------------------------------------------------------


def _opened(request) -> dict[str, float]:
    now = time.time()
    return {k: v for k, v in request.session.get(OPENED_KEY, {}).items() if v > now}


def _open(request, letter: Letter) -> None:
    marks = _opened(request)
    marks[str(letter.pk)] = time.time() + OPENED_SECONDS
    request.session[OPENED_KEY] = marks


def _tracked(request, pk: int) -> Letter | None:
    """The letter if this session looked it up (and the mark is renewed), else None."""
    if str(pk) not in _opened(request):
        return None
    letter = Letter.objects.select_related("body__home_page", "first_body").filter(pk=pk).first()
    if letter is not None:
        _open(request, letter)
    return letter


@never_cache
@require_http_methods(["GET", "POST"])
def letter_track(request):
    """查询来信: the number and the query code (POST), then the letter's page. Failed lookups are
    limited per address and per number (letter_throttles.py)."""
    form = LetterTrackingForm(request.POST) if request.method == "POST" else LetterTrackingForm()
    status = 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        if refused := tracking_attempt(request, number):
            form.add_error(None, refused)
            status = 429
        else:
            letter = letter_for_tracking(number, form.cleaned_data["query_code"])
            if letter is None:
                form.add_error(None, MSG_TRACKING_FAILED)
            else:
                tracking_succeeded(request, number)
                _open(request, letter)
                return redirect("mailbox:letter", pk=letter.pk)
    return render(
        request,
        "participation/mailbox/track.html",
        {"form": form, "crumbs": _crumbs()},
        status=status,
    )


MSG_RECOVERY_SENT = (
    "如果信件编号和联系方式与写信时填写的一致，新的查询码已发送到该联系方式，原查询码随即失效。"
    "没有收到的，请稍后再试，或与办理来信的机关联系。"
)


@never_cache
@require_http_methods(["GET", "POST"])
def code_recover(request):
    """补发查询码: the same answer whether or not the letter and contact match (no probing);
    every attempt counts per address and per number (letter_throttles.py)."""
    form = CodeRecoveryForm(request.POST) if request.method == "POST" else CodeRecoveryForm()
    sent, status = False, 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"]
        if refused := recovery_attempt(request, number):
            form.add_error(None, refused)
            status = 429
        else:
            if letter_query_code_reissue(number, form.cleaned_data["contact"]):
                recovery_sent(number)
            sent = True
    return render(
        request,
        "participation/mailbox/recover.html",
        {"form": form, "sent": sent, "sent_message": MSG_RECOVERY_SENT, "crumbs": _crumbs()},
        status=status,
    )


def _transfers(letter: Letter) -> list[dict]:
    """Each transfer: when, from which body to which, and the reason the writer may read."""
    events = list(letter.events.filter(action=LetterAction.TRANSFER).select_related("body"))
    names = dict(
        Body.objects.filter(pk__in=[e.data.get("from_body") for e in events]).values_list(
            "pk", "name"
        )
    )
    return [
        {
            "at": event.at,
            "from_body": names.get(event.data.get("from_body"), ""),
            "to_body": event.body.name,
            "reason": event.note,
        }
        for event in events
    ]


def _extension_reason(letter: Letter) -> str:
    if not letter.extended:
        return ""
    event = letter.events.filter(action=LetterAction.EXTEND).order_by("-at", "-pk").first()
    return event.note if event is not None else ""


def _letter_page(request, letter: Letter, *, rate_form=None, follow_form=None, status=200):
    replied = letter.status == LetterStatus.REPLIED
    return render(
        request,
        "participation/mailbox/letter.html",
        {
            "letter": letter,
            "open": letter.status in OPEN_STATUSES,
            "transfers": _transfers(letter),
            "extension_reason": _extension_reason(letter),
            # The first reply was approved when the letter was replied to (a follow-up comes only
            # after that); a draft in review is never shown.
            "show_reply": bool(letter.reply_text) and (replied or letter.in_follow_up),
            "may_rate": replied and not letter.satisfaction,
            "may_follow_up": replied and not letter.follow_up_text,
            "rate_form": rate_form or RatingForm(auto_id="rate_%s"),
            "follow_form": follow_form or FollowUpForm(auto_id="follow_%s"),
            "page": letter.body.home_page,
            "crumbs": _crumbs(("查询来信", reverse("mailbox:track"))),
        },
        status=status,
    )


@never_cache
def letter_tracked(request, pk: int):
    """The writer's letter, after a successful lookup in this session: where it is, the reply,
    and the rating and follow-up forms once it is answered."""
    letter = _tracked(request, pk)
    if letter is None:
        return redirect("mailbox:track")
    return _letter_page(request, letter)


@never_cache
@require_POST
def letter_rate_post(request, pk: int):
    """评价 (once): POST → `letter_rate` → the letter's page with a message (PRG)."""
    letter = _tracked(request, pk)
    if letter is None:
        return redirect("mailbox:track")
    form = RatingForm(request.POST, auto_id="rate_%s")
    if form.is_valid():
        try:
            letter_rate(letter, **form.cleaned_data)
        except ValidationError as exc:
            form.add_workflow_errors(exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect("mailbox:letter", pk=letter.pk)
        else:
            messages.success(request, MSG_RATED)
            return redirect("mailbox:letter", pk=letter.pk)
    return _letter_page(request, letter, rate_form=form)


@never_cache
@require_POST
def letter_follow_up_post(request, pk: int):
    """追问 (once): POST → `letter_follow_up` → the letter's page with a message (PRG)."""
    letter = _tracked(request, pk)
    if letter is None:
        return redirect("mailbox:track")
    form = FollowUpForm(request.POST, auto_id="follow_%s")
    if form.is_valid():
        try:
            moved = letter_follow_up(letter, text=form.cleaned_data["text"])
        except ValidationError as exc:
            form.add_workflow_errors(exc)
        except WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect("mailbox:letter", pk=letter.pk)
        else:
            due = cn_date(moved.due_on)
            messages.success(request, MSG_FOLLOWED_UP.format(body=moved.body.name, due=due))
            return redirect("mailbox:letter", pk=letter.pk)
    return _letter_page(request, letter, follow_form=form)


@require_POST
def letter_track_end(request):
    """结束查询: this browser forgets the letters it opened (for shared computers)."""
    request.session.pop(OPENED_KEY, None)
    messages.info(request, MSG_TRACKING_ENDED)
    return redirect("mailbox:track")


# --- Published letters and statistics ----------------------------------------------------------


def _years(letters) -> list[int]:
    return [day.year for day in letters.dates("received_on", "year")]


@require_GET
def published_list(request):
    """公开来信: the replied letters published with the writer's consent, newest reply first;
    by body, category, year and month."""
    bodies = bodies_in_official_order()
    form = PublishedFilterForm(
        request.GET or None, bodies=bodies, years=_years(letters_published())
    )
    chosen = form.valid_data() if request.GET else {}
    body = next((b for b in bodies if b.code == chosen.get("body")), None)
    letters = letters_published(
        body,
        category=chosen.get("category", ""),
        year=chosen.get("year"),
        month=chosen.get("month"),
    )
    page_obj = Paginator(letters, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/mailbox/published_list.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "filtered": bool(chosen),
            "crumbs": _crumbs(),
        },
    )


@require_GET
def published_letter(request, number: str):
    """One published letter: the public title, text and reply, the body, the category and the
    dates, and the writer's name masked; never the contact details."""
    letter = letters_published().filter(number=number).first()
    if letter is None:
        raise Http404("没有这封公开来信")
    return render(
        request,
        "participation/mailbox/published_letter.html",
        {
            "letter": letter,
            "writer": mask_name(letter.name),
            "crumbs": _crumbs(("公开来信", reverse("mailbox:letters"))),
        },
    )


@require_GET
def statistics(request):
    """来信统计: per body handling the letters, and for the platform, in a year or a month."""
    form = PeriodForm(request.GET or None, years=_years(Letter.objects.all()))
    chosen = form.valid_data() if request.GET else {}
    year = chosen.get("year")
    month = chosen.get("month") if year else None
    # Every body with letters in the period (and only those), in a fixed number of queries.
    by_body = mailbox_statistics_by_body(year=year, month=month)
    rows = [(body, by_body[body.pk]) for body in bodies_in_official_order() if body.pk in by_body]
    return render(
        request,
        "participation/mailbox/statistics.html",
        {
            "filter_form": form,
            "rows": rows,
            "total": mailbox_statistics(None, year=year, month=month),
            "year": year,
            "month": month,
            "crumbs": _crumbs(),
        },
    )
