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
