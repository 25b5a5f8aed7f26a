"""The applicant's ways back to a case: the receipt by e-mail (through a real SMTP server) and
text message, queued with the case itself; a new query code only to the contact on file."""

from __future__ import annotations

import re
import time

import pytest
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.applications.models import (
    ApplicantMessage,
    Application,
    MessageChannel,
    MessageKind,
    MessageStatus,
)
from gongkai.applications.services import application_submit_online
from gongkai.applications.services.messages import (
    AUDIT_CODE_REISSUE,
    applicant_message_send,
    query_code_reissue,
)
from gongkai.applications.tests.factories import applicant_data, register_case
from gongkai.core.messaging import MAX_ATTEMPTS, mask_email, mask_mobile
from gongkai.core.sms import LocmemBackend, mobile_number

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def sms(settings):
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.sms.LocmemBackend"
    LocmemBackend.outbox = []
    return LocmemBackend.outbox


def _code_in(text: str) -> str:
    match = re.search(r"查询码[：为]?([0-9A-Z]{10})", text)
    assert match, text
    return match[1]


@pytest.mark.parametrize(
    ("typed", "mobile"),
    [
        ("13912345678", "13912345678"),
        ("139-1234-5678", "13912345678"),
        ("+86 139 1234 5678", "13912345678"),
        ("0931-8888888", None),  # a landline gets no text message
        ("12912345678", None),
        ("", None),
    ],
)
def test_a_mobile_number_is_read_as_typed(typed, mobile):
    assert mobile_number(typed) == mobile


def test_contacts_are_masked_where_they_are_named():
    assert mask_email("zhangsan@example.com") == "z***@example.com"
    assert mask_mobile("13912345678") == "139****5678"


def test_the_receipt_reaches_the_applicants_mail_and_mobile_with_a_working_code(office, smtp, sms):
    app, code = application_submit_online(office, applicant_data())
    assert len(smtp.received) == 1
    mail = smtp.received[0]
    assert mail["To"] == "zhangsan@example.invalid"
    assert app.case_number in mail["Subject"]
    body = smtp.bodies()[0]
    assert app.case_number in body and _code_in(body) == code
    assert [to for to, _ in sms] == ["13912345678"]
    assert app.case_number in sms[0][1] and _code_in(sms[0][1]) == code
    app.refresh_from_db()
    assert app.query_code_check(code)
    rows = ApplicantMessage.objects.filter(application=app)
    assert {r.channel for r in rows} == {MessageChannel.EMAIL, MessageChannel.SMS}
    # Sent: the sealed text with the code is gone from the database.
    assert all(r.status == MessageStatus.SENT and r.sealed_text == "" for r in rows)


def test_the_receipt_is_in_the_outbox_in_the_same_transaction_as_the_case(settings, office, sms):
    settings.TASKS = DATABASE_TASKS  # nothing runs until a worker does
    app, code = application_submit_online(office, applicant_data())
    row = ApplicantMessage.objects.get(application=app, channel=MessageChannel.EMAIL)
    assert row.status == MessageStatus.PENDING and code not in row.sealed_text  # sealed
    assert code in row.unseal()


def test_the_sms_gateway_being_disabled_means_no_text_message_is_promised(settings, office, smtp):
    settings.GONGKAI_SMS_BACKEND = "gongkai.core.sms.DisabledBackend"
    app, _ = application_submit_online(office, applicant_data())
    assert list(app.messages.values_list("channel", flat=True)) == [MessageChannel.EMAIL]


