"""The staff workbench of 依申请公开, mounted at /workbench/applications/ (docs/workbench.md)."""

from django.urls import path

from gongkai.applications import workflow
from gongkai.applications.views import review, staff, typical

app_name = "workbench"

# One URL per step action of the workflow table (`<pk>/request-clarification/`), named by the
# action, all served by the one action view.
_ACTIONS = workflow.STEP_ACTIONS

urlpatterns = [
    path("", staff.case_list, name="list"),
    path("register/", staff.case_register, name="register"),
    path("review/", review.review_queue, name="review_queue"),
    path("review/settings/", review.sign_off_setting, name="sign_off_setting"),
    path("<int:pk>/", staff.case_detail, name="case"),
    *(
        path(
            f"<int:pk>/{action.replace('_', '-')}/",
            staff.case_action,
            {"action": action},
            name=action,
        )
        for action in _ACTIONS
    ),
    path(
        "<int:pk>/notices/<int:notice_pk>.<str:file_type>",
        staff.notice_download,
        name="notice_download",
    ),
    path(
        "<int:pk>/events/<int:event_pk>/notice/",
        staff.notice_regenerate_view,
        name="notice_regenerate",
    ),
    path("<int:pk>/remedies/", staff.remedy_record, name="remedy_record"),
    path(
        "<int:pk>/remedies/<int:remedy_pk>/conclude/",
        staff.remedy_conclude,
        name="remedy_conclude",
    ),
    path("<int:pk>/typical-case/", typical.typical_case_page, name="typical_case"),
    path(
        "<int:pk>/typical-case/<int:typical_pk>/approve/",
        typical.typical_case_approve_view,
        name="typical_case_approve",
    ),
    path(
        "<int:pk>/typical-case/<int:typical_pk>/return/",
        typical.typical_case_return_view,
        name="typical_case_return",
    ),
    path(
        "<int:pk>/typical-case/<int:typical_pk>/unpublish/",
        typical.typical_case_unpublish_view,
        name="typical_case_unpublish",
    ),
]
