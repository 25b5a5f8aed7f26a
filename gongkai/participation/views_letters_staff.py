"""The staff screens for mailbox letters (来信办理), mounted at /workbench/letters/ (namespace
`letters`; docs/mailbox.md, "Staff screens").

Thin views, as the comment screens (views_staff.py): every read is scoped with
`letter_selectors.letters_for_user` (another body's letter is a 404, for the page and every
action, never its content); every write is one `letter_workflow` function, whose Chinese refusal
is shown beside the form with what was typed kept. The writer's name and contact are shown here,
to staff only. Staff log in through Wagtail's login page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_managed_by
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.participation import letter_workflow as flow
from gongkai.participation import mailbox_limits
from gongkai.participation.forms_letters_staff import (
    ACTION_FORMS,
    LetterActionForm,
    limit_forms,
    limits_save,
)
from gongkai.participation.letter_selectors import (
    Clock,
    bodies_handling_letters,
    letter_clock,
    letter_queue,
    letters_for_user,
    limit_for,
    user_may_handle_letter,
    user_may_review_letter,
)
from gongkai.participation.mailbox_limits import CATEGORY_LABELS, LetterCategory
from gongkai.participation.models import (
    DismissReason,
    Letter,
    LetterAction,
    LetterEvent,
    LetterStatus,
    ReplyKind,
    Satisfaction,
)
from gongkai.participation.selectors import bodies_moderated_by, comments_for_moderation
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar
from gongkai.workdays.selectors import calendar_current

staff_login_required = login_required(login_url="wagtailadmin_login")

PAGE_SIZE = 50
MAX_ON_PANEL = 10
# The staff's steps: the table's, but the writer's (rate, follow_up: the tracking page's).
STAFF_ACTIONS: tuple[str, ...] = tuple(a for a in flow.STEP_ACTIONS if a not in flow.WRITER_ACTIONS)
MINE, OPEN = "mine", "open"
TABS = [
    (MINE, "我的待办"),
    (OPEN, "全部未办结"),
    (LetterStatus.REPLIED.value, "已答复"),
    (LetterStatus.DISMISSED.value, "不予受理"),
]

MSG_NOT_FOUND = "没有找到该来信，或您无权查看"
MSG_NO_LIMITS = "只有站点管理员可以设置信箱答复时限"
MSG_LIMITS_SAVED = "已保存{body}的信箱答复时限。"
MSG_LIMITS_UNCHANGED = "{body}的信箱答复时限没有改动。"
MSG_DONE = {
    LetterAction.ASSIGN: "来信{number}：已分办给{handler}。",
    LetterAction.TRANSFER: "来信{number}：已转办至{body}。",
    LetterAction.EXTEND: "来信{number}：答复时限已延长至{due}。",
    LetterAction.DRAFT: "来信{number}：答复已提交审核。",
    LetterAction.RETURN: "来信{number}：答复已退回修改。",
    LetterAction.APPROVE: "来信{number}：已审核通过，来信人可以在查询页面看到答复。",
    LetterAction.DISMISS: "来信{number}：已不予受理，来信人可以在查询页面看到告知。",
}
MSG_OWN_DRAFT = "答复由您拟写，须由本机关的其他审核人员审核。"


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


# --- The clocks, in words --------------------------------------------------------------------


@dataclass(frozen=True)
class ClockView:
    clock: Clock
    open: bool  # not yet answered (or dismissed)

    @property
    def left(self) -> str:
        """剩余N个工作日 / 今日到期 / 已超期N个工作日 (empty once answered)."""
        days = self.clock.days_left
        if not self.open or days is None:
            return ""
        if days > 0:
            return f"剩余{days}个工作日"
        if days == 0:
            return "今日到期"
        return f"已超期{-days}个工作日"

    @property
    def state(self) -> str:
        """A class of staff.css: overdue, due_soon (due today or the next working day)."""
        days = self.clock.days_left
        if not self.open or days is None:
            return ""
        return "overdue" if days < 0 else "due_soon" if days <= 1 else ""

    @property
    def flag(self) -> str:
        """The 3-month red line of the inspection (国办秘函〔2019〕19号)."""
        if self.clock.over_red_line:
            return "已超过三个月期限"
        if self.clock.alarm:
            return f"临近三个月期限（{cn_date(self.clock.red_line)}）"
        return ""


def clock_view(letter: Letter, calendar: WorkCalendar, today: date) -> ClockView:
    open_ = letter.status not in (LetterStatus.REPLIED, LetterStatus.DISMISSED)
    return ClockView(letter_clock(letter, calendar, today), open_)


@dataclass(frozen=True)
class Row:
    letter: Letter
    clock: ClockView


def rows_of(letters) -> list[Row]:
    calendar, today = calendar_current(provisional=True), local_today()
    return [Row(letter, clock_view(letter, calendar, today)) for letter in letters]


# --- Scoping -----------------------------------------------------------------------------------


def _letter(user, pk: int) -> Letter:
    letter = (
        letters_for_user(user)
        .select_related("body", "first_body", "handler", "drafted_by")
        .filter(pk=pk)
        .first()
    )
    if letter is None:
        raise Http404(MSG_NOT_FOUND)
    return letter


def _filter_bodies(user) -> QuerySet[Body]:
    """The bodies to filter the queue by: those the user acts for, and those of the letters
    assigned to them (a department drafting for the body above it)."""
    return Body.objects.filter(
        Q(pk__in=bodies_handling_letters(user).values("pk"))
        | Q(pk__in=Letter.objects.filter(handler=user).values("body"))
    ).order_by("path")


def _frame(request: HttpRequest) -> dict:
    return {"may_set_limits": bodies_managed_by(request.user).exists()}


# --- The queue ---------------------------------------------------------------------------------


def _tab_queryset(user, tab: str) -> QuerySet[Letter]:
    if tab == MINE:
        return letter_queue(user, mine=True)
    if tab == OPEN:
        return letter_queue(user)
    # Answered and dismissed letters: the latest first (no limit runs any more).
    return letter_queue(user, status=tab).order_by("-replied_on", "-received_at", "-pk")


@staff_login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    """来信办理: the letters of the user's bodies by tab, body and category, oldest limit first."""
    user = request.user
    tab = request.GET.get("tab", MINE)
    if tab not in dict(TABS):
        tab = MINE
    bodies = _filter_bodies(user)
    body_code = request.GET.get("body", "")
    category = request.GET.get("category", "")
    if category not in CATEGORY_LABELS:
        category = ""
    letters = _tab_queryset(user, tab)
    if body_code:
        letters = letters.filter(body__code=body_code)
    if category:
        letters = letters.filter(category=category)
    paginated = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("body", body_code), ("category", category)) if v})
    return render(
        request,
        "participation/letters/list.html",
        {
            **_frame(request),
            "tab": tab,
            "tabs": [
                (
                    value,
                    label,
                    _tab_queryset(user, value).count() if value in (MINE, OPEN) else None,
                )
                for value, label in TABS
            ],
            "bodies": bodies,
            "body_code": body_code,
            "categories": list(CATEGORY_LABELS.items()),
            "category": category,
            "query": query,
            "paginated": paginated,
            "rows": rows_of(paginated.object_list),
        },
    )


