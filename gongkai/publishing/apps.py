from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    label = "publishing"
    verbose_name = "静态发布"

    def ready(self):
        # Changes reach the dependency map through signals (signals.py, docs/publishing.md).
        from gongkai.publishing import signals

        signals.connect()
        signals.connect_tombstones()
        signals.connect_changes()
