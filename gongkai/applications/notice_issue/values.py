"""The values of a letter from the case, and what staff may add to them (docs/notices.md,
"Context keys"; docs/workbench.md, "The letters each action sends")."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Q

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    FeeMethod,
    FeeNotice,
    NoticeKind,
    NoticeTemplate,
    Opinion,
    OpinionKind,
)
from gongkai.applications.notices import (
    required_keys,
)
from gongkai.applications.notices.context import COMMON_OPTIONAL, DATE_KEYS, KIND_KEYS, reply_keys
from gongkai.applications.selectors import application_deadline, clarification_of
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

# Which letter each action sends (docs/workbench.md). A consultation sends the third party's
# 意见书 or the other body's 征求意见函 by the opinion's kind; every way a case is decided sends
# the 答复书 worded for its decision. A transfer is 无法提供 1 for this body (条例第三十六条第（五）项:
# 告知申请人并说明理由) and names the receiving body; the receiving body's new case gets a receipt.
ACTION_KINDS: dict[str, str] = {
    Action.SUBMIT: NoticeKind.RECEIPT,
    Action.REGISTER: NoticeKind.RECEIPT,
    Action.REQUEST_CLARIFICATION: NoticeKind.CLARIFICATION,
    Action.EXTEND: NoticeKind.EXTENSION,
    Action.CONSULT: NoticeKind.THIRD_PARTY,  # or OTHER_BODY, by the opinion's kind
    Action.ISSUE_FEE_NOTICE: NoticeKind.FEE,
    # The reply is issued by the event that makes the decision final (to 已决定): 签发, or 审核通过
    # where the body needs no 签发 (`notice_kind_for`); a DECIDE event is a draft under review
    # (only cases decided before review existed went straight to 已决定).
    Action.DECIDE: NoticeKind.REPLY,
    Action.REVIEW_APPROVE: NoticeKind.REPLY,
    Action.SIGN_OFF: NoticeKind.REPLY,
    Action.REPLY_ON_THE_SPOT: NoticeKind.REPLY,
    Action.CLARIFICATION_LAPSE: NoticeKind.REPLY,
    Action.FEE_LAPSE: NoticeKind.REPLY,
    Action.TRANSFER: NoticeKind.REPLY,
}

# What staff may add to a letter beyond what the case records (the optional keys of
# docs/notices.md, and the reply's decision-specific facts). Everything else comes from the case.
STAFF_KEYS: dict[str, tuple[str, ...]] = {
    NoticeKind.RECEIPT: ("contact",),
    NoticeKind.CLARIFICATION: ("guidance", "submit_to", "contact"),
    NoticeKind.EXTENSION: ("new_due", "contact"),
    NoticeKind.THIRD_PARTY: ("third_party_interest", "contact"),
    NoticeKind.OTHER_BODY: ("consultation_reason", "contact"),
    NoticeKind.FEE: ("fee_reason", "payment_method", "contact"),
}
REPLY_STAFF_KEYS = (
    "already_public",
    "where_to_obtain",
    "disclosed_part",
    "withheld_part",
    "enclosures",
    "special_procedure",
    "responsible_body",
    "responsible_contact",
    "proper_channel",
    "previous_reply_on",
    "previous_notice_number",
    "explanation_requested_on",
)

# How the receipt names the channel: "收到您通过{channel}提交的政府信息公开申请" (条例第三十一条).
CHANNEL_WORDS = {
    Channel.ONLINE: "互联网渠道",
    Channel.IN_PERSON: "当面递交方式",
    Channel.REGISTERED_POST: "邮寄方式",
    Channel.ORDINARY_POST: "平常信函方式",
    Channel.FAX: "传真方式",
}


# --- What staff add while they act ---------------------------------------------------------------


def letter_values(event: ApplicationEvent | None) -> dict[str, Any]:
    """What staff wrote for the event's letter when they acted (`ApplicationEvent.letter`, e.g.
    where the information can be obtained for a 予以公开 reply), dates read back as dates."""
    stored = (event.letter or {}) if event is not None else {}
    return {
        key: date.fromisoformat(value) if key in DATE_KEYS and isinstance(value, str) else value
        for key, value in stored.items()
    }


def blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == ()


def staff_keys(kind: str, decision: str | None = None) -> tuple[str, ...]:
    """The keys staff may fill in for a letter of this kind (and decision), in a sensible order."""
    if kind != NoticeKind.REPLY:
        return STAFF_KEYS[kind]
    allowed = set(reply_keys(decision).names) if decision else set(REPLY_STAFF_KEYS)
    return (*(k for k in REPLY_STAFF_KEYS if k in allowed), "contact")


def staff_required_keys(kind: str, decision: str | None = None) -> tuple[str, ...]:
    """Keys the letter needs that the case does not record (e.g. 重复申请: the earlier reply's
    date); a form must ask for them."""
    if kind != NoticeKind.REPLY or not decision:
        return ()
    derived = {"withheld_reasons", "reasons", "clarification_issued_on", "correction_due"}
    derived |= {"fee_notice_issued_on", "pay_by"}
    return tuple(
        k for k in required_keys(kind, decision) if k in REPLY_STAFF_KEYS and k not in derived
    )


# --- The values from the case --------------------------------------------------------------------


_DRAFT_STEPS = (Action.DECIDE, Action.REVIEW_APPROVE)


def notice_kind_for(event: ApplicationEvent) -> str | None:
    """The letter the event's action sends, or None."""
    kind = ACTION_KINDS.get(event.action)
    if event.action in _DRAFT_STEPS and event.to_status != ApplicationStatus.DECIDED:
        return None  # a draft, or approved on to 签发: no letter before the decision is final
    if event.action == Action.CONSULT and event.data.get("kind") == OpinionKind.OTHER_BODY:
        return NoticeKind.OTHER_BODY
    return kind


