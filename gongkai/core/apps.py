from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gongkai.core"
    label = "core"

    def ready(self):
        from gongkai.core import throttle  # noqa: F401 - registers the check of its settings
