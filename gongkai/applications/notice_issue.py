"""Issuing the letters of a case (依申请公开文书): context from the case, template, number, files.

The wording and layout are the `notices` package's (docs/notices.md); this module fills in the
values from the case, picks the body's own template where there is one, numbers the letter and
stores it with the case. It runs as a workflow hook after the commit of each action that sends a
letter (`ACTION_KINDS`, registered in `apps.py`), so a failing render never loses the action: it
is logged, and the case page shows the event as "文书生成失败，可重新生成" (no `Notice` for the event).

Numbers (docs/notices.md): `<机关简称>依申请〔YYYY〕N号`, N a serial per body and year shared by all
its notices. While a number is taken the body's `ApplicationSerial` row of that year is locked
(`SELECT … FOR UPDATE`, the row created first with `INSERT … ON CONFLICT DO NOTHING`, as for case
numbers), and N is one more than the highest N among the body's notices of that year; so
concurrent letters wait for each other and never share a number, and no extra table is needed.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from gongkai.applications import deadlines
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationSerial,
    ApplicationStatus,
    Channel,
    FeeMethod,
    FeeNotice,
    Notice,
    NoticeKind,
    NoticeTemplate,
    Opinion,
    OpinionKind,
)
from gongkai.applications.notices import (
    RenderedNotice,
    notice_docx,
    notice_html,
    notice_pdf,
    notice_text,
    required_keys,
)
from gongkai.applications.notices.context import COMMON_OPTIONAL, DATE_KEYS, KIND_KEYS, reply_keys
from gongkai.applications.selectors import application_deadline, clarification_of
from gongkai.core.dates import local_date
from gongkai.core.dates import today as local_today
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

logger = logging.getLogger(__name__)

NUMBER_FORMAT = "{prefix}依申请〔{year}〕{serial}号"
_NUMBER_SERIAL = re.compile(r"〔(\d{4})〕(\d+)号$")

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
    Action.DECIDE: NoticeKind.REPLY,
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

MSG_NO_LETTER = "该办理记录不需要生成文书"
MSG_EVENT_NOT_OF_CASE = "该办理记录不属于本申请"
MSG_DELIVERED = "答复书已送达申请人，不能再重新生成"
MSG_ISSUED = "该文书已经生成；只有生成失败的文书，或尚未送达的答复书，可以重新生成"
MSG_NEW_DUE_UNKNOWN = (
    "无法确定延长后的答复期限：{error}。请在节假日安排载入后重新生成，或在“延长后的答复期限”中填写"
)


class NoticeIssueError(ValueError):
    """A letter cannot be issued; `message` (Chinese) says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- What staff add while they act ---------------------------------------------------------------


def letter_values(event: ApplicationEvent | None) -> dict[str, Any]:
    """What staff wrote for the event's letter when they acted (`ApplicationEvent.letter`, e.g.
    where the information can be obtained for a 予以公开 reply), dates read back as dates."""
    stored = (event.letter or {}) if event is not None else {}
    return {
        key: date.fromisoformat(value) if key in DATE_KEYS and isinstance(value, str) else value
        for key, value in stored.items()
    }


def _blank(value: Any) -> bool:
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


def notice_kind_for(event: ApplicationEvent) -> str | None:
    """The letter the event's action sends, or None."""
    kind = ACTION_KINDS.get(event.action)
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
    return {k: v for k, v in values.items() if k in allowed and not _blank(v)}


def notice_template_for(app: Application, kind: str) -> NoticeTemplate | None:
    """The body's own wording of this kind, else the platform-wide row; None: the package default."""
    rows = NoticeTemplate.objects.filter(kind=kind).filter(
        Q(body_id=app.body_id) | Q(body__isnull=True)
    )
    by_body = {row.body_id: row for row in rows}
    return by_body.get(app.body_id) or by_body.get(None)


# --- Numbers -----------------------------------------------------------------------------------------


def notice_number_prefix(body) -> str:
    return body.short_name or body.name


