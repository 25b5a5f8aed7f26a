"""三员分立 (accounts/roles.py): granting the three platform roles, the rules that keep them apart
(with their Chinese messages), the guards against breaking them later, the `platform_role`
command, and the second factor the three must have."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from gongkai.accounts import twofactor
from gongkai.accounts.models import AuditRecord, PlatformRole, PlatformRoleName
from gongkai.accounts.roles import (
    AUDIT_GRANT,
    AUDIT_REVOKE,
    platform_role,
    platform_role_grant,
    platform_role_revoke,
)
from gongkai.bodies.models import BodyRole
from gongkai.bodies.services import body_grant_role
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

SECURITY, AUDIT, SYSTEM = (
    PlatformRoleName.SECURITY,
    PlatformRoleName.AUDIT,
    PlatformRoleName.SYSTEM,
)


def refusal(call) -> str:
    with pytest.raises(ValidationError) as caught:
        call()
    return "；".join(caught.value.messages)


def test_a_grant_gives_the_role_its_group_and_leaves_a_record(operator):
    person = personas.user("anquan")
    platform_role_grant(person, SECURITY, by=operator)
    assert platform_role(person) == SECURITY
    assert list(person.groups.values_list("name", flat=True)) == ["安全管理员"]
    group = Group.objects.get(name="安全管理员")
    assert [p.codename for p in group.permissions.all()] == ["access_admin"]
    assert not person.is_superuser
    record = AuditRecord.objects.get(action=AUDIT_GRANT)
    assert (record.actor, record.object_label) == ("operator", "anquan")
    assert '"role":"security"' in record.data

    platform_role_revoke(person, by=operator)
    person = type(person).objects.get(pk=person.pk)
    assert platform_role(person) is None
    assert not person.groups.exists()
    assert AuditRecord.objects.filter(action=AUDIT_REVOKE, object_label="anquan").exists()


def test_a_system_administrator_is_a_superuser_and_a_bare_superuser_counts_as_one(operator):
    assert platform_role(operator) == SYSTEM  # made by createsuperuser: no row
    person = personas.user("xitong")
    platform_role_grant(person, SYSTEM)
    person.refresh_from_db()
    assert person.is_superuser and platform_role(person) == SYSTEM
    platform_role_revoke(person)
    person.refresh_from_db()
    assert not person.is_superuser


def test_one_person_holds_one_role_and_the_separate_ones_nothing_else(operator, office):
    person = personas.user("liangge")
    platform_role_grant(person, SECURITY)
    assert refusal(lambda: platform_role_grant(person, AUDIT)) == (
        "liangge 已是安全管理员：一人只能担任系统管理员、安全管理员、审计管理员中的一个角色"
    )
    assert refusal(lambda: platform_role_grant(operator, AUDIT)) == (
        "operator 是系统管理员（超级用户），不能兼任审计管理员"
    )
    editor = personas.staff("bianji", office, BodyRole.EDITOR)
    assert refusal(lambda: platform_role_grant(editor, SECURITY)) == (
        "bianji 在机关中担任角色（甘肃省人民政府办公厅信息员），安全管理员不能兼任机关角色，请先撤销"
    )
    inactive = personas.user("tingyong", is_active=False)
    assert refusal(lambda: platform_role_grant(inactive, AUDIT)) == (
        "tingyong 的账号已停用，不能授予平台角色"
    )
    assert refusal(lambda: platform_role_revoke(personas.user("meiyou"))) == "meiyou 没有平台角色"
    assert PlatformRole.objects.count() == 1


def test_the_separation_holds_when_someone_tries_it_later(security_admin, audit_admin, office):
    # A body role granted to the security administrator (机关管理 calls the same service).
    assert refusal(lambda: body_grant_role(security_admin, office, BodyRole.EDITOR)) == (
        "sec_admin 是安全管理员，不能授予机关角色（三员分立）"
    )
    # The command line says the same, as a command error (no traceback).
    with pytest.raises(CommandError, match="sec_admin 是安全管理员，不能授予机关角色（三员分立）"):
        call_command("grant_role", "sec_admin", office.code, BodyRole.EDITOR)
    # The superuser flag set in the user editor.
    audit_admin.is_superuser = True
    assert refusal(audit_admin.save) == "audit_admin 是审计管理员，不能设为超级用户（三员分立）"


def test_granting_a_body_role_to_a_security_administrator_in_body_admin_is_refused_on_the_form(
    client, operator, security_admin, office
):
    client.force_login(operator)
    response = client.post(
        f"/admin/bodies/{office.pk}/people/",
        {"username": "sec_admin", "role": BodyRole.EDITOR},
    )
    assert response.status_code == 200
    assert "sec_admin 是安全管理员，不能授予机关角色（三员分立）" in response.content.decode()
    assert not security_admin.body_memberships.exists()


def test_the_command_grants_revokes_and_lists(capsys, operator):
    personas.user("shenji")
    call_command("platform_role", "grant", "shenji", "audit")
    call_command("platform_role", "list")
    out = capsys.readouterr().out
    assert "已授予 shenji 平台角色：审计管理员" in out
    assert "shenji\t审计管理员" in out and "operator\t系统管理员\t（超级用户，未登记）" in out
    with pytest.raises(CommandError, match="shenji 已是审计管理员"):
        call_command("platform_role", "grant", "shenji", "security")
    with pytest.raises(CommandError, match="没有用户名为 nobody 的账号"):
        call_command("platform_role", "revoke", "nobody")
    call_command("platform_role", "revoke", "shenji")
    assert "已撤销 shenji 的平台角色：审计管理员" in capsys.readouterr().out
    grant = AuditRecord.objects.get(action=AUDIT_GRANT, object_label="shenji")
    assert grant.actor == ""  # the command line: no account


def test_the_three_roles_must_have_a_second_factor(settings, security_admin, audit_admin, operator):
    settings.GONGKAI_REQUIRE_TOTP = True
    assert twofactor.totp_required(security_admin)
    assert twofactor.totp_required(audit_admin)
    assert twofactor.totp_required(operator)
    assert not twofactor.totp_required(personas.user("putong"))
