"""Reads of columns: what a column lists, and which required columns of a body are empty."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import BODY_HOME_DEPTH
from gongkai.columns.models import CatalogueEntry, ColumnPage, Listing
from gongkai.documents.models import PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import (
    annotate_validity,
    documents_public,
    documents_under,
    validity_filter,
)


def _body_home(column: ColumnPage):
    if column.depth <= BODY_HOME_DEPTH:
        return column
    return column.get_ancestors().filter(depth=BODY_HOME_DEPTH).first()


def column_documents(column: ColumnPage) -> QuerySet[PolicyDocumentPage]:
    """The documents a column lists, newest first (a shared column: its source's).

    By type, a column lists the whole body's documents of those types — e.g. the 规章 and
    行政规范性文件 columns list exactly the documents in force today, wherever they were filed
    (clause 10 of the notice).
    """
    source = column.shared_from if column.shared_from_id else None
    if source is not None and source.live and not source.shared_from_id:
        # A shared column (A11): what the column it shares lists, kept by that column's body.
        return column_documents(source)
    if column.listing == Listing.CHILDREN:
        qs = documents_under(column)
    else:
        qs = documents_under(_body_home(column)).filter(doc_type__in=column.doc_type_list)
        if column.listing == Listing.IN_FORCE:
            qs = qs.filter(validity_filter([ValidityStatus.EFFECTIVE]))
        elif column.listing == Listing.NOT_IN_FORCE:
            qs = qs.filter(
                validity_filter(
                    [ValidityStatus.REPEALED, ValidityStatus.EXPIRED, ValidityStatus.AMENDED]
                )
            )
    return qs.order_by("-first_published_at", "-pk")


def column_other_pages(column: ColumnPage) -> list[tuple[str, list[Page]]]:
    """The public pages filed in the column that are neither columns nor documents (the annual
    reports in 政府信息公开年报, the consultations on drafts), newest first, grouped by their kind
    (its verbose name, 年度报告, 意见征集); the apps above `columns` own those page types."""
    pages = (
        Page.objects.child_of(column)
        .live()
        .public()
        .not_type(ColumnPage, PolicyDocumentPage)
        .order_by("-first_published_at", "-pk")
        .specific()
    )
    groups: dict[str, list[Page]] = {}
    for page in pages:
        groups.setdefault(str(page._meta.verbose_name), []).append(page)
    return list(groups.items())


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


# --- 栏目完整性 across many bodies (docs/columns.md) ------------------------------------------
# One query per kind of thing — the columns, the documents, the other pages, the periods — for any
# number of bodies, never one per body or column: an openness office sees hundreds at once.


@dataclass
class ColumnIssue:
    pk: int
    title: str
    parent_title: str
    last_update: datetime | None = None
    period_days: int | None = None


@dataclass
class BodyCompleteness:
    body: Body
    empty: list[ColumnIssue] = field(default_factory=list)
    stale: list[ColumnIssue] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.empty and not self.stale


def _home_path_of(qs):
    return qs.annotate(home_path=Substr("path", 1, BODY_HOME_DEPTH * Page.steplen))


def _latest(current: datetime | None, other: datetime | None) -> datetime | None:
    if other is None:
        return current
    return other if current is None or other > current else current


def completeness_of_bodies(
    bodies: list[Body], now: datetime | None = None
) -> list[BodyCompleteness]:
    """For each body (its home page loaded): the required leaf columns that are empty (as
    `column_is_empty` judges one), and the required columns with content whose latest publication
    is older than their catalogue entry's update period (stale)."""
    now = now or timezone.now()
    homes = {b.home_page.path: b for b in bodies if b.home_page_id}
    results = {path: BodyCompleteness(body=body) for path, body in homes.items()}
    if not homes:
        return []
    columns = list(
        _home_path_of(ColumnPage.objects.filter(depth__gt=BODY_HOME_DEPTH))
        .filter(home_path__in=list(homes))
        .values(
            "pk",
            "path",
            "title",
            "catalogue_key",
            "listing",
            "doc_types",
            "required",
            "intro",
            "last_published_at",
            "home_path",
        )
        .order_by("path")
    )
    periods = dict(
        CatalogueEntry.objects.filter(update_period_days__isnull=False).values_list(
            "key", "update_period_days"
        )
    )
    docs = (
        _home_path_of(annotate_validity(documents_public()))
        .filter(home_path__in=list(homes))
        .values_list("path", "doc_type", "validity", "first_published_at", "home_path")
    )
    step = Page.steplen
    under: dict[str, datetime | None] = {}  # column path → latest document filed below it
    by_type: dict[tuple[str, str, str], datetime | None] = {}  # (home, type, validity) → latest
    for path, doc_type, validity, published, home_path in docs:
        for end in range(len(home_path) + step, len(path), step):
            under[path[:end]] = _latest(under.get(path[:end]), published)
        key = (home_path, doc_type, validity)
        by_type[key] = _latest(by_type.get(key), published)
    children: dict[str, datetime | None] = {}  # column path → latest other page filed in it
    for path, published in (
        _home_path_of(Page.objects.live().not_type(ColumnPage))
        .filter(home_path__in=list(homes), depth__gt=BODY_HOME_DEPTH + 1)
        .values_list("path", "first_published_at")
    ):
        parent = path[:-step]
        children[parent] = _latest(children.get(parent), published)
    parents = {c["path"][:-step] for c in columns}
    titles = {c["path"]: c["title"] for c in columns}
    for c in columns:
        if not c["required"]:
            continue
        has_intro = bool(c["intro"] and c["intro"].strip())
        if c["listing"] == Listing.CHILDREN:
            listed, has_listed = under.get(c["path"]), c["path"] in under
        else:
            listed, has_listed = None, False
            wanted = _LISTING_VALIDITY.get(c["listing"])
            types = {v.strip() for v in c["doc_types"].split(",") if v.strip()}
            for (home_path, doc_type, validity), published in by_type.items():
                if home_path == c["home_path"] and doc_type in types:
                    if wanted is None or validity in wanted:
                        listed, has_listed = _latest(listed, published), True
        has_children = c["path"] in children
        issue = ColumnIssue(c["pk"], c["title"], titles.get(c["path"][:-step], ""))
        result = results[c["home_path"]]
        if not (has_intro or has_listed or has_children):
            if c["path"] not in parents:
                result.empty.append(issue)
            continue
        period = periods.get(c["catalogue_key"])
        if period is None:
            continue
        last = _latest(listed, children.get(c["path"]))
        if has_intro:
            last = _latest(last, c["last_published_at"])
        if last is None or last < now - timedelta(days=period):
            issue.last_update, issue.period_days = last, period
            result.stale.append(issue)
    return [results[b.home_page.path] for b in bodies if b.home_page_id]


_LISTING_VALIDITY = {
    Listing.IN_FORCE: {ValidityStatus.EFFECTIVE.value},
    Listing.NOT_IN_FORCE: {
        ValidityStatus.REPEALED.value,
        ValidityStatus.EXPIRED.value,
        ValidityStatus.AMENDED.value,
    },
}
