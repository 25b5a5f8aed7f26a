"""The production profile, password rules and the staff idle timeout (issue 13, 等保2.0 三级)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.core.middleware import LAST_SEEN
from gongkai.core.passwords import MSG_TOO_SIMPLE
from gongkai.testing import PROJECT_ROOT


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_the_production_profile_and_it_needs_its_keys():
    production = {"GONGKAI_PRODUCTION": "1", "DATABASE_URL": "sqlite:///:memory:"}
    done = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="www.gansu.gov.cn",
        **production,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    missing = _manage("check", ALLOWED_HOSTS="www.gansu.gov.cn", **production)
    assert missing.returncode != 0
    assert "必须设置环境变量 SECRET_KEY" in missing.stderr


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Ab1!short", "密码长度太短：至少需要 12 个字符"),
        ("abcdefghijkl-", MSG_TOO_SIMPLE.format(count=3)),
        ("ABCDEFGHIJKLMN", MSG_TOO_SIMPLE.format(count=3)),
        ("204518237745", "密码只包含数字"),
        ("Zhangsan-2026", "太相似"),
        ("a-long-pass-2026", None),
        ("Gongkai#Gansu26", None),
    ],
)
def test_staff_passwords_need_length_three_kinds_and_no_likeness_to_the_name(db, password, message):
    from django.contrib.auth import get_user_model

    user = get_user_model()(username="zhangsan", email="zhangsan@example.invalid")
    if message is None:
        validate_password(password, user)
        return
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert any(message in m for m in caught.value.messages), caught.value.messages


def test_a_staff_session_ends_after_thirty_minutes_without_activity(client, editor, settings):
    assert settings.GONGKAI_STAFF_IDLE_TIMEOUT == 30 * 60
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60  # still within the half hour
    session.save()
    assert client.get(reverse("wagtailadmin_home")).status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get(reverse("wagtailadmin_home"), follow=True)
    assert response.redirect_chain and "login" in response.redirect_chain[-1][0]
    assert "由于30分钟未操作，您已自动退出登录" in response.content.decode()
    assert "_auth_user_id" not in client.session


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


@pytest.mark.parametrize("locked_by", ["account", "address"])
def test_repeated_login_failures_lock_the_account_or_the_address_and_are_logged(
    client, settings, editor, reviewer, locked_by
):
    from axes.models import AccessAttempt, AccessFailureLog

    from gongkai.testing.personas import PASSWORD

    settings.AXES_ENABLED = True
    limit = settings.AXES_FAILURE_LIMIT
    for n in range(limit):
        # The same account from ever new addresses, or ever other names from one address.
        username, address = (
            ("editor", f"10.0.1.{n}") if locked_by == "account" else (f"x{n}", "10.0.0.9")
        )
        expected = 429 if n == limit - 1 else 200  # the limit-th failure locks
        assert _login(client, username, "wrong-password", address).status_code == expected
    locked = ("editor", "10.0.2.1") if locked_by == "account" else ("reviewer", "10.0.0.9")
    response = _login(client, locked[0], PASSWORD, locked[1])
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode() and "15分钟" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AccessFailureLog.objects.count() >= limit  # each failure is on record
    # Someone else, from elsewhere, still logs in; the cool-off over, so does the locked one.
    other = ("reviewer", "10.0.3.1") if locked_by == "account" else ("editor", "10.0.3.1")
    assert _login(client, other[0], PASSWORD, other[1]).status_code == 302
    client.logout()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, locked[0], PASSWORD, locked[1]).status_code == 302


def test_behind_nginx_the_address_is_the_clients_not_the_proxys(rf, settings):
    from gongkai.core.clientip import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "127.0.0.1"  # no proxy configured: the header is not trusted
    settings.GONGKAI_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # the hop nginx added; the forged one is ignored
