"""The labels of the bodies app's audit actions (core.audit), shown in the admin's history."""

from wagtail import hooks

from gongkai.bodies.services import AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_ROLE_GRANT, "授予角色", "授予角色")
    actions.register_action(AUDIT_ROLE_REVOKE, "撤销角色", "撤销角色")
