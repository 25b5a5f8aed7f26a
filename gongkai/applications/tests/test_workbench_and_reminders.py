"""The workbench list (days left, due soon, overdue, in bulk) and the daily reminder mail."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.applications import workflow
from gongkai.applications.models import Channel, ReminderSent
from gongkai.applications.selectors import (
    DUE_SOON,
    OVERDUE,
    PAUSED,
    application_deadline,
    applications_workbench,
)
from gongkai.applications.services import application_reminders_send
from gongkai.applications.tests.factories import register_case
from gongkai.bodies.models import BodyRole
from gongkai.testing import personas
from gongkai.workdays.calendar import WorkCalendar

TZ = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()
TODAY = date(2024, 11, 20)  # a Wednesday


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.combine(TODAY, time(10), tzinfo=TZ), tick=False)


def received_days_ago(clerk, body, working_days: int):
    """A case by post whose 20-day period has `20 - working_days` working days left today."""
    day = TODAY
    while len(CALENDAR.workdays_between(day, TODAY)) < working_days:
        day = date.fromordinal(day.toordinal() - 1)
    app, _ = register_case(clerk, body, channel=Channel.REGISTERED_POST, received_on=day)
    return app


def test_the_workbench_flags_due_soon_overdue_and_paused(office, clerk):
    fresh = received_days_ago(clerk, office, 2)
    soon = received_days_ago(clerk, office, 18)
    late = received_days_ago(clerk, office, 23)
    paused = received_days_ago(clerk, office, 5)
    workflow.application_accept(paused, user=clerk)
    workflow.application_consult(paused, user=clerk, kind="third_party", addressee="某公司")
    rows = {r.application.pk: r for r in applications_workbench(clerk)}
    assert (rows[fresh.pk].days_left, rows[fresh.pk].state) == (18, "")
    assert (rows[soon.pk].days_left, rows[soon.pk].state) == (2, DUE_SOON)
    assert (rows[late.pk].days_left, rows[late.pk].state) == (-3, OVERDUE)
    assert (rows[paused.pk].days_left, rows[paused.pk].state) == (None, PAUSED)
    assert rows[soon.pk].deadline == application_deadline(soon)
    ordered = [r.application for r in applications_workbench(clerk)]
    assert ordered == [late, soon, fresh, paused]


def test_the_workbench_costs_the_same_queries_for_many_cases(
    office, clerk, django_assert_max_num_queries
):
    for n in range(3):
        received_days_ago(clerk, office, n + 1)
    with django_assert_max_num_queries(12) as few:
        applications_workbench(clerk)
    for n in range(12):
        app = received_days_ago(clerk, office, n + 1)
        workflow.application_accept(app, user=clerk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        rows = applications_workbench(clerk)
    assert len(rows) == 15


def test_reminders_go_to_the_handler_once_a_day(office, clerk, settings, time_machine):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    soon = received_days_ago(clerk, office, 18)
    workflow.application_accept(soon, user=clerk)
    received_days_ago(clerk, office, 2)  # not due yet: no mail
    mail.outbox.clear()  # the applicants' receipts
    call_command("application_reminders")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [clerk.email]
    assert soon.case_number in message.body and "剩余2个工作日" in message.body
    call_command("application_reminders")
    assert len(mail.outbox) == 1  # the same day: nothing twice
    time_machine.move_to(datetime(2024, 11, 21, 10, tzinfo=TZ), tick=False)
    report = application_reminders_send()
    assert report.emails == 1 and len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_without_a_handler_the_bodys_clerks_are_reminded(office, clerk, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    second = personas.staff("clerk2", office, BodyRole.CLERK)
    late = received_days_ago(clerk, office, 25)
    mail.outbox.clear()  # the applicant's receipt
    report = application_reminders_send()
    assert report.emails == 2 and report.cases == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted([clerk.email, second.email])
    assert "已超期5个工作日" in mail.outbox[0].body and late.case_number in mail.outbox[0].body


def test_a_case_with_nobody_to_remind_is_reported(office, editor, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    head = personas.staff("head", office, BodyRole.OFFICE_HEAD)
    late = received_days_ago(head, office, 25)
    report = application_reminders_send()
    assert report.emails == 0 and report.without_recipient == [late.case_number]
