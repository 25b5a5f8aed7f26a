"""Sitemaps (sitemaps.org 0.9) and robots.txt: an index (`/sitemap.xml`) naming one sitemap for
the portal's own pages (the portal, the library, body homes and columns) and one per body for its
documents (`/sitemap-body-<code>.xml`; the law library's as `sitemap-library-<slug>.xml`), each
with `lastmod`, split into pages of 50,000 addresses (the protocol's limit) by Django's sitemap
framework (`?p=2`). `robots.txt` names the index and keeps crawlers out of the admin, the
workbench and the forms."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.columns.models import ColumnPage
from gongkai.documents.models import LibraryPage
from gongkai.documents.selectors import documents_under
from gongkai.sites.models import BodyHomePage, PortalHomePage

LIMIT = 50_000  # sitemaps.org: at most 50,000 URLs (and 50 MB) a file


class PagesSitemap(Sitemap):
    limit = LIMIT

    def location(self, page):
        return page.url_path_for_sitemap

    def lastmod(self, page):
        return page.last_published_at


class ContainerSitemap(PagesSitemap):
    """The portal, the library pages, the body homes and their columns."""

    def items(self):
        pages = (
            Page.objects.live()
            .public()
            .type(PortalHomePage, BodyHomePage, ColumnPage, LibraryPage)
            .order_by("path")
        )
        return _with_urls(pages)


class DocumentsSitemap(PagesSitemap):
    """The documents under one body home (or the law library)."""

    def __init__(self, home: Page):
        self.home = home

    def items(self):
        return _with_urls(documents_under(self.home).order_by("path"))


def _with_urls(pages):
    """Each page with its path on the default site (a body's own host has its own pages too,
    but the index is the platform's)."""
    out = []
    for page in pages.iterator(chunk_size=2000):
        relative = page.get_url() or ""
        if relative:
            page.url_path_for_sitemap = relative
            out.append(page)
    return out


def sections() -> dict[str, Sitemap]:
    found: dict[str, Sitemap] = {"pages": ContainerSitemap()}
    for body in Body.objects.exclude(home_page=None).select_related("home_page").order_by("path"):
        found[f"body-{body.code}"] = DocumentsSitemap(body.home_page)
    for library in LibraryPage.objects.live().public().order_by("path"):
        found[f"library-{library.slug}"] = DocumentsSitemap(library)
    return found


@require_GET
def sitemap_index(request):
    return sitemap_views.index(request, sections(), sitemap_url_name="sitemap_section")


@require_GET
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, sections(), section=section)


ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /workbench/
Disallow: /apply/track/
Disallow: /mailbox/track/
Disallow: /search/

Sitemap: {sitemap}
"""


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    return HttpResponse(ROBOTS.format(sitemap=sitemap), content_type="text/plain; charset=utf-8")
