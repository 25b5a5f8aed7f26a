"""The staff workbench of 依申请公开, mounted at /workbench/applications/ (docs/workbench.md)."""

from django.urls import path

from gongkai.applications.views import staff

app_name = "workbench"

# One URL per action; the names are the workflow's action names.
_ACTIONS = {
    "accept": staff.accept,
    "request_clarification": staff.request_clarification,
    "receive_correction": staff.receive_correction,
    "clarification_lapse": staff.clarification_lapse,
    "consult": staff.consult,
    "record_opinion": staff.record_opinion,
    "issue_fee_notice": staff.issue_fee_notice,
    "record_payment": staff.record_payment,
    "fee_lapse": staff.fee_lapse,
    "extend": staff.extend,
    "decide": staff.decide,
    "reply_on_the_spot": staff.reply_on_the_spot,
    "deliver_reply": staff.deliver_reply,
    "archive": staff.archive,
    "transfer": staff.transfer,
    "withdraw": staff.withdraw,
}

urlpatterns = [
    path("", staff.case_list, name="list"),
    path("register/", staff.case_register, name="register"),
    path("<int:pk>/", staff.case_detail, name="case"),
    *(
        path(f"<int:pk>/{action.replace('_', '-')}/", view, name=action)
        for action, view in _ACTIONS.items()
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
    path("<int:pk>/typical-case/", staff.typical_case, name="typical_case"),
]
