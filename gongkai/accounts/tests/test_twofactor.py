"""二次验证 (accounts/twofactor.py): enrolment and login with real TOTP codes, backup codes, the gate
before staff pages, who must enrol, turning it off and the security administrator's reset."""

from __future__ import annotations

import logging
import re

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from gongkai.accounts import twofactor
from gongkai.accounts.middleware_twofactor import MSG_JSON
from gongkai.bodies.models import BodyRole
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

SETUP = "/admin/twofactor/"
VERIFY = "/admin/twofactor/verify/"


def code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's authenticator shows now (or `steps` steps later: a code already used
    is refused, the next one is within the tolerance)."""
    device.refresh_from_db()
    value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps)
    return str(value).zfill(device.digits)


def wrong(right: str) -> str:
    return right[:-1] + str((int(right[-1]) + 5) % 10)


def enrolled(user) -> tuple[TOTPDevice, list[str]]:
    """A user who enrolled earlier: a confirmed authenticator and ten backup codes."""
    device = TOTPDevice.objects.create(user=user, name=twofactor.TOTP_NAME, confirmed=True)
    return device, twofactor._backup_codes_new(user)


def input_value(response) -> str:
    found = re.search(r'<input[^>]*name="code"[^>]*>', response.content.decode())
    value = re.search(r'value="([^"]*)"', found.group(0))
    return value.group(1) if value else ""


@pytest.fixture
def no_throttle(settings):
    # django-otp's wait after a wrong code (1 s, doubling) would refuse the right one that follows.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def required(settings):
    settings.GONGKAI_REQUIRE_TOTP = True


@pytest.fixture
def site_admin(province):
    return personas.staff("tf_site_admin", province, BodyRole.SITE_ADMIN)


# --- Enrolment ----------------------------------------------------------------------------------


def test_enrolment_shows_the_qr_code_and_the_secret_and_keeps_them_after_a_wrong_code(
    client, editor, no_throttle
):
    client.force_login(editor)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    secret = twofactor.secret_text(device)
    assert '<svg viewBox="' in page and "身份验证器二维码" in page
    assert secret in page and "启用二次验证" in page
    assert "http" not in re.search(r"<svg.*?</svg>", page, re.S).group(0)  # no outside request

    bad = wrong(code(device))
    response = client.post(SETUP, {"code": bad})
    assert twofactor.MSG_ENROL_WRONG in response.content.decode()
    assert input_value(response) == bad
    # The same secret: the QR code already scanned still holds.
    assert secret in response.content.decode()
    assert TOTPDevice.objects.filter(user=editor).count() == 1


def test_enrolment_with_a_real_code_shows_ten_backup_codes_once(client, editor):
    client.force_login(editor)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(SETUP, {"code": code(device), "next": "/admin/pages/"})
    html = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(shown) == 10 and "no-store" in response["Cache-Control"]
    assert sorted(shown) == sorted(StaticToken.objects.values_list("token", flat=True))
    assert 'href="/admin/pages/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert ModelLogEntry.objects.filter(action=twofactor.AUDIT_ENROL, object_id=editor.pk)
    # The session counts as verified; the page now shows the state, never the codes again.
    assert client.get("/admin/").status_code == 200
    overview = client.get(SETUP).content.decode()
    assert "已启用二次验证" in overview and "剩余备用验证码：10个" in overview
    assert not any(c in overview for c in shown)


# --- The second step of the login ---------------------------------------------------------------


def test_login_asks_for_the_code_before_any_staff_page_and_refuses_a_wrong_one(
    client, reviewer, no_throttle, caplog
):
    device, _ = enrolled(reviewer)
    response = client.post(
        "/admin/login/", {"username": reviewer.username, "password": personas.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get("/workbench/applications/")["Location"].startswith(VERIFY)
    api = client.get("/admin/api/main/pages/", HTTP_ACCEPT="application/json")
    assert api.status_code == 403 and api.json() == {"detail": MSG_JSON}

    bad = wrong(code(device))
    with caplog.at_level(logging.WARNING, logger="gongkai.security"):
        response = client.post(VERIFY, {"code": bad, "next": "/admin/"})
    assert twofactor.MSG_CODE_WRONG in response.content.decode()
    assert input_value(response) == bad
    assert ModelLogEntry.objects.filter(action=twofactor.AUDIT_FAILED, object_id=reviewer.pk)
    logged = [r.getMessage() for r in caplog.records if r.name == "gongkai.security"]
    assert any("refused" in line and "reviewer" in line for line in logged)
    assert not any(bad in line or device.key in line for line in logged)
    assert client.get("/admin/").status_code == 302

    response = client.post(VERIFY, {"code": code(device), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/workbench/applications/").status_code == 200


def test_a_code_is_taken_with_spaces_and_the_next_address_must_be_ours(client, reviewer):
    device, _ = enrolled(reviewer)
    client.force_login(reviewer)
    right = code(device)
    response = client.post(
        VERIFY, {"code": f"{right[:3]} {right[3:]}", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/admin/"


def test_a_backup_code_works_once(client, reviewer):
    _, backup = enrolled(reviewer)
    client.force_login(reviewer)
    response = client.post(VERIFY, {"code": backup[0].upper(), "next": "/admin/"})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert twofactor.backup_codes_left(reviewer) == 9
    assert ModelLogEntry.objects.filter(action=twofactor.AUDIT_BACKUP_USED, object_id=reviewer.pk)

    other = Client()
    other.force_login(reviewer)
    response = other.post(VERIFY, {"code": backup[0]})
    assert twofactor.MSG_CODE_WRONG in response.content.decode()
    assert other.get("/admin/").status_code == 302


def test_wrong_codes_are_throttled(client, reviewer):
    device, _ = enrolled(reviewer)
    client.force_login(reviewer)
    client.post(VERIFY, {"code": wrong(code(device))})
    # Within a second of the failure even the right code waits (django-otp: 1 s, then doubling).
    response = client.post(VERIFY, {"code": code(device)})
    assert "错误次数过多" in response.content.decode() and "秒后再试" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_public_pages_are_unaffected_and_show_a_visitor_until_verified(client, reviewer):
    enrolled(reviewer)
    client.force_login(reviewer)
    for url in ("/", "/search/", "/library/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.wsgi_request.user.is_authenticated


# --- Who must enrol ------------------------------------------------------------------------------


def test_site_admins_and_operators_must_enrol_before_anything_else(
    client, required, site_admin, operator
):
    for user in (site_admin, operator):
        assert twofactor.totp_required(user)
        client.force_login(user)
        assert client.get("/admin/")["Location"] == f"{SETUP}?next=%2Fadmin%2F"
        assert client.get("/admin/pages/")["Location"].startswith(SETUP)
        assert client.get("/workbench/reports/region/")["Location"].startswith(SETUP)
        assert client.get(VERIFY)["Location"].startswith(SETUP)
        page = client.get(SETUP).content.decode()
        assert "必须启用二次验证" in page and "暂不启用" not in page

    device = TOTPDevice.objects.get(user=operator)
    response = client.post(SETUP, {"code": code(device), "next": "/admin/"})
    assert response.status_code == 200 and "备用验证码" in response.content.decode()
    assert client.get("/admin/").status_code == 200


def test_other_staff_log_in_without_a_device(client, required, editor, clerk, settings):
    assert not twofactor.totp_required(editor)
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    client.force_login(clerk)
    assert client.get("/workbench/applications/").status_code == 200
    settings.GONGKAI_REQUIRE_TOTP = False
    assert not twofactor.totp_required(personas.operator())


# --- Backup codes, turning off, reset -------------------------------------------------------------


def test_new_backup_codes_replace_the_old_ones(client, editor):
    device, old = enrolled(editor)
    client.force_login(editor)
    client.post(VERIFY, {"code": code(device)})
    html = client.post("/admin/twofactor/backup-codes/").content.decode()
    new = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_turning_it_off_needs_a_current_code(client, editor, no_throttle):
    device, _ = enrolled(editor)
    client.force_login(editor)
    client.post(VERIFY, {"code": code(device)})
    response = client.post("/admin/twofactor/disable/", {"code": wrong(code(device, 1))})
    assert response.status_code == 400
    assert twofactor.MSG_CODE_WRONG in response.content.decode()
    assert twofactor.twofactor_enabled(editor)

    response = client.post("/admin/twofactor/disable/", {"code": code(device, 1)})
    assert response["Location"] == SETUP
    assert not twofactor.twofactor_enabled(editor) and not StaticToken.objects.exists()
    assert ModelLogEntry.objects.filter(action=twofactor.AUDIT_DISABLE, object_id=editor.pk)
    assert client.get("/admin/").status_code == 200


def test_a_reset_removes_the_devices_and_sends_a_required_user_to_enrol(
    client, required, site_admin, operator
):
    device, _ = enrolled(site_admin)
    client.force_login(site_admin)
    client.post(VERIFY, {"code": code(device)})
    assert client.get("/admin/").status_code == 200

    assert twofactor.twofactor_reset(site_admin, by=operator) == 2
    assert not twofactor.twofactor_enabled(site_admin)
    entry = ModelLogEntry.objects.get(action=twofactor.AUDIT_RESET, object_id=site_admin.pk)
    assert entry.user_id == operator.pk
    assert client.get("/admin/")["Location"].startswith(SETUP)


def test_the_admin_links_to_it_in_chinese(client, editor):
    client.force_login(editor)
    assert "/admin/twofactor/" in client.get("/admin/").content.decode()
    account = client.get("/admin/account/").content.decode()
    assert "/admin/twofactor/" in account and "二次验证" in account
