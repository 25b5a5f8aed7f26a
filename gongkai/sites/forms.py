"""The forms of 机关管理 (`admin_views`): add a body under another, edit one, grant a role.

They check what the user typed; the writes and the rules they share with the shell commands are
in `sites.services` (`body_create`, `body_update`) and `bodies.services` (`body_grant_role`).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.bodies.models import CONTACT_FIELDS, Body, BodyRole
from gongkai.sites.services import EDITABLE_FIELDS, hostname_check

CREATE_FIELDS = (
    "code",
    "name",
    "short_name",
    "level",
    "index_code",
    "credit_code",
    "region_code",
    "region_name",
    "hostname",
    "site_id_code",
    "sort_order",
    *CONTACT_FIELDS,
)

MSG_PASSWORD_FOR_EXISTING = "该用户已存在，初始密码只用于新建账号，请留空"
MSG_NEW_USER_NEEDS = "新建账号须填写{field}"


class _HostnameMixin:
    def clean_hostname(self) -> str:
        hostname = self.cleaned_data["hostname"].strip().lower()
        try:
            hostname_check(hostname, self.instance if self.instance.pk else None)
        except ValidationError as error:
            raise ValidationError(error.message_dict["hostname"]) from error
        return hostname


class BodyCreateForm(_HostnameMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = CREATE_FIELDS


class BodyEditForm(_HostnameMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = EDITABLE_FIELDS


class RoleGrantForm(forms.Form):
    """A role for an existing account (its username), or for a new one (username, name, e-mail
    and an initial password)."""

    role = forms.ChoiceField(label="角色")
    username = forms.CharField(label="用户名", max_length=150)
    name = forms.CharField(label="姓名（新建账号）", max_length=150, required=False)
    email = forms.EmailField(label="电子邮箱（新建账号）", required=False)
    password = forms.CharField(
        label="初始密码（新建账号）",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(role, BodyRole(role).label) for role in roles]

    def clean(self):
        data = super().clean()
        username = data.get("username")
        if not username:
            return data
        data["user"] = get_user_model().objects.filter(username=username).first()
        if data["user"] is not None:
            if data.get("password"):
                self.add_error("password", MSG_PASSWORD_FOR_EXISTING)
        else:
            for field in ("name", "password"):
                if not data.get(field):
                    label = self.fields[field].label.split("（")[0]
                    self.add_error(field, MSG_NEW_USER_NEEDS.format(field=label))
        return data
