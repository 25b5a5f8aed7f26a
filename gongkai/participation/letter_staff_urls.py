"""The staff screens for mailbox letters (来信办理), mounted at /workbench/letters/ (namespace
`letters`; docs/mailbox.md, "Staff screens")."""

from django.urls import path

from gongkai.participation import views_letters_staff as views
from gongkai.participation import views_topics as topics

app_name = "letters"

urlpatterns = [
    path("", views.letter_list, name="list"),
    path("limits/", views.limits, name="limits"),
    path("topics/", topics.staff_list, name="topics"),
    path("topics/new/", topics.staff_new, name="topic_new"),
    path("topics/<int:pk>/", topics.staff_topic, name="topic"),
    *(
        path(
            f"topics/<int:pk>/{action}/",
            topics.staff_action,
            {"action": action},
            name=f"topic_{action}",
        )
        for action in topics.STEPS
    ),
    path("<int:pk>/", views.letter_detail, name="letter"),
    # One URL per staff step of the workflow table (`<pk>/assign/`), POST only; the writer's
    # steps (rate, follow_up) belong to the public tracking page.
    *(
        path(f"<int:pk>/{action}/", views.letter_action, {"action": action}, name=action)
        for action in views.STAFF_ACTIONS
    ),
]
