"""The applicant's ways back to a case: the receipt by e-mail and text message, and a new query code.

The query code is shown once and stored hashed (`models.case`). So that a reload, a closed tab or
a crash right after the commit never leaves the applicant without it:
- the receipt (case number and code) goes to the e-mail address and the mobile given, through the
  outbox (`ApplicantMessage`), written in the transaction that creates the case: a number shown
  on screen has always already been queued;
- a lost code can be replaced (`query_code_reissue`): whoever knows the case number and the
  contact on file gets a new code sent to that contact, never shown on screen; the old code stops
  working.
The task worker sends (`applicant_messages_send`); `run_timers` retries what is still pending.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.db import transaction
from django_tasks import task

from gongkai.applications.models import (
    ApplicantMessage,
    Application,
    MessageChannel,
    MessageKind,
    query_code_new,
)
from gongkai.core.audit import audit_log
from gongkai.core.dates import cn_date
from gongkai.core.messaging import (
    contact_on_file,
    message_send,
    message_send_locked,
    messages_retry,
    told,
)
from gongkai.core.sms import mobile_number, sms_backend

logger = logging.getLogger("gongkai.applications.messages")

AUDIT_CODE_REISSUE = "gongkai.query_code.reissue"

SUBJECT_RECEIPT = "政府信息公开申请回执：{case_number}"
SUBJECT_NEW_CODE = "政府信息公开申请新查询码：{case_number}"
TEXT_RECEIPT = (
    "您向{body}提交的政府信息公开申请已于{received}收到。\n"
    "申请编号：{case_number}\n查询码：{code}\n"
    "请妥善保存申请编号和查询码，凭二者可在{site}查询办理进度、下载答复文书。"
    "查询码只发送这一次，平台不保存其明文。"
)
TEXT_NEW_CODE = (
    "您的政府信息公开申请（申请编号：{case_number}）已重新生成查询码。\n新查询码：{code}\n"
    "原查询码已失效。如非本人操作，请联系{body}。"
)
SMS_RECEIPT = (
    "【{body}】您的政府信息公开申请已收到，申请编号{case_number}，查询码{code}，请妥善保存。"
)
SMS_NEW_CODE = "【{body}】您的申请{case_number}的新查询码为{code}，原查询码已失效。"


def receipt_destinations(app: Application) -> list[str]:
    """Where the receipt was queued to, masked: what the outbox holds, never a promise."""
    rows = ApplicantMessage.objects.filter(application=app, kind=MessageKind.RECEIPT)
    return [told(row) for row in rows.order_by("pk").only("channel", "recipient")]


def _track_url() -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/apply/track/"


def _queue(app: Application, kind: str, code: str, *, email: str, mobile: str | None) -> list[str]:
    """Outbox rows for the contacts given; returns where they go, masked, to tell the applicant."""
    values = {
        "body": app.body.name,
        "case_number": app.case_number,
        "code": code,
        "received": cn_date(app.received_on),
        "site": _track_url(),
    }
    subject, text, short = (
        (SUBJECT_RECEIPT, TEXT_RECEIPT, SMS_RECEIPT)
        if kind == MessageKind.RECEIPT
        else (SUBJECT_NEW_CODE, TEXT_NEW_CODE, SMS_NEW_CODE)
    )
    rows: list[ApplicantMessage] = []
    if email:
        rows.append(ApplicantMessage(channel=MessageChannel.EMAIL, recipient=email))
        rows[-1].seal(text.format(**values))
    if mobile and sms_backend().enabled:
        rows.append(ApplicantMessage(channel=MessageChannel.SMS, recipient=mobile))
        rows[-1].seal(short.format(**values))
    for row in rows:
        row.application = app
        row.kind = kind
        row.subject = subject.format(**values)
        row.save()
        # The task row is written in this same transaction (database backend): never lost.
        applicant_message_send_task.enqueue(row.pk)
    return [told(row) for row in rows]


def receipt_messages_queue(app: Application, code: str) -> list[str]:
    """Queue the receipt to the applicant's e-mail and mobile; call inside the transaction that
    creates the case. Returns where it goes, masked ("电子邮箱 z***@example.com")."""
    return _queue(app, MessageKind.RECEIPT, code, email=app.email, mobile=mobile_number(app.phone))


def query_code_reissue(case_number: str, contact: str) -> bool:
    """补发查询码: a new code for the case, sent only to the contact on file that the person named.
    Returns whether one was sent; the caller answers the same either way (no way to learn
    whether a case or a contact exists)."""
    number = re.sub(r"\s+", "", case_number or "").upper()
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",))
            .select_related("body")
            .filter(case_number__iexact=number)
            .first()
        )
        target = (
            contact_on_file(contact, email=app.email, phone=app.phone)
            if app is not None and contact
            else None
        )
        if app is None or target is None:
            return False
        code = query_code_new()
        app.query_code_set(code)
        app.save(update_fields=["query_code_hash"])
        sent_to = _queue(app, MessageKind.NEW_CODE, code, email=target[0], mobile=target[1])
        audit_log(app, AUDIT_CODE_REISSUE, data={"to": sent_to})
    return bool(sent_to)


def applicant_message_send(message: ApplicantMessage) -> bool:
    """Send one pending message (`core.messaging.message_send`)."""
    return message_send(message)


@task()
def applicant_message_send_task(message_id: int) -> None:
    message_send_locked(ApplicantMessage, message_id)


def applicant_messages_retry() -> int:
    """The timer's pass over the applicants' messages (`core.messaging.messages_retry`)."""
    return messages_retry(ApplicantMessage)
