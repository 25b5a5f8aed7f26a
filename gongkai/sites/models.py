"""The site sections of the platform: the portal at the root of the shared host, and one home page
per body (本机关站点首页) at `/<code>/`, or at `/` of the body's own host name when one is set.

They live above `bodies`, `columns` and `documents` (docs/decisions.md, "Site pages and body
provisioning in their own app"): a home page lists the body's columns and latest documents, so the
app that holds it must be allowed to import those apps, and `bodies` must not.
"""

from __future__ import annotations

from django.db import models
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import body_tree_for_portal
from gongkai.columns.selectors import columns_of_body
from gongkai.documents.selectors import documents_latest


class PortalHomePage(Page):
    """The province portal: the root of the shared host. Lists the bodies and the library."""

    intro = models.TextField("简介", blank=True)

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["sites.BodyHomePage", "documents.LibraryPage"]
    max_count = 1
    template = "web/portal_home_page.html"

    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = "平台首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["bodies"] = body_tree_for_portal()
        context["latest_documents"] = documents_latest(limit=10)
        return context


class BodyHomePage(Page):
    """A body's site section (本机关站点首页)."""

    body = models.OneToOneField(Body, on_delete=models.PROTECT, related_name="+", null=True)
    intro = models.TextField("简介", blank=True)

    parent_page_types = ["sites.PortalHomePage"]
    subpage_types = ["columns.ColumnPage"]
    template = "web/body_home_page.html"

    content_panels = [*Page.content_panels, "intro"]

    class Meta:
        verbose_name = "机关站点首页"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["columns"] = columns_of_body(self)
        context["latest_documents"] = documents_latest(under=self, limit=10)
        return context
