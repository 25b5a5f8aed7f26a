"""The production profile, password rules and the staff idle timeout (issue 13, 等保2.0 三级)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

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
