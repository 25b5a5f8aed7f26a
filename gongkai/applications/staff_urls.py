"""The staff workbench of 依申请公开."""

from django.urls import path  # noqa: F401

app_name = "workbench"
urlpatterns: list = []
