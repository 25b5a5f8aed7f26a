"""Reads of the document library: lists, validity on a date, and a document's relations."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_for_page
from gongkai.core.dates import end_of_day_exclusive, local_date, today
from gongkai.documents.docnumber import doc_number_lookup
from gongkai.documents.models import (
    Disclosure,
    DocType,
    DocumentRepeal,
    PolicyDocumentPage,
    ValidityStatus,
)
from gongkai.documents.related import related_sections
from gongkai.documents.validity import ValidityFacts, validity_on


def documents_public() -> QuerySet[PolicyDocumentPage]:
    """Every document the public may see: live, not view-restricted."""
    return PolicyDocumentPage.objects.live().public()


def pinned_notices(home: Page) -> list[PolicyDocumentPage]:
    """权威发布 for a body's home page: the public documents pinned for their subtree by this body
    or any body above it, not past their 置顶截止日期, newest first (each with `source_body`)."""
    body = getattr(home, "body", None)
    if body is None:
        return []
    above = Body.objects.filter(
        path__in=[body.path[:i] for i in range(Body.steplen, len(body.path) + 1, Body.steplen)]
    ).select_related("home_page")
    homes = {b.home_page.path: b for b in above if b.home_page_id}
    if not homes:
        return []
    within = Q()
    for path in homes:
        within |= Q(path__startswith=path)
    found = list(
        documents_public()
        .filter(within, pinned_subtree=True)
        .filter(Q(pinned_until__isnull=True) | Q(pinned_until__gte=today()))
        .order_by("-first_published_at", "-pk")
    )
    for document in found:
        document.source_body = next(b for p, b in homes.items() if document.path.startswith(p))
    return found


def documents_under(page: Page) -> QuerySet[PolicyDocumentPage]:
    return documents_public().descendant_of(page)


def documents_latest(under: Page | None = None, limit: int = 10) -> list[PolicyDocumentPage]:
    qs = documents_under(under) if under is not None else documents_public()
    return list(
        qs.exclude(doc_type=DocType.INTERPRETATION).order_by("-first_published_at", "-pk")[:limit]
    )


def _started_by(on: date, prefix: str = "") -> Q:
    """The document's 施行日期 (or, without one, its publication) is on or before `on`."""
    end = end_of_day_exclusive(on)
    return (
        Q(**{f"{prefix}effective_on__lte": on})
        | Q(**{f"{prefix}effective_on__isnull": True, f"{prefix}first_published_at__lt": end})
        | Q(**{f"{prefix}effective_on__isnull": True, f"{prefix}first_published_at__isnull": True})
    )


def _validity_rules(on: date) -> list[tuple[ValidityStatus, Q]]:
    """The rules of validity.validity_on in SQL, in their order: the first that holds decides;
    none holding means 有效."""
    repealed = Exists(
        DocumentRepeal.objects.filter(document=OuterRef("pk")).filter(
            Q(repealed_on__isnull=True) | Q(repealed_on__lte=on)
        )
    )
    # `previous_version__isnull=False` says nothing new to the rule, but lets PostgreSQL hash only
    # the documents that are new versions, not every live document (docs/benchmarks.md, 100,000).
    superseded = Exists(
        PolicyDocumentPage.objects.live()
        .filter(previous_version__isnull=False, previous_version=OuterRef("pk"))
        .filter(_started_by(on))
    )
    return [
        (ValidityStatus.REPEALED, Q(repealed)),
        (ValidityStatus.AMENDED, Q(superseded)),
        (ValidityStatus.EXPIRED, Q(expires_on__lte=on)),
        (ValidityStatus.NOT_YET_EFFECTIVE, ~_started_by(on)),
    ]


def validity_expression(on: date) -> Case:
    """SQL twin of validity.validity_on (same order of rules), to show or compare a status."""
    return Case(
        *[When(rule, then=Value(status.value)) for status, rule in _validity_rules(on)],
        default=Value(ValidityStatus.EFFECTIVE.value),
    )


def validity_filter(statuses: list[ValidityStatus] | list[str], on: date | None = None) -> Q:
    """The documents whose validity on `on` (default today) is one of `statuses`, as conditions.

    The same rows as `validity_expression(on)` IN statuses; but PostgreSQL cannot estimate a CASE
    compared with a value (it guesses 0.5 % of the rows), so a list of 有效 documents filtered that
    way is planned as if nearly empty. Spelt as the rules themselves (NOT EXISTS …), it is planned
    from real estimates (docs/benchmarks.md, "Publish → files").
    """
    wanted = {ValidityStatus(s) for s in statuses}
    result = Q(pk__in=[])
    none_held = Q()  # no rule so far holds
    all_wanted = True  # every status so far is wanted: a rule needs no guard (A or (not A and B))
    for status, rule in _validity_rules(on or today()):
        if status in wanted:
            result |= rule if all_wanted else none_held & rule
        else:
            all_wanted = False
        none_held &= ~rule
    if ValidityStatus.EFFECTIVE in wanted:
        result = Q() if all_wanted else result | none_held
    return result


def annotate_validity(qs: QuerySet[PolicyDocumentPage], on: date | None = None) -> QuerySet:
    return qs.annotate(validity=validity_expression(on or today()))


def documents_in_force_on(on: date, qs: QuerySet[PolicyDocumentPage] | None = None) -> QuerySet:
    """The library's answer to "which documents were in force on date D". Conditions, not an
    annotation: a list may still show each document's `validity` today beside it."""
    qs = documents_public() if qs is None else qs
    return qs.filter(validity_filter([ValidityStatus.EFFECTIVE], on))


