"""审核 and 签发 of the handler's draft decision (requirements B3; 条例 Art. 45 keeps 审核 on
record): the reviewer approves or returns the draft; for the decisions the body names
(`selectors.sign_off_decisions`, default all but 予以公开) the head of the openness office then
signs it off (签发) or returns it. The decision and its date are recorded only when the draft is
finally approved, and that event issues the reply letter from the draft (its number is taken
then). The reply clock runs on through all of it (no pause).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from gongkai.applications.models import Action, Application, ApplicationStatus
from gongkai.applications.selectors import (
    DecisionDraft,
    decision_draft_of,
    sign_off_required,
    user_may_review,
    user_may_sign_off,
)
from gongkai.core.dates import cn_date

from .steps import (
    DECISION_FIELDS,
    WorkflowError,
    check_status,
    decide_fields,
    legal_date,
    lock_case,
    move,
)

S = ApplicationStatus

MSG_NOT_REVIEWER = (
    "您不是该申请所属机关的审核人员（审核或政府信息公开工作机构负责人），不能审核答复决定"
)
MSG_REVIEW_OWN_DRAFT = "不能审核本人拟定的答复决定，请由其他审核人员审核"
MSG_NOT_SIGNER = "答复决定须由本机关的政府信息公开工作机构负责人签发"
MSG_RETURN_REASON = "请填写退回理由（将告知承办人）"
MSG_NO_DRAFT = "没有待审核的答复决定"
MSG_REVIEW_BEFORE_DRAFT = "审核日期不能早于提交审核之日（{submitted}）"


def _draft(app: Application, on: date) -> DecisionDraft:
    draft = decision_draft_of(app)
    if draft is None:
        raise WorkflowError(MSG_NO_DRAFT)
    if on < draft.event.on_date:
        raise WorkflowError(MSG_REVIEW_BEFORE_DRAFT.format(submitted=cn_date(draft.event.on_date)))
    return draft


def _begin_review(application, action: str, *, user, on: date | None):
    app = lock_case(application)
    if user is None or not user_may_review(user, app.body):
        raise WorkflowError(MSG_NOT_REVIEWER)
    check_status(app, action)
    on = legal_date(app, on)
    draft = _draft(app, on)
    if draft.event.actor_id == user.pk:
        raise WorkflowError(MSG_REVIEW_OWN_DRAFT)
    return app, on, draft


def _begin_sign_off(application, action: str, *, user, on: date | None):
    app = lock_case(application)
    if user is None or not user_may_sign_off(user, app.body):
        raise WorkflowError(MSG_NOT_SIGNER)
    check_status(app, action)
    on = legal_date(app, on)
    return app, on, _draft(app, on)


def _finish(app: Application, action: str, draft: DecisionDraft, *, user, on, note, original):
    """The approved draft becomes the decision, dated the approval day; the event carries the
    draft's letter values, so the reply letter (its hook) is issued from the approved draft."""
    decide_fields(app, draft.decision, draft.reasons, on)
    move(
        app,
        action,
        user=user,
        on=on,
        fields=DECISION_FIELDS,
        note=note,
        original=original,
        to=S.DECIDED,
        data={"decision": draft.decision, "draft": draft.event.pk},
        letter=draft.letter,
    )


@transaction.atomic
def application_review_approve(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """审核通过: to 待签发 when the body's decision needs 签发, else the decision is made."""
    app, on, draft = _begin_review(application, Action.REVIEW_APPROVE, user=user, on=on)
    if sign_off_required(app.body, draft.decision):
        move(
            app,
            Action.REVIEW_APPROVE,
            user=user,
            on=on,
            note=note,
            original=application,
            data={"decision": draft.decision, "draft": draft.event.pk, "sign_off": True},
        )
    else:
        _finish(
            app, Action.REVIEW_APPROVE, draft, user=user, on=on, note=note, original=application
        )
    return app


def _return(app, action, draft, *, user, on, reason, note, original) -> None:
    if not (reason or "").strip():
        raise WorkflowError(MSG_RETURN_REASON)
    move(
        app,
        action,
        user=user,
        on=on,
        note=note,
        original=original,
        data={"reason": reason.strip(), "decision": draft.decision, "draft": draft.event.pk},
    )


@transaction.atomic
def application_review_return(
    application: Application | int,
    *,
    user,
    reason: str,
    on: date | None = None,
    note: str = "",
) -> Application:
    """退回修改: the draft goes back to the handler, with the reason shown on the case."""
    app, on, draft = _begin_review(application, Action.REVIEW_RETURN, user=user, on=on)
    _return(
        app,
        Action.REVIEW_RETURN,
        draft,
        user=user,
        on=on,
        reason=reason,
        note=note,
        original=application,
    )
    return app


@transaction.atomic
def application_sign_off(
    application: Application | int, *, user, on: date | None = None, note: str = ""
) -> Application:
    """签发 by the head of the openness office: the decision is made; the reply letter follows."""
    app, on, draft = _begin_sign_off(application, Action.SIGN_OFF, user=user, on=on)
    _finish(app, Action.SIGN_OFF, draft, user=user, on=on, note=note, original=application)
    return app


@transaction.atomic
def application_sign_off_return(
    application: Application | int,
    *,
    user,
    reason: str,
    on: date | None = None,
    note: str = "",
) -> Application:
    """不予签发，退回修改: back to the handler with the reason."""
    app, on, draft = _begin_sign_off(application, Action.SIGN_OFF_RETURN, user=user, on=on)
    _return(
        app,
        Action.SIGN_OFF_RETURN,
        draft,
        user=user,
        on=on,
        reason=reason,
        note=note,
        original=application,
    )
    return app
