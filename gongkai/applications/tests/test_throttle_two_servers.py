"""The tracking throttle is shared between app servers: two gunicorn processes on one database
(the test database, copied to a file on SQLite), behind a pretend nginx (`X-Forwarded-For`, one
trusted proxy). Failures on one server count on the other — per address and per case number."""

from __future__ import annotations

import http.cookiejar
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from gongkai.applications.throttles import MSG_TRACK_ADDRESS_LOCKED, MSG_TRACK_CASE_LOCKED
from gongkai.core.models import Throttle
from gongkai.testing import PROJECT_ROOT
from gongkai.testing.servers import database_url, free_port

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FAILED = "申请编号或查询码不正确"


@pytest.fixture(autouse=True)
def _content_types_cached_for_the_next_restore():
    """The serialized_rollback test after this one
    restores content types, and the cache must then hold their ids."""
    yield
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


class Server:
    """One app server process and a browser (cookies, CSRF token) talking to it."""

    def __init__(self, env: dict, tmp_path, name: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "gongkai.wsgi:application",
            ],
            env={**env, "GONGKAI_DATA_DIR": str(tmp_path / name)},
            cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self.token = ""

    def wait_ready(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"server stopped: {self.process.stderr.read().decode()[-2000:]}")
            try:  # gunicorn listens before its worker has loaded Django: the first answer waits
                page = self.opener.open(f"{self.base}/apply/track/", timeout=30).read().decode()
            except OSError:  # not listening yet (URLError, ConnectionError) or timed out
                time.sleep(0.1)
                continue
            self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
            return
        pytest.fail("server did not start in time")

    def track(self, client: str, case_number: str) -> tuple[int, str]:
        """A lookup with a wrong code, from `client` as nginx would pass it on."""
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.token,
                "case_number": case_number,
                "query_code": "ABCDEFGHJK",
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/apply/track/", data=data, headers={"X-Forwarded-For": client}
        )
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def test_failures_on_one_server_count_on_the_other(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DATABASE_URL": database_url(tmp_path),
        "SECRET_KEY": "two-servers-one-secret-" + "x" * 40,
        "GONGKAI_TRUSTED_PROXIES": "1",
        "GONGKAI_THROTTLE_TRACK_PER_ADDRESS": "3/h",
        "GONGKAI_THROTTLE_TRACK_PER_CASE": "2/h",
    }
    one, two = Server(env, tmp_path, "one"), Server(env, tmp_path, "two")
    try:
        deadline = time.monotonic() + 60
        one.wait_ready(deadline)
        two.wait_ready(deadline)

        # One address: three failures spread over both servers, on three case numbers …
        attacker = "198.51.100.1"
        status, page = one.track(attacker, "GS-2026-00001")
        assert status == 200 and FAILED in page
        assert FAILED in two.track(attacker, "GS-2026-00002")[1]
        assert FAILED in one.track(attacker, "GS-2026-00003")[1]
        # … and the fourth is refused, whichever server takes it.
        status, page = two.track(attacker, "GS-2026-00004")
        assert status == 429 and MSG_TRACK_ADDRESS_LOCKED.split("{until}")[0] in page
        status, page = one.track(attacker, "GS-2026-00005")
        assert status == 429 and MSG_TRACK_ADDRESS_LOCKED.split("{until}")[0] in page

        # One case number: two failures from two addresses on two servers lock it on both …
        assert FAILED in one.track("198.51.100.2", "GS-2026-00099")[1]
        assert FAILED in two.track("198.51.100.3", "GS-2026-00099")[1]
        for server in (one, two):
            status, page = server.track("198.51.100.4", "GS-2026-00099")
            assert status == 429 and MSG_TRACK_CASE_LOCKED.split("{until}")[0] in page
        # … while that address still gets an answer for another case number.
        assert FAILED in two.track("198.51.100.4", "GS-2026-00100")[1]
    finally:
        one.stop()
        two.stop()
    # The counters are rows of the shared database, with no address or case number in them.
    rows = _throttle_rows(env["DATABASE_URL"])
    assert {scope for scope, _, _ in rows} == {"track-address", "track-case"}
    assert not any("198.51.100" in key or "GS-2026" in key for _, key, _ in rows)


def _throttle_rows(url: str) -> list[tuple[str, str, int]]:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            return db.execute("select scope, key, count from core_throttle").fetchall()
    return list(Throttle.objects.values_list("scope", "key", "count"))
