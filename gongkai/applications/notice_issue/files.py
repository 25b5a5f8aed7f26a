"""The DOCX and PDF of a letter: made by the task worker from the stored text, kept with the
letter, served to those who may see the case.

`notice_issue` stores the letter's text and enqueues `notice_files_make`; the worker (`db_worker`,
docs/configuration.md) lays the files out, so no request waits on WeasyPrint. The task row is
written in the same transaction as what enqueued it, so a letter is never without its task. A
download before the worker has run gets "正在生成" (`NoticeFilesPending`) and enqueues again; the
task only makes what is missing, so a second run is harmless.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django_tasks import task

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import Notice, NoticeKind
from gongkai.applications.notices import RenderedNotice, notice_docx, notice_pdf
from gongkai.core.errors import GongkaiError
from gongkai.core.printing import foreign_fonts

logger = logging.getLogger("gongkai.applications.notice_issue")

MSG_FILES_PENDING = "文书的Word和PDF文件正在生成，请稍候几秒后刷新本页再下载"


class NoticeFilesPending(GongkaiError):
    """The letter's files are not made yet; the worker has been asked to make them."""


def _rendered_of(notice: Notice) -> RenderedNotice:
    """The letter as stored: the files are made from what was issued, never re-worded."""
    app = notice.application
    return RenderedNotice(
        title=notice.title,
        paragraphs=notice.body_text.splitlines(),
        kind=notice.kind,
        notice_number=notice.number,
        case_number=app.case_number,
        body_name=app.body.name,
    )


def _file_name(notice: Notice, extension: str) -> str:
    return f"{notice.application.case_number}-{notice.kind}-{notice.pk}.{extension}"


def notice_files_store(notice: Notice) -> None:
    """Make whichever of the letter's two files is missing, from the stored text. The DOCX is
    kept even when the PDF fails (`PrintFontError`: a character no bundled font can show)."""
    rendered = _rendered_of(notice)
    if not notice.docx:
        notice.docx.save(_file_name(notice, "docx"), ContentFile(notice_docx(rendered)), save=False)
        notice.save(update_fields=["docx"])
    if not notice.pdf:
        notice.pdf.save(_file_name(notice, "pdf"), ContentFile(notice_pdf(rendered)), save=False)
        notice.save(update_fields=["pdf"])


FILE_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def notice_file(notice: Notice, file_type: str) -> tuple[bytes, str]:
    """The stored DOCX or PDF of a letter and the name to download it under; `NoticeFilesPending`
    (the worker asked again) while it is not made. The caller has checked that the user may see
    the case."""
    field = notice.docx if file_type == "docx" else notice.pdf
    if not field:
        notice_files_enqueue(notice)
        notice.refresh_from_db(fields=["docx", "pdf"])  # an immediate backend has made it
        field = notice.docx if file_type == "docx" else notice.pdf
        if not field:
            raise NoticeFilesPending(MSG_FILES_PENDING)
    with field.open("rb") as handle:
        content = handle.read()
    return content, download_name(notice, file_type)


def download_name(notice: Notice, file_type: str) -> str:
    """`<申请编号>-<标题>.<docx|pdf>`; a reply also names its decision, e.g. （部分公开）."""
    app = notice.application
    decision = (
        f"（{DecisionCode(app.decision).label}）"
        if notice.kind == NoticeKind.REPLY and app.decision
        else ""
    )
    return f"{app.case_number}-{notice.title}{decision}.{file_type}"


@task()
def notice_files_make(notice_id: int) -> None:
    """The task: make the missing files of a letter (none if it was deleted meanwhile)."""
    notice = Notice.objects.select_related("application__body").filter(pk=notice_id).first()
    if notice is not None:
        notice_files_store(notice)


def notice_files_enqueue(notice: Notice) -> None:
    notice_files_make.enqueue(notice.pk)


def notice_pdf_fonts_wrong(notice: Notice) -> list[str]:
    """The fonts of the stored PDF that are not the bundled ones (a letter made before the
    platform brought its fonts: its Chinese may be boxes); empty when it is right or missing."""
    if not notice.pdf:
        return []
    with notice.pdf.open("rb") as handle:
        return foreign_fonts(handle.read())


def notice_pdf_remake(notice: Notice) -> None:
    """Drop the stored PDF and have the worker make it again from the stored text."""
    notice.pdf.delete(save=True)
    notice_files_enqueue(notice)
