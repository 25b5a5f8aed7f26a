"""Public pages of 依申请公开: the application form, the receipt, tracking."""

from django.urls import path  # noqa: F401

app_name = "apply"
urlpatterns: list = []
