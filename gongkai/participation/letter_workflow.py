"""The workflow of a letter to a body's mailbox (领导信箱 / 部门信箱): the only place a letter's
status changes.

`TABLE` is the whole state machine; `docs/participation.md` shows the same table (a test keeps
them in step). Each action is one function: it locks the letter, checks the actor, the table and
the action's own rules, saves with `update_fields` and writes exactly one `LetterEvent`. A refused
action raises `WorkflowError` (Chinese, shown to the person who tried it) and writes nothing; a
wrong field value raises `ValidationError` keyed by the field, for the form.

The clocks (`mailbox_limits.py`): the reply limit runs from the day of receipt (the day itself not
counted) in working days of the official calendar, as the body sets it for the category; a letter
transferred to another body follows that body's rule (`MailboxLimit.restart_on_transfer`); a
follow-up starts a new limit. The 3-month red line runs from the day the writer began to wait
(the receipt, or the follow-up) and never restarts on a transfer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.core.dates import local_date
from gongkai.core.dates import today as local_today
from gongkai.core.errors import GongkaiError
from gongkai.core.query_codes import query_code_new
from gongkai.core.serials import serial_next
from gongkai.participation import mailbox_limits
from gongkai.participation.letter_messages import letter_receipt_queue, letter_result_queue
from gongkai.participation.letter_publication import public_exchange, public_version
from gongkai.participation.letter_selectors import (
    limit_for,
    user_may_handle_letter,
    user_may_review_letter,
)
from gongkai.participation.mailbox_limits import LetterCategory, MailboxKind
from gongkai.participation.models import (
    REFERRAL_TEXTS,
    DismissReason,
    Letter,
    LetterAction,
    LetterEvent,
    LetterSerial,
    LetterStatus,
    ReplyKind,
    Satisfaction,
)
from gongkai.search.services import search_enqueue
from gongkai.workdays.selectors import calendar_current

S = LetterStatus
A = LetterAction
SAME = "="  # the status does not change


class Who:
    WRITER = "来信人"
    HANDLER = "本机关工作人员或承办人"
    REVIEWER = "本机关审核人员、政府信息公开工作机构负责人或站点管理员"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]  # empty: the action creates the letter
    target: str  # a status or SAME
    when: str  # the action's own rule, beyond the status
    who: str


# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, w, who) for a, f, t, w, who in (
    # action       allowed from                         to            only when                                                            who
    (A.SUBMIT,     (),                                  S.RECEIVED,   "机关在平台上；收到即编号，答复时限从次日起算",                          Who.WRITER),
    (A.ASSIGN,     (S.RECEIVED, S.HANDLING),            S.HANDLING,   "承办人是本机关或其下属部门的工作人员（可请部门拟写答复）",              Who.HANDLER),
    (A.TRANSFER,   (S.RECEIVED, S.HANDLING),            S.RECEIVED,   "转到平台上的另一个机关；答复时限按接收机关的规定，三个月期限不重新起算", Who.HANDLER),
    (A.EXTEND,     (S.HANDLING, S.IN_REVIEW),           SAME,         "只能延长一次，须说明理由",                                            Who.REVIEWER),
    (A.DRAFT,      (S.HANDLING,),                       S.IN_REVIEW,  "答复内容不能为空；转其他渠道的，告知应当通过的渠道",                  Who.HANDLER),
    (A.RETURN,     (S.IN_REVIEW,),                      S.HANDLING,   "须说明退回的理由",                                                    Who.REVIEWER),
    (A.APPROVE,    (S.IN_REVIEW,),                      S.REPLIED,    "审核人不是拟稿人；来信人同意公开的，可隐去个人信息后公开",            Who.REVIEWER),
    (A.DISMISS,    (S.RECEIVED, S.HANDLING),            S.DISMISSED,  "理由从固定列表中选择，并告知来信人",                                  Who.REVIEWER),
    (A.RATE,       (S.REPLIED,),                        SAME,         "答复后评价一次",                                                      Who.WRITER),
    (A.FOLLOW_UP,  (S.REPLIED,),                        S.HANDLING,   "答复后追问一次，答复时限重新起算",                                    Who.WRITER),
))
# fmt: on
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}
STEP_ACTIONS: tuple[str, ...] = tuple(t.action for t in TABLE if t.sources)
WRITER_ACTIONS = frozenset(t.action for t in TABLE if t.who == Who.WRITER)
REVIEWER_ACTIONS = frozenset(t.action for t in TABLE if t.who == Who.REVIEWER)

MSG_STATUS = "来信当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_HANDLER = "您不是该来信办理机关的工作人员，无权办理此来信"
MSG_NOT_REVIEWER = "您不是该来信办理机关的审核人员，无权进行此操作"
MSG_SAME_REVIEWER = "答复由您拟写，须由本机关的其他审核人员审核"
MSG_SUBJECT_REQUIRED = "请填写标题"
MSG_SUBJECT_TOO_LONG = "标题不能超过{limit}字"
MSG_TEXT_REQUIRED = "请填写来信内容"
MSG_TEXT_TOO_LONG = "来信内容不能超过{limit}字，请精简后提交"
MSG_NAME_REQUIRED = "请填写姓名（不会公开）"
MSG_PHONE_INVALID = "请填写有效的联系电话（不会公开）"
MSG_EMAIL_INVALID = "请填写有效的电子邮箱，或者不填"
MSG_CATEGORY_INVALID = "请选择来信类别"
MSG_MAILBOX_INVALID = "请选择信箱"
MSG_HANDLER_INVALID = "承办人须是本机关或其下属部门的工作人员"
MSG_TRANSFER_TARGET = "请选择平台上的另一个机关"
MSG_TRANSFER_REASON = "请说明转办的理由（来信人可以看到）"
MSG_EXTENDED_ONCE = "答复时限只能延长一次"
MSG_EXTEND_REASON = "请说明延长的理由（来信人可以看到）"
MSG_REPLY_REQUIRED = "请填写答复内容"
MSG_REPLY_KIND = "请选择答复类型"
MSG_RETURN_REASON = "请说明退回修改的理由"
MSG_DISMISS_REASON = "请选择不予受理的理由"
MSG_NOT_CONSENTED = "来信人未同意公开，不能公开"
MSG_PUBLIC_EMPTY = "公开的标题、来信内容和答复内容不能为空"
MSG_RATED = "您已经评价过这封来信"
MSG_RATING_INVALID = "请选择满意、基本满意或不满意"
MSG_FOLLOWED_UP = "每封来信只能追问一次；如有新的问题，请重新来信"
MSG_FOLLOW_UP_REQUIRED = "请填写追问内容"

SUBJECT_MAX_LENGTH = 100
TEXT_MAX_LENGTH = 5000
NUMBER_FORMAT = "XJ{year}{serial:06d}"  # XJ2026000001: 信件, the year of receipt, the serial


class WorkflowError(GongkaiError):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""


def letter_number_take(year: int) -> str:
    return NUMBER_FORMAT.format(year=year, serial=serial_next(LetterSerial, year=year))


def _due(letter: Letter, start: date) -> date:
    limit = limit_for(letter.body, LetterCategory(letter.category))
    return mailbox_limits.reply_due(
        start, limit, calendar_current(provisional=True), extended=letter.extended
    )


# --- Submitting --------------------------------------------------------------------------------


def _writer_fields(
    *,
    mailbox: str,
    category: str,
    subject: str,
    text: str,
    name: str,
    phone: str,
    email: str,
    address: str,
) -> dict:
    from django.core.validators import validate_email

    from gongkai.participation.models import validate_contact

    subject, text, name = (subject or "").strip(), (text or "").strip(), (name or "").strip()
    phone, email, address = (phone or "").strip(), (email or "").strip(), (address or "").strip()
    errors: dict[str, str] = {}
    if mailbox not in MailboxKind.__members__.values():
        errors["mailbox"] = MSG_MAILBOX_INVALID
    if category not in LetterCategory.__members__.values():
        errors["category"] = MSG_CATEGORY_INVALID
    if not subject:
        errors["subject"] = MSG_SUBJECT_REQUIRED
    elif len(subject) > SUBJECT_MAX_LENGTH:
        errors["subject"] = MSG_SUBJECT_TOO_LONG.format(limit=SUBJECT_MAX_LENGTH)
    if not text:
        errors["text"] = MSG_TEXT_REQUIRED
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = MSG_TEXT_TOO_LONG.format(limit=TEXT_MAX_LENGTH)
    if not name:
        errors["name"] = MSG_NAME_REQUIRED
    try:
        if "@" in phone:
            raise ValidationError(MSG_PHONE_INVALID)
        validate_contact(phone)
    except ValidationError:
        errors["phone"] = MSG_PHONE_INVALID
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = MSG_EMAIL_INVALID
    if errors:
        raise ValidationError(errors)
    return {
        "mailbox": mailbox,
        "category": category,
        "subject": subject,
        "text": text,
        "name": name[:50],
        "phone": phone,
        "email": email,
        "address": address[:200],
    }


def letter_submit(body: Body, *, consent_to_publish: bool = False, **fields) -> tuple[Letter, str]:
    """网上来信: returns the letter and its query code (shown once; only its hash is stored).

    The letter and its first event are committed before they are returned: a number shown is a
    letter stored. Must not run inside another transaction (`durable=True` raises if it does).
    """
    checked = _writer_fields(**fields)
    now = timezone.now()
    today = local_date(now)
    assert today is not None
    code = query_code_new()
    with transaction.atomic(durable=True):
        letter = Letter(
            number=letter_number_take(today.year),
            body=body,
            first_body=body,
            consent_to_publish=bool(consent_to_publish),
            received_on=today,
            received_at=now,
            status=S.RECEIVED,
            **checked,
        )
        letter.query_code_set(code)
        letter.clock_from = today
        letter.due_on = _due(letter, today)
        letter.save()
        LetterEvent.objects.create(
            letter=letter,
            action=A.SUBMIT,
            from_status="",
            to_status=letter.status,
            body=body,
            at=now,
            data={"due_on": letter.due_on.isoformat()},
        )
        letter_receipt_queue(letter, code)  # the writer's way back to the code
    return letter, code


# --- What every step shares --------------------------------------------------------------------


def _begin(letter: Letter | int, action: str, *, user=None) -> Letter:
    pk = letter.pk if isinstance(letter, Letter) else letter
    locked = Letter.objects.select_for_update(of=("self",)).select_related("body").get(pk=pk)
    who = TRANSITIONS[action].who
    if who == Who.HANDLER and not user_may_handle_letter(user, locked):
        raise WorkflowError(MSG_NOT_HANDLER)
    if who == Who.REVIEWER and not user_may_review_letter(user, locked):
        raise WorkflowError(MSG_NOT_REVIEWER)
    if locked.status not in TRANSITIONS[action].sources:
        raise WorkflowError(
            MSG_STATUS.format(status=locked.get_status_display(), action=A(action).label)
        )
    return locked


def _move(
    letter: Letter,
    action: str,
    *,
    user,
    fields: tuple[str, ...] = (),
    note: str = "",
    data: dict | None = None,
    original: Letter | int | None = None,
) -> LetterEvent:
    transition = TRANSITIONS[action]
    from_status = letter.status
    letter.status = from_status if transition.target == SAME else transition.target
    update_fields = ["status", *fields, "updated_at"]
    letter.save(update_fields=update_fields)
    if isinstance(original, Letter) and original is not letter:
        for name in update_fields:
            setattr(original, name, getattr(letter, name))
    search_enqueue(letter)  # published on approval, off the public list during a follow-up
    return LetterEvent.objects.create(
        letter=letter,
        action=action,
        from_status=from_status,
        to_status=letter.status,
        body=letter.body,
        actor=user if user is not None and user.is_authenticated else None,
        note=note,
        data=data or {},
    )


def _required(value: str, message: str, field: str = "note") -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


# --- Staff steps -------------------------------------------------------------------------------


@transaction.atomic
def letter_assign(letter: Letter | int, *, user, handler, note: str = "") -> Letter:
    """分办: a handler of the body, or of a department under it (who drafts the answer for the
    body's reviewer); again to change the handler."""
    from gongkai.participation.letter_selectors import handlers_for

    locked = _begin(letter, A.ASSIGN, user=user)
    if handler is None or not handlers_for(locked.body).filter(pk=handler.pk).exists():
        raise ValidationError({"handler": MSG_HANDLER_INVALID})
    data = {"handler": handler.pk, "previous": locked.handler_id}
    locked.handler = handler
    _move(locked, A.ASSIGN, user=user, fields=("handler",), note=note, data=data, original=letter)
    return locked


@transaction.atomic
def letter_transfer(letter: Letter | int, *, user, to_body: Body | None, note: str) -> Letter:
    """转办: the letter goes to the body that should answer it, with its number and its history.
    Its reply limit follows the receiving body's rule (restart from today, or keep running from
    the receipt); the red line does not move."""
    locked = _begin(letter, A.TRANSFER, user=user)
    if to_body is None or to_body.pk == locked.body_id:
        raise ValidationError({"to_body": MSG_TRANSFER_TARGET})
    note = _required(note, MSG_TRANSFER_REASON)
    today = local_today()
    limit_row = to_body.mailbox_limits.filter(category=locked.category).first()
    restart = limit_row.restart_on_transfer if limit_row is not None else True
    data = {"from_body": locked.body_id, "to_body": to_body.pk, "restart": restart}
    locked.body, locked.handler, locked.transferred_on = to_body, None, today
    locked.extended = False
    if restart or not locked.in_follow_up:
        locked.clock_from = today if restart else locked.received_on
    locked.due_on = _due(locked, locked.clock_from)
    data["due_on"] = locked.due_on.isoformat()
    _move(
        locked,
        A.TRANSFER,
        user=user,
        fields=("body", "handler", "transferred_on", "extended", "clock_from", "due_on"),
        note=note,
        data=data,
        original=letter,
    )
    return locked


@transaction.atomic
def letter_extend(letter: Letter | int, *, user, note: str) -> Letter:
    """延长答复时限, once, with the reason the writer reads: the limit becomes the extended one,
    counted from the same start."""
    locked = _begin(letter, A.EXTEND, user=user)
    if locked.extended:
        raise WorkflowError(MSG_EXTENDED_ONCE)
    note = _required(note, MSG_EXTEND_REASON)
    previous = locked.due_on
    locked.extended = True
    locked.due_on = _due(locked, locked.clock_from)
    data = {"previous_due_on": previous.isoformat(), "due_on": locked.due_on.isoformat()}
    _move(
        locked,
        A.EXTEND,
        user=user,
        fields=("extended", "due_on"),
        note=note,
        data=data,
        original=letter,
    )
    return locked


@transaction.atomic
def letter_draft(
    letter: Letter | int, *, user, reply_kind: str, reply_text: str, note: str = ""
) -> Letter:
    """拟写答复: the answer (or the referral to the channel the matter belongs to), for review.
    For a referral the statutory text comes first and the handler's words follow it."""
    locked = _begin(letter, A.DRAFT, user=user)
    if reply_kind not in ReplyKind.values:
        raise ValidationError({"reply_kind": MSG_REPLY_KIND})
    text = (reply_text or "").strip()
    if reply_kind == ReplyKind.ANSWER and not text:
        raise ValidationError({"reply_text": MSG_REPLY_REQUIRED})
    referral = REFERRAL_TEXTS.get(reply_kind, "")
    if referral and not text.startswith(referral):
        text = f"{referral}\n{text}".strip()
    locked.reply_kind, locked.drafted_by = reply_kind, user
    reply_field = "follow_up_reply" if locked.in_follow_up else "reply_text"
    setattr(locked, reply_field, text)
    _move(
        locked,
        A.DRAFT,
        user=user,
        fields=("reply_kind", reply_field, "drafted_by"),
        note=note,
        data={"reply_kind": reply_kind, "follow_up": locked.in_follow_up},
        original=letter,
    )
    return locked


@transaction.atomic
def letter_return(letter: Letter | int, *, user, note: str) -> Letter:
    locked = _begin(letter, A.RETURN, user=user)
    note = _required(note, MSG_RETURN_REASON)
    _move(locked, A.RETURN, user=user, note=note, original=letter)
    return locked


@transaction.atomic
def letter_approve(
    letter: Letter | int,
    *,
    user,
    publish: bool = False,
    public_subject: str | None = None,
    public_text: str | None = None,
    public_reply: str | None = None,
    note: str = "",
) -> Letter:
    """审核通过: the reply goes to the writer (tracking page; the message comes with the outbox).
    With the writer's consent and the reviewer's choice, the letter and the reply are published
    with personal data hidden; the reviewer may shorten what is published."""
    locked = _begin(letter, A.APPROVE, user=user)
    if locked.drafted_by_id == user.pk and not user.is_superuser:
        raise WorkflowError(MSG_SAME_REVIEWER)
    dated = "follow_up_replied_on" if locked.in_follow_up else "replied_on"
    fields = [dated]
    data: dict = {"reply_kind": locked.reply_kind, "published": False}
    if publish:
        if not locked.consent_to_publish:
            raise WorkflowError(MSG_NOT_CONSENTED)
        given = {"public_subject": public_subject, "public_text": public_text}
        given["public_reply"] = public_reply
        chosen = public_exchange(locked)
        for name, value in given.items():
            if value is not None:  # the reviewer's own wording, masked as well
                chosen[name] = public_version(locked, value.strip())
        chosen["public_subject"] = chosen["public_subject"][:100]
        if not all(value.strip() for value in chosen.values()):
            raise WorkflowError(MSG_PUBLIC_EMPTY)
        for name, value in chosen.items():
            setattr(locked, name, value.strip())
        locked.published = True
        fields += ["published", "public_subject", "public_text", "public_reply"]
        data["published"] = True
    setattr(locked, dated, local_today())
    if not locked.in_follow_up:
        locked.answered_in_time = locked.replied_on <= locked.due_on
        fields.append("answered_in_time")
        data["in_time"] = locked.answered_in_time
    _move(locked, A.APPROVE, user=user, fields=tuple(fields), note=note, data=data, original=letter)
    letter_result_queue(locked)
    return locked


@transaction.atomic
def letter_dismiss(letter: Letter | int, *, user, reason: str, note: str = "") -> Letter:
    locked = _begin(letter, A.DISMISS, user=user)
    if reason not in DismissReason.values:
        raise ValidationError({"reason": MSG_DISMISS_REASON})
    locked.dismiss_reason = reason
    # The writer is told on the day; a draft that was never sent goes (a follow-up keeps the
    # first reply and its date).
    if locked.in_follow_up:
        locked.follow_up_replied_on, locked.follow_up_reply = local_today(), ""
        dated = ("follow_up_replied_on", "follow_up_reply")
    else:
        locked.replied_on, locked.reply_text = local_today(), ""
        dated = ("replied_on", "reply_text")
    _move(
        locked,
        A.DISMISS,
        user=user,
        fields=("dismiss_reason", *dated),
        note=note,
        data={"reason": reason},
        original=letter,
    )
    letter_result_queue(locked)
    return locked


# --- The writer's steps (the caller has checked the number and the query code) ----------------


@transaction.atomic
def letter_rate(letter: Letter | int, *, satisfaction: str, note: str = "") -> Letter:
    """评价: 满意 / 基本满意 / 不满意, once; a comment with it is kept in the event."""
    locked = _begin(letter, A.RATE)
    if locked.satisfaction:
        raise WorkflowError(MSG_RATED)
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": MSG_RATING_INVALID})
    locked.satisfaction = satisfaction
    _move(
        locked,
        A.RATE,
        user=None,
        fields=("satisfaction",),
        note=(note or "").strip()[:1000],
        data={"satisfaction": satisfaction},
        original=letter,
    )
    return locked


@transaction.atomic
def letter_follow_up(letter: Letter | int, *, text: str) -> Letter:
    """追问, once: the letter goes back to its handler with a new reply limit from today."""
    locked = _begin(letter, A.FOLLOW_UP)
    if locked.follow_up_text:
        raise WorkflowError(MSG_FOLLOWED_UP)
    text = _required(text, MSG_FOLLOW_UP_REQUIRED, "text")
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError({"text": MSG_TEXT_TOO_LONG.format(limit=TEXT_MAX_LENGTH)})
    today = local_today()
    locked.follow_up_text, locked.follow_up_on = text, today
    locked.extended, locked.clock_from = False, today
    locked.due_on = _due(locked, today)
    _move(
        locked,
        A.FOLLOW_UP,
        user=None,
        fields=("follow_up_text", "follow_up_on", "extended", "clock_from", "due_on"),
        data={"due_on": locked.due_on.isoformat()},
        original=letter,
    )
    return locked


STEP_FUNCTIONS = {
    A.ASSIGN: letter_assign,
    A.TRANSFER: letter_transfer,
    A.EXTEND: letter_extend,
    A.DRAFT: letter_draft,
    A.RETURN: letter_return,
    A.APPROVE: letter_approve,
    A.DISMISS: letter_dismiss,
    A.RATE: letter_rate,
    A.FOLLOW_UP: letter_follow_up,
}
