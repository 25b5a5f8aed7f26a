"""A case comes in and is made clear: submit, register, import (the creating actions), accept,
the clarification (补正, 条例 Art. 30) and its two endings — the corrected application or the lapse.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    query_code_hash,
    query_code_new,
)
from gongkai.applications.selectors import clarification_of, user_may_handle
from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import CalendarDataMissing

from .hooks import schedule_hooks
from .numbers import case_number_reserve, case_number_take
from .offered import check_once
from .steps import (
    DECISION_FIELDS,
    MSG_NOT_HANDLER,
    WorkflowError,
    begin,
    calendar_error,
    decide_fields,
    move,
    strict_calendar,
)
from .table import CREATING_ACTIONS, TRANSITIONS

S = ApplicationStatus

MSG_HANDLER_NOT_OF_BODY = "指定的承办人不是该申请所属机关的承办人员"
MSG_CLARIFICATION_ITEMS = "请写明需要补正的全部事项（条例第三十条：一次性告知）"
MSG_CLARIFICATION_TOO_LATE = (
    "补正告知应当自收到申请之日起7个工作日内作出（条例第三十条），本申请的告知期限已于{due}届满，"
    "不能再要求补正；请按现有申请内容办理并在答复期限内作出答复"
)
MSG_CORRECTION_BEFORE_NOTICE = "收到补正申请的日期不能早于补正告知之日（{sent}）"
MSG_CORRECTION_PERIOD_RUNNING = "补正期限至{due}届满，届满前不能按逾期不补正处理"

REASON_NO_CORRECTION = (
    "申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该政府信息公开申请（条例第三十条）。"
)


# --- Creating a case: submit, register, import --------------------------------------------------------


@transaction.atomic
def application_open(
    body,
    *,
    action: str,
    user,
    fields: dict,
    received_on: date,
    received_at=None,
    status: str = S.REGISTERED,
    case_number: str = "",
    note: str = "",
    data: dict | None = None,
) -> tuple[Application, str]:
    """A new case and its first event. Returns the case and its query code (shown once).

    Called by `services` (which validate the applicant's fields first). SUBMIT is the
    applicant's own act (条例 Art. 29); REGISTER needs a handler of the body; IMPORT loads a
    historic case in the status given by the file.
    """
    if action not in CREATING_ACTIONS:
        raise ValueError(f"{action} does not create a case")
    if action == Action.REGISTER and (user is None or not user_may_handle(user, body)):
        raise WorkflowError(MSG_NOT_HANDLER)
    if action == Action.IMPORT and user is not None and not user_may_handle(user, body):
        raise WorkflowError(MSG_NOT_HANDLER)
    if action != Action.IMPORT:
        status = TRANSITIONS[action].target
    code = query_code_new()
    app = case_create(
        body,
        action=action,
        user=user,
        fields=fields,
        received_on=received_on,
        received_at=received_at,
        status=status,
        case_number=case_number,
        query_hash=query_code_hash(code),
        note=note,
        data=data,
    )
    return app, code


def case_create(
    body,
    *,
    action: str,
    user,
    fields: dict,
    received_on: date,
    received_at,
    status: str,
    case_number: str,
    query_hash: str,
    note: str,
    data: dict | None,
) -> Application:
    """The case row (numbered) and its first event; shared by `application_open` and transfer."""
    if case_number:
        case_number_reserve(body, case_number)
    else:
        case_number = case_number_take(body, received_on.year)
    app = Application(
        body=body,
        case_number=case_number,
        query_code_hash=query_hash,
        received_on=received_on,
        received_at=received_at,
        status=status,
        **fields,
    )
    app.save()
    event = ApplicationEvent.objects.create(
        application=app,
        action=action,
        from_status="",
        to_status=status,
        actor=user if user is not None and user.is_authenticated else None,
        at=received_at or timezone.now(),
        on_date=received_on,
        note=note,
        data=data or {},
    )
    schedule_hooks(event)
    return app


# --- Handling and clarification -----------------------------------------------------------------------


@transaction.atomic
def application_accept(
    application: Application | int, *, user, handler=None, on: date | None = None, note: str = ""
) -> Application:
    """开始办理 (条例 Art. 45 审核): a handler takes the case; the clock keeps running."""
    app, on = begin(application, Action.ACCEPT, user=user, on=on)
    handler = handler or user
    if not user_may_handle(handler, app.body):
        raise WorkflowError(MSG_HANDLER_NOT_OF_BODY)
    app.handler = handler
    move(
        app,
        Action.ACCEPT,
        user=user,
        on=on,
        fields=("handler",),
        note=note,
        original=application,
        data={"handler": handler.get_username()},
    )
    return app


@transaction.atomic
def application_request_clarification(
    application: Application | int,
    *,
    user,
    items: str,
    correction_days: int = deadlines.DEFAULT_CORRECTION_DAYS,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """补正告知 (条例 Art. 30): once, listing everything, within 7 working days of receipt.

    Refused after the 7th working day: a late notice would start a fresh 20-day period the law
    does not allow, so the case is handled on the application as it stands (docs/workflow.md).
    """
    app, on = begin(application, Action.REQUEST_CLARIFICATION, user=user, on=on)
    check_once(app, Action.REQUEST_CLARIFICATION)
    if not (items or "").strip():
        raise WorkflowError(MSG_CLARIFICATION_ITEMS)
    calendar = strict_calendar()
    try:
        notice_due = deadlines.clarification_notice_due(app.received_on, calendar=calendar)
        if on > notice_due:
            raise WorkflowError(MSG_CLARIFICATION_TOO_LATE.format(due=cn_date(notice_due)))
        due = deadlines.correction_due(on, calendar=calendar, days=correction_days)
    except CalendarDataMissing as exc:
        raise calendar_error(exc) from exc
    except ValueError as exc:
        raise WorkflowError(str(exc)) from exc
    move(
        app,
        Action.REQUEST_CLARIFICATION,
        user=user,
        on=on,
        note=note,
        original=application,
        data={
            "items": items.strip(),
            "correction_days": correction_days,
            "correction_due": due.isoformat(),
            "notice_due": notice_due.isoformat(),
        },
        letter=letter,
    )
    return app


@transaction.atomic
def application_receive_correction(
    application: Application | int,
    *,
    user,
    on: date | None = None,
    description: str = "",
    note: str = "",
) -> Application:
    """收到补正后的申请 (条例 Art. 30): a fresh 20-working-day period runs from this day."""
    app, on = begin(application, Action.RECEIVE_CORRECTION, user=user, on=on)
    clarification = clarification_of(app)
    if clarification.sent_on is not None and on < clarification.sent_on:
        raise WorkflowError(
            MSG_CORRECTION_BEFORE_NOTICE.format(sent=cn_date(clarification.sent_on))
        )
    data = {"late": bool(clarification.correction_due and on > clarification.correction_due)}
    fields: tuple[str, ...] = ()
    if description.strip():
        data["original_description"] = app.description
        app.description = description.strip()
        fields = ("description",)
    move(
        app,
        Action.RECEIVE_CORRECTION,
        user=user,
        on=on,
        fields=fields,
        note=note,
        data=data,
        original=application,
    )
    return app


@transaction.atomic
def application_clarification_lapse(
    application: Application | int,
    *,
    user,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """逾期不补正 (条例 Art. 30): deemed abandoned; the case ends as 其他处理 1."""
    app, on = begin(application, Action.CLARIFICATION_LAPSE, user=user, on=on)
    due = clarification_of(app).correction_due
    if due is not None and on <= due:
        raise WorkflowError(MSG_CORRECTION_PERIOD_RUNNING.format(due=cn_date(due)))
    decide_fields(app, DecisionCode.OTHER_NO_CORRECTION, REASON_NO_CORRECTION, on)
    move(
        app,
        Action.CLARIFICATION_LAPSE,
        user=user,
        on=on,
        fields=DECISION_FIELDS,
        note=note,
        original=application,
        letter=letter,
    )
    return app