def _notice_number_take(body, year: int) -> str:
    """The next `<简称>依申请〔YYYY〕N号` of the body; call inside a transaction.

    Locks the body's `ApplicationSerial` row of the year (so concurrent letters queue) and counts
    on from the highest serial of the body's notices of that year.
    """
    ApplicationSerial.objects.bulk_create(
        [ApplicationSerial(body=body, year=year)], ignore_conflicts=True
    )
    ApplicationSerial.objects.select_for_update().get(body=body, year=year)
    numbers = Notice.objects.filter(
        application__body=body, number__contains=f"〔{year}〕"
    ).values_list("number", flat=True)
    last = 0
    for number in numbers:
        match = _NUMBER_SERIAL.search(number)
        if match and int(match[1]) == year:
            last = max(last, int(match[2]))
    return NUMBER_FORMAT.format(prefix=notice_number_prefix(body), year=year, serial=last + 1)


# --- Issuing ----------------------------------------------------------------------------------------


def _issued_on(kind: str, event: ApplicationEvent | None) -> date:
    if event is None:
        return local_today()
    if kind == NoticeKind.RECEIPT:
        # The receipt goes out when the case is recorded (online: the moment the number is shown).
        return local_date(event.at) or local_today()
    return event.on_date  # the legal date of the step: the day the letter is sent


def _render(app: Application, kind: str, values: dict[str, Any]) -> RenderedNotice:
    template = notice_template_for(app, kind)
    return notice_text(
        kind,
        values,
        decision_code=app.decision if kind == NoticeKind.REPLY else None,
        template_text=template.text if template else None,
        template_title=template.title if template else None,
    )


def _check_context(app: Application, kind: str, values: dict[str, Any]) -> None:
    # 条例第三十三条第二款: the extension notice states the new due date; without the official
    # holiday data (or while the clock is paused) it cannot be known, and a guess is not sent.
    if kind == NoticeKind.EXTENSION and _blank(values.get("new_due")):
        try:
            application_deadline(app, calendar_current(provisional=False))
            error = "答复期限正在暂停计算"
        except CalendarDataMissing as exc:
            error = str(exc)
        raise NoticeIssueError(MSG_NEW_DUE_UNKNOWN.format(error=error))


def notice_issue(
    app: Application,
    kind: str,
    *,
    event: ApplicationEvent | None = None,
    user=None,
    extra_context: Mapping[str, Any] | None = None,
) -> Notice:
    """Word, number and store a letter of the case; the DOCX and PDF files are stored with it.

    The values are the case's, then what staff wrote for the letter when they acted (stored on
    the event), then `extra_context` (`staff_keys`, e.g. typed when regenerating). When the event already
    has its letter, that letter is worded again under the same number (a correction before it is
    sent), not numbered anew. Raises `NoticeTemplateError` (`problems`) or `NoticeIssueError`
    (`message`) in Chinese; nothing is stored then.
    """
    app = Application.objects.select_related("body", "transferred_to__body").get(pk=app.pk)
    issued_on = _issued_on(kind, event)
    values = notice_context(app, kind, event=event, issued_on=issued_on)
    typed = {**letter_values(event), **(extra_context or {})}
    values.update({k: v for k, v in typed.items() if not _blank(v)})
    _check_context(app, kind, values)
    with transaction.atomic():
        existing = (
            Notice.objects.select_for_update().filter(application=app, event=event).first()
            if event is not None
            else None
        )
        if existing is not None:
            number = existing.number
        else:
            number = _notice_number_take(app.body, issued_on.year)
        rendered = _render(app, kind, {**values, "notice_number": number})
        notice = existing or Notice(application=app, kind=kind, event=event, created_by=user)
        notice.number = number
        notice.title = rendered.title
        notice.body_text = "\n".join(rendered.paragraphs)
        notice.body_html = notice_html(rendered)
        if existing is not None:
            notice.docx.delete(save=False)
            notice.pdf.delete(save=False)
        notice.save()
    # Outside the lock: the files take a moment (the PDF ≈0.3 s). If they fail, the download
    # makes them from the stored text (`notice_file`).
    try:
        _files_store(notice, rendered)
    except Exception:
        logger.exception("notice %s: DOCX/PDF not stored; made on download", notice.pk)
    return notice