def documents_with_doc_number(qs: QuerySet[PolicyDocumentPage], typed: str) -> QuerySet | None:
    """The documents a 发文字号 typed as people cite it finds (甘政办发[2021]48号, 国务院令第798号,
    docnumber.doc_number_lookup), or None when the value is not a number at all.

    An indexed lookup of the stored keys; for a 令 typed with its organ or year, the few rows with
    that order number are then checked against them (docnumber.DocNumberLookup.matches).
    """
    lookup = doc_number_lookup(typed)
    if not lookup.candidates:
        return None
    found = qs.filter(doc_number_key__in=lookup.keys)
    if not lookup.needs_check:
        return found
    rows = found.order_by().values_list("pk", "doc_number")
    return qs.filter(pk__in=[pk for pk, number in rows if lookup.matches(number)])


def documents_written_between(
    qs: QuerySet[PolicyDocumentPage], start: date | None, end: date | None
) -> QuerySet:
    """成文日期 from `start` to `end`, both included; a missing bound is open."""
    if start is not None:
        qs = qs.filter(written_on__gte=start)
    if end is not None:
        qs = qs.filter(written_on__lte=end)
    return qs


# The orders of the library (as gov.cn's 国务院政策文件库): 发布日期 or 成文日期, newest or oldest first.
# A document without a 成文日期 comes last either way.
DOCUMENT_SORTS = {
    "published_desc": ("发布日期（从新到旧）", [F("first_published_at").desc(nulls_last=True)]),
    "published_asc": ("发布日期（从旧到新）", [F("first_published_at").asc(nulls_last=True)]),
    "written_desc": ("成文日期（从新到旧）", [F("written_on").desc(nulls_last=True)]),
    "written_asc": ("成文日期（从旧到新）", [F("written_on").asc(nulls_last=True)]),
}
DEFAULT_SORT = "published_desc"


def documents_sorted(qs: QuerySet[PolicyDocumentPage], sort: str = DEFAULT_SORT) -> QuerySet:
    """In one of DOCUMENT_SORTS; ties (same day) by publication, newest first."""
    _label, order = DOCUMENT_SORTS.get(sort, DOCUMENT_SORTS[DEFAULT_SORT])
    return qs.order_by(*order, F("first_published_at").desc(nulls_last=True), "-pk")


def validity_facts(document: PolicyDocumentPage) -> ValidityFacts:
    later_starts = [
        later.effective_on or local_date(later.first_published_at)
        for later in PolicyDocumentPage.objects.live().filter(previous_version=document)
    ]
    repeal = DocumentRepeal.objects.filter(document=document).first()
    return ValidityFacts(
        starts_on=document.effective_on or local_date(document.first_published_at),
        expires_on=document.expires_on,
        repealed=repeal is not None,
        repealed_on=repeal.repealed_on if repeal else None,
        superseded_on=min((d or date.min for d in later_starts), default=None),
    )


def document_validity(document: PolicyDocumentPage, on: date | None = None) -> ValidityStatus:
    return validity_on(validity_facts(document), on or today())


def version_chain(document: PolicyDocumentPage) -> list[PolicyDocumentPage]:
    """Every public version of this document, oldest first (following 修改前版本 links both ways)."""
    seen = {document.pk}
    older = []
    node = document.previous_version
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        older.append(node)
        node = node.previous_version
    public_older = set(
        documents_public().filter(pk__in=[d.pk for d in older]).values_list("pk", flat=True)
    )
    older = [d for d in older if d.pk in public_older]
    newer = []
    frontier = [document]
    while frontier:
        nxt = list(documents_public().filter(previous_version__in=frontier).exclude(pk__in=seen))
        seen.update(d.pk for d in nxt)
        newer.extend(nxt)
        frontier = nxt
    newer.sort(key=lambda d: (d.effective_on or local_date(d.first_published_at) or date.min, d.pk))
    return [*reversed(older), document, *newer]


def is_public(document: PolicyDocumentPage | None) -> bool:
    return document is not None and documents_public().filter(pk=document.pk).exists()


def current_version(
    document: PolicyDocumentPage, on: date | None = None
) -> PolicyDocumentPage | None:
    """The version of this document in force on the date, if any."""
    on = on or today()
    for version in reversed(version_chain(document)):
        if document_validity(version, on) == ValidityStatus.EFFECTIVE:
            return version
    return None


def document_detail(document: PolicyDocumentPage) -> dict:
    """Everything the document page shows beside the page's own fields."""
    validity = document_validity(document)
    repeal = (
        DocumentRepeal.objects.filter(document=document)
        .select_related("repealing_document")
        .first()
    )
    versions = version_chain(document)
    in_force = current_version(document) if validity != ValidityStatus.EFFECTIVE else document
    return {
        "body": body_for_page(document),
        "validity": validity,
        "validity_label": validity.label,
        "show_banner": validity
        in (ValidityStatus.AMENDED, ValidityStatus.REPEALED, ValidityStatus.EXPIRED),
        "repeal": repeal,
        "versions": versions if len(versions) > 1 else [],
        "version_in_force": in_force
        if in_force is not None and in_force.pk != document.pk
        else None,
        "interpretations": list(documents_public().filter(interprets=document)),
        "related_sections": related_sections(document),
        "interpreted_policy": document.interprets if is_public(document.interprets) else None,
        "repealing_document": repeal.repealing_document
        if repeal is not None and is_public(repeal.repealing_document)
        else None,
        "attachments": list(document.attachments.select_related("attachment")),
        "index_number": getattr(document, "index_number_record", None),
        "body_visible": document.disclosure == Disclosure.PROACTIVE,
    }