def _strict_due(app: Application, on: date) -> date | None:
    """The reply due date with the official calendar only: a letter never states a guessed date."""
    try:
        return application_deadline(app, calendar_current(provisional=False), today=on).due
    except CalendarDataMissing:
        return None


_ITEM_NUMBERING = re.compile(r"^\s*(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．]|[-•·*])\s*")


def clarification_items(text: str) -> list[str]:
    """The items to correct, one a line, without the numbering a clerk may have typed."""
    return [
        _ITEM_NUMBERING.sub("", line).strip()
        for line in (text or "").splitlines()
        if _ITEM_NUMBERING.sub("", line).strip()
    ]


def _opinion(app: Application, event: ApplicationEvent | None) -> Opinion | None:
    pk = (event.data or {}).get("opinion") if event is not None else None
    qs = app.opinions.order_by("-sent_on", "-pk")
    return (qs.filter(pk=pk) if pk else qs).first()


def _fee_notice(app: Application, event: ApplicationEvent | None) -> FeeNotice | None:
    pk = (event.data or {}).get("fee_notice") if event is not None else None
    qs = app.fee_notices.order_by("-issued_on", "-pk")
    return (qs.filter(pk=pk) if pk else qs).first()


def _number_of(app: Application, kind: str) -> str:
    notice = app.notices.filter(kind=kind).exclude(number="").order_by("-created_at").first()
    return notice.number if notice else ""


def _fee_values(fee: FeeNotice) -> dict[str, Any]:
    unit = "件" if fee.method == FeeMethod.PER_ITEM else "页"
    return {
        "fee_method": fee.method,
        "fee_amount": Decimal(fee.amount),
        "pay_by": fee.pay_by,
        "fee_tiers": [
            {
                "label": tier["label"],
                "quantity": tier["units"],
                "unit": unit,
                "rate": Decimal(tier["rate"]),
                "amount": Decimal(tier["amount"]),
            }
            for tier in fee.tiers
            if tier.get("amount")  # the free tier is not a line of the bill
        ],
    }


