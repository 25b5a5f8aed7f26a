"""The steps every action shares: lock the case, check the actor, the table and the legal date,
then save the changed fields and write the one event (`move`).

A refused action raises `WorkflowError` with one of the `MSG_*` messages (Chinese, shown to the
person who tried it) and writes nothing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from gongkai.applications.models import Action, Application, ApplicationEvent
from gongkai.applications.selectors import user_may_handle
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.core.errors import GongkaiError
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar
from gongkai.workdays.selectors import calendar_current

from .hooks import schedule_hooks
from .table import SAME, TRANSITIONS, Transition

MSG_STATUS = "申请当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_HANDLER = "您不是该申请所属机关的承办人员，无权办理此申请"
MSG_DATE_IN_FUTURE = "日期不能晚于今天"
MSG_DATE_BEFORE_RECEIPT = "日期不能早于收到申请之日（{received}）"
MSG_CALENDAR_MISSING = "{error}；请平台运维先录入该年度的节假日安排"


class WorkflowError(GongkaiError):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""


def lock_case(application: Application | int) -> Application:
    pk = application.pk if isinstance(application, Application) else application
    return Application.objects.select_for_update(of=("self",)).select_related("body").get(pk=pk)


def check_status(app: Application, action: str) -> Transition:
    transition = TRANSITIONS[action]
    if app.status not in transition.sources:
        raise WorkflowError(
            MSG_STATUS.format(status=app.get_status_display(), action=Action(action).label)
        )
    return transition


def check_handler(app: Application, user) -> None:
    if user is None or not user_may_handle(user, app.body):
        raise WorkflowError(MSG_NOT_HANDLER)


def legal_date(app: Application, on: date | None) -> date:
    """The legal date of an event: today unless given (a letter sent, a payment received...)."""
    today = local_today()
    on = on or today
    if on > today:
        raise WorkflowError(MSG_DATE_IN_FUTURE)
    if on < app.received_on:
        raise WorkflowError(MSG_DATE_BEFORE_RECEIPT.format(received=cn_date(app.received_on)))
    return on


def begin(
    application: Application | int, action: str, *, user, on: date | None
) -> tuple[Application, date]:
    """What every handler's step starts with: the case locked, the user one of its body's
    handlers, the action allowed from its status, and the step's legal date."""
    app = lock_case(application)
    check_handler(app, user)
    check_status(app, action)
    return app, legal_date(app, on)


def strict_calendar() -> WorkCalendar:
    # Workflow checks use the strict calendar: a year without holiday data is an error the
    # handler sees, never a Monday–Friday guess (regulations.md §9).
    return calendar_current(provisional=False)


def calendar_error(exc: CalendarDataMissing) -> WorkflowError:
    return WorkflowError(MSG_CALENDAR_MISSING.format(error=exc))


def move(
    app: Application,
    action: str,
    *,
    user,
    on: date,
    fields: tuple[str, ...] = (),
    note: str = "",
    data: dict | None = None,
    to: str | None = None,
    original: Application | int | None = None,
    letter: Mapping[str, Any] | None = None,
) -> ApplicationEvent:
    """Set the status the table gives, save the changed fields, write the one event (with what
    staff wrote for the step's letter, `letter`)."""
    transition = TRANSITIONS[action]
    from_status = app.status
    target = to or (from_status if transition.target == SAME else transition.target)
    app.status = target
    update_fields = ["status", *fields]
    app.save(update_fields=update_fields)
    event = ApplicationEvent.objects.create(
        application=app,
        action=action,
        from_status=from_status,
        to_status=target,
        actor=user if user is not None and user.is_authenticated else None,
        on_date=on,
        note=note,
        data=data or {},
        letter=letter_json(letter),
    )
    if isinstance(original, Application) and original is not app:
        for name in update_fields:  # the caller's instance reflects what was saved
            setattr(original, name, getattr(app, name))
    schedule_hooks(event)
    return event


def letter_json(values: Mapping[str, Any] | None) -> dict[str, Any]:
    """The letter's values as the event keeps them: empty ones left out, dates as ISO strings
    (`notice_issue.letter_values` reads them back)."""
    kept = {
        key: list(value) if isinstance(value, tuple) else value
        for key, value in (values or {}).items()
        if value is not None and value != "" and value != [] and value != ()
    }
    return json.loads(json.dumps(kept, cls=DjangoJSONEncoder))


# The fields a decision sets; every way a case is decided saves them.
DECISION_FIELDS = ("decision", "decision_reasons", "decided_on")


def decide_fields(app: Application, decision: str, reasons: str, on: date) -> None:
    app.decision = decision
    app.decision_reasons = reasons
    app.decided_on = on
