"""The writer's ways back to a letter: the receipt by e-mail and text message, the notice that the
letter was answered, and a new query code (补发查询码). As for applications
(`applications/services/messages.py`), on the shared outbox (`core.messaging`):

- the receipt (letter number and query code) goes to the e-mail address (if given) and the mobile
  number, queued in the transaction that stores the letter: a number shown on screen has always
  already been queued;
- when the letter is answered or not handled, a notice (without the reply, which may be private)
  says so and where to read it;
- a lost code can be replaced (`letter_query_code_reissue`): whoever knows the letter's number and
  the contact on file gets a new code sent to that contact, never shown on screen; the old code
  stops working.
The task worker sends (`writer_message_send_task`); `send_writer_messages` (the timer) retries.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import transaction
from django_tasks import task

from gongkai.core.audit import audit_log
from gongkai.core.dates import cn_date
from gongkai.core.messaging import (
    MessageChannel,
    contact_on_file,
    message_send_locked,
    messages_retry,
    told,
)
from gongkai.core.query_codes import query_code_new
from gongkai.core.sms import mobile_number, sms_backend
from gongkai.participation.models import Letter, WriterMessage, WriterMessageKind

AUDIT_LETTER_CODE_REISSUE = "gongkai.letter_query_code.reissue"

K = WriterMessageKind
SUBJECTS = {
    K.RECEIPT: "来信回执：{number}",
    K.NEW_CODE: "来信新查询码：{number}",
    K.RESULT: "您的来信已办理：{number}",
}
TEXTS = {
    K.RECEIPT: (
        "您写给{body}的来信已于{received}收到。\n信件编号：{number}\n查询码：{code}\n"
        "答复期限：{due}前。请妥善保存信件编号和查询码，凭二者可在{site}查询办理情况、查看答复。"
        "查询码只发送这一次，平台不保存其明文。"
    ),
    K.NEW_CODE: (
        "您的来信（信件编号：{number}）已重新生成查询码。\n新查询码：{code}\n"
        "原查询码已失效。如非本人操作，请联系{body}。"
    ),
    K.RESULT: (
        "您的来信（信件编号：{number}）已由{body}办理完毕。请凭信件编号和查询码在{site}查看"
        "答复；您可以对答复作出评价，对答复有疑问的，可以追问一次。"
    ),
}
SMS = {
    K.RECEIPT: "【{body}】您的来信已收到，信件编号{number}，查询码{code}，请妥善保存。",
    K.NEW_CODE: "【{body}】您的来信{number}的新查询码为{code}，原查询码已失效。",
    K.RESULT: "【{body}】您的来信{number}已办理完毕，请凭信件编号和查询码在网站查看答复。",
}


def _track_url() -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/mailbox/track/"


def _queue(
    letter: Letter, kind: str, *, code: str = "", email: str, mobile: str | None
) -> list[str]:
    """Outbox rows for the contacts given; returns where they go, masked."""
    values = {
        "body": letter.body.name,
        "number": letter.number,
        "code": code,
        "received": cn_date(letter.received_on),
        "due": cn_date(letter.due_on),
        "site": _track_url(),
    }
    rows: list[WriterMessage] = []
    if email:
        rows.append(WriterMessage(channel=MessageChannel.EMAIL, recipient=email))
        rows[-1].seal(TEXTS[kind].format(**values))
    if mobile and sms_backend().enabled:
        rows.append(WriterMessage(channel=MessageChannel.SMS, recipient=mobile))
        rows[-1].seal(SMS[kind].format(**values))
    for row in rows:
        row.letter = letter
        row.kind = kind
        row.subject = SUBJECTS[kind].format(**values)
        row.save()
        # The task row is written in this same transaction (database backend): never lost.
        writer_message_send_task.enqueue(row.pk)
    return [told(row) for row in rows]


def letter_receipt_queue(letter: Letter, code: str) -> list[str]:
    """Queue the receipt; call inside the transaction that stores the letter."""
    return _queue(
        letter, K.RECEIPT, code=code, email=letter.email, mobile=mobile_number(letter.phone)
    )


def letter_result_queue(letter: Letter) -> list[str]:
    """Queue the notice that the letter was answered (or not handled); inside that transaction."""
    return _queue(letter, K.RESULT, email=letter.email, mobile=mobile_number(letter.phone))


def receipt_destinations(letter: Letter) -> list[str]:
    """Where the receipt was queued to, masked: what the outbox holds, never a promise."""
    rows = WriterMessage.objects.filter(letter=letter, kind=K.RECEIPT).order_by("pk")
    return [told(row) for row in rows.only("channel", "recipient")]


def letter_query_code_reissue(number: str, contact: str) -> bool:
    """补发查询码: a new code for the letter, sent only to the contact on file that the person
    named. Returns whether one was sent; the caller answers the same either way."""
    number = re.sub(r"\s+", "", number or "").upper()
    with transaction.atomic():
        letter = (
            Letter.objects.select_for_update(of=("self",))
            .select_related("body")
            .filter(number=number)
            .first()
        )
        target = (
            contact_on_file(contact, email=letter.email, phone=letter.phone)
            if letter is not None and contact
            else None
        )
        if letter is None or target is None:
            return False
        code = query_code_new()
        letter.query_code_set(code)
        letter.save(update_fields=["query_code_hash"])
        sent_to = _queue(letter, K.NEW_CODE, code=code, email=target[0], mobile=target[1])
        audit_log(letter, AUDIT_LETTER_CODE_REISSUE, data={"to": sent_to})
    return bool(sent_to)


@task()
def writer_message_send_task(message_id: int) -> None:
    message_send_locked(WriterMessage, message_id)


def writer_messages_retry() -> int:
    return messages_retry(WriterMessage)