def _rendered_of(notice: Notice) -> RenderedNotice:
    """The letter as stored: the files are made from what was issued, never re-worded."""
    app = notice.application
    return RenderedNotice(
        title=notice.title,
        paragraphs=notice.body_text.splitlines(),
        kind=notice.kind,
        notice_number=notice.number,
        case_number=app.case_number,
        body_name=app.body.name,
    )


def _file_name(notice: Notice, extension: str) -> str:
    return f"{notice.application.case_number}-{notice.kind}-{notice.pk}.{extension}"


def _files_store(notice: Notice, rendered: RenderedNotice | None = None) -> None:
    rendered = rendered or _rendered_of(notice)
    if not notice.docx:
        notice.docx.save(_file_name(notice, "docx"), ContentFile(notice_docx(rendered)), save=False)
    if not notice.pdf:
        notice.pdf.save(_file_name(notice, "pdf"), ContentFile(notice_pdf(rendered)), save=False)
    notice.save(update_fields=["docx", "pdf"])


FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def notice_file(notice: Notice, file_type: str) -> tuple[bytes, str]:
    """The stored DOCX or PDF of a letter (made and stored now if it is missing) and the name to
    download it under. The caller has checked that the user may see the case."""
    field = notice.docx if file_type == "docx" else notice.pdf
    if not field:
        _files_store(notice)
        field = notice.docx if file_type == "docx" else notice.pdf
    with field.open("rb") as handle:
        content = handle.read()
    return content, download_name(notice, file_type)


def download_name(notice: Notice, file_type: str) -> str:
    """`<申请编号>-<标题>.<docx|pdf>`; a reply also names its decision, e.g. （部分公开）."""
    app = notice.application
    decision = (
        f"（{DecisionCode(app.decision).label}）"
        if notice.kind == NoticeKind.REPLY and app.decision
        else ""
    )
    return f"{app.case_number}-{notice.title}{decision}.{file_type}"


# --- The hook, and regenerating ------------------------------------------------------------------


def notice_on_commit(event: ApplicationEvent) -> None:
    """Workflow hook (after commit): issue the letter of the event's action, if it has one."""
    kind = notice_kind_for(event)
    if kind is None:
        return
    try:
        notice_issue(event.application, kind, event=event, user=event.actor)
    except Exception:
        # The action is committed and stays; the case page offers 重新生成.
        logger.exception(
            "notice for event %s (%s) of case %s failed",
            event.pk,
            event.action,
            event.application_id,
        )


def notice_regenerate(
    app: Application, event: ApplicationEvent, *, user, extra_context: Mapping[str, Any]
) -> Notice:
    """Issue again the letter of an event: when it failed, or a reply not yet delivered (to add
    where the information can be obtained, enclosures…). Same rules as `notice_issue`."""
    if event.application_id != app.pk:
        raise NoticeIssueError(MSG_EVENT_NOT_OF_CASE)
    kind = notice_kind_for(event)
    if kind is None:
        raise NoticeIssueError(MSG_NO_LETTER)
    if Notice.objects.filter(event=event).exists():
        if kind != NoticeKind.REPLY:
            raise NoticeIssueError(MSG_ISSUED)
        if app.status != ApplicationStatus.DECIDED:
            raise NoticeIssueError(MSG_DELIVERED)
    return notice_issue(app, kind, event=event, user=user, extra_context=extra_context)


def events_missing_notice(app: Application, events: list[ApplicationEvent]) -> set[int]:
    """Ids of the events whose letter should exist and does not (its render failed)."""
    with_notice = set(
        Notice.objects.filter(application=app, event__isnull=False).values_list(
            "event_id", flat=True
        )
    )
    return {e.pk for e in events if notice_kind_for(e) is not None and e.pk not in with_notice}
