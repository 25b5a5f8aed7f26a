"""Reads of columns: what a column lists, and which required columns of a body are empty."""

from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page

from gongkai.bodies.selectors import BODY_HOME_DEPTH
from gongkai.columns.models import ColumnPage, Listing
from gongkai.documents.models import PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import annotate_validity, documents_under


def _body_home(column: ColumnPage):
    if column.depth <= BODY_HOME_DEPTH:
        return column
    return column.get_ancestors().filter(depth=BODY_HOME_DEPTH).first()


def column_documents(column: ColumnPage) -> QuerySet[PolicyDocumentPage]:
    """The documents a column lists, newest first.

    By type, a column lists the whole body's documents of those types — e.g. the 规章 and
    行政规范性文件 columns list exactly the documents in force today, wherever they were filed
    (clause 10 of the notice).
    """
    if column.listing == Listing.CHILDREN:
        qs = documents_under(column)
    else:
        qs = documents_under(_body_home(column)).filter(doc_type__in=column.doc_type_list)
        if column.listing == Listing.IN_FORCE:
            qs = annotate_validity(qs).filter(validity=ValidityStatus.EFFECTIVE.value)
        elif column.listing == Listing.NOT_IN_FORCE:
            qs = annotate_validity(qs).filter(
                validity__in=[
                    ValidityStatus.REPEALED.value,
                    ValidityStatus.EXPIRED.value,
                    ValidityStatus.AMENDED.value,
                ]
            )
    return qs.order_by("-first_published_at", "-pk")


def columns_of_body(home) -> list[ColumnPage]:
    return list(ColumnPage.objects.child_of(home).live().order_by("path"))


def column_is_empty(column: ColumnPage) -> bool:
    """A leaf column with no text of its own and nothing listed (CHK19 counts these)."""
    if column.intro and column.intro.strip():
        return False
    if column_documents(column).exists():
        return False
    # Other published pages filed in the column count too (the annual reports in 政府信息公开年报).
    return not Page.objects.child_of(column).live().not_type(ColumnPage).exists()


def empty_required_columns(home) -> list[ColumnPage]:
    """Required leaf columns of a body's section that are empty (A2: completeness visible)."""
    columns = ColumnPage.objects.descendant_of(home).filter(required=True)
    leaves = [c for c in columns if not ColumnPage.objects.child_of(c).exists()]
    return [c for c in leaves if column_is_empty(c)]
