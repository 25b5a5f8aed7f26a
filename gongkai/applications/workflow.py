"""The workflow of a disclosure application (依申请公开): the only place a case's status changes.

《中华人民共和国政府信息公开条例》 ("条例", 2019) Arts. 29–45; regulations.md §9 for what the law
leaves open. The table below is the whole state machine: which statuses an action may start from,
where it leads, what the reply clock does, and who may do it. Each action is one function that
locks the case, checks the actor and the table, saves with `update_fields`, writes exactly one
`ApplicationEvent`, and leaves side effects (mail, notices) to hooks run after the commit.
A refused action raises `WorkflowError` with one of the `MSG_*` messages and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.fees import per_item_fee, per_volume_fee
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationSerial,
    ApplicationStatus,
    Channel,
    FeeMethod,
    FeeNotice,
    Opinion,
    OpinionKind,
    OpinionReply,
    query_code_hash,
    query_code_new,
)
from gongkai.applications.selectors import (
    application_deadline,
    clarification_of,
    fee_earlier_items,
    user_may_approve_extension,
    user_may_handle,
)
from gongkai.core.dates import today as local_today
from gongkai.workdays.calendar import CalendarDataMissing, WorkCalendar
from gongkai.workdays.selectors import calendar_current

S = ApplicationStatus
SAME = "="  # the status does not change
RECORDED = "*"  # the status is the one recorded in the imported file


class Clock:
    """What an action does to the 20-working-day reply period (条例 Art. 33)."""

    STARTS = "开始计算：收到申请之日的次日起20个工作日"
    RUNS = "继续计算"
    STOPS = "停止：等待申请人补正"
    RESTARTS = "重新计算：自收到补正申请之日起20个工作日"
    PAUSES = "暂停：征求意见或缴费期间不计算"
    RESUMES = "恢复：以剩余的工作日继续计算"
    EXTENDS = "延长：加上批准的工作日（最多20个）"
    ENDS = "结束"
    NONE = "不再计算"


class Who:
    APPLICANT = "申请人"
    HANDLER = "承办人员"  # clerk, office head, reviewer or site admin of the case's body
    OFFICE_HEAD = "政府信息公开工作机构负责人"
    APPLICANT_OR_HANDLER = "申请人，或承办人员依申请人的要求"
    OPERATOR = "平台运维（导入历史案件）"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]  # empty: the action creates the case
    target: str  # a status, SAME or RECORDED
    clock: str
    who: str


_OPEN = (S.REGISTERED, S.CLARIFICATION, S.HANDLING, S.CONSULTING, S.AWAITING_FEE)
_RUNNING = (S.REGISTERED, S.HANDLING, S.CONSULTING, S.AWAITING_FEE)

# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, c, w) for a, f, t, c, w in (
    # action                        allowed from                            to               clock          who
    (Action.SUBMIT,                 (),                                     S.REGISTERED,    Clock.STARTS,   Who.APPLICANT),
    (Action.REGISTER,               (),                                     S.REGISTERED,    Clock.STARTS,   Who.HANDLER),
    (Action.IMPORT,                 (),                                     RECORDED,        Clock.NONE,     Who.OPERATOR),
    (Action.ACCEPT,                 (S.REGISTERED,),                        S.HANDLING,      Clock.RUNS,     Who.HANDLER),
    (Action.REQUEST_CLARIFICATION,  (S.REGISTERED, S.HANDLING),             S.CLARIFICATION, Clock.STOPS,    Who.HANDLER),
    (Action.RECEIVE_CORRECTION,     (S.CLARIFICATION,),                     S.HANDLING,      Clock.RESTARTS, Who.HANDLER),
    (Action.CLARIFICATION_LAPSE,    (S.CLARIFICATION,),                     S.DECIDED,       Clock.ENDS,     Who.HANDLER),
    (Action.CONSULT,                (S.HANDLING, S.CONSULTING),             S.CONSULTING,    Clock.PAUSES,   Who.HANDLER),
    (Action.RECORD_OPINION,         (S.CONSULTING,),                        S.HANDLING,      Clock.RESUMES,  Who.HANDLER),  # stays 征求意见中 while another is out
    (Action.ISSUE_FEE_NOTICE,       (S.HANDLING,),                          S.AWAITING_FEE,  Clock.PAUSES,   Who.HANDLER),
    (Action.RECORD_PAYMENT,         (S.AWAITING_FEE,),                      S.HANDLING,      Clock.RESUMES,  Who.HANDLER),
    (Action.FEE_LAPSE,              (S.AWAITING_FEE,),                      S.DECIDED,       Clock.ENDS,     Who.HANDLER),
    (Action.EXTEND,                 _RUNNING,                               SAME,            Clock.EXTENDS,  Who.OFFICE_HEAD),
    (Action.DECIDE,                 (S.REGISTERED, S.HANDLING),             S.DECIDED,       Clock.ENDS,     Who.HANDLER),
    (Action.REPLY_ON_THE_SPOT,      (S.REGISTERED,),                        S.REPLIED,       Clock.ENDS,     Who.HANDLER),
    (Action.DELIVER_REPLY,          (S.DECIDED,),                           S.REPLIED,       Clock.NONE,     Who.HANDLER),
    (Action.ARCHIVE,                (S.REPLIED, S.TRANSFERRED, S.WITHDRAWN), S.ARCHIVED,     Clock.NONE,     Who.HANDLER),
    (Action.TRANSFER,               (S.REGISTERED, S.HANDLING),             S.TRANSFERRED,   Clock.ENDS,     Who.HANDLER),
    (Action.WITHDRAW,               _OPEN,                                  S.WITHDRAWN,     Clock.ENDS,     Who.APPLICANT_OR_HANDLER),
))
# fmt: on
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}
CREATING_ACTIONS = frozenset(t.action for t in TABLE if not t.sources)

# Decisions recorded by their own action, not chosen in `application_decide`.
_LAPSE_DECISIONS = {
    DecisionCode.OTHER_NO_CORRECTION: Action.CLARIFICATION_LAPSE,
    DecisionCode.OTHER_FEE_UNPAID: Action.FEE_LAPSE,
}

# --- Messages (tests assert on these) -------------------------------------------------------------

MSG_STATUS = "申请当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_HANDLER = "您不是该申请所属机关的承办人员，无权办理此申请"
MSG_NOT_OFFICE_HEAD = (
    "延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款），"
    "只有本机关的政府信息公开工作机构负责人可以批准延期"
)
MSG_APPLICANT_CODE_WRONG = "申请编号或查询码不正确"
MSG_DATE_IN_FUTURE = "日期不能晚于今天"
MSG_DATE_BEFORE_RECEIPT = "日期不能早于收到申请之日（{received}）"
MSG_CALENDAR_MISSING = "{error}；请平台运维先录入该年度的节假日安排"
MSG_HANDLER_NOT_OF_BODY = "指定的承办人不是该申请所属机关的承办人员"
MSG_CLARIFICATION_ONCE = "补正告知只能作出一次，应一次性告知需要补正的全部事项（条例第三十条）"
MSG_CLARIFICATION_ITEMS = "请写明需要补正的全部事项（条例第三十条：一次性告知）"
MSG_CLARIFICATION_TOO_LATE = (
    "补正告知应当自收到申请之日起7个工作日内作出（条例第三十条），本申请的告知期限已于{due}届满，"
    "不能再要求补正；请按现有申请内容办理并在答复期限内作出答复"
)
MSG_CORRECTION_BEFORE_NOTICE = "收到补正申请的日期不能早于补正告知之日（{sent}）"
MSG_CORRECTION_PERIOD_RUNNING = "补正期限至{due}届满，届满前不能按逾期不补正处理"
MSG_OPINION_ADDRESSEE = "请填写被征求意见方"
MSG_OPINION_KIND = "征求意见类型无效"
MSG_OPINION_NOT_OF_CASE = "该征求意见记录不属于本申请"
MSG_OPINION_CLOSED = "该征求意见已办结"
MSG_OPINION_REPLY = "征求意见结果无效"
MSG_OPINION_BEFORE_SENT = "收到意见的日期不能早于发出征求意见书之日（{sent}）"
MSG_OPINION_PERIOD_RUNNING = (
    "征求意见期限至{end}届满（条例第三十二条、第三十四条：15个工作日），"
    "届满前不能记录为逾期未提出意见"
)
MSG_FEE_METHOD = "计收方式无效"
MSG_FEE_UNITS = "计费的件数或页数应为正整数"
MSG_FEE_FREE = "按{method}计算应收金额为0元，在免费范围内，不得收取信息处理费"
MSG_FEE_ONCE = (
    "本申请已发出过收费通知；同一申请只能选择一种计收方式，不得重复收费"
    "（《政府信息公开信息处理费管理办法》第三条）"
)
MSG_FEE_PAY_DAYS = "缴费期限应为正整数个工作日"
MSG_PAYMENT_BEFORE_NOTICE = "缴费日期不能早于收费通知之日（{issued}）"
MSG_FEE_PERIOD_RUNNING = "缴费期限至{due}届满，届满前不能按逾期未缴费处理"
MSG_EXTENSION_ONCE = "答复期限只能延长一次（条例第三十三条第二款）"
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
MSG_ON_THE_SPOT = (
    "当场答复只适用于申请人当面提交、并在收到申请当日答复的申请（条例第三十三条第一款）"
)
MSG_REPLY_BEFORE_DECISION = "答复日期不能早于决定日期（{decided}）"
MSG_TRANSFER_SAME_BODY = "不能转送给本机关"
MSG_TRANSFER_REASONS = (
    "请说明转送理由（条例第三十六条第（五）项：告知申请人并说明理由，能够确定负责公开的机关的，"
    "告知其名称、联系方式）"
)
MSG_WITHDRAW_NOTE = "请记录申请人提出撤回的方式和时间"

# Default texts of decisions the workflow records itself.
REASON_NO_CORRECTION = (
    "申请人无正当理由逾期不补正，视为放弃申请，本机关不再处理该政府信息公开申请（条例第三十条）。"
)
REASON_FEE_UNPAID = "申请人逾期未按收费通知要求缴纳信息处理费，本机关不再处理该政府信息公开申请。"
REASON_WITHDRAWN = "申请人撤回申请，本机关终止办理。"

CASE_NUMBER_FORMAT = "{prefix}-{year}-{serial:05d}"


class WorkflowError(Exception):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Hooks: side effects after the commit -----------------------------------------------------------

Hook = Callable[[ApplicationEvent], None]
_hooks: dict[str | None, list[Hook]] = {}


def hook_register(action: str | None, hook: Hook) -> None:
    """Call `hook(event)` after the commit of every `action` (None: of every action).

    For mail to the applicant and notice generation. A hook that raises is logged and does not
    undo the transition (it has already been committed).
    """
    _hooks.setdefault(action, [])
    if hook not in _hooks[action]:
        _hooks[action].append(hook)


def hook_unregister(action: str | None, hook: Hook) -> None:
    if hook in _hooks.get(action, []):
        _hooks[action].remove(hook)


def _schedule_hooks(event: ApplicationEvent) -> None:
    for hook in [*_hooks.get(None, []), *_hooks.get(event.action, [])]:
        transaction.on_commit(partial(hook, event), robust=True)


# --- The steps every action shares ------------------------------------------------------------------


def _lock(application: Application | int) -> Application:
    pk = application.pk if isinstance(application, Application) else application
    return Application.objects.select_for_update(of=("self",)).select_related("body").get(pk=pk)


def _check_status(app: Application, action: str) -> Transition:
    transition = TRANSITIONS[action]
    if app.status not in transition.sources:
        raise WorkflowError(
            MSG_STATUS.format(status=app.get_status_display(), action=Action(action).label)
        )
    return transition


def _check_handler(app: Application, user) -> None:
    if user is None or not user_may_handle(user, app.body):
        raise WorkflowError(MSG_NOT_HANDLER)


def _legal_date(app: Application, on: date | None) -> date:
    """The legal date of an event: today unless given (a letter sent, a payment received...)."""
    today = local_today()
    on = on or today
    if on > today:
        raise WorkflowError(MSG_DATE_IN_FUTURE)
    if on < app.received_on:
        raise WorkflowError(
            MSG_DATE_BEFORE_RECEIPT.format(received=deadlines.cn_date(app.received_on))
        )
    return on


def _calendar() -> WorkCalendar:
    # Workflow checks use the strict calendar: a year without holiday data is an error the
    # handler sees, never a Monday–Friday guess (regulations.md §9).
    return calendar_current(provisional=False)


def _calendar_error(exc: CalendarDataMissing) -> WorkflowError:
    return WorkflowError(MSG_CALENDAR_MISSING.format(error=exc))


def _move(
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
) -> ApplicationEvent:
    """Set the status the table gives, save the changed fields, write the one event."""
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
    )
    if isinstance(original, Application) and original is not app:
        for name in update_fields:  # the caller's instance reflects what was saved
            setattr(original, name, getattr(app, name))
    _schedule_hooks(event)
    return event


def _case_number_take(body, year: int) -> str:
    """The next case number of a body and year, from a locked serial row.

    The row is created with INSERT … ON CONFLICT DO NOTHING and then locked (SELECT … FOR
    UPDATE), so concurrent submissions at one body wait for each other and never share a number.
    """
    ApplicationSerial.objects.bulk_create(
        [ApplicationSerial(body=body, year=year)], ignore_conflicts=True
    )
    row = ApplicationSerial.objects.select_for_update().get(body=body, year=year)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return case_number_format(body, year, row.last_serial)


def case_number_prefix(body) -> str:
    return body.index_code or body.code


def case_number_format(body, year: int, serial: int) -> str:
    return CASE_NUMBER_FORMAT.format(prefix=case_number_prefix(body), year=year, serial=serial)


def case_number_reserve(body, number: str) -> None:
    """An imported case number in the platform's own form: later numbers must come after it."""
    match = re.fullmatch(rf"{re.escape(case_number_prefix(body))}-(\d{{4}})-(\d+)", number)
    if match is None:
        return
    year, serial = int(match[1]), int(match[2])
    ApplicationSerial.objects.bulk_create(
        [ApplicationSerial(body=body, year=year)], ignore_conflicts=True
    )
    row = ApplicationSerial.objects.select_for_update().get(body=body, year=year)
    if serial > row.last_serial:
        row.last_serial = serial
        row.save(update_fields=["last_serial"])


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

    Called by `services` (which validate the applicant's fields first). SUBMIT is the applicant's own act (条例 Art. 29); REGISTER needs a handler of the body;
    IMPORT loads a historic case in the status given by the file.
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
    app = _create(
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


def _create(
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
        case_number = _case_number_take(body, received_on.year)
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
    _schedule_hooks(event)
    return app


# --- Handling ------------------------------------------------------------------------------------------


@transaction.atomic
def application_accept(
    application: Application | int, *, user, handler=None, on: date | None = None, note: str = ""
) -> Application:
    """开始办理 (条例 Art. 45 审核): a handler takes the case; the clock keeps running."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.ACCEPT)
    on = _legal_date(app, on)
    handler = handler or user
    if not user_may_handle(handler, app.body):
        raise WorkflowError(MSG_HANDLER_NOT_OF_BODY)
    app.handler = handler
    _move(
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
) -> Application:
    """补正告知 (条例 Art. 30): once, listing everything, within 7 working days of receipt.

    Refused after the 7th working day: a late notice would start a fresh 20-day period the law
    does not allow, so the case is handled on the application as it stands (docs/workflow.md).
    """
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.REQUEST_CLARIFICATION)
    on = _legal_date(app, on)
    if clarification_of(app).sent_on is not None:
        raise WorkflowError(MSG_CLARIFICATION_ONCE)
    if not (items or "").strip():
        raise WorkflowError(MSG_CLARIFICATION_ITEMS)
    calendar = _calendar()
    try:
        notice_due = deadlines.clarification_notice_due(app.received_on, calendar=calendar)
        if on > notice_due:
            raise WorkflowError(
                MSG_CLARIFICATION_TOO_LATE.format(due=deadlines.cn_date(notice_due))
            )
        due = deadlines.correction_due(on, calendar=calendar, days=correction_days)
    except CalendarDataMissing as exc:
        raise _calendar_error(exc) from exc
    except ValueError as exc:
        raise WorkflowError(str(exc)) from exc
    _move(
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
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.RECEIVE_CORRECTION)
    on = _legal_date(app, on)
    clarification = clarification_of(app)
    if clarification.sent_on is not None and on < clarification.sent_on:
        raise WorkflowError(
            MSG_CORRECTION_BEFORE_NOTICE.format(sent=deadlines.cn_date(clarification.sent_on))
        )
    data = {"late": bool(clarification.correction_due and on > clarification.correction_due)}
    fields: tuple[str, ...] = ()
    if description.strip():
        data["original_description"] = app.description
        app.description = description.strip()
        fields = ("description",)
    _move(
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
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """逾期不补正 (条例 Art. 30): deemed abandoned; the case ends as 其他处理 1."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.CLARIFICATION_LAPSE)
    on = _legal_date(app, on)
    due = clarification_of(app).correction_due
    if due is not None and on <= due:
        raise WorkflowError(MSG_CORRECTION_PERIOD_RUNNING.format(due=deadlines.cn_date(due)))
    _decide_fields(app, DecisionCode.OTHER_NO_CORRECTION, REASON_NO_CORRECTION, on)
    _move(
        app,
        Action.CLARIFICATION_LAPSE,
        user=user,
        on=on,
        fields=_DECISION_FIELDS,
        note=note,
        original=application,
    )
    return app


@transaction.atomic
def application_consult(
    application: Application | int,
    *,
    user,
    kind: str,
    addressee: str,
    addressee_contact: str = "",
    on: date | None = None,
    note: str = "",
) -> Opinion:
    """征求第三方意见 (Art. 32) / 征求其他机关意见 (Art. 34): the clock pauses (Art. 33 para 3).

    Several consultations may be out at once; a day is excluded once.
    """
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.CONSULT)
    on = _legal_date(app, on)
    if kind not in OpinionKind.values:
        raise WorkflowError(MSG_OPINION_KIND)
    if not (addressee or "").strip():
        raise WorkflowError(MSG_OPINION_ADDRESSEE)
    opinion = Opinion.objects.create(
        application=app,
        kind=kind,
        addressee=addressee.strip(),
        addressee_contact=addressee_contact.strip(),
        sent_on=on,
    )
    _move(
        app,
        Action.CONSULT,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"opinion": opinion.pk, "kind": kind, "addressee": opinion.addressee},
    )
    return opinion


@transaction.atomic
def application_record_opinion(
    application: Application | int,
    opinion: Opinion | int,
    *,
    user,
    reply: str,
    summary: str = "",
    on: date | None = None,
    note: str = "",
) -> Application:
    """The opinion arrived, or its 15 working days passed in silence (Arts. 32, 34).

    The case goes back to 办理中 when no other consultation is out.
    """
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.RECORD_OPINION)
    on = _legal_date(app, on)
    opinion_pk = opinion.pk if isinstance(opinion, Opinion) else opinion
    row = Opinion.objects.select_for_update().filter(pk=opinion_pk, application=app).first()
    if row is None:
        raise WorkflowError(MSG_OPINION_NOT_OF_CASE)
    if not row.is_open:
        raise WorkflowError(MSG_OPINION_CLOSED)
    if reply not in OpinionReply.values:
        raise WorkflowError(MSG_OPINION_REPLY)
    if on < row.sent_on:
        raise WorkflowError(MSG_OPINION_BEFORE_SENT.format(sent=deadlines.cn_date(row.sent_on)))
    if reply == OpinionReply.SILENT:
        try:
            period_end = deadlines.opinion_period_end(row.sent_on, calendar=_calendar())
        except CalendarDataMissing as exc:
            raise _calendar_error(exc) from exc
        if on <= period_end:
            raise WorkflowError(
                MSG_OPINION_PERIOD_RUNNING.format(end=deadlines.cn_date(period_end))
            )
        row.replied_on = None
    else:
        row.replied_on = on
    row.reply = reply
    row.reply_summary = summary.strip()
    row.closed_on = on
    row.save(update_fields=["replied_on", "reply", "reply_summary", "closed_on"])
    still_out = app.opinions.filter(closed_on__isnull=True).exists()
    _move(
        app,
        Action.RECORD_OPINION,
        user=user,
        on=on,
        note=note,
        original=application,
        to=S.CONSULTING if still_out else None,
        data={
            "opinion": row.pk,
            "reply": reply,
            "silence_meaning": row.silence_meaning if reply == OpinionReply.SILENT else "",
        },
    )
    return app


