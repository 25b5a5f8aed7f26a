"""Consultations (征求意见): of a third party (条例 Art. 32) or another body (Art. 34). While one is
out the reply clock pauses (Art. 33 para 3); several may overlap.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.applications import deadlines
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationStatus,
    Opinion,
    OpinionKind,
    OpinionReply,
)
from gongkai.core.dates import cn_date
from gongkai.workdays.calendar import CalendarDataMissing

from .steps import (
    WorkflowError,
    begin,
    calendar_error,
    move,
    strict_calendar,
)

S = ApplicationStatus

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
    letter: Mapping[str, Any] | None = None,
) -> Opinion:
    """征求第三方意见 (Art. 32) / 征求其他机关意见 (Art. 34): the clock pauses (Art. 33 para 3).

    Several consultations may be out at once; a day is excluded once.
    """
    app, on = begin(application, Action.CONSULT, user=user, on=on)
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
    move(
        app,
        Action.CONSULT,
        user=user,
        on=on,
        note=note,
        original=application,
        data={"opinion": opinion.pk, "kind": kind, "addressee": opinion.addressee},
        letter=letter,
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
    app, on = begin(application, Action.RECORD_OPINION, user=user, on=on)
    opinion_pk = opinion.pk if isinstance(opinion, Opinion) else opinion
    row = Opinion.objects.select_for_update().filter(pk=opinion_pk, application=app).first()
    if row is None:
        raise WorkflowError(MSG_OPINION_NOT_OF_CASE)
    if not row.is_open:
        raise WorkflowError(MSG_OPINION_CLOSED)
    if reply not in OpinionReply.values:
        raise WorkflowError(MSG_OPINION_REPLY)
    if on < row.sent_on:
        raise WorkflowError(MSG_OPINION_BEFORE_SENT.format(sent=cn_date(row.sent_on)))
    if reply == OpinionReply.SILENT:
        try:
            period_end = deadlines.opinion_period_end(row.sent_on, calendar=strict_calendar())
        except CalendarDataMissing as exc:
            raise calendar_error(exc) from exc
        if on <= period_end:
            raise WorkflowError(MSG_OPINION_PERIOD_RUNNING.format(end=cn_date(period_end)))
        row.replied_on = None
    else:
        row.replied_on = on
    row.reply = reply
    row.reply_summary = summary.strip()
    row.closed_on = on
    row.save(update_fields=["replied_on", "reply", "reply_summary", "closed_on"])
    still_out = app.opinions.filter(closed_on__isnull=True).exists()
    move(
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
