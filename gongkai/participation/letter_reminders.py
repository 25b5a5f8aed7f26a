"""Daily reminders about letters (`manage.py letter_reminders`, docs/mailbox.md "Reminders"): to
the letter's handler — or, before it is assigned or while its reply waits for review, the body's
reviewers — when the reply is due by the next working day, overdue, or past the alarm well before
the 3-month red line of the website inspection. Each person gets one mail a day listing their
letters; a letter is mailed to a person at most once a day (`LetterReminderSent`), so a second run
the same day sends nothing, and a failed mail is retried by the next run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail

from gongkai.bodies.models import BodyMembership
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.participation import mailbox_limits
from gongkai.participation.letter_selectors import (
    OPEN_STATUSES,
    REVIEWER_ROLES,
    Clock,
    letter_clock,
)
from gongkai.participation.models import Letter, LetterReminderSent, LetterStatus
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

SUBJECT = "来信办理提醒：{count}封来信即将到期、已超期或临近三个月期限"
INTRO = "{name}：\n\n以下领导信箱、部门信箱来信需要及时办理：\n"
LINE = "- {number}（{body}）《{subject}》：答复期限{due}，{state}"
FOOTER = "\n请登录政务公开平台“来信办理”办理。本邮件由平台每日自动发送。"


@dataclass
class LetterReminderReport:
    emails: int = 0
    letters: int = 0
    without_recipient: list[str] = field(default_factory=list)


def _kind(letter: Letter, clock: Clock, today: date, calendar) -> str | None:
    """Why the letter needs a reminder today, or None."""
    if clock.alarm:
        return "alarm"
    if clock.overdue:
        return "overdue"
    try:
        remind_from = mailbox_limits.reminder_on(letter.due_on, calendar, days_before=1)
    except CalendarDataMissing:
        return None
    return "due_soon" if today >= remind_from else None


def _state(kind: str, clock: Clock) -> str:
    if kind == "alarm":
        return f"临近三个月期限（{cn_date(clock.red_line)}），请务必尽快答复"
    if kind == "overdue":
        days = -clock.days_left if clock.days_left is not None else 0
        return f"已超期{days}个工作日" if days else "已超期"
    return "今日到期" if clock.days_left == 0 else f"剩余{clock.days_left}个工作日"


def _recipients(letter: Letter, reviewers: dict[int, list]) -> list:
    handler = letter.handler
    if (
        letter.status == LetterStatus.HANDLING
        and handler is not None
        and handler.is_active
        and handler.email
    ):
        return [handler]
    return reviewers.get(letter.body_id, [])


def letter_reminders_send(*, today: date | None = None) -> LetterReminderReport:
    today = today or local_today()
    calendar = calendar_current(provisional=True)
    report = LetterReminderReport()
    due: list[tuple[Letter, str, Clock]] = []
    for letter in Letter.objects.filter(status__in=OPEN_STATUSES).select_related("body", "handler"):
        clock = letter_clock(letter, calendar, today)
        kind = _kind(letter, clock, today, calendar)
        if kind is not None:
            due.append((letter, kind, clock))
    reviewers: dict[int, list] = {}
    for membership in (
        BodyMembership.objects.filter(
            body_id__in={letter.body_id for letter, _, _ in due},
            role__in=REVIEWER_ROLES,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    ):
        people = reviewers.setdefault(membership.body_id, [])
        if membership.user not in people:
            people.append(membership.user)
    already = set(
        LetterReminderSent.objects.filter(sent_on=today).values_list("letter_id", "recipient_id")
    )
    by_recipient: dict[int, tuple] = {}
    for letter, kind, clock in due:
        recipients = _recipients(letter, reviewers)
        if not recipients:
            report.without_recipient.append(letter.number)
        for user in recipients:
            if (letter.pk, user.pk) not in already:
                by_recipient.setdefault(user.pk, (user, []))[1].append((letter, kind, clock))
    mailed = set()
    for user, rows in by_recipient.values():
        lines = [
            LINE.format(
                number=letter.number,
                body=letter.body.name,
                subject=letter.subject,
                due=cn_date(letter.due_on),
                state=_state(kind, clock),
            )
            for letter, kind, clock in rows
        ]
        name = user.get_full_name() or user.get_username()
        send_mail(
            SUBJECT.format(count=len(rows)),
            "\n".join([INTRO.format(name=name), *lines, FOOTER]),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        # Recorded after the mail went out: a failure is retried by the next run.
        LetterReminderSent.objects.bulk_create(
            [
                LetterReminderSent(letter=letter, recipient=user, sent_on=today, kind=kind)
                for letter, kind, _clock in rows
            ],
            ignore_conflicts=True,
        )
        report.emails += 1
        mailed.update(letter.pk for letter, _, _ in rows)
    report.letters = len(mailed)
    return report