@transaction.atomic
def application_issue_fee_notice(
    application: Application | int,
    *,
    user,
    method: str,
    units: int,
    earlier_items: int | None = None,
    pay_days: int = deadlines.DEFAULT_FEE_PAYMENT_DAYS,
    on: date | None = None,
    note: str = "",
) -> FeeNotice:
    """收费通知 (条例 Art. 42; 国办函〔2020〕109号): the clock pauses until payment.

    One method per application and one notice (Art. 3). Per item, the applicant's earlier items
    at this body in the same month decide the tier (regulations.md §9) unless given.
    """
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.ISSUE_FEE_NOTICE)
    on = _legal_date(app, on)
    if app.fee_notices.exists():
        raise WorkflowError(MSG_FEE_ONCE)
    if method not in FeeMethod.values:
        raise WorkflowError(MSG_FEE_METHOD)
    if not isinstance(units, int) or units < 1:
        raise WorkflowError(MSG_FEE_UNITS)
    if not isinstance(pay_days, int) or pay_days < 1:
        raise WorkflowError(MSG_FEE_PAY_DAYS)
    if method == FeeMethod.PER_ITEM:
        earlier = fee_earlier_items(app) if earlier_items is None else earlier_items
        quote = per_item_fee(units, earlier_items_this_month=earlier)
    else:
        earlier = 0
        quote = per_volume_fee(units)
    if quote.amount <= 0:
        raise WorkflowError(MSG_FEE_FREE.format(method=FeeMethod(method).label))
    try:
        pay_by = deadlines.fee_payment_due(on, calendar=_calendar(), days=pay_days)
    except CalendarDataMissing as exc:
        raise _calendar_error(exc) from exc
    fee = FeeNotice.objects.create(
        application=app,
        method=method,
        units=units,
        earlier_items=earlier,
        amount=quote.amount,
        tiers=[
            {"label": t.label, "units": t.units, "rate": t.rate, "amount": t.amount}
            for t in quote.tiers
        ],
        issued_on=on,
        pay_by=pay_by,
    )
    _move(
        app,
        Action.ISSUE_FEE_NOTICE,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"fee_notice": fee.pk, "amount": fee.amount, "pay_by": pay_by.isoformat()},
    )
    return fee


