"""Writes to the document library. Every operation on a document is a `document_<action>` here."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.bodies.selectors import body_for_page
from gongkai.core.dates import local_date, today
from gongkai.core.serials import serial_next
from gongkai.documents.attachments import extract_text, sniff_kind
from gongkai.documents.models import (
    Attachment,
    DocumentRepeal,
    IndexNumber,
    IndexSerial,
    LibraryPage,
    PolicyDocumentPage,
)
from gongkai.search.services import search_enqueue

logger = logging.getLogger(__name__)

MSG_ALREADY_REPEALED = "该文件已记录废止，不能重复废止"
MSG_REPEAL_DATE_REQUIRED = "请填写废止日期"
MSG_REPEAL_NOT_LIVE = "只能废止已发布的文件"
MSG_REPEALING_SELF = "废止依据文件不能是被废止的文件本身"


def index_prefix_for(page: PolicyDocumentPage) -> str:
    body = body_for_page(page)
    if body is not None:
        return body.index_code
    library = LibraryPage.objects.ancestor_of(page).order_by("-depth").first()  # the nearest
    return library.index_code if library is not None else "gongkai"


@transaction.atomic
def document_assign_index_number(page: PolicyDocumentPage) -> IndexNumber:
    """索引号 on first publication, from GONGKAI_INDEX_NUMBER_FORMAT; never reused.

    The serial row is locked, so two publications in the same body and year never take the same
    number; numbers of deleted documents stay taken (their row keeps the value).
    """
    existing = IndexNumber.objects.filter(document=page).first()
    if existing is not None:
        return existing
    prefix = index_prefix_for(page)
    year = (local_date(page.first_published_at) or today()).year
    serial = serial_next(IndexSerial, prefix=prefix, year=year)
    value = settings.GONGKAI_INDEX_NUMBER_FORMAT.format(body_code=prefix, year=year, serial=serial)
    return IndexNumber.objects.create(
        value=value, prefix=prefix, year=year, serial=serial, document=page
    )


def attachment_ensure_text(attachment: Attachment) -> Attachment:
    """Extract the attachment's text for search, once per file content (file_hash)."""
    if attachment.extracted_from_hash and attachment.extracted_from_hash == attachment.file_hash:
        return attachment
    with attachment.open_file() as handle:
        data = handle.read()
    kind = sniff_kind(data)
    attachment.kind = kind.value if kind else ""
    attachment.extracted_text = extract_text(data, kind) if kind else ""
    attachment.extracted_from_hash = attachment.file_hash or ""
    attachment.save(update_fields=["kind", "extracted_text", "extracted_from_hash"])
    return attachment


def document_on_publish(page: PolicyDocumentPage) -> None:
    """What publication of a document brings: its 索引号, the text of its attachments, and a
    search update for it and for the version it amends (which may now be 已修改)."""
    document_assign_index_number(page)
    for item in page.attachments.select_related("attachment"):
        try:
            attachment_ensure_text(item.attachment)
        except OSError:
            logger.exception("could not read attachment %s", item.attachment_id)
    search_enqueue(page, page.previous_version)


def document_on_unpublish(page: PolicyDocumentPage) -> None:
    """Unpublished or deleted: it leaves the search index, and the version it amended is current
    again."""
    search_enqueue(page, page.previous_version if page.previous_version_id else None)


@transaction.atomic
def document_repeal(
    document: PolicyDocumentPage,
    *,
    repealed_on: date | None,
    repealing_document: PolicyDocumentPage | None = None,
    repealing_title: str = "",
    user=None,
    date_required: bool = True,
) -> DocumentRepeal:
    """废止: record that a published document was repealed, and by what."""
    document = PolicyDocumentPage.objects.select_for_update().get(pk=document.pk)
    if not document.live:
        raise ValidationError(MSG_REPEAL_NOT_LIVE)
    if DocumentRepeal.objects.filter(document=document).exists():
        raise ValidationError(MSG_ALREADY_REPEALED)
    if date_required and repealed_on is None:
        raise ValidationError(MSG_REPEAL_DATE_REQUIRED)
    if repealing_document is not None and repealing_document.pk == document.pk:
        raise ValidationError(MSG_REPEALING_SELF)
    if repealing_document is not None and not repealing_title:
        repealing_title = repealing_document.title
    search_enqueue(document)
    return DocumentRepeal.objects.create(
        document=document,
        repealed_on=repealed_on,
        repealing_document=repealing_document,
        repealing_title=repealing_title,
        recorded_by=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def document_create(parent, *, user=None, publish: bool = False, **fields) -> PolicyDocumentPage:
    """Create a document under a column or library page as a draft revision, optionally publishing it.

    Publishing here is for the platform's own loaders (demo data, imports by an operator); staff
    publish through the review workflow in the admin.
    """
    page = PolicyDocumentPage(live=False, **fields)
    parent.add_child(instance=page)  # Page.save() runs full_clean(): the page's own validation
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page
