"""The admin menu entry "依申请公开": a link to the staff workbench, for those who handle cases."""

from __future__ import annotations

from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from gongkai.applications.selectors import bodies_handled_by
from gongkai.applications.services.messages import AUDIT_CODE_REISSUE
from gongkai.applications.services.remedies import AUDIT_REMEDY_CONCLUDE, AUDIT_REMEDY_RECORD
from gongkai.applications.services.review_settings import AUDIT_SIGN_OFF_SETTING
from gongkai.applications.services.typical import (
    AUDIT_TYPICAL_PROPOSE,
    AUDIT_TYPICAL_PUBLISH,
    AUDIT_TYPICAL_RETURN,
    AUDIT_TYPICAL_UNPUBLISH,
)


class WorkbenchMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        # Clerks, office heads, reviewers and site admins of some body, and the operator;
        # information officers (信息员) do not handle applications.
        return any(qs.exists() for qs in bodies_handled_by(request.user))


@hooks.register("register_admin_menu_item")
def register_workbench_menu_item() -> MenuItem:
    return WorkbenchMenuItem(
        "依申请公开",
        reverse("workbench:list"),
        name="applications-workbench",
        icon_name="doc-full-inverse",
        order=300,
    )


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    """The labels of the writes outside the workflow (core.audit), shown in the admin's history."""
    actions.register_action(AUDIT_REMEDY_RECORD, "登记行政复议或诉讼", "登记行政复议或诉讼")
    actions.register_action(AUDIT_REMEDY_CONCLUDE, "登记复议或诉讼结果", "登记复议或诉讼结果")
    actions.register_action(AUDIT_TYPICAL_PROPOSE, "提交典型案例审核", "提交典型案例审核")
    actions.register_action(AUDIT_TYPICAL_RETURN, "退回典型案例", "退回典型案例")
    actions.register_action(AUDIT_TYPICAL_PUBLISH, "审核发布典型案例", "审核发布典型案例")
    actions.register_action(AUDIT_TYPICAL_UNPUBLISH, "撤回典型案例", "撤回典型案例")
    actions.register_action(AUDIT_CODE_REISSUE, "补发查询码", "补发查询码")
    actions.register_action(AUDIT_SIGN_OFF_SETTING, "修改答复签发设置", "修改答复签发设置")