def _open_fee_notice(app: Application) -> FeeNotice:
    return (
        app.fee_notices.select_for_update()
        .filter(paid_on__isnull=True, lapsed_on__isnull=True)
        .order_by("-issued_on", "-pk")
        .first()
    )


@transaction.atomic
def application_record_payment(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """缴费: the clock resumes with the working days that were left."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.RECORD_PAYMENT)
    on = _legal_date(app, on)
    fee = _open_fee_notice(app)
    if on < fee.issued_on:
        raise WorkflowError(
            MSG_PAYMENT_BEFORE_NOTICE.format(issued=deadlines.cn_date(fee.issued_on))
        )
    fee.paid_on = on
    fee.save(update_fields=["paid_on"])
    _move(
        app,
        Action.RECORD_PAYMENT,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"fee_notice": fee.pk},
    )
    return app


@transaction.atomic
def application_fee_lapse(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """逾期未缴费: processing ends as 其他处理 2 (regulations.md §3.3 (b))."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.FEE_LAPSE)
    on = _legal_date(app, on)
    fee = _open_fee_notice(app)
    if on <= fee.pay_by:
        raise WorkflowError(MSG_FEE_PERIOD_RUNNING.format(due=deadlines.cn_date(fee.pay_by)))
    fee.lapsed_on = on
    fee.save(update_fields=["lapsed_on"])
    _decide_fields(app, DecisionCode.OTHER_FEE_UNPAID, REASON_FEE_UNPAID, on)
    _move(
        app,
        Action.FEE_LAPSE,
        user=user,
        on=on,
        fields=_DECISION_FIELDS,
        note=note,
        original=application,
        data={"fee_notice": fee.pk},
    )
    return app


@transaction.atomic
def application_extend(
    application: Application | int,
    *,
    user,
    days: int,
    reason: str,
    on: date | None = None,
    note: str = "",
) -> Application:
    """延长答复期限 (条例 Art. 33 para 2): once, at most 20 working days, approved by the head of
    the body's openness office, who is recorded; the applicant is notified (a hook)."""
    app = _lock(application)
    if user is None or not user_may_approve_extension(user, app.body):
        raise WorkflowError(MSG_NOT_OFFICE_HEAD)
    _check_status(app, Action.EXTEND)
    on = _legal_date(app, on)
    if app.extension_days:
        raise WorkflowError(MSG_EXTENSION_ONCE)
    if not isinstance(days, int) or not 1 <= days <= deadlines.MAX_EXTENSION_DAYS:
        raise WorkflowError(MSG_EXTENSION_DAYS)
    if not (reason or "").strip():
        raise WorkflowError(MSG_EXTENSION_REASON)
    try:
        current = application_deadline(app, calendar=_calendar(), today=on)
    except CalendarDataMissing as exc:
        raise _calendar_error(exc) from exc
    if current.due is not None and on > current.due:
        raise WorkflowError(MSG_EXTENSION_AFTER_DUE.format(due=deadlines.cn_date(current.due)))
    app.extension_days = days
    app.extension_approved_by = user
    _move(
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
    )
    return app


# --- Deciding and replying --------------------------------------------------------------------------

_DECISION_FIELDS = ("decision", "decision_reasons", "decided_on")


def _decide_fields(app: Application, decision: str, reasons: str, on: date) -> None:
    app.decision = decision
    app.decision_reasons = reasons
    app.decided_on = on


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
) -> Application:
    """作出答复决定: exactly one `DecisionCode` (one result row of the annual report) + reasons."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.DECIDE)
    on = _legal_date(app, on)
    _check_decision(app, decision, reasons)
    _decide_fields(app, decision, (reasons or "").strip(), on)
    _move(
        app,
        Action.DECIDE,
        user=user,
        on=on,
        fields=_DECISION_FIELDS,
        note=note,
        original=application,
        data={"decision": decision},
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
) -> Application:
    """当场答复 (条例 Art. 33 para 1): decided and replied in one step, the day it is handed in."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.REPLY_ON_THE_SPOT)
    on = local_today()
    if app.channel != Channel.IN_PERSON or app.received_on != on:
        raise WorkflowError(MSG_ON_THE_SPOT)
    _check_decision(app, decision, reasons)
    _decide_fields(app, decision, (reasons or "").strip(), on)
    app.replied_on = on
    app.handler = app.handler or user
    _move(
        app,
        Action.REPLY_ON_THE_SPOT,
        user=user,
        on=on,
        fields=(*_DECISION_FIELDS, "replied_on", "handler"),
        note=note,
        original=application,
        data={"decision": decision},
    )
    return app


