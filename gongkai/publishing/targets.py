"""What the publish tree should hold, read from the database: every address of every public page
that does not depend on the visitor, and the public views that are not pages."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import Page, Site

from gongkai.applications.selectors import typical_cases_published
from gongkai.columns.models import ColumnPage
from gongkai.documents.models import LibraryPage, PolicyDocumentPage
from gongkai.participation.models import ConsultationPage
from gongkai.participation.qa_selectors import questions_published
from gongkai.publishing.tree import DEFAULT_SITE_DIR, site_dir_of
from gongkai.reports.pages import AnnualReportPage
from gongkai.sites.models import BodyHomePage, PortalHomePage

# The page types published; any other stays dynamic. A document has its print view too; an
# annual report's downloads (DOCX/PDF/XLSX) are files, not pages, and stay dynamic.
PAGE_TYPES = (PortalHomePage, BodyHomePage, ColumnPage, LibraryPage, PolicyDocumentPage)
PAGE_TYPES += (AnnualReportPage, ConsultationPage)
SUBPATHS = {PolicyDocumentPage: ("", "print/")}


@dataclass(frozen=True)
class Target:
    site_dir: str
    path: str
    page_id: int | None
    stamp: datetime | None  # the page's last_published_at


@dataclass(frozen=True)
class SiteRoot:
    site: Site
    site_dir: str
    url_path: str  # of the root page, "/portal/"


def site_roots() -> list[SiteRoot]:
    out = []
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "hostname"):
        out.append(SiteRoot(site, site_dir_of(site), site.root_page.url_path))
    return out


def site_for_dir(site_dir: str) -> Site | None:
    for root in site_roots():
        if root.site_dir == site_dir:
            return root.site
    return None


def _subpaths_by_type() -> dict[int, tuple[str, ...]]:
    return {ContentType.objects.get_for_model(m).pk: s for m, s in SUBPATHS.items()}


def _addresses(row: dict, roots: list[SiteRoot], subpaths) -> Iterator[Target]:
    for root in roots:
        if not row["url_path"].startswith(root.url_path):
            continue
        base = row["url_path"][len(root.url_path) - 1 :]
        for sub in subpaths.get(row["content_type_id"], ("",)):
            yield Target(root.site_dir, base + sub, row["id"], row["last_published_at"])


def _public_pages():
    return Page.objects.live().public().type(*PAGE_TYPES)


FIELDS = ("id", "url_path", "last_published_at", "content_type_id")


def page_targets(page_ids: Iterable[int], roots: list[SiteRoot] | None = None) -> list[Target]:
    """The addresses the pages should have now (none for a page gone, unpublished or restricted)."""
    roots = roots if roots is not None else site_roots()
    subpaths = _subpaths_by_type()
    rows = _public_pages().filter(pk__in=list(page_ids)).values(*FIELDS)
    return [t for row in rows for t in _addresses(row, roots, subpaths)]


def subtree_ids(page_id: int) -> list[int]:
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return []
    return list(Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True))


def view_paths() -> list[str]:
    """The public views that are not pages but show the same to everyone: the province-wide
    library, the typical cases and the policy Q&A (first pages only: `?page=N` and filters stay dynamic)."""
    paths = [reverse("library"), reverse("apply:typical_cases"), reverse("qa:list")]
    for pk in typical_cases_published().values_list("pk", flat=True):
        paths.append(reverse("apply:typical_case", args=[pk]))
    for pk in questions_published().values_list("pk", flat=True):
        paths.append(reverse("qa:question", args=[pk]))
    return paths


def all_targets() -> Iterator[Target]:
    """Everything the tree should hold, in path order per site."""
    roots = site_roots()
    subpaths = _subpaths_by_type()
    for row in _public_pages().order_by("path").values(*FIELDS).iterator(chunk_size=2000):
        yield from _addresses(row, roots, subpaths)
    if any(r.site_dir == DEFAULT_SITE_DIR for r in roots):
        for path in view_paths():
            yield Target(DEFAULT_SITE_DIR, path, None, None)