def test_a_failing_gateway_is_retried_by_the_timer_and_then_marked_failed(
    settings, office, smtp, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    app, code = application_submit_online(office, applicant_data(phone="0931-8888888"))
    message = app.messages.get()
    settings.EMAIL_PORT = 1  # nothing listens there
    assert applicant_message_send(message) is False
    message.refresh_from_db()
    assert message.status == MessageStatus.PENDING and message.attempts == 1 and message.last_error

    settings.EMAIL_PORT = smtp.port
    monkeypatch.setattr("gongkai.core.messaging.RETRY_AFTER", __import__("datetime").timedelta(0))
    call_command("send_applicant_messages", verbosity=0)
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT and _code_in(smtp.bodies()[0]) == code

    other, _ = application_submit_online(office, applicant_data(phone=""))
    stuck = other.messages.get()
    settings.EMAIL_PORT = 1
    for _ in range(MAX_ATTEMPTS):
        applicant_message_send(stuck)
    stuck.refresh_from_db()
    assert stuck.status == MessageStatus.FAILED


def test_a_new_code_goes_only_to_the_contact_on_file_and_the_old_one_stops(office, smtp, sms):
    app, old = application_submit_online(office, applicant_data())
    smtp.received.clear()
    sms.clear()

    assert query_code_reissue(app.case_number, "someone@else.invalid") is False
    assert query_code_reissue(app.case_number, "13800000000") is False
    assert query_code_reissue("GS-NOPE-2024-00001", "zhangsan@example.invalid") is False
    assert smtp.received == [] and sms == []
    app.refresh_from_db()
    assert app.query_code_check(old)

    assert query_code_reissue(app.case_number.lower(), "ZhangSan@Example.invalid") is True
    assert len(smtp.received) == 1 and sms == []  # the e-mail named, not the mobile too
    new = _code_in(smtp.bodies()[0])
    app.refresh_from_db()
    assert app.query_code_check(new) and not app.query_code_check(old)
    assert ModelLogEntry.objects.filter(object_id=str(app.pk), action=AUDIT_CODE_REISSUE).exists()

    assert query_code_reissue(app.case_number, "139 1234 5678") is True
    assert len(sms) == 1 and _code_in(sms[0][1]) != new


def test_staff_registration_sends_the_receipt_too(office, clerk, smtp):
    app, code = register_case(clerk, office)
    assert _code_in(smtp.bodies()[0]) == code
    assert Application.objects.get(pk=app.pk).messages.filter(kind=MessageKind.RECEIPT).exists()


# --- The pages: the receipt says where it went, its PDF, the recovery form --------------------------


def test_the_receipt_page_names_where_the_receipt_went_and_offers_its_pdf(
    citizen, office, smtp, sms, time_machine
):
    from io import BytesIO

    from pypdf import PdfReader

    from gongkai.applications.tests.test_public_views import apply_and_read_receipt, html
    from gongkai.applications.views.recovery import MSG_RECEIPT_PDF_GONE

    app, code = apply_and_read_receipt(citizen.client)
    page = html(citizen.client.get("/apply/receipt/"))
    assert "z***@example.invalid" in page and "139****5678" in page
    assert 'href="/apply/recover/"' in page

    pdf = citizen.client.get("/apply/receipt.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert app.case_number in text and code in text

    # Another browser gets nothing, and the first one nothing after 15 minutes.
    assert Client().get("/apply/receipt.pdf").status_code == 404
    time_machine.move_to(time.time() + 16 * 60)
    late = citizen.client.get("/apply/receipt.pdf")
    assert late.status_code == 404 and MSG_RECEIPT_PDF_GONE in html(late)


def test_the_recovery_page_answers_the_same_whether_or_not_the_contact_matches(
    citizen, office, smtp, sms, client
):
    from gongkai.applications.tests.test_public_views import apply_and_read_receipt, html
    from gongkai.applications.views.recovery import MSG_RECOVERY_SENT

    app, old = apply_and_read_receipt(citizen.client)
    smtp.received.clear()
    wrong = client.post(
        "/apply/recover/", {"case_number": app.case_number, "contact": "x@y.invalid"}
    )
    right = client.post(
        "/apply/recover/",
        {"case_number": app.case_number, "contact": "zhangsan@example.invalid"},
    )
    assert MSG_RECOVERY_SENT in html(wrong) and MSG_RECOVERY_SENT in html(right)
    assert len(smtp.received) == 1  # only the matching one sent anything
    app.refresh_from_db()
    assert not app.query_code_check(old)
    empty = html(client.post("/apply/recover/", {"case_number": "", "contact": ""}))
    assert "补发未成功，请修改以下问题" in empty and MSG_RECOVERY_SENT not in empty
