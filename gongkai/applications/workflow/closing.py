"""How a case leaves the desk: the reply delivered (送达), filed (归档, 条例 Art. 45), transferred
to the responsible body (转送, Art. 36 (五)) or withdrawn by the applicant (撤回).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import APPLICANT_FIELDS, Action, Application, ApplicationStatus
from gongkai.applications.selectors import application_deadline
from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import CalendarDataMissing

from .intake import case_create
from .steps import (
    DECISION_FIELDS,
    WorkflowError,
    begin,
    check_handler,
    check_status,
    decide_fields,
    legal_date,
    lock_case,
    move,
    strict_calendar,
)

S = ApplicationStatus

MSG_APPLICANT_CODE_WRONG = "申请编号或查询码不正确"
MSG_REPLY_BEFORE_DECISION = "答复日期不能早于决定日期（{decided}）"
MSG_TRANSFER_SAME_BODY = "不能转送给本机关"
MSG_TRANSFER_REASONS = (
    "请说明转送理由（条例第三十六条第（五）项：告知申请人并说明理由，能够确定负责公开的机关的，"
    "告知其名称、联系方式）"
)
MSG_WITHDRAW_NOTE = "请记录申请人提出撤回的方式和时间"

REASON_WITHDRAWN = "申请人撤回申请，本机关终止办理。"
MSG_DELIVER_BEFORE_REVIEW = "答复决定尚未审核通过，不能送达；请等待审核人员审核"
MSG_DELIVER_BEFORE_SIGN_OFF = "答复决定尚未经政府信息公开工作机构负责人签发，不能送达；请等待签发"
_WAITING = {S.REVIEWING: MSG_DELIVER_BEFORE_REVIEW, S.SIGNING: MSG_DELIVER_BEFORE_SIGN_OFF}


@transaction.atomic
def application_deliver_reply(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """送达答复: the reply letter reached the applicant (or was sent, for post: `on`); only a
    decision that has been through 审核 (and 签发, where the body needs it) is delivered."""
    app = lock_case(application)
    check_handler(app, user)
    if app.status in _WAITING:
        raise WorkflowError(_WAITING[app.status])
    check_status(app, Action.DELIVER_REPLY)
    on = legal_date(app, on)
    if app.decided_on and on < app.decided_on:
        raise WorkflowError(MSG_REPLY_BEFORE_DECISION.format(decided=cn_date(app.decided_on)))
    app.replied_on = on
    data: dict = {}
    try:
        due = application_deadline(app, calendar=strict_calendar(), today=on).due
    except CalendarDataMissing:
        due = None  # recorded anyway: lateness is shown where the calendar is known
    if due is not None:
        data = {"due": due.isoformat(), "late": on > due}
    move(
        app,
        Action.DELIVER_REPLY,
        user=user,
        on=on,
        fields=("replied_on",),
        note=note,
        original=application,
        data=data,
    )
    return app


@transaction.atomic
def application_archive(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """归档 (条例 Art. 45)."""
    app, on = begin(application, Action.ARCHIVE, user=user, on=on)
    move(app, Action.ARCHIVE, user=user, on=on, note=note, original=application)
    return app


# --- Ending otherwise: transfer, withdrawal ---------------------------------------------------------

_COPIED_FIELDS = (*APPLICANT_FIELDS, "item_count", "channel")


@transaction.atomic
def application_transfer(
    application: Application | int,
    *,
    user,
    to_body,
    reasons: str,
    on: date | None = None,
    note: str = "",
    letter: Mapping[str, Any] | None = None,
) -> Application:
    """转送 to the responsible body on the platform (条例 Art. 36 (五)). Returns the new case.

    The original ends here as 无法提供 1 (本机关不掌握相关政府信息), decided on the transfer day; the
    new case, with the same applicant and the same query code, is received by `to_body` that day
    and counted there (docs/workflow.md).
    """
    app, on = begin(application, Action.TRANSFER, user=user, on=on)
    if to_body is None or to_body.pk == app.body_id:
        raise WorkflowError(MSG_TRANSFER_SAME_BODY)
    if not (reasons or "").strip():
        raise WorkflowError(MSG_TRANSFER_REASONS)
    # The receiving body gets the case that day, with one REGISTER event by the transferring
    # person; the applicant tracks it with the same query code.
    new = case_create(
        to_body,
        action=Action.REGISTER,
        user=user,
        fields={name: getattr(app, name) for name in _COPIED_FIELDS},
        received_on=on,
        received_at=timezone.now(),
        status=S.REGISTERED,
        case_number="",
        query_hash=app.query_code_hash,
        note=f"由{app.body.name}转送（原申请编号 {app.case_number}）",
        data={"transferred_from": app.case_number},
    )
    decide_fields(app, DecisionCode.UNAVAILABLE_NOT_HELD, reasons.strip(), on)
    app.transferred_to = new
    move(
        app,
        Action.TRANSFER,
        user=user,
        on=on,
        fields=(*DECISION_FIELDS, "transferred_to"),
        note=note,
        original=application,
        data={"to_body": to_body.code, "new_case": new.case_number},
        letter=letter,
    )
    return new


@transaction.atomic
def application_withdraw(
    application: Application | int,
    *,
    user=None,
    query_code: str = "",
    reason: str = "",
    on: date | None = None,
) -> Application:
    """撤回申请: by the applicant (with the query code) or by staff at the applicant's request.

    Counted as 其他处理 3 (其他) on the day of withdrawal (docs/workflow.md).
    """
    app = lock_case(application)
    if user is None:
        if not app.query_code_check(query_code):
            raise WorkflowError(MSG_APPLICANT_CODE_WRONG)
    else:
        check_handler(app, user)
    check_status(app, Action.WITHDRAW)
    on = legal_date(app, on)
    if user is not None and not (reason or "").strip():
        raise WorkflowError(MSG_WITHDRAW_NOTE)
    reasons = REASON_WITHDRAWN + (f"（{reason.strip()}）" if reason.strip() else "")
    decide_fields(app, DecisionCode.OTHER, reasons, on)
    move(
        app,
        Action.WITHDRAW,
        user=user,
        on=on,
        fields=DECISION_FIELDS,
        note=reason.strip(),
        original=application,
        data={"by": "staff" if user is not None else "applicant"},
    )
    return app
