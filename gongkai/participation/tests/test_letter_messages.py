"""The writer's ways back to a letter: the receipt with the number and the query code by e-mail
(through a real SMTP server) and text message, queued with the letter itself; the notice of the
answer; a new query code sent only to the contact on file (补发查询码), the old one then dead;
the timer sending what a dead worker left."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from gongkai.core.messaging import MessageStatus
from gongkai.core.sms import LocmemBackend
from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_messages import letter_query_code_reissue
from gongkai.participation.letter_selectors import letter_for_tracking
from gongkai.participation.models import WriterMessage, WriterMessageKind
from gongkai.participation.tests.letter_factories import WRITTEN, letter_submit
from gongkai.participation.views_letters_public import RECEIPT_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sms(settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.sms.LocmemBackend"
    LocmemBackend.outbox = []
    return LocmemBackend.outbox


def _code_in(text: str) -> str:
    match = re.search(r"查询码[：为]?([0-9A-Z]{10})", text)
    assert match, text
    return match[1]


def test_the_receipt_goes_by_mail_and_text_message_with_the_letter(office, smtp, sms):
    letter, code = letter_submit(office)
    rows = list(letter.messages.order_by("pk"))
    assert [(m.kind, m.channel, m.status) for m in rows] == [
        (WriterMessageKind.RECEIPT, "email", MessageStatus.SENT),
        (WriterMessageKind.RECEIPT, "sms", MessageStatus.SENT),
    ]
    assert all(m.sealed_text == "" for m in rows)  # wiped once sent
    mail = smtp.bodies()[0]
    assert letter.number in mail and _code_in(mail) == code
    assert sms[0][0] == "13912345678" and code in sms[0][1]


def test_the_receipt_page_says_where_it_went(client, office, smtp):
    letter, _ = letter_submit(office)
    session = client.session
    session[RECEIPT_KEY] = {"letter": letter.pk, "code": None}  # as the write view leaves it
    session.save()
    text = client.get(reverse("mailbox:receipt")).content.decode()
    assert "z***@example.com" in text and reverse("mailbox:recover") in text


def test_the_writer_is_told_when_the_letter_is_answered(office, editor, reviewer, smtp):
    letter, _ = letter_submit(office)
    flow.letter_assign(letter, user=reviewer, handler=editor)
    flow.letter_draft(letter, user=editor, reply_kind="answer", reply_text="补贴标准为每部20万元。")
    flow.letter_approve(letter, user=reviewer)
    result = letter.messages.get(kind=WriterMessageKind.RESULT, channel="email")
    assert result.status == MessageStatus.SENT
    notice = smtp.bodies()[-1]
    assert letter.number in notice and "办理完毕" in notice
    assert "20万元" not in notice  # the reply itself stays on the tracking page


def test_a_new_code_goes_only_to_the_contact_on_file(client, office, smtp, sms, time_machine):
    time_machine.move_to(WRITTEN, tick=False)
    letter, old = letter_submit(office)
    assert not letter_query_code_reissue(letter.number, "someone@example.com")
    assert not letter_query_code_reissue("XJ2026999999", "zhang@example.com")
    assert letter_for_tracking(letter.number, old) is not None
    sent_before = len(smtp.bodies())
    # Through the public page: the same answer whether it matched or not.
    url = reverse("mailbox:recover")
    wrong = client.post(url, {"number": letter.number, "contact": "13900000000"})
    right = client.post(
        url, {"number": f" {letter.number.lower()} ", "contact": "ZHANG@example.com"}
    )
    assert wrong.content.decode().count("新的查询码已发送到该联系方式") == 1
    assert right.content.decode().count("新的查询码已发送到该联系方式") == 1
    assert len(smtp.bodies()) == sent_before + 1
    new = _code_in(smtp.bodies()[-1])
    assert letter_for_tracking(letter.number, new) is not None
    assert letter_for_tracking(letter.number, old) is None
    assert not [m for m in sms if new in m[1]]  # only to the contact named
    empty = client.post(url, {"number": "", "contact": ""}).content.decode()
    assert "请填写信件编号" in empty and "请填写写信时留下的电子邮箱或手机号码" in empty


def test_the_timer_sends_what_a_dead_worker_left(settings, office, smtp, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    letter, code = letter_submit(office)
    message = letter.messages.get(channel="email")
    assert message.status == MessageStatus.PENDING
    monkeypatch.setattr("gongkai.core.messaging.RETRY_AFTER", __import__("datetime").timedelta(0))
    call_command("send_writer_messages", verbosity=0)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and _code_in(smtp.bodies()[0]) == code
    assert WriterMessage.objects.filter(status=MessageStatus.PENDING).count() == 0
