"""The staff screens for comments on consultations, mounted at /workbench/participation/
(namespace `moderation`; docs/participation.md, "Staff screens")."""

from django.urls import path

from gongkai.participation import comment_workflow as workflow
from gongkai.participation import views_staff

app_name = "moderation"

urlpatterns = [
    path("", views_staff.consultation_list, name="list"),
    path("<int:pk>/", views_staff.consultation_comments, name="consultation"),
    path("<int:pk>/register/", views_staff.comment_register, name="register"),
    path("<int:pk>/feedback/", views_staff.feedback_publish, name="feedback"),
    path("comments/<int:pk>/", views_staff.comment_detail, name="comment"),
    # One URL per step action of the workflow table (`comments/<pk>/publish/`), POST only.
    *(
        path(
            f"comments/<int:pk>/{action}/",
            views_staff.comment_action,
            {"action": action},
            name=action,
        )
        for action in workflow.STEP_ACTIONS
    ),
]
