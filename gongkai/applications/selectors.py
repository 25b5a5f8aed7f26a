"""Reads about disclosure applications: who may see and handle which case, and its deadline.

The reply deadline is never stored: `application_deadline` rebuilds it from the case's history
(receipt, clarification events, consultations, fee notices, the extension) with the pure rules of
`deadlines.py`, so a corrected date or a new holiday override changes every deadline at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet, Sum

from gongkai.applications import deadlines
from gongkai.applications.deadlines import Deadline, Pause
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    DEFAULT_SIGN_OFF_DECISIONS,
    OPEN_STATUSES,
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    DecisionReviewSetting,
    OpinionKind,
    TypicalCase,
    TypicalStatus,
    query_code_hash,
    query_code_matches,
)
from gongkai.bodies.models import Body, BodyRole
from gongkai.bodies.selectors import bodies_for_user, user_has_role
from gongkai.core.dates import today as local_today
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar
from gongkai.workdays.selectors import calendar_current

# Who may handle a body's applications. A site admin acts for the body's whole subtree
# (bodies_for_user); the others for their own body only. Editors (信息员) may not.
HANDLER_ROLES = (BodyRole.CLERK, BodyRole.OFFICE_HEAD, BodyRole.REVIEWER, BodyRole.SITE_ADMIN)
DUE_SOON_DAYS = (
    3  # working days: the workbench and reminders flag a case this close to its due date
)

PAUSE_CLARIFICATION = "等待申请人补正"
_PAUSE_REASONS = {
    OpinionKind.THIRD_PARTY: deadlines.PAUSE_THIRD_PARTY,
    OpinionKind.OTHER_BODY: deadlines.PAUSE_OTHER_BODY,
}


# --- Access -----------------------------------------------------------------------------------------


def _is_staff_user(user) -> bool:
    return user is not None and not isinstance(user, AnonymousUser) and user.is_authenticated


def bodies_handled_by(user) -> list[QuerySet[Body]]:
    """One queryset per handler role: the bodies whose cases the user may handle."""
    if not _is_staff_user(user):
        return []
    if user.is_superuser:
        return [Body.objects.all()]
    return [bodies_for_user(user, role) for role in HANDLER_ROLES]


def user_may_handle(user, body: Body) -> bool:
    return any(qs.filter(pk=body.pk).exists() for qs in bodies_handled_by(user))


def user_may_approve_extension(user, body: Body) -> bool:
    """条例 Art. 33 para 2: only the head of this body's openness office (not the operator)."""
    return _is_staff_user(user) and user_has_role(user, body, BodyRole.OFFICE_HEAD)


# 审核 of a draft decision: the body's reviewer (审核), or its openness office head where it has
# no reviewer; 签发: the office head only. Both of the case's own body, not the operator.
REVIEW_ROLES = (BodyRole.REVIEWER, BodyRole.OFFICE_HEAD)


def bodies_reviewed_by(user, roles: Iterable[str] = REVIEW_ROLES) -> QuerySet[Body]:
    if not _is_staff_user(user):
        return Body.objects.none()
    return Body.objects.filter(memberships__user=user, memberships__role__in=list(roles))


def user_may_review(user, body: Body) -> bool:
    return bodies_reviewed_by(user).filter(pk=body.pk).exists()


def user_may_sign_off(user, body: Body) -> bool:
    """签发: the head of this body's openness office (as for an extension, 条例 Art. 33 para 2)."""
    return user_may_approve_extension(user, body)


def sign_off_decisions(body: Body) -> frozenset[str]:
    """The decisions of this body that need 签发 after 审核 (default: all but 予以公开)."""
    setting = DecisionReviewSetting.objects.filter(body=body).first()
    if setting is None:
        return DEFAULT_SIGN_OFF_DECISIONS
    return frozenset(setting.sign_off_decisions)


def sign_off_required(body: Body, decision: str) -> bool:
    return decision in sign_off_decisions(body)


