from django.apps import AppConfig


class BodiesConfig(AppConfig):
    name = "gongkai.bodies"
    label = "bodies"
