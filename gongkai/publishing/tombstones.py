"""Tombstones: the public documents that left (unpublished, deleted, put behind a view
restriction), kept so that the feeds can say so (RFC 6721 `at:deleted-entry`) and a harvesting
site removes them. A document that comes back loses its tombstone.

Connected in `signals.connect_tombstones` to Wagtail's page signals, whatever `PUBLISH_ENABLED`
says: the feeds are served by Django either way.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail.models import Page, Site

from gongkai.bodies.selectors import BODY_HOME_DEPTH
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.selectors import documents_public
from gongkai.publishing.models import Tombstone


def owner_path(page: Page) -> str:
    """The treebeard path of the body home (or the library page) a page stands under."""
    return page.path[: Page.steplen * BODY_HOME_DEPTH] if page.depth > BODY_HOME_DEPTH else ""


def public_path(page: Page) -> str:
    """Where the page was on the platform's own host: its path below the default Site's root
    (Wagtail's own URL methods answer oddly for a page just unpublished)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = site.root_page.url_path if site is not None else "/"
    return (
        "/" + page.url_path.removeprefix(root) if page.url_path.startswith(root) else page.url_path
    )


def tombstone_record(page: PolicyDocumentPage) -> None:
    """The document is no longer public: remember where it was (once; the first time counts)."""
    if not page.first_published_at or documents_public().filter(pk=page.pk).exists():
        return
    parent = page.get_parent() if page.depth > 1 else None
    Tombstone.objects.update_or_create(
        page_id=page.pk,
        defaults={
            "url": public_path(page),
            "title": page.title[:255],
            "owner_path": owner_path(page),
            "parent_id": parent.pk if parent is not None else None,
            "doc_type": getattr(page, "doc_type", ""),
            "gone_at": timezone.now(),
        },
    )


def tombstone_clear(page: Page) -> None:
    """The document is public again: it is no longer gone."""
    Tombstone.objects.filter(page_id=page.pk).delete()
