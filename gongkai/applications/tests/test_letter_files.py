"""A letter's DOCX and PDF are made by the task worker, never in the request that issued it; a
PDF made without the bundled fonts is found and made again."""

from __future__ import annotations

from datetime import date, datetime, time
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult
from pypdf import PdfReader

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import Notice, NoticeKind
from gongkai.applications.notice_issue import MSG_FILES_PENDING, notice_pdf_fonts_wrong
from gongkai.applications.tests.factories import decide_and_approve, register_case
from gongkai.applications.tests.test_public_views import apply_and_read_receipt, track
from gongkai.core.printing import foreign_fonts
from gongkai.testing.personas import PASSWORD

TZ = ZoneInfo("Asia/Shanghai")
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime.combine(date(2024, 10, 8), time(10), tzinfo=TZ), tick=False)


def _decide(app, clerk, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        decide_and_approve(
            app, user=clerk, decision=DecisionCode.PARTIAL, reasons="第二项涉及商业秘密"
        )
    return Notice.objects.get(application=app, kind=NoticeKind.REPLY)


def test_issuing_a_letter_leaves_its_files_to_the_worker(
    settings, office, clerk, client, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = DATABASE_TASKS
    # The worker runs in this test's transaction: it must not close the connection between
    # tasks, as it does in its own process (test_crash_after_commit.py runs one there).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    app, _ = register_case(clerk, office)
    reply = _decide(app, clerk, django_capture_on_commit_callbacks)
    assert not reply.pdf and not reply.docx  # the request did not lay anything out
    assert DBTaskResult.objects.filter(task_path__endswith="notice_files_make").count() >= 1

    # Staff asking before the worker ran are told to wait, on the case page, in Chinese.
    client.login(username="clerk", password=PASSWORD)
    early = client.get(f"/workbench/applications/{app.pk}/notices/{reply.pk}.pdf", follow=True)
    assert MSG_FILES_PENDING in early.content.decode()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    reply.refresh_from_db()
    assert reply.docx and reply.pdf
    pdf = client.get(f"/workbench/applications/{app.pk}/notices/{reply.pk}.pdf")
    assert pdf.status_code == 200
    data = b"".join(pdf.streaming_content)
    assert foreign_fonts(data) == []
    assert "政府信息公开申请答复书" in "".join(
        p.extract_text() for p in PdfReader(BytesIO(data)).pages
    )


def test_the_applicant_asking_before_the_worker_ran_gets_a_plain_wait(
    settings, office, clerk, citizen, django_capture_on_commit_callbacks
):
    app, code = apply_and_read_receipt(citizen.client)
    settings.TASKS = DATABASE_TASKS
    reply = _decide(app, clerk, django_capture_on_commit_callbacks)
    track(citizen.client, app.case_number, code)
    response = citizen.client.get(f"/apply/track/notice/{reply.pk}.pdf")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert MSG_FILES_PENDING in response.content.decode()


def _old_pdf() -> bytes:
    """A letter as made before the platform brought its fonts: a system font, by name."""
    from weasyprint import HTML

    return HTML(
        string='<p style="font-family: DejaVu Sans, sans-serif">Reply 2024 答复</p>'
    ).write_pdf()


def test_the_command_finds_letters_made_without_the_bundled_fonts_and_remakes_them(
    office, clerk, django_capture_on_commit_callbacks
):
    app, _ = register_case(clerk, office)
    reply = _decide(app, clerk, django_capture_on_commit_callbacks)
    old = _old_pdf()
    if not foreign_fonts(old):
        pytest.skip("this machine has no system font to fall back to")
    reply.pdf.delete(save=False)
    reply.pdf.save("old.pdf", ContentFile(old), save=True)
    assert notice_pdf_fonts_wrong(reply)

    call_command("regenerate_letter_pdfs", "--dry-run", verbosity=0)
    reply.refresh_from_db()
    assert notice_pdf_fonts_wrong(reply)  # a dry run changes nothing

    call_command("regenerate_letter_pdfs", verbosity=0)
    reply.refresh_from_db()
    assert reply.pdf and notice_pdf_fonts_wrong(reply) == []
