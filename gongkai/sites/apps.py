from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "gongkai.sites"
    label = "sites"
    verbose_name = "站点"
