from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    label = "documents"
    verbose_name = "政策文件"

    def ready(self):
        # Wagtail publishes through one path (Revision.publish) whether a page is published by a
        # reviewer, at the end of a workflow, or by the scheduler; it announces every publication
        # with this signal. The receiver only calls the service.
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_unpublished

        from gongkai.documents import staff  # noqa: F401 (registers its Wagtail hooks)
        from gongkai.documents.models import DocType, PolicyDocumentPage
        from gongkai.documents.search import VALIDITY_RULE, all_documents, document_record
        from gongkai.documents.services import document_on_publish, document_on_unpublish
        from gongkai.search.registry import register, register_facet_labels, register_validity

        register(PolicyDocumentPage, to_record=document_record, all_objects=all_documents)
        register_facet_labels("doc_type", DocType.choices)
        register_validity(VALIDITY_RULE)

        def on_page_published(sender, instance, **kwargs):
            document_on_publish(instance)

        def on_page_unpublished_or_deleted(sender, instance, **kwargs):
            document_on_unpublish(instance)

        page_published.connect(on_page_published, sender=PolicyDocumentPage, weak=False)
        page_unpublished.connect(
            on_page_unpublished_or_deleted, sender=PolicyDocumentPage, weak=False
        )
        # Deleting a page is not announced as an unpublication when it was a draft, and the search
        # index must forget it either way.
        post_delete.connect(on_page_unpublished_or_deleted, sender=PolicyDocumentPage, weak=False)
