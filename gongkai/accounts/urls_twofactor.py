"""二次验证's pages, mounted at /admin/twofactor/ by twofactor_hooks.py (names `twofactor:*`)."""

from django.urls import path

from gongkai.accounts import views_twofactor as views

app_name = "twofactor"

urlpatterns = [
    path("", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("backup-codes/", views.backup_codes, name="backup_codes"),
    path("disable/", views.disable, name="disable"),
]
