"""How a policy document appears in the search index, and what search must know of documents: the
labels of 文种 and the validity rule over the indexed dates (both registered in apps.py)."""

from __future__ import annotations

from datetime import date

from django.utils.html import strip_tags

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_for_page
from gongkai.core.dates import local_date
from gongkai.documents.models import (
    Disclosure,
    DocType,
    DocumentRepeal,
    LibraryPage,
    PolicyDocumentPage,
    ValidityStatus,
)
from gongkai.documents.selectors import documents_public
from gongkai.documents.topics import top_level
from gongkai.search.registry import SearchRecord, ValidityRule, key_for

# The rule of validity.py over the dates `document_record` indexes: a repeal, then a newer version
# in force, then the 失效日期 decide, the first that has passed; before its 施行日期 a document is
# not yet in force.
VALIDITY_RULE = ValidityRule(
    passed=(
        ("repealed_on", ValidityStatus.REPEALED.value),
        ("superseded_on", ValidityStatus.AMENDED.value),
        ("expires_on", ValidityStatus.EXPIRED.value),
    ),
    not_started=ValidityStatus.NOT_YET_EFFECTIVE.value,
    in_force=ValidityStatus.EFFECTIVE.value,
    labels=tuple((s.value, s.label) for s in ValidityStatus),
)


def _owner(page: PolicyDocumentPage) -> tuple[str, str, list[str]]:
    body = body_for_page(page)
    if body is not None:
        codes = list(
            Body.objects.filter(
                pk__in=[a.pk for a in body.get_ancestors()] + [body.pk]
            ).values_list("code", flat=True)
        )
        return body.code, body.name, codes
    library = LibraryPage.objects.ancestor_of(page).order_by("depth").first()
    if library is not None:
        return library.slug, library.title, [library.slug]
    return "", "", []


def document_record(page: PolicyDocumentPage) -> SearchRecord | None:
    """None when the public may not see the page: it leaves (or never enters) the index."""
    if not documents_public().filter(pk=page.pk).exists():
        return None
    owner_code, owner_name, codes = _owner(page)
    later_starts = [
        later.effective_on or local_date(later.first_published_at) or date.min
        for later in documents_public().filter(previous_version=page)
    ]
    repeal = DocumentRepeal.objects.filter(document=page).first()
    full_text = page.disclosure == Disclosure.PROACTIVE
    record = getattr(page, "index_number_record", None)
    return SearchRecord(
        key=key_for(page),
        title=page.title,
        url=page.get_url() or "",
        kind="interpretation" if page.doc_type == DocType.INTERPRETATION else "document",
        doc_type=page.doc_type,
        doc_type_label=DocType(page.doc_type).label,
        topic=top_level(page.topic) if page.topic else "",
        owner_code=owner_code,
        owner_name=owner_name,
        body_codes=codes,
        published_on=local_date(page.first_published_at),
        starts_on=page.effective_on or local_date(page.first_published_at),
        expires_on=page.expires_on,
        superseded_on=min(later_starts, default=None),
        repealed=repeal is not None,
        repealed_on=repeal.repealed_on if repeal else None,
        doc_number=page.doc_number,
        index_number=record.value if record else "",
        issuer=page.issuer_names,
        body_text=strip_tags(page.body or "").replace("&nbsp;", " ") if full_text else "",
        attachment_text="\n".join(
            a.attachment.extracted_text for a in page.attachments.select_related("attachment")
        )
        if full_text
        else "",
    )


def all_documents():
    return documents_public().select_related("index_number_record").iterator(chunk_size=500)
