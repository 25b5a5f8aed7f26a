"""安全管理 (accounts/security*.py): who is locked out, unlocking (and the login works again), the
recent failures, resetting a user's second factor, the settings in force — each act in the audit
log."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import twofactor
from gongkai.accounts.models import AuditRecord
from gongkai.accounts.security import AUDIT_UNLOCK, locks
from gongkai.testing.personas import PASSWORD

pytestmark = pytest.mark.django_db

INDEX = "/admin/security/"
UNLOCK = "/admin/security/unlock/"
TWOFACTOR = "/admin/security/twofactor/"


def _login(client, username, password, address):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def _lock_out(client, settings, username: str, address: str) -> None:
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, username, "wrong-password", address)
    assert _login(client, username, PASSWORD, address).status_code == 429


def test_the_security_administrator_sees_the_lock_and_unlocks_it(
    client, settings, editor, security_admin
):
    from django.test import Client

    _lock_out(Client(), settings, "editor", "10.8.0.1")
    assert {(lock.kind, lock.value) for lock in locks()} == {
        ("username", "editor"),
        ("ip_address", "10.8.0.1"),
    }
    client.force_login(security_admin)
    page = client.get(INDEX).content.decode()
    assert "当前被锁定的用户名和IP地址" in page and "10.8.0.1" in page
    assert "最近的登录失败" in page and "连续失败 5 次后锁定" in page

    response = client.post(UNLOCK, {"username": "editor"}, follow=True)
    assert "已解锁 editor（清除" in response.content.decode()
    record = AuditRecord.objects.get(action=AUDIT_UNLOCK)
    assert (record.actor, record.object_label) == ("sec_admin", "editor")
    # The address is still locked (for every name): unlocked too, the login works again.
    client.post(UNLOCK, {"ip": "10.8.0.1"})
    assert not AccessAttempt.objects.exists() and not locks()
    assert _login(Client(), "editor", PASSWORD, "10.8.0.1").status_code == 302


def test_unlocking_nothing_says_why(client, security_admin):
    client.force_login(security_admin)
    response = client.post(UNLOCK, {"username": "", "ip": ""}, follow=True)
    assert "请指定要解锁的用户名或IP地址" in response.content.decode()
    response = client.post(UNLOCK, {"username": "nobody"}, follow=True)
    assert "nobody 当前没有登录失败记录，无需解锁" in response.content.decode()
    assert not AuditRecord.objects.filter(action=AUDIT_UNLOCK).exists()


def test_the_failures_can_be_filtered_by_user_name(client, settings, editor, security_admin):
    from django.test import Client

    settings.AXES_ENABLED = True
    _login(Client(), "editor", "wrong-password", "10.8.1.1")
    _login(Client(), "someone-else", "wrong-password", "10.8.1.2")
    client.force_login(security_admin)
    page = client.get(INDEX, {"username": "editor"}).content.decode()
    assert "10.8.1.1" in page and "10.8.1.2" not in page


def test_the_security_administrator_resets_a_second_factor(client, editor, security_admin):
    TOTPDevice.objects.create(user=editor, name=twofactor.TOTP_NAME, confirmed=True)
    client.force_login(security_admin)
    page = client.get(TWOFACTOR, {"username": "editor"}).content.decode()
    assert "已启用身份验证器" in page
    response = client.post(TWOFACTOR, {"username": "editor"}, follow=True)
    assert "已重置 editor 的二次验证（删除 1 个验证设备）" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor).exists()
    record = AuditRecord.objects.get(action=twofactor.AUDIT_RESET)
    assert (record.actor, record.object_label) == ("sec_admin", "editor")


def test_a_reset_of_ones_own_or_of_nobody_is_refused(client, security_admin):
    device = TOTPDevice.objects.create(
        user=security_admin, name=twofactor.TOTP_NAME, confirmed=True
    )
    client.force_login(security_admin)
    session = client.session
    session["otp_device_id"] = device.persistent_id  # entered a code in this session
    session.save()
    page = client.post(TWOFACTOR, {"username": "sec_admin"}).content.decode()
    assert "不能重置自己的二次验证；请由另一位安全管理员办理" in page
    assert TOTPDevice.objects.filter(user=security_admin).exists()
    page = client.get(TWOFACTOR, {"username": "nobody"}).content.decode()
    assert "没有用户名为 nobody 的账号" in page
