"""二次验证 in a real browser (Debian's chromium through Playwright): a platform operator, who must
use a second factor, signs in at desktop width, is sent to enrolment, types a wrong code (refused,
kept), then the code computed from the secret shown on the page, and is shown ten backup codes;
on a phone (390 px) the operator signs in again and enters a code. No page scrolls sideways.
Screenshots: test-artifacts/screenshots/twofactor-*.png.
"""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from gongkai.testing import personas
from gongkai.web.tests.browser import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]

PHONE = {"width": 390, "height": 844}


def _expect():
    from playwright.sync_api import expect

    return expect


def code_from(secret: str, steps: int = 0) -> str:
    key = b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return str(totp(key, step=30, t0=0, digits=6, drift=steps)).zfill(6)


def sign_in(page, base: str):
    page.goto(base + "/admin/")
    _expect()(page).to_have_url(re.compile(r"/admin/login/\?next="))
    page.locator("#id_username").fill("operator")
    page.locator("#id_password").fill(personas.PASSWORD)
    page.locator("form.login-form").get_by_role("button").click()


def no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), page.url


def test_enrolment_and_login_with_a_code(live_server, browser_context_factory, settings):
    settings.GONGKAI_REQUIRE_TOTP = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code follows the wrong one at once
    personas.operator()
    expect = _expect()

    page = browser_context_factory().new_page()
    sign_in(page, live_server.url)
    expect(page).to_have_url(re.compile(r"/admin/twofactor/\?next=%2Fadmin%2F$"))
    expect(page.get_by_role("heading", name="启用二次验证")).to_be_visible()
    expect(page.locator("svg.twofactor-qr")).to_be_visible()
    secret = page.locator("#twofactor-secret").inner_text().strip()

    right = code_from(secret)
    bad = right[:-1] + str((int(right[-1]) + 5) % 10)
    page.locator("#id_code").fill(bad)
    page.get_by_role("button", name="确认绑定").click()
    expect(page.get_by_role("status").get_by_text("验证码不正确")).to_be_visible()
    expect(page.locator("#id_code")).to_have_value(bad)
    assert page.locator("#twofactor-secret").inner_text().strip() == secret
    screenshot(page, "twofactor-enrol-wrong-code")

    page.locator("#id_code").fill(code_from(secret))
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator("#backup-codes li")).to_have_count(10)
    screenshot(page, "twofactor-backup-codes")
    page.get_by_role("link", name="我已保存，继续").click()
    expect(page).to_have_url(live_server.url + "/admin/")

    phone = browser_context_factory(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    sign_in(phone, live_server.url)
    expect(phone).to_have_url(re.compile(r"/admin/twofactor/verify/\?next="))
    expect(phone.get_by_role("heading", name="输入验证码")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "twofactor-verify-phone")
    # The enrolment's code is used up: the authenticator's next one (within the tolerance).
    phone.locator("#id_code").fill(code_from(secret, steps=1))
    phone.get_by_role("button", name="验证").click()
    expect(phone).to_have_url(live_server.url + "/admin/")
    phone.goto(live_server.url + "/admin/twofactor/")
    expect(phone.get_by_text("剩余备用验证码：10个")).to_be_visible()
    no_sideways_scroll(phone)
    screenshot(phone, "twofactor-overview-phone")
