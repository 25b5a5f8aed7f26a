"""Public URLs of the policy Q&A (简明问答, under /qa/; docs/policy_qa.md)."""

from django.urls import path

from gongkai.participation import views_qa_public as views

app_name = "qa"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("<int:pk>/", views.question_detail, name="question"),
]
