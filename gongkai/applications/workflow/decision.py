"""The answer: extending the reply period (条例 Art. 33 para 2), the decision (Arts. 36–39, one
`DecisionCode` = one result row of the annual report) and the reply on the spot (Art. 33 para 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import Action, Application
from gongkai.applications.selectors import application_deadline, clarification_of
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.workdays.calendar import CalendarDataMissing

from .offered import (
    MSG_NOT_OFFICE_HEAD,
    MSG_ON_THE_SPOT,
    check_once,
    may_extend,
    on_the_spot_possible,
)
from .steps import (
    DECISION_FIELDS,
    WorkflowError,
    begin,
    calendar_error,
    check_handler,
    check_status,
    decide_fields,
    legal_date,
    lock_case,
    move,
    strict_calendar,
)

MSG_EXTENSION_DAYS = "延长的期限应为1至20个工作日（条例第三十三条第二款）"
MSG_EXTENSION_REASON = "请填写延期理由（将告知申请人）"
MSG_EXTENSION_AFTER_DUE = "答复期限已于{due}届满，不能再延长"
MSG_DECISION_INVALID = "办理结果无效"
MSG_DECISION_BY_LAPSE = "“{label}”须通过“{action}”操作记录，不能直接选择"
MSG_DECISION_REASONS = "请填写决定理由"
MSG_PARTIAL_REASONS = "部分公开的，应当说明不予公开部分的理由（条例第三十七条）"
MSG_STILL_UNCLEAR_NEEDS_CORRECTION = (
    "“补正后申请内容仍不明确”只适用于申请人已经补正的申请（条例第三十条）"
)

# Decisions recorded by their own action, not chosen in `application_decide`.
_LAPSE_DECISIONS = {
    DecisionCode.OTHER_NO_CORRECTION: Action.CLARIFICATION_LAPSE,
    DecisionCode.OTHER_FEE_UNPAID: Action.FEE_LAPSE,
}


@transaction.atomic
def application_extend(
    application: Application | int,
    *,
    user,
    days: int,
    reason: str,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """延长答复期限 (条例 Art. 33 para 2): once, at most 20 working days, approved by the head of
    the body's openness office, who is recorded; the applicant is notified (a hook)."""
    app = lock_case(application)
    if not may_extend(user, app):
        raise WorkflowError(MSG_NOT_OFFICE_HEAD)
    check_status(app, Action.EXTEND)
    on = legal_date(app, on)
    check_once(app, Action.EXTEND)
    if not isinstance(days, int) or not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise WorkflowError(MSG_EXTENSION_DAYS)
    if not (reason or "").strip():
        raise WorkflowError(MSG_EXTENSION_REASON)
    try:
        current = application_deadline(app, calendar=strict_calendar(), today=on)
    except CalendarDataMissing as exc:
        raise calendar_error(exc) from exc
    if current.due is not None and on > current.due:
        raise WorkflowError(MSG_EXTENSION_AFTER_DUE.format(due=cn_date(current.due)))
    app.extension_days = days
    app.extension_approved_by = user
    move(
        app,
        Action.EXTEND,
        user=user,
        on=on,
        fields=("extension_days", "extension_approved_by"),
        note=note,
        original=application,
        data={
            "days": days,
            "reason": reason.strip(),
            "due_before": current.due.isoformat() if current.due else None,
        },
        letter=letter,
    )
    return app


def _check_decision(app: Application, decision: str, reasons: str) -> None:
    if decision not in DecisionCode.values:
        raise WorkflowError(MSG_DECISION_INVALID)
    if decision in _LAPSE_DECISIONS:
        raise WorkflowError(
            MSG_DECISION_BY_LAPSE.format(
                label=DecisionCode(decision).label, action=Action(_LAPSE_DECISIONS[decision]).label
            )
        )
    if (
        decision == DecisionCode.UNAVAILABLE_STILL_UNCLEAR
        and clarification_of(app).received_on is None
    ):
        raise WorkflowError(MSG_STILL_UNCLEAR_NEEDS_CORRECTION)
    # 条例 Art. 36 (三)–(七), Art. 37: every answer but a plain disclosure states its reasons.
    if decision != DecisionCode.DISCLOSED and not (reasons or "").strip():
        raise WorkflowError(
            MSG_PARTIAL_REASONS if decision == DecisionCode.PARTIAL else MSG_DECISION_REASONS
        )


@transaction.atomic
def application_decide(
    application: Application | int,
    *,
    user,
    decision: str,
    reasons: str = "",
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """拟定答复决定，提交审核: exactly one `DecisionCode` (one result row of the annual report) +
    reasons, and the reply letter's values, as a draft for 审核 (and 签发, `review.py`). The case
    records the decision only when the draft is approved; the event keeps the draft."""
    app, on = begin(application, Action.DECIDE, user=user, on=on)
    _check_decision(app, decision, reasons)
    move(
        app,
        Action.DECIDE,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"decision": decision, "reasons": (reasons or "").strip()},
        letter=letter,
    )
    return app


@transaction.atomic
def application_reply_on_the_spot(
    application: Application | int,
    *,
    user,
    decision: str,
    reasons: str = "",
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """当场答复 (条例 Art. 33 para 1): decided and replied in one step, the day it is handed in."""
    app = lock_case(application)
    check_handler(app, user)
    check_status(app, Action.REPLY_ON_THE_SPOT)
    on = local_today()
    if not on_the_spot_possible(app, on):
        raise WorkflowError(MSG_ON_THE_SPOT)
    _check_decision(app, decision, reasons)
    decide_fields(app, decision, (reasons or "").strip(), on)
    app.replied_on = on
    app.handler = app.handler or user
    move(
        app,
        Action.REPLY_ON_THE_SPOT,
        user=user,
        on=on,
        fields=(*DECISION_FIELDS, "replied_on", "handler"),
        note=note,
        original=application,
        data={"decision": decision},
        letter=letter,
    )
    return app
