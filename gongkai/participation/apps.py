from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "gongkai.participation"
    label = "participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        # A consultation's articles are rebuilt from the draft text that went live, by whatever
        # path the page was published (an editor, a reviewer's approval, the scheduler): Wagtail
        # announces each with this signal, and the receiver only calls the service.
        from wagtail.signals import page_published

        from gongkai.participation.models import ConsultationPage
        from gongkai.participation.services import consultation_articles_sync

        def on_page_published(sender, instance, **kwargs):
            consultation_articles_sync(instance)

        page_published.connect(on_page_published, sender=ConsultationPage, weak=False)

        # The policy Q&A: searchable like documents, and shown on the page of each policy it
        # rests on, with the consultation on a policy's draft (documents/related.py).
        from gongkai.documents.related import register_related
        from gongkai.participation.models import PolicyQuestion
        from gongkai.participation.qa_search import (
            DOC_TYPE,
            DOC_TYPE_LABEL,
            all_questions,
            question_record,
        )
        from gongkai.participation.related import consultation_section, questions_section
        from gongkai.search.registry import register, register_facet_labels

        register(PolicyQuestion, to_record=question_record, all_objects=all_questions)
        register_facet_labels("doc_type", [(DOC_TYPE, DOC_TYPE_LABEL)])
        register_related("qa", questions_section)
        register_related("consultation", consultation_section)
