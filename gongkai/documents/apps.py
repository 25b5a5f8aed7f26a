from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "gongkai.documents"
    label = "documents"
    verbose_name = "政策文件"

    def ready(self):
        # Wagtail publishes through one path (Revision.publish) whether a page is published by a
        # reviewer, at the end of a workflow, or by the scheduler; it announces every publication
        # with this signal. The receiver only calls the service.
        from wagtail.signals import page_published

        from gongkai.documents.models import PolicyDocumentPage
        from gongkai.documents.services import document_on_publish

        def on_page_published(sender, instance, **kwargs):
            document_on_publish(instance)

        page_published.connect(on_page_published, sender=PolicyDocumentPage, weak=False)
