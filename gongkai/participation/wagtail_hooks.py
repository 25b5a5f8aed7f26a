"""The consultation editor's messages after saving, the guard that keeps comments from being
deleted with their consultation, and the labels of the app's audit actions."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from gongkai.participation.page_form import consultation_editor_messages
from gongkai.participation.selectors import comments_under
from gongkai.participation.services import AUDIT_FEEDBACK_PUBLISH

MSG_DELETE_WITH_COMMENTS = (
    "该页面（或其下的意见征集）已收到公众意见，不能删除：意见及其处理记录须保留。"
    "如需停止公开，请取消发布。"
)

# What the editor should know about the consultation just saved (page_form.ConsultationPageForm):
# a shortened period with its reason, articles out of sequence, how many articles were found.
hooks.register("after_create_page", consultation_editor_messages)
hooks.register("after_edit_page", consultation_editor_messages)


@hooks.register("before_delete_page")
def keep_comments(request, page):
    """A consultation with comments (or a column holding one) is unpublished, never deleted: the
    comments are records the body must keep (models: on_delete=PROTECT)."""
    if comments_under(page):
        messages.error(request, MSG_DELETE_WITH_COMMENTS)
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_FEEDBACK_PUBLISH, "公布意见采纳情况", "公布意见采纳情况")