# --- A letter ----------------------------------------------------------------------------------


def offered_actions(user, letter: Letter) -> list[str]:
    """The staff's actions the table allows now, to this user; the workflow checks them again."""
    may = {
        flow.Who.HANDLER: user_may_handle_letter(user, letter),
        flow.Who.REVIEWER: user_may_review_letter(user, letter),
    }
    actions = []
    for action in STAFF_ACTIONS:
        transition = flow.TRANSITIONS[action]
        if letter.status not in transition.sources or not may.get(transition.who, False):
            continue
        if action == LetterAction.EXTEND and letter.extended:
            continue
        if action == LetterAction.APPROVE and _own_draft(user, letter):
            continue
        actions.append(action)
    return actions


def _own_draft(user, letter: Letter) -> bool:
    return letter.drafted_by_id == user.pk and not user.is_superuser


@dataclass
class EventRow:
    event: LetterEvent
    detail: str = ""


def _event_rows(letter: Letter) -> list[EventRow]:
    """The history, each event with what its data says in words (whom, where, until when)."""
    events = list(letter.events.select_related("actor", "body").order_by("at", "pk"))
    users = {
        u.pk: u
        for u in get_user_model().objects.filter(
            pk__in=[e.data.get("handler") for e in events if e.data.get("handler")]
        )
    }
    bodies = dict(
        Body.objects.filter(
            pk__in=[e.data.get("to_body") for e in events if e.data.get("to_body")]
        ).values_list("pk", "name")
    )
    rows = []
    for event in events:
        data, detail = event.data or {}, ""
        if event.action == LetterAction.ASSIGN and data.get("handler") in users:
            detail = f"承办人：{_person(users[data['handler']])}"
        elif event.action == LetterAction.TRANSFER:
            detail = f"转至：{bodies.get(data.get('to_body'), '')}"
        elif event.action == LetterAction.DRAFT and data.get("reply_kind") in ReplyKind.values:
            detail = f"答复类型：{ReplyKind(data['reply_kind']).label}"
        elif event.action == LetterAction.APPROVE:
            detail = "公开来信和答复" if data.get("published") else "不公开"
            if data.get("in_time") is False:
                detail += "；超出答复时限"
        elif event.action == LetterAction.DISMISS and data.get("reason") in DismissReason.values:
            detail = f"理由：{DismissReason(data['reason']).label}"
        elif event.action == LetterAction.RATE and data.get("satisfaction") in Satisfaction.values:
            detail = f"评价：{Satisfaction(data['satisfaction']).label}"
        if data.get("due_on") and event.action != LetterAction.APPROVE:
            due = date.fromisoformat(data["due_on"])
            detail = "；".join(filter(None, [detail, f"答复期限：{cn_date(due)}"]))
        rows.append(EventRow(event, detail))
    return rows


