"""Where changes reach the dependency map: Wagtail's page signals and the models whose rows
change what public pages show (connected in apps.PublishingConfig.ready).

Each receiver only reads the facts of the change and writes outbox rows in the change's own
transaction (services.publish_enqueue); nothing is rendered here.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from gongkai.applications.models import TypicalCase
from gongkai.bodies.models import Body
from gongkai.columns.models import CatalogueEntry
from gongkai.documents.models import DocumentRepeal, PolicyDocumentPage
from gongkai.participation.models import (
    Comment,
    ConsultationPage,
    PolicyQuestion,
    QuestionStatus,
)
from gongkai.publishing import changes, deps
from gongkai.publishing.facts import (
    facts_of_body_home,
    facts_of_document,
    facts_of_page,
    kind_of,
)
from gongkai.publishing.services import publish_change, publish_enqueue
from gongkai.publishing.tombstones import tombstone_clear, tombstone_record
from gongkai.sites.models import SiteFooterSettings


def page_changed(page: Page) -> None:
    """A page was published, unpublished, is about to be deleted, or moved."""
    if not settings.PUBLISH_ENABLED:
        return
    kind = kind_of(page)
    if kind is None:
        return
    page = page.specific_deferred if not isinstance(page, PolicyDocumentPage) else page
    if kind == "document":
        publish_change(kind, facts_of_document(page))
    else:
        publish_change(kind, facts_of_page(page))


def _on_page(sender, instance, **kwargs):
    page_changed(instance)


def _on_page_deleted(sender, instance, **kwargs):
    # Its files go (the worker finds the page gone); pre_delete told its dependents already.
    if settings.PUBLISH_ENABLED and isinstance(instance, Page):
        publish_enqueue([f"page:{instance.pk}"])


def _on_page_delete(sender, instance, **kwargs):
    # A live page is unpublished before deletion (Wagtail's own pre_delete); a draft shows
    # nowhere, but its versions, interpretations or repeals may name it.
    if isinstance(instance, Page) and not instance.live:
        page_changed(instance)


def _on_moved(sender, instance, **kwargs):
    if not settings.PUBLISH_ENABLED:
        return
    # Every address below it changes; the old parent's side was told before the move.
    publish_enqueue([f"subtree:{instance.pk}"])
    page_changed(instance)


def _on_restriction(sender, instance, **kwargs):
    # A restricted page depends on the visitor: it leaves the tree (or comes back when the
    # restriction goes), with everything below it. A document's is a document change; above one,
    # the documents below leave every list of the body, the portal and the library: rare, so all.
    if not settings.PUBLISH_ENABLED:
        return
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    if kind_of(page) == "document":
        publish_change("document", facts_of_document(page.specific))
    else:
        publish_change("everything", deps.Facts())


def _on_repeal(sender, instance, **kwargs):
    if settings.PUBLISH_ENABLED:
        document = PolicyDocumentPage.objects.filter(pk=instance.document_id).first()
        if document is not None:
            publish_change("document", facts_of_document(document))


def _on_typical(sender, instance, **kwargs):
    if settings.PUBLISH_ENABLED:
        publish_change("typical", deps.Facts(typical_case=instance.pk))


def _on_question(sender, instance, **kwargs):
    # Only a published entry shows anywhere, so only publishing and withdrawing reach the pages:
    # the Q&A list, the entry, and the page of each policy it rests on.
    if settings.PUBLISH_ENABLED and instance.status in (
        QuestionStatus.PUBLISHED,
        QuestionStatus.WITHDRAWN,
    ):
        documents = tuple(instance.bases.values_list("document_id", flat=True))
        publish_change("qa", deps.Facts(question=instance.pk, shown_by=documents))


def _on_consultation(sender, instance, update_fields=None, **kwargs):
    # The feedback report: the consultation's page shows it, and the final document's page then
    # links back to the consultation (participation/related.py): both are rendered again.
    if not settings.PUBLISH_ENABLED:
        return
    if update_fields is None or "feedback_published_at" not in update_fields:
        return
    publish_change("consultation", deps.Facts(page_id=instance.pk))
    document = PolicyDocumentPage.objects.filter(pk=instance.final_document_id).first()
    if document is not None:
        publish_change("document", facts_of_document(document))


def _on_comment(sender, instance, created=False, **kwargs):
    # A comment published, taken down or disposed of changes its consultation's public page (a
    # new one, pending, does not; saving it again through the workflow does).
    if settings.PUBLISH_ENABLED and not created:
        publish_change("consultation", deps.Facts(page_id=instance.consultation_id))


def _on_body(sender, instance, **kwargs):
    if settings.PUBLISH_ENABLED and instance.home_page_id:
        publish_change("body", facts_of_body_home(instance.home_page_id))


def _on_everything(sender, **kwargs):
    if settings.PUBLISH_ENABLED and not kwargs.get("raw"):
        publish_change("everything", deps.Facts())


def _tombstone_on_unpublish(sender, instance, **kwargs):
    tombstone_record(instance)


def _tombstone_on_publish(sender, instance, **kwargs):
    tombstone_clear(instance)


def connect_tombstones() -> None:
    """Whatever PUBLISH_ENABLED says: the feeds are Django's (publishing/feeds.py)."""
    uid = "gongkai.publishing.tombstones"
    page_unpublished.connect(
        _tombstone_on_unpublish, sender=PolicyDocumentPage, dispatch_uid=f"{uid}.unpublished"
    )
    page_published.connect(
        _tombstone_on_publish, sender=PolicyDocumentPage, dispatch_uid=f"{uid}.published"
    )


