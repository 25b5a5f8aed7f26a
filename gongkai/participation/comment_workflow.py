"""The workflow of a comment on a consultation (意见征集): the only place a comment's status or
disposition changes.

`TABLE` is the whole state machine; `docs/participation.md` shows the same table (a test keeps
them in step). Each action is one function: it locks the comment, checks the actor, the table and
the action's own rules, saves with `update_fields` and writes exactly one `CommentEvent`. A refused
action raises `WorkflowError` with one of the `MSG_*` messages (Chinese, shown to the person who
tried it) and writes nothing; a wrong field value (an empty text, a contact that is neither a phone
number nor an e-mail address) raises `ValidationError` keyed by the field, for the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.dates import cn_date, local_date
from gongkai.core.dates import today as local_today
from gongkai.core.errors import GongkaiError
from gongkai.core.personal_data import find_personal_data, mask_personal_data
from gongkai.core.serials import serial_next
from gongkai.participation.feedback import Disposition
from gongkai.participation.models import (
    COUNTED_WITHHELD,
    REASON_REQUIRED,
    Comment,
    CommentAction,
    CommentChannel,
    CommentEvent,
    CommentSerial,
    CommentStatus,
    ConsultationArticle,
    ConsultationPage,
    WithheldReason,
    validate_contact,
)
from gongkai.participation.selectors import (
    ConsultationPhase,
    consultation_body,
    consultation_phase,
    user_may_moderate,
)
from gongkai.search.services import search_enqueue

S = CommentStatus
A = CommentAction
SAME = "="  # the status does not change


class Who:
    PUBLIC = "公众"
    MODERATOR = "本机关信息员、审核人员或站点管理员"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]  # empty: the action creates the comment
    target: str  # a status or SAME
    when: str  # the action's own rule, beyond the status
    who: str


# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, w, who) for a, f, t, w, who in (
    # action      allowed from                 to            only when                                                        who
    (A.SUBMIT,    (),                          S.PENDING,    "征求意见期间（开始日至截止日24时，北京时间），页面已发布",         Who.PUBLIC),
    (A.REGISTER,  (),                          S.PENDING,    "收到日期在征求意见期间内（信函以邮戳日期为准），意见采纳情况尚未公布", Who.MODERATOR),
    (A.PUBLISH,   (S.PENDING,),                S.PUBLISHED,  "公开的内容隐去身份证号码、电话号码和电子邮箱",                     Who.MODERATOR),
    (A.WITHHOLD,  (S.PENDING, S.PUBLISHED),    S.WITHHELD,   "理由从固定列表中选择",                                         Who.MODERATOR),
    (A.DISPOSE,   (S.PUBLISHED, S.WITHHELD),   SAME,         "不予公开的，仅限因含有个人信息不予公开的；意见采纳情况尚未公布",   Who.MODERATOR),
))
# fmt: on
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}
CREATING_ACTIONS = frozenset(t.action for t in TABLE if not t.sources)
STEP_ACTIONS: tuple[str, ...] = tuple(t.action for t in TABLE if t.sources)

MSG_STATUS = "意见当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_MODERATOR = "您不是该意见征集所属机关的工作人员，无权处理此意见"
MSG_NOT_OPEN = "该意见征集{phase}，不能提交意见（征求意见期间：{opens}至{closes}）"
MSG_NOT_LIVE = "该意见征集尚未发布，不能提交意见"
MSG_FEEDBACK_DONE = "该意见征集的意见采纳情况已经公布，不能再登记意见或修改采纳情况"
MSG_TEXT_REQUIRED = "请填写意见内容"
MSG_TEXT_TOO_LONG = "意见内容不能超过{limit}字，请精简后提交，或通过电子邮件、信函提交"
MSG_NAME_TOO_LONG = "姓名或称呼不能超过{limit}字"
MSG_CONTACT_REQUIRED = "请填写联系电话或电子邮箱（仅供工作人员联系，不会公开）"
MSG_ARTICLE_OTHER = "所选条文不属于该征求意见稿"
MSG_ARTICLE_WITHDRAWN = "所选条文已不在现行征求意见稿中，请对现行条文提出意见"
MSG_CHANNEL_OFFLINE = "网上提交的意见由公众自行提交，不需要登记；请选择电子邮件、信函或传真"
MSG_RECEIVED_ON_REQUIRED = "请填写收到日期（信函以邮戳日期为准）"
MSG_RECEIVED_IN_FUTURE = "收到日期不能晚于今天"
MSG_RECEIVED_OUTSIDE = "收到日期须在征求意见期间内（{opens}至{closes}；信函以邮戳日期为准）"
MSG_WITHHELD_REASON = "请选择不予公开的理由"
MSG_DISPOSE_NOT_COUNTED = "该意见因“{reason}”不予公开，不属于对征求意见稿的意见，不填写采纳情况"
MSG_DISPOSITION_INVALID = "请选择采纳情况：采纳、部分采纳或不予采纳"
MSG_DISPOSITION_REASON = "{disposition}的，须说明理由（理由将在意见采纳情况中公开）"
MSG_PUBLIC_TEXT_EMPTY = "公开的意见内容不能为空"

TEXT_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
NUMBER_FORMAT = "YJ{year}{serial:06d}"  # YJ2026000001: 意见, the year of receipt, the serial


class WorkflowError(GongkaiError):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""


# --- Numbers -----------------------------------------------------------------------------------


def comment_number_take(year: int) -> str:
    """The next receipt number of the year (`core.serials`: concurrent submissions queue on the
    year's counter row and never share a number; a rolled-back one is taken again)."""
    return NUMBER_FORMAT.format(year=year, serial=serial_next(CommentSerial, year=year))


# --- Creating a comment: submit, register ------------------------------------------------------


def _fields(
    page: ConsultationPage,
    *,
    text: str,
    contact: str,
    name: str,
    article: ConsultationArticle | None,
    current_only: bool,
) -> dict:
    """The person's fields, checked; `ValidationError` per field."""
    text, contact, name = (text or "").strip(), (contact or "").strip(), (name or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = MSG_TEXT_REQUIRED
    elif len(text) > TEXT_MAX_LENGTH:
        errors["text"] = MSG_TEXT_TOO_LONG.format(limit=TEXT_MAX_LENGTH)
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = MSG_NAME_TOO_LONG.format(limit=NAME_MAX_LENGTH)
    if not contact:
        errors["contact"] = MSG_CONTACT_REQUIRED
    else:
        try:
            validate_contact(contact)
        except ValidationError as error:
            errors["contact"] = error.messages[0]
    if article is not None:
        if article.consultation_id != page.pk:
            errors["article"] = MSG_ARTICLE_OTHER
        elif current_only and article.withdrawn:
            errors["article"] = MSG_ARTICLE_WITHDRAWN
    if errors:
        raise ValidationError(errors)
    return {"text": text, "contact": contact, "name": name, "article": article}


def _create(
    page: ConsultationPage,
    *,
    action: str,
    user,
    channel: str,
    received_on: date,
    received_at,
    fields: dict,
    note: str = "",
) -> Comment:
    comment = Comment.objects.create(
        consultation=page,
        number=comment_number_take(received_on.year),
        channel=channel,
        received_on=received_on,
        received_at=received_at,
        status=TRANSITIONS[action].target,
        **fields,
    )
    CommentEvent.objects.create(
        comment=comment,
        action=action,
        from_status="",
        to_status=comment.status,
        actor=_actor(user),
        at=received_at or timezone.now(),
        note=note,
        data={"channel": channel, "received_on": received_on.isoformat()},
    )
    return comment


def comment_submit(
    consultation: ConsultationPage,
    *,
    text: str,
    contact: str,
    name: str = "",
    article: ConsultationArticle | None = None,
) -> Comment:
    """网上提交: a comment by the public, while the consultation is open.

    The comment and its first event are committed before the comment (and its number, the
    receipt) is returned: a number shown is a comment stored. Must not run inside another
    transaction (`durable=True` raises if it does).
    """
    now = timezone.now()
    today = local_date(now)
    assert today is not None
    if not consultation.live:
        raise WorkflowError(MSG_NOT_LIVE)
    phase = consultation_phase(consultation, today)
    if phase != ConsultationPhase.OPEN:
        raise WorkflowError(
            MSG_NOT_OPEN.format(
                phase=phase.label,
                opens=cn_date(consultation.opens_on),
                closes=cn_date(consultation.closes_on),
            )
        )
    fields = _fields(
        consultation, text=text, contact=contact, name=name, article=article, current_only=True
    )
    with transaction.atomic(durable=True):
        return _create(
            consultation,
            action=A.SUBMIT,
            user=None,
            channel=CommentChannel.ONLINE,
            received_on=today,
            received_at=now,
            fields=fields,
        )


def comment_register(
    consultation: ConsultationPage,
    *,
    user,
    channel: str,
    received_on: date | None,
    text: str,
    contact: str,
    name: str = "",
    article: ConsultationArticle | None = None,
    note: str = "",
) -> Comment:
    """登记: staff record a comment that came by e-mail, letter or fax.

    `received_on` is the day it was sent or received; for a letter the postmark decides, so a
    letter posted by the closing day is accepted even when it arrives, and is registered, later.
    Committed before it is returned, like a submission.
    """
    if not user_may_moderate(user, consultation):
        raise WorkflowError(MSG_NOT_MODERATOR)
    if consultation.feedback_published_at is not None:
        raise WorkflowError(MSG_FEEDBACK_DONE)
    if channel not in CommentChannel.values or channel == CommentChannel.ONLINE:
        raise ValidationError({"channel": MSG_CHANNEL_OFFLINE})
    if received_on is None:
        raise ValidationError({"received_on": MSG_RECEIVED_ON_REQUIRED})
    if received_on > local_today():
        raise ValidationError({"received_on": MSG_RECEIVED_IN_FUTURE})
    if not consultation.opens_on <= received_on <= consultation.closes_on:
        raise ValidationError(
            {
                "received_on": MSG_RECEIVED_OUTSIDE.format(
                    opens=cn_date(consultation.opens_on), closes=cn_date(consultation.closes_on)
                )
            }
        )
    fields = _fields(
        consultation, text=text, contact=contact, name=name, article=article, current_only=False
    )
    with transaction.atomic(durable=True):
        return _create(
            consultation,
            action=A.REGISTER,
            user=user,
            channel=channel,
            received_on=received_on,
            received_at=None,
            fields=fields,
            note=note,
        )


# --- What every step shares --------------------------------------------------------------------


def _actor(user):
    return user if user is not None and user.is_authenticated else None


def _begin(comment: Comment | int, action: str, *, user) -> Comment:
    """The comment locked, the user one of its body's moderators, the action allowed from its
    status."""
    pk = comment.pk if isinstance(comment, Comment) else comment
    locked = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation", "consultation__body")
        .get(pk=pk)
    )
    if not user_may_moderate(user, locked.consultation):
        raise WorkflowError(MSG_NOT_MODERATOR)
    if locked.status not in TRANSITIONS[action].sources:
        raise WorkflowError(
            MSG_STATUS.format(status=locked.get_status_display(), action=A(action).label)
        )
    return locked


def _move(
    comment: Comment,
    action: str,
    *,
    user,
    fields: tuple[str, ...] = (),
    note: str = "",
    data: dict | None = None,
    original: Comment | int | None = None,
) -> CommentEvent:
    """Set the status the table gives, save the changed fields, write the one event."""
    transition = TRANSITIONS[action]
    from_status = comment.status
    comment.status = from_status if transition.target == SAME else transition.target
    update_fields = ["status", *fields, "updated_at"]
    comment.save(update_fields=update_fields)
    if isinstance(original, Comment) and original is not comment:
        for name in update_fields:  # the caller's instance shows what was saved
            setattr(original, name, getattr(comment, name))
    search_enqueue(comment)  # published, taken down, its disposition: search_records.py
    return CommentEvent.objects.create(
        comment=comment,
        action=action,
        from_status=from_status,
        to_status=comment.status,
        actor=_actor(user),
        note=note,
        data=data or {},
    )


# --- The steps ---------------------------------------------------------------------------------


def public_text_of(comment: Comment, text: str | None = None) -> tuple[str, int]:
    """The text as the public will read it: ID numbers, phone numbers and e-mail addresses
    masked (×××), except the public contact details of the body and of the consultation. Returns
    the text and the number of things masked."""
    page = comment.consultation
    body = consultation_body(page)
    allowed = [page.email, page.fax]
    if body is not None:
        allowed += [body.phone, body.fax, body.email]
    text = comment.text if text is None else text
    findings = find_personal_data(text, allowed=allowed)
    return mask_personal_data(text, findings), len(findings)


@transaction.atomic
def comment_publish(
    comment: Comment | int, *, user, public_text: str | None = None, note: str = ""
) -> Comment:
    """审核公开: the comment is shown under its article. `public_text` is what the moderator
    would show instead of the text as written (shortened, a name removed); personal data is
    masked in it either way."""
    locked = _begin(comment, A.PUBLISH, user=user)
    if public_text is not None and not public_text.strip():
        raise WorkflowError(MSG_PUBLIC_TEXT_EMPTY)
    edited = public_text is not None and public_text.strip() != locked.text
    locked.public_text, masked = public_text_of(
        locked, public_text.strip() if public_text is not None else None
    )
    _move(
        locked,
        A.PUBLISH,
        user=user,
        fields=("public_text",),
        note=note,
        data={"masked": masked, "edited": edited},
        original=comment,
    )
    return locked


@transaction.atomic
def comment_withhold(comment: Comment | int, *, user, reason: str, note: str = "") -> Comment:
    """不予公开, with a reason from the fixed list; a published comment can be taken down too.
    A comment withheld as not an opinion on the draft (off-topic, abusive, a petition) loses its
    disposition: it is not counted in the feedback report."""
    locked = _begin(comment, A.WITHHOLD, user=user)
    if reason not in WithheldReason.values:
        raise WorkflowError(MSG_WITHHELD_REASON)
    data: dict = {"reason": reason}
    fields = ["withheld_reason", "public_text"]
    if reason not in COUNTED_WITHHELD and locked.disposition:
        data["disposition_cleared"] = locked.disposition
        locked.disposition, locked.disposition_reason = "", ""
        fields += ["disposition", "disposition_reason"]
    locked.withheld_reason = reason
    locked.public_text = ""
    _move(
        locked, A.WITHHOLD, user=user, fields=tuple(fields), note=note, data=data, original=comment
    )
    return locked


@transaction.atomic
def comment_dispose(
    comment: Comment | int, *, user, disposition: str, reason: str = "", note: str = ""
) -> Comment:
    """填写采纳情况: 采纳, 部分采纳 (with the reason for the part not taken) or 不予采纳 (with the
    reason); a later call replaces it, until the feedback report is published."""
    locked = _begin(comment, A.DISPOSE, user=user)
    if locked.status == S.WITHHELD and locked.withheld_reason not in COUNTED_WITHHELD:
        raise WorkflowError(
            MSG_DISPOSE_NOT_COUNTED.format(reason=locked.get_withheld_reason_display())
        )
    if locked.consultation.feedback_published_at is not None:
        raise WorkflowError(MSG_FEEDBACK_DONE)
    if disposition not in {d.value for d in Disposition}:
        raise WorkflowError(MSG_DISPOSITION_INVALID)
    reason = (reason or "").strip()
    if Disposition(disposition) in REASON_REQUIRED and not reason:
        raise WorkflowError(
            MSG_DISPOSITION_REASON.format(disposition=Disposition(disposition).label)
        )
    data = {"disposition": disposition, "reason": reason}
    if locked.disposition:
        data["previous"] = locked.disposition
    locked.disposition, locked.disposition_reason = disposition, reason
    _move(
        locked,
        A.DISPOSE,
        user=user,
        fields=("disposition", "disposition_reason"),
        note=note,
        data=data,
        original=comment,
    )
    return locked


STEP_FUNCTIONS = {
    A.PUBLISH: comment_publish,
    A.WITHHOLD: comment_withhold,
    A.DISPOSE: comment_dispose,
}