def bodies_for_review_settings(user) -> QuerySet[Body]:
    """The bodies whose 签发 setting the user may change: a site admin's subtree (the operator:
    all), an office head's own body."""
    if not _is_staff_user(user):
        return Body.objects.none()
    admin = bodies_for_user(user, BodyRole.SITE_ADMIN).values("pk")
    heads = bodies_reviewed_by(user, (BodyRole.OFFICE_HEAD,)).values("pk")
    return Body.objects.filter(Q(pk__in=admin) | Q(pk__in=heads)).order_by("path")


@dataclass(frozen=True)
class DecisionDraft:
    """The handler's draft (the last 提交审核 event): the decision, its reasons, the letter's values."""

    event: ApplicationEvent
    decision: str
    reasons: str
    letter: dict

    @property
    def drafter(self):
        return self.event.actor

    @property
    def decision_label(self) -> str:
        return DecisionCode(self.decision).label


REVIEW_STATUSES = (ApplicationStatus.REVIEWING, ApplicationStatus.SIGNING)
RETURN_ACTIONS = (Action.REVIEW_RETURN, Action.SIGN_OFF_RETURN)


def decision_draft_of(app: Application) -> DecisionDraft | None:
    """The draft under review, or None when the case is not 待审核 / 待签发."""
    if app.status not in REVIEW_STATUSES:
        return None
    drafts = _events(app, Action.DECIDE)
    if not drafts:
        return None
    event = drafts[-1]
    return DecisionDraft(
        event=event,
        decision=event.data.get("decision", ""),
        reasons=event.data.get("reasons", ""),
        letter=dict(event.letter or {}),
    )


def decision_returned_of(app: Application) -> ApplicationEvent | None:
    """The 退回 event whose reason the handler should see: the draft came back and has not been
    submitted again."""
    if app.status != ApplicationStatus.HANDLING:
        return None
    steps = [e for e in app.events.all() if e.action in (Action.DECIDE, *RETURN_ACTIONS)]
    if steps and steps[-1].action in RETURN_ACTIONS:
        return steps[-1]
    return None


def user_may_review_typical_case(user, body: Body) -> bool:
    """Publishing a typical case is approved by the head of this body's openness office (B6)."""
    return _is_staff_user(user) and user_has_role(user, body, BodyRole.OFFICE_HEAD)


def applications_for_user(user) -> QuerySet[Application]:
    """The cases a staff user may see: those of the bodies they handle; the operator sees all."""
    querysets = bodies_handled_by(user)
    if not querysets:
        return Application.objects.none()
    if user.is_superuser:
        return Application.objects.all()
    condition = Q()
    for qs in querysets:
        condition |= Q(body__in=qs.values("pk"))
    return Application.objects.filter(condition)


def application_for_user(user, pk: int) -> Application | None:
    return applications_for_user(user).select_related("body", "handler").filter(pk=pk).first()


# A fixed hash to compare against when the case number is unknown, so that both answers take
# the same time and a wrong number cannot be told from a wrong code.
_DUMMY_HASH = query_code_hash("0000000000", "0000000000000000")


def application_for_tracking(case_number: str, query_code: str) -> Application | None:
    """The applicant's own case (查询): None unless the case number and the query code both match."""
    number = (case_number or "").strip()
    app = (
        Application.objects.select_related("body", "transferred_to")
        .filter(case_number=number)
        .first()
        if number
        else None
    )
    stored = app.query_code_hash if app is not None else _DUMMY_HASH
    matches = query_code_matches(query_code or "", stored)
    return app if app is not None and matches and query_code else None


# --- History --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clarification:
    sent_on: date | None = None  # the 补正告知 went out
    items: str = ""
    correction_due: date | None = None  # the applicant's correction period ends
    received_on: date | None = None  # the corrected application arrived (a fresh 20 days)


def _events(app: Application, action: str) -> list:
    # .all() so that a prefetched list (workbench, reminders) is used without a query.
    return [e for e in app.events.all() if e.action == action]


