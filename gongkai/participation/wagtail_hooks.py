"""The consultation editor's messages after saving, the guard that keeps comments from being
deleted with their consultation, the admin menu entry "意见征集" (the staff screens) and the labels
of the app's audit actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.participation.page_form import consultation_editor_messages
from gongkai.participation.selectors import bodies_moderated_by, comments_under
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


class ModerationMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # 信息员, 审核 and 站点管理员 of some body, and the operator: those who may moderate.
        return bodies_moderated_by(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item() -> MenuItem:
    return ModerationMenuItem(
        "意见征集",
        reverse("moderation:list"),
        name="participation-moderation",
        icon_name="comment",
        order=310,
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_FEEDBACK_PUBLISH, "公布意见采纳情况", "公布意见采纳情况")
