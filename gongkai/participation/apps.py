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

        # Consultations, their published comments and the published letters: searchable too.
        from django.db.models.signals import post_delete
        from wagtail.signals import page_unpublished

        from gongkai.participation import search_records as records
        from gongkai.participation.models import Comment, HotTopic, Letter
        from gongkai.participation.services import consultation_search_enqueue

        register(
            ConsultationPage,
            to_record=records.consultation_record,
            all_objects=records.all_consultations,
        )
        register(Comment, to_record=records.comment_record, all_objects=records.all_comments)
        register(Letter, to_record=records.letter_record, all_objects=records.all_letters)
        register(HotTopic, to_record=records.topic_record, all_objects=records.all_topics)
        register_facet_labels("doc_type", records.LABELS)

        def on_consultation_changed(sender, instance, **kwargs):
            consultation_search_enqueue(instance)

        for signal in (page_published, page_unpublished, post_delete):
            signal.connect(on_consultation_changed, sender=ConsultationPage, weak=False)
        register_related("qa", questions_section)
        register_related("consultation", consultation_section)
