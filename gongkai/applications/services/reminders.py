"""Daily reminders to the handlers about cases due within three working days or overdue
(`manage.py application_reminders`, docs/workflow.md "Reminders")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.mail import send_mail

from gongkai.applications.models import Application, ReminderSent
from gongkai.applications.selectors import applications_needing_reminder
from gongkai.bodies.models import BodyMembership, BodyRole
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today

REMINDER_SUBJECT = "依申请公开办理提醒：{count}件申请即将到期或已超期"
REMINDER_INTRO = (
    "{name}：\n\n以下政府信息公开申请即将到期或已经超过答复期限（《政府信息公开条例》第三十三条），"
    "请及时办理：\n"
)
REMINDER_LINE = "- {number}（{body}）：答复期限{due}{provisional}，{left}"
REMINDER_FOOTER = "\n本邮件由政务公开平台每日自动发送。"


@dataclass
class ReminderReport:
    emails: int = 0
    cases: int = 0
    without_recipient: list[str] = field(default_factory=list)


def _reminder_recipients(app: Application, clerks_by_body: dict[int, list]) -> list:
    handler = app.handler
    if handler is not None and handler.is_active and handler.email:
        return [handler]
    return clerks_by_body.get(app.body_id, [])


def application_reminders_send(*, today: date | None = None) -> ReminderReport:
    """Mail each case's handler (or, without one, the body's clerks) about cases due within three
    working days or overdue. Idempotent per day: a case is mailed to a person once a day."""
    today = today or local_today()
    report = ReminderReport()
    rows = applications_needing_reminder(today=today)
    body_ids = {r.application.body_id for r in rows}
    clerks_by_body: dict[int, list] = {}
    for membership in (
        BodyMembership.objects.filter(
            body_id__in=body_ids, role=BodyRole.CLERK, user__is_active=True
        )
        .exclude(user__email="")
        .select_related("user")
    ):
        clerks_by_body.setdefault(membership.body_id, []).append(membership.user)
    already = set(
        ReminderSent.objects.filter(sent_on=today).values_list("application_id", "recipient_id")
    )
    by_recipient: dict[int, tuple[Any, list]] = {}
    for row in rows:
        recipients = _reminder_recipients(row.application, clerks_by_body)
        if not recipients:
            report.without_recipient.append(row.application.case_number)
        for user in recipients:
            if (row.application.pk, user.pk) in already:
                continue
            by_recipient.setdefault(user.pk, (user, []))[1].append(row)
    cases = set()
    for user, user_rows in by_recipient.values():
        lines = []
        for row in user_rows:
            due = row.deadline.due
            left = (
                f"已超期{-row.days_left}个工作日"
                if row.days_left < 0
                else f"剩余{row.days_left}个工作日"
            )
            lines.append(
                REMINDER_LINE.format(
                    number=row.application.case_number,
                    body=row.application.body.name,
                    due=cn_date(due),
                    provisional="（暂定）" if row.deadline.provisional else "",
                    left=left,
                )
            )
        name = user.get_full_name() or user.get_username()
        send_mail(
            REMINDER_SUBJECT.format(count=len(user_rows)),
            "\n".join([REMINDER_INTRO.format(name=name), *lines, REMINDER_FOOTER]),
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
        )
        # Recorded after the mail went out: a failure is retried by the next run.
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(
                    application=row.application,
                    recipient=user,
                    sent_on=today,
                    kind="overdue" if row.days_left < 0 else "due_soon",
                )
                for row in user_rows
            ],
            ignore_conflicts=True,
        )
        report.emails += 1
        cases.update(row.application.pk for row in user_rows)
    report.cases = len(cases)
    return report
