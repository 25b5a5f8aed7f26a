"""The staff screens of the policy Q&A (简明问答), mounted at /workbench/qa/ (namespace
`qa_staff`; docs/policy_qa.md, "Staff screens")."""

from django.urls import path

from gongkai.participation import views_qa_staff as views

app_name = "qa_staff"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("new/", views.question_new, name="new"),
    path("from-letter/<int:letter_pk>/", views.from_letter, name="from_letter"),
    path("<int:pk>/", views.question_detail, name="question"),
    # One URL per step of the workflow table (`<pk>/submit/`), POST only.
    *(
        path(f"<int:pk>/{action}/", views.question_action, {"action": action}, name=action)
        for action in views.STAFF_ACTIONS
    ),
]
