"""Daily reminders about letters: the handler (or, unassigned, the body's reviewers) is mailed the
working day before the reply is due, when it is overdue, and past the alarm before the 3-month red
line; once a day per letter and person; nothing for a letter answered or not yet near its date."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_reminders import letter_reminders_send
from gongkai.participation.models import LetterReminderSent
from gongkai.participation.tests.letter_factories import TZ, WRITTEN, letter_submit

pytestmark = pytest.mark.django_db


def _on(day: str):
    return datetime.fromisoformat(day + "T09:00").replace(tzinfo=TZ)


def test_reminders_before_the_limit_after_it_and_before_the_red_line(
    office, editor, reviewer, settings, time_machine
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    time_machine.move_to(WRITTEN, tick=False)  # Tuesday 10 March 2026: due Tuesday 17 March
    assigned, _ = letter_submit(office, subject="已分办的来信")
    flow.letter_assign(assigned, user=reviewer, handler=editor)
    waiting, _ = letter_submit(office, subject="未分办的来信")
    answered, _ = letter_submit(office, subject="已答复的来信")
    flow.letter_assign(answered, user=reviewer, handler=editor)
    flow.letter_draft(answered, user=editor, reply_kind="answer", reply_text="答复。")
    flow.letter_approve(answered, user=reviewer)
    mail.outbox.clear()  # the writers' receipts and notices

    time_machine.move_to(_on("2026-03-12"), tick=False)
    assert letter_reminders_send().emails == 0

    time_machine.move_to(_on("2026-03-16"), tick=False)  # one working day before the due date
    call_command("letter_reminders", verbosity=0)
    by_person = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_person) == {editor.email, reviewer.email}
    assert assigned.number in by_person[editor.email] and "剩余1个工作日" in by_person[editor.email]
    assert waiting.number in by_person[reviewer.email]
    assert answered.number not in "".join(by_person.values())
    call_command("letter_reminders", verbosity=0)
    assert len(mail.outbox) == 2  # the same day: nothing twice

    time_machine.move_to(_on("2026-03-18"), tick=False)
    letter_reminders_send()
    assert "已超期1个工作日" in mail.outbox[-1].body or "已超期1个工作日" in mail.outbox[-2].body

    time_machine.move_to(_on("2026-05-11"), tick=False)  # past the alarm (2 months)
    report = letter_reminders_send()
    assert report.letters == 2
    assert "临近三个月期限" in mail.outbox[-1].body
    assert set(LetterReminderSent.objects.values_list("kind", flat=True)) == {
        "due_soon",
        "overdue",
        "alarm",
    }
