"""Issuing a letter: values, template, number, the stored text and files; the workflow hook and
regenerating."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction

from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Notice,
    NoticeKind,
)
from gongkai.applications.notices import RenderedNotice, notice_html, notice_text
from gongkai.applications.selectors import application_deadline
from gongkai.core.dates import local_date
from gongkai.core.dates import today as local_today
from gongkai.core.errors import GongkaiError
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

from .files import notice_files_enqueue
from .numbers import notice_number_take
from .values import blank, letter_values, notice_context, notice_kind_for, notice_template_for

# Named as before the package was split, so that logging settings and docs keep naming it.
logger = logging.getLogger("gongkai.applications.notice_issue")

MSG_NO_LETTER = "该办理记录不需要生成文书"
MSG_EVENT_NOT_OF_CASE = "该办理记录不属于本申请"
MSG_DELIVERED = "答复书已送达申请人，不能再重新生成"
MSG_ISSUED = "该文书已经生成；只有生成失败的文书，或尚未送达的答复书，可以重新生成"
MSG_NEW_DUE_UNKNOWN = (
    "无法确定延长后的答复期限：{error}。请在节假日安排载入后重新生成，或在“延长后的答复期限”中填写"
)


class NoticeIssueError(GongkaiError, ValueError):
    """A letter cannot be issued; `message` (Chinese) says why."""


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
    if kind == NoticeKind.EXTENSION and blank(values.get("new_due")):
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
    """Word, number and store a letter of the case; its DOCX and PDF are made by the task worker.

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
    values.update({k: v for k, v in typed.items() if not blank(v)})
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
            number = notice_number_take(app.body, issued_on.year)
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
    # The files are made by the task worker from the stored text (`files.notice_files_make`):
    # the request that issued the letter never waits on WeasyPrint.
    notice_files_enqueue(notice)
    return notice


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