def clarification_of(app: Application) -> Clarification:
    requests = _events(app, Action.REQUEST_CLARIFICATION)
    if not requests:
        return Clarification()
    request = requests[-1]
    corrections = _events(app, Action.RECEIVE_CORRECTION)
    due = request.data.get("correction_due")
    return Clarification(
        sent_on=request.on_date,
        items=request.data.get("items", ""),
        correction_due=date.fromisoformat(due) if due else None,
        received_on=corrections[-1].on_date if corrections else None,
    )


def application_pauses(app: Application, *, calendar: WorkCalendar, today: date) -> list[Pause]:
    """The stretches in which the reply clock did not run (条例 Art. 33 para 3; regulations.md §9)."""
    pauses = []
    for opinion in app.opinions.all():
        # Arts. 32, 34: until the opinion arrives or the 15 working days end, whichever is first;
        # a silence recorded on `closed_on` is after the period's end, so the period ends it.
        pauses.append(
            deadlines.consultation_pause(
                opinion.sent_on,
                calendar=calendar,
                reason=_PAUSE_REASONS[OpinionKind(opinion.kind)],
                answered=opinion.replied_on,
                today=opinion.closed_on or today,
            )
        )
    for fee in app.fee_notices.all():
        pauses.append(Pause(fee.issued_on, fee.paid_on or fee.lapsed_on, deadlines.PAUSE_FEE))
    clarification = clarification_of(app)
    if clarification.sent_on is not None and clarification.received_on is None:
        # 条例 Art. 30: while the body waits for the corrected application no period runs.
        pauses.append(Pause(clarification.sent_on, None, PAUSE_CLARIFICATION))
    return pauses


def application_deadline(
    app: Application, calendar: WorkCalendar | None = None, *, today: date | None = None
) -> Deadline:
    """The reply deadline of the case, rebuilt from its history.

    Raises `CalendarDataMissing` when a day lies in a year without holiday data and the calendar
    is strict (the default); pass `calendar_current(provisional=True)` for a marked 暂定 date.
    """
    calendar = calendar or calendar_current()
    today = today or local_today()
    return deadlines.reply_due(
        app.received_on,
        calendar=calendar,
        clarification_received=clarification_of(app).received_on,
        pauses=application_pauses(app, calendar=calendar, today=today),
        extension_days=app.extension_days,
    )


def fee_earlier_items(app: Application) -> int:
    """Per-item fee tiers (国办函〔2020〕109号 Art. 4): the same applicant's items at the same body in
    the same calendar month, received before this case (regulations.md §9)."""
    month_start = app.received_on.replace(day=1)
    earlier = (
        Application.objects.filter(
            body_id=app.body_id,
            id_number=app.id_number,
            received_on__gte=month_start,
        )
        .filter(Q(received_on__lt=app.received_on) | Q(received_on=app.received_on, pk__lt=app.pk))
        .exclude(id_number="")
        .aggregate(total=Sum("item_count"))["total"]
    )
    return earlier or 0


# --- The workbench --------------------------------------------------------------------------------

OVERDUE = "overdue"
DUE_SOON = "due_soon"
PAUSED = "paused"
CALENDAR_MISSING = "calendar_missing"
STATE_LABELS = {
    OVERDUE: "已超期",
    DUE_SOON: "即将到期",
    PAUSED: "暂停计算",
    CALENDAR_MISSING: "节假日安排未载入",
    "": "",
}


