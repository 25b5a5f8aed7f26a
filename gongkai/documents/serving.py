"""Who may download an attachment: the public once a live public page uses it, the body's staff before.

An attachment is uploaded into its body's collection while the document is still a draft (or never
published at all). It becomes public only when a live page uses it — listed as one of a
`PolicyDocumentPage`'s attachments (`DocumentAttachment`, whose rows are the live version's) or
linked from a live page's rich text (Wagtail's reference index) — and that page, with every page
above it (the body's section), is live and not restricted ("隐私" settings). Before that only staff
who may act for the body of the attachment's collection (`bodies_for_user`) get it; everyone else
gets a 404, which does not confirm that the attachment exists.

Files are served only through Wagtail's serve view (`/documents/<id>/<name>`,
`WAGTAILDOCS_SERVE_METHOD = "serve_view"`), which calls `check_attachment_access` through the
`before_serve_document` hook; `/media/documents/` is never served (`public_media`, docs/documents.md).
"""

from __future__ import annotations

import posixpath

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.cache import patch_cache_control
from django.views.static import serve
from wagtail.documents.views.serve import serve as wagtail_serve
from wagtail.models import Page, PageViewRestriction, ReferenceIndex

from gongkai.bodies.selectors import bodies_for_user
from gongkai.documents.models import Attachment, DocumentAttachment

# Where Wagtail stores documents under MEDIA_ROOT (AbstractDocument.file's upload_to).
DOCUMENTS_MEDIA_PREFIX = "documents/"


def _pages_using(attachment: Attachment) -> set[int]:
    page_ids = set(
        DocumentAttachment.objects.filter(attachment=attachment, page__live=True).values_list(
            "page_id", flat=True
        )
    )
    page_type = ContentType.objects.get_for_model(Page)
    linked = ReferenceIndex.get_references_to(attachment).filter(base_content_type=page_type)
    page_ids.update(int(pk) for pk in linked.values_list("object_id", flat=True))
    return page_ids


def _publicly_visible(page: Page) -> bool:
    """The page and every page above it (below the tree's root) are live and unrestricted."""
    steplen = Page.steplen
    paths = [page.path[:end] for end in range(2 * steplen, len(page.path) + 1, steplen)]
    if Page.objects.filter(path__in=paths, live=False).exists():
        return False
    return not PageViewRestriction.objects.filter(page__path__in=paths).exists()


def attachment_is_public(attachment: Attachment) -> bool:
    pages = Page.objects.filter(pk__in=_pages_using(attachment), live=True).only("path")
    return any(_publicly_visible(page) for page in pages)


def user_may_act_for_attachment(user, attachment: Attachment) -> bool:
    """Staff of the body whose collection holds the attachment (its subtree's site admins, the
    platform operator)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return bodies_for_user(user).filter(collection_id=attachment.collection_id).exists()


def check_attachment_access(document: Attachment, request) -> None:
    """The `before_serve_document` hook: a 404 unless the attachment is public or the user is staff
    of its body."""
    if user_may_act_for_attachment(request.user, document):
        return
    if not attachment_is_public(document):
        raise Http404("附件不存在")


def serve_attachment(request, document_id: int, document_filename: str):
    """Wagtail's serve view (which calls the hook above), with what a browser or a proxy may keep:
    an attachment no live page uses yet reaches only its body's staff, so no cache between them
    and the server may store it (`Cache-Control: private, no-store`)."""
    response = wagtail_serve(request, document_id, document_filename)
    attachment = Attachment.objects.filter(pk=document_id).first()
    if response.status_code == 200 and attachment is not None:
        if not attachment_is_public(attachment):
            patch_cache_control(response, private=True, no_store=True)
    return response


def public_media(request, path: str):
    """`/media/` as Django serves it in development (MEDIA_ROOT read on each request): everything
    but the attachments, which only the checking view above serves. The path is normalised first,
    as `serve` does (`x/../documents/`)."""
    normalised = posixpath.normpath(path).lstrip("/")
    if normalised == DOCUMENTS_MEDIA_PREFIX.rstrip("/") or normalised.startswith(
        DOCUMENTS_MEDIA_PREFIX
    ):
        raise Http404("附件不存在")
    return serve(request, path, document_root=settings.MEDIA_ROOT)