def _extended_due(letter: Letter) -> date | None:
    """The due date the one extension would give (shown with the form)."""
    if letter.extended:
        return None
    limit = limit_for(letter.body, LetterCategory(letter.category))
    try:
        return mailbox_limits.reply_due(
            letter.clock_from, limit, calendar_current(provisional=True), extended=True
        )
    except CalendarDataMissing:  # pragma: no cover - a provisional calendar does not raise
        return None


@dataclass
class Actions:
    forms: list[LetterActionForm] = field(default_factory=list)
    own_draft: bool = False


def _actions(user, letter: Letter, bound: dict | None = None) -> Actions:
    bound = bound or {}
    offered = offered_actions(user, letter)
    forms = [bound.get(a) or ACTION_FORMS[a](letter=letter) for a in offered]
    # A refused form of an action no longer offered (the letter moved meanwhile) is still shown.
    forms += [f for a, f in bound.items() if a not in offered]
    own = letter.status == LetterStatus.IN_REVIEW and _own_draft(user, letter)
    return Actions(forms, own and user_may_review_letter(user, letter))


def _detail_page(request: HttpRequest, letter: Letter, bound: dict | None = None) -> HttpResponse:
    calendar, today = calendar_current(provisional=True), local_today()
    actions = _actions(request.user, letter, bound)
    return render(
        request,
        "participation/letters/letter.html",
        {
            **_frame(request),
            "letter": letter,
            "clock": clock_view(letter, calendar, today),
            "limit": limit_for(letter.body, LetterCategory(letter.category)),
            "extended_due": _extended_due(letter),
            "actions": actions,
            "own_draft_message": MSG_OWN_DRAFT if actions.own_draft else "",
            "events": _event_rows(letter),
        },
        status=200,
    )


@staff_login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter in full (the writer's contact too), its clocks, history and action forms."""
    return _detail_page(request, _letter(request.user, pk))


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _done_message(action: str, letter: Letter) -> str:
    return MSG_DONE[action].format(
        number=letter.number,
        handler=_person(letter.handler),
        body=letter.body.name,
        due=cn_date(letter.due_on),
    )


@require_POST
@staff_login_required
def letter_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """分办, 转办, 延长, 拟写答复, 退回修改, 审核通过, 不予受理: the action's form, then its one
    workflow function; a refusal is shown on the letter's page with what was typed kept."""
    if action not in STAFF_ACTIONS:
        raise Http404("没有这项操作")
    letter = _letter(request.user, pk)
    form = ACTION_FORMS[action](request.POST, letter=letter)
    if form.is_valid():
        try:
            done = flow.STEP_FUNCTIONS[action](
                letter, user=request.user, **form.workflow_arguments()
            )
        except flow.WorkflowError as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _done_message(action, done))
            if letters_for_user(request.user).filter(pk=done.pk).exists():
                return redirect("letters:letter", done.pk)
            return redirect("letters:list")  # transferred out of the user's bodies
    return _detail_page(request, _letter(request.user, pk), bound={action: form})


# --- 答复时限设置 ---------------------------------------------------------------------------------


@staff_login_required
def limits(request: HttpRequest) -> HttpResponse:
    """答复时限设置: a body's limit per category (the bodies the user administers as 站点管理员, or
    every body for the operator); a category without its own row shows the platform's default."""
    bodies = bodies_managed_by(request.user).order_by("path")
    if not bodies.exists():
        raise Http404(MSG_NO_LIMITS)
    code = request.GET.get("body") or request.POST.get("body")
    # A body named that the user may not set is a 404, never a silent change of another one.
    body = get_object_or_404(bodies, code=code) if code else bodies.first()
    forms = limit_forms(body, request.POST if request.method == "POST" else None)
    if request.method == "POST" and all([form.is_valid() for form in forms]):
        changed = limits_save(forms, user=request.user, body=body)
        template = MSG_LIMITS_SAVED if changed else MSG_LIMITS_UNCHANGED
        messages.success(request, template.format(body=body.name))
        return redirect(f"{reverse('letters:limits')}?body={body.code}")
    return render(
        request,
        "participation/letters/limits.html",
        {
            **_frame(request),
            "body": body,
            "bodies": bodies,
            "forms": forms,
            "default": mailbox_limits.DEFAULT_REPLY_LIMIT,
        },
    )


# --- 我的待办, on the admin's dashboard (wagtail_hooks.MyTasksPanel) -----------------------------


def my_tasks(user) -> dict:
    """The letters waiting for the user (assigned to them in 办理中, or in 答复待审核 for a reviewer
    who did not draft them), with their clocks; the comments waiting for moderation in the open
    consultations of the bodies they moderate."""
    letters = letter_queue(user, mine=True)
    rows = rows_of(letters[:MAX_ON_PANEL])
    today = local_today()
    comments = None
    if bodies_moderated_by(user).exists():
        comments = (
            comments_for_moderation(user)
            .filter(
                consultation__opens_on__lte=today,
                consultation__closes_on__gte=today,
                consultation__feedback_published_at__isnull=True,
            )
            .count()
        )
    return {
        "rows": rows,
        "total": letters.count(),
        "overdue": letters.filter(due_on__lt=today).count(),
        "comments": comments,
        "letters_url": reverse("letters:list"),
        "moderation_url": reverse("moderation:list"),
    }