def _reply_values(app: Application) -> dict[str, Any]:
    decision = app.decision
    reasons = app.decision_reasons
    values: dict[str, Any] = {"reasons": reasons}
    if decision == DecisionCode.PARTIAL:
        values["withheld_reasons"] = reasons  # 条例第三十七条: the reasons of the withheld part
    clarification = clarification_of(app)
    if decision in (DecisionCode.OTHER_NO_CORRECTION, DecisionCode.UNAVAILABLE_STILL_UNCLEAR):
        values["clarification_issued_on"] = clarification.sent_on
        values["correction_due"] = clarification.correction_due
        values["clarification_notice_number"] = _number_of(app, NoticeKind.CLARIFICATION)
    if decision == DecisionCode.OTHER_FEE_UNPAID:
        fee = _fee_notice(app, None)
        if fee is not None:
            values.update(
                fee_notice_issued_on=fee.issued_on,
                pay_by=fee.pay_by,
                fee_amount=Decimal(fee.amount),
                fee_notice_number=_number_of(app, NoticeKind.FEE),
            )
    if decision == DecisionCode.UNAVAILABLE_NOT_HELD and app.transferred_to_id:
        values["responsible_body"] = app.transferred_to.body.name
    return values


def notice_context(
    app: Application, kind: str, *, event: ApplicationEvent | None = None, issued_on: date
) -> dict[str, Any]:
    """The letter's values from the case (docs/notices.md, "Context keys"); no number yet."""
    data = event.data if event is not None else {}
    values: dict[str, Any] = {
        "case_number": app.case_number,
        "body_name": app.body.name,
        "applicant_name": app.applicant_name,
        "received_on": app.received_on,
        "description": app.description,
        "issued_on": issued_on,
        "corrected_on": clarification_of(app).received_on,
    }
    if kind == NoticeKind.RECEIPT:
        values["channel"] = CHANNEL_WORDS.get(app.channel, app.get_channel_display())
        values["reply_due"] = _strict_due(app, issued_on)
    elif kind == NoticeKind.CLARIFICATION:
        clarification = clarification_of(app)
        values["clarification_items"] = clarification_items(data.get("items", clarification.items))
        due = data.get("correction_due")
        values["correction_due"] = date.fromisoformat(due) if due else clarification.correction_due
    elif kind == NoticeKind.EXTENSION:
        values["extension_days"] = data.get("days", app.extension_days)
        values["extension_reason"] = data.get("reason", "")
        before = data.get("due_before")
        values["original_due"] = date.fromisoformat(before) if before else None
        values["new_due"] = _strict_due(app, issued_on)
    elif kind in (NoticeKind.THIRD_PARTY, NoticeKind.OTHER_BODY):
        opinion = _opinion(app, event)
        if opinion is not None:
            name_key = "third_party_name" if kind == NoticeKind.THIRD_PARTY else "other_body_name"
            values[name_key] = opinion.addressee
            try:
                values["opinion_due"] = deadlines.opinion_period_end(
                    opinion.sent_on, calendar=calendar_current(provisional=False)
                )
            except CalendarDataMissing:
                values["opinion_due"] = None
    elif kind == NoticeKind.FEE:
        fee = _fee_notice(app, event)
        if fee is not None:
            values.update(_fee_values(fee))
    elif kind == NoticeKind.REPLY:
        values.update(_reply_values(app))
    allowed = {
        *values,
        *COMMON_OPTIONAL,
        *KIND_KEYS[kind].names,
        *(reply_keys(app.decision).names if kind == NoticeKind.REPLY and app.decision else ()),
    }
    return {k: v for k, v in values.items() if k in allowed and not blank(v)}


def notice_template_for(app: Application, kind: str) -> NoticeTemplate | None:
    """The body's own wording of this kind, else the platform-wide row; None: the package default."""
    rows = NoticeTemplate.objects.filter(kind=kind).filter(
        Q(body_id=app.body_id) | Q(body__isnull=True)
    )
    by_body = {row.body_id: row for row in rows}
    return by_body.get(app.body_id) or by_body.get(None)