def _change_published(sender, instance, **kwargs):
    changes.document_published(instance)


def _change_unpublished(sender, instance, **kwargs):
    changes.document_unpublished(instance)


def _change_repeal(sender, instance, **kwargs):
    changes.document_changed(instance.document_id)


def connect_changes() -> None:
    """The change feed (changes.py), whatever PUBLISH_ENABLED says: it is the API's."""
    uid = "gongkai.publishing.changes"
    page_published.connect(
        _change_published, sender=PolicyDocumentPage, dispatch_uid=f"{uid}.published"
    )
    page_unpublished.connect(
        _change_unpublished, sender=PolicyDocumentPage, dispatch_uid=f"{uid}.unpublished"
    )
    post_save.connect(_change_repeal, sender=DocumentRepeal, dispatch_uid=f"{uid}.repeal_save")
    post_delete.connect(_change_repeal, sender=DocumentRepeal, dispatch_uid=f"{uid}.repeal_delete")


def connect() -> None:
    uid = "gongkai.publishing"
    page_published.connect(_on_page, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(_on_page, dispatch_uid=f"{uid}.unpublished")
    pre_page_move.connect(_on_page, dispatch_uid=f"{uid}.pre_move")
    post_page_move.connect(_on_moved, dispatch_uid=f"{uid}.post_move")
    pre_delete.connect(_on_page_delete, dispatch_uid=f"{uid}.pre_delete")
    post_delete.connect(_on_page_deleted, dispatch_uid=f"{uid}.post_delete")
    for model in (DocumentRepeal,):
        post_save.connect(_on_repeal, sender=model, dispatch_uid=f"{uid}.repeal_save")
        post_delete.connect(_on_repeal, sender=model, dispatch_uid=f"{uid}.repeal_delete")
    post_save.connect(_on_typical, sender=TypicalCase, dispatch_uid=f"{uid}.typical_save")
    post_delete.connect(_on_typical, sender=TypicalCase, dispatch_uid=f"{uid}.typical_delete")
    post_save.connect(_on_question, sender=PolicyQuestion, dispatch_uid=f"{uid}.question_save")
    post_save.connect(
        _on_consultation, sender=ConsultationPage, dispatch_uid=f"{uid}.consultation_feedback"
    )
    post_save.connect(_on_comment, sender=Comment, dispatch_uid=f"{uid}.comment")
    post_save.connect(_on_body, sender=Body, dispatch_uid=f"{uid}.body")
    post_save.connect(_on_restriction, sender=PageViewRestriction, dispatch_uid=f"{uid}.vr_save")
    post_delete.connect(
        _on_restriction, sender=PageViewRestriction, dispatch_uid=f"{uid}.vr_delete"
    )
    for model in (CatalogueEntry, Site, SiteFooterSettings):
        name = model._meta.label_lower
        post_save.connect(_on_everything, sender=model, dispatch_uid=f"{uid}.{name}.save")
        post_delete.connect(_on_everything, sender=model, dispatch_uid=f"{uid}.{name}.delete")