@transaction.atomic
def application_deliver_reply(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """送达答复: the reply letter reached the applicant (or was sent, for post: `on`)."""
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.DELIVER_REPLY)
    on = _legal_date(app, on)
    if app.decided_on and on < app.decided_on:
        raise WorkflowError(
            MSG_REPLY_BEFORE_DECISION.format(decided=deadlines.cn_date(app.decided_on))
        )
    app.replied_on = on
    data: dict = {}
    try:
        due = application_deadline(app, calendar=_calendar(), today=on).due
    except CalendarDataMissing:
        due = None  # recorded anyway: lateness is shown where the calendar is known
    if due is not None:
        data = {"due": due.isoformat(), "late": on > due}
    _move(
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
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.ARCHIVE)
    on = _legal_date(app, on)
    _move(app, Action.ARCHIVE, user=user, on=on, note=note, original=application)
    return app


# --- Ending otherwise: transfer, withdrawal ---------------------------------------------------------

_COPIED_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "description",
    "document_reference",
    "purpose",
    "provision_form",
    "delivery",
    "fee_waiver_requested",
    "item_count",
    "channel",
)


@transaction.atomic
def application_transfer(
    application: Application | int,
    *,
    user,
    to_body,
    reasons: str,
    on: date | None = None,
    note: str = "",
) -> Application:
    """转送 to the responsible body on the platform (条例 Art. 36 (五)). Returns the new case.

    The original ends here as 无法提供 1 (本机关不掌握相关政府信息), decided on the transfer day; the
    new case, with the same applicant and the same query code, is received by `to_body` that day
    and counted there (docs/workflow.md).
    """
    app = _lock(application)
    _check_handler(app, user)
    _check_status(app, Action.TRANSFER)
    on = _legal_date(app, on)
    if to_body is None or to_body.pk == app.body_id:
        raise WorkflowError(MSG_TRANSFER_SAME_BODY)
    if not (reasons or "").strip():
        raise WorkflowError(MSG_TRANSFER_REASONS)
    # The receiving body gets the case that day, with one REGISTER event by the transferring
    # person; the applicant tracks it with the same query code.
    new = _create(
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
    _decide_fields(app, DecisionCode.UNAVAILABLE_NOT_HELD, reasons.strip(), on)
    app.transferred_to = new
    _move(
        app,
        Action.TRANSFER,
        user=user,
        on=on,
        fields=(*_DECISION_FIELDS, "transferred_to"),
        note=note,
        original=application,
        data={"to_body": to_body.code, "new_case": new.case_number},
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
    app = _lock(application)
    if user is None:
        if not app.query_code_check(query_code):
            raise WorkflowError(MSG_APPLICANT_CODE_WRONG)
    else:
        _check_handler(app, user)
    _check_status(app, Action.WITHDRAW)
    on = _legal_date(app, on)
    if user is not None and not (reason or "").strip():
        raise WorkflowError(MSG_WITHDRAW_NOTE)
    reasons = REASON_WITHDRAWN + (f"（{reason.strip()}）" if reason.strip() else "")
    _decide_fields(app, DecisionCode.OTHER, reasons, on)
    _move(
        app,
        Action.WITHDRAW,
        user=user,
        on=on,
        fields=_DECISION_FIELDS,
        note=reason.strip(),
        original=application,
        data={"by": "staff" if user is not None else "applicant"},
    )
    return app
