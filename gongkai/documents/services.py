"""Writes to the document library. Every operation on a document is a `document_<action>` here."""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from wagtail.models import Page

from gongkai.bodies.selectors import body_for_page
from gongkai.core.audit import audit_log
from gongkai.core.dates import local_date, today
from gongkai.core.serials import serial_next
from gongkai.documents.attachments import extract_text, sniff_kind
from gongkai.documents.models import (
    MSG_REPEAL_DATE_REQUIRED,
    MSG_REPEAL_NOT_PUBLISHED,
    MSG_REPEALING_SELF,
    Attachment,
    DocumentAttachment,
    DocumentRepeal,
    IndexNumber,
    IndexSerial,
    LibraryPage,
    PolicyDocumentPage,
)
from gongkai.search.services import search_enqueue

logger = logging.getLogger(__name__)

AUDIT_REPEAL = "documents.repeal"
AUDIT_NEW_VERSION = "documents.new_version"

MSG_NEW_VERSION_NOT_LIVE = "只有已发布的文件才能发布修订版本"
MSG_ALREADY_REPEALED = "该文件已记录废止，不能重复废止"


def index_prefix_for(page: PolicyDocumentPage) -> str:
    body = body_for_page(page)
    if body is not None:
        return body.index_code
    library = LibraryPage.objects.ancestor_of(page).order_by("-depth").first()  # the nearest
    return library.index_code if library is not None else "gongkai"


@transaction.atomic
def document_assign_index_number(page: PolicyDocumentPage, prefix: str = "") -> IndexNumber:
    """索引号 on first publication, from GONGKAI_INDEX_NUMBER_FORMAT; never reused.

    The serial row is locked, so two publications in the same body and year never take the same
    number; numbers of deleted documents stay taken (their row keeps the value). `prefix`: what
    `index_prefix_for(page)` gives, when the caller knows it already (an importer filling one
    library).
    """
    existing = IndexNumber.objects.filter(document=page).first()
    if existing is not None:
        return existing
    prefix = prefix or index_prefix_for(page)
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
    document_record_repeal(page)
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
def document_record_repeal(page: PolicyDocumentPage) -> DocumentRepeal | None:
    """废止 as decided in the published revision (the 立改废 tab): its row is created, or updated
    when a later revision corrects the date or the basis. A revision without a repeal leaves a
    recorded one alone (an importer's, or one a later edit did not mention): publication never
    un-repeals a document."""
    if page.repealed_on is None:
        return None
    revision = page.live_revision
    user = revision.user if revision is not None else None
    basis = page.repealing_document
    fields = {
        "repealed_on": page.repealed_on,
        "repealing_document": basis,
        "repealing_title": page.repealing_title or (basis.title if basis is not None else ""),
    }
    repeal = DocumentRepeal.objects.select_for_update().filter(document=page).first()
    if repeal is not None and all(getattr(repeal, k) == v for k, v in fields.items()):
        return repeal
    if repeal is None:
        repeal = DocumentRepeal.objects.create(document=page, recorded_by=user, **fields)
    else:
        for name, value in fields.items():
            setattr(repeal, name, value)
        repeal.save(update_fields=list(fields))
    audit_log(
        page,
        AUDIT_REPEAL,
        user=user,
        data={"repealed_on": page.repealed_on.isoformat(), "basis": fields["repealing_title"]},
    )
    return repeal


# The fields a new version starts from; not the 索引号, the repeal, the 失效日期 or the 施行日期
# (the new version has its own), nor the address.
NEW_VERSION_FIELDS = (
    "title",
    "doc_type",
    "topic",
    "issuer_names",
    "doc_number",
    "written_on",
    "disclosure",
    "withheld_reason",
    "summary",
    "keywords",
    "body",
)


@transaction.atomic
def document_new_version(document: PolicyDocumentPage, *, user=None) -> PolicyDocumentPage:
    """修改: a new draft beside the document, copied from its published version and linked to it
    (修改前版本). Nothing public changes until the draft is reviewed and published; then the old
    document is 已修改 from the new one's 施行日期 (validity.md)."""
    document = PolicyDocumentPage.objects.select_for_update().get(pk=document.pk)
    if not document.live:
        raise ValidationError(MSG_NEW_VERSION_NOT_LIVE)
    parent = document.get_parent()
    base = f"{document.slug[:40]}-xd"
    slug, n = base, 1
    while not Page._slug_is_available(slug, parent):
        n += 1
        slug = f"{base}{n}"
    page = PolicyDocumentPage(
        live=False,
        slug=slug,
        previous_version=document,
        **{name: getattr(document, name) for name in NEW_VERSION_FIELDS},
    )
    page.issuing_bodies.set(document.issuing_bodies.all())
    page.attachments.set(
        [
            DocumentAttachment(attachment=item.attachment, title=item.title)
            for item in document.attachments.all()
        ]
    )
    parent.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    audit_log(page, AUDIT_NEW_VERSION, user=user, data={"previous_version": document.pk})
    return page


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
        raise ValidationError(MSG_REPEAL_NOT_PUBLISHED)
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
