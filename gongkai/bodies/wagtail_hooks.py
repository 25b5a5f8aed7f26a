"""The labels of the bodies app's audit actions (core.audit), shown in the admin's history."""

from wagtail import hooks

from gongkai.bodies import admin_scoping  # noqa: F401
from gongkai.bodies.personal_data_forms import personal_data_warnings
from gongkai.bodies.services import AUDIT_ROLE_GRANT, AUDIT_ROLE_REVOKE, AUDIT_STAFF_CREATE


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    actions.register_action(AUDIT_ROLE_GRANT, "授予角色", "授予角色")
    actions.register_action(AUDIT_ROLE_REVOKE, "撤销角色", "撤销角色")
    actions.register_action(AUDIT_STAFF_CREATE, "新建工作人员账号", "新建工作人员账号")


# The personal-data warnings of a page just saved (personal_data_forms.PersonalDataFormMixin).
hooks.register("after_create_page", personal_data_warnings)
hooks.register("after_edit_page", personal_data_warnings)