@dataclass(frozen=True)
class WorkbenchRow:
    application: Application
    deadline: Deadline | None  # None for a closed case, or when the calendar cannot count
    days_left: int | None  # working days to the due date; negative when overdue
    state: str  # OVERDUE, DUE_SOON, PAUSED, CALENDAR_MISSING or ""
    error: str = ""

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def _with_history(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("body", "handler").prefetch_related(
        "events", "opinions", "fee_notices"
    )


def workbench_rows(
    applications: Iterable[Application], *, today: date, calendar: WorkCalendar
) -> list[WorkbenchRow]:
    """Deadlines of many cases: pure computation on prefetched rows, no query per case."""
    rows = []
    for app in applications:
        if app.status not in OPEN_STATUSES:
            rows.append(WorkbenchRow(app, None, None, ""))
            continue
        try:
            deadline = application_deadline(app, calendar, today=today)
        except CalendarDataMissing as exc:
            rows.append(WorkbenchRow(app, None, None, CALENDAR_MISSING, str(exc)))
            continue
        left = deadline.days_left(today, calendar)
        if left is None:
            state = PAUSED
        elif left < 0:
            state = OVERDUE
        elif left <= DUE_SOON_DAYS:
            state = DUE_SOON
        else:
            state = ""
        rows.append(WorkbenchRow(app, deadline, left, state))
    return rows


def _urgency(row: WorkbenchRow) -> tuple:
    return (
        row.days_left is None,
        row.days_left if row.days_left is not None else 0,
        row.application.pk,
    )


def applications_workbench(
    user,
    *,
    statuses: Iterable[str] | None = None,
    today: date | None = None,
    calendar: WorkCalendar | None = None,
) -> list[WorkbenchRow]:
    """The staff workbench: the user's open cases (or those in `statuses`), most urgent first.

    A constant number of queries whatever the number of cases. Dates in a year without holiday
    data are provisional (marked 暂定 in `deadline.provisional`), not an error, so the list shows.
    """
    qs = applications_for_user(user).filter(status__in=list(statuses or OPEN_STATUSES))
    rows = workbench_rows(
        _with_history(qs),
        today=today or local_today(),
        calendar=calendar or calendar_current(provisional=True),
    )
    return sorted(rows, key=_urgency)


def applications_awaiting_review(
    user, *, today: date | None = None, calendar: WorkCalendar | None = None
) -> list[WorkbenchRow]:
    """The review queue: drafts 待审核 at the bodies the user reviews for, and, for an office
    head, drafts 待签发 at their body; with days left, most urgent first."""
    reviewing = bodies_reviewed_by(user)
    signing = bodies_reviewed_by(user, (BodyRole.OFFICE_HEAD,))
    qs = Application.objects.filter(
        Q(status=ApplicationStatus.REVIEWING, body__in=reviewing.values("pk"))
        | Q(status=ApplicationStatus.SIGNING, body__in=signing.values("pk"))
    )
    rows = workbench_rows(
        _with_history(qs),
        today=today or local_today(),
        calendar=calendar or calendar_current(provisional=True),
    )
    return sorted(rows, key=_urgency)


def applications_needing_reminder(
    *, today: date | None = None, calendar: WorkCalendar | None = None
) -> list[WorkbenchRow]:
    """Every open case on the platform that is due within DUE_SOON_DAYS working days or overdue."""
    qs = Application.objects.filter(
        status__in=[s for s in OPEN_STATUSES if s != ApplicationStatus.CLARIFICATION]
    )
    rows = workbench_rows(
        _with_history(qs),
        today=today or local_today(),
        calendar=calendar or calendar_current(provisional=True),
    )
    return sorted((r for r in rows if r.state in (OVERDUE, DUE_SOON)), key=_urgency)


def application_timeline(app: Application) -> list:
    """The case's events in order, for the case file and (without notes) the tracking page."""
    return list(app.events.select_related("actor").order_by("at", "pk"))


def application_public_timeline(app: Application) -> list[dict]:
    """What the applicant sees when tracking: the date and the step, no staff names or notes,
    and not a draft's internal returns (退回修改: the body's own deliberation)."""
    return [
        {
            "on_date": event.on_date,
            "action": event.get_action_display(),
            "status": event.get_to_status_display(),
        }
        for event in app.events.exclude(action__in=RETURN_ACTIONS).order_by("at", "pk")
    ]


def typical_cases_published(body: Body | None = None) -> QuerySet[TypicalCase]:
    qs = TypicalCase.objects.filter(status=TypicalStatus.PUBLISHED).select_related(
        "application__body"
    )
    if body is not None:
        qs = qs.filter(application__body=body)
    return qs.order_by("-published_on", "-pk")
