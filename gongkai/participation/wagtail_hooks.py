"""The consultation editor's messages after saving, the guard that keeps comments from being
deleted with their consultation, the admin menu entries "意见征集", "来信办理" and "简明问答" (the
staff screens), the dashboard panel "我的待办" and the labels of the app's audit actions."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from gongkai.participation.forms_letters_staff import AUDIT_MAILBOX_LIMITS
from gongkai.participation.letter_messages import AUDIT_LETTER_CODE_REISSUE
from gongkai.participation.letter_selectors import bodies_handling_letters
from gongkai.participation.page_form import consultation_editor_messages
from gongkai.participation.qa_selectors import bodies_writing_questions
from gongkai.participation.selectors import bodies_moderated_by, comments_under
from gongkai.participation.services import AUDIT_FEEDBACK_PUBLISH
from gongkai.participation.views_letters_staff import my_tasks

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


class LettersMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # Everyone who acts for some body (any role: HANDLER_ROLES), and the operator.
        return bodies_handling_letters(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_letters_menu_item() -> MenuItem:
    return LettersMenuItem(
        "来信办理",
        reverse("letters:list"),
        name="participation-letters",
        icon_name="mail",
        order=320,
    )


class QuestionsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # Everyone who acts for some body writes its policy Q&A; its reviewers publish them.
        return bodies_writing_questions(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_questions_menu_item() -> MenuItem:
    return QuestionsMenuItem(
        "简明问答",
        reverse("qa_staff:list"),
        name="participation-qa",
        icon_name="help",
        order=330,
    )


class MyTasksPanel(Component):
    """我的待办 on the dashboard: the letters waiting for the user, with their clocks, and the
    comments waiting for moderation in the open consultations of their bodies."""

    name = "gongkai_my_letters"
    template_name = "participation/letters/dashboard_panel.html"
    order = 25  # after the pages to review and the applications due (web/wagtail_hooks.py)

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return my_tasks(self.user)


@hooks.register("construct_homepage_panels")
def add_my_tasks_panel(request, panels):
    if bodies_handling_letters(request.user).exists():
        panels.append(MyTasksPanel(request.user))


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_FEEDBACK_PUBLISH, "公布意见采纳情况", "公布意见采纳情况")
    actions.register_action(AUDIT_MAILBOX_LIMITS, "设置信箱答复时限", "设置信箱答复时限")
    actions.register_action(AUDIT_LETTER_CODE_REISSUE, "补发来信查询码", "补发来信查询码")
