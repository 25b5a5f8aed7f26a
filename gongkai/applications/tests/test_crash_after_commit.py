"""A server killed between the commit of an application and its response: the applicant never saw
the receipt page, yet the receipt (case number and query code) reaches their mailbox, through the
task worker and a real SMTP server."""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import connection

from gongkai.applications.models import query_code_matches
from gongkai.applications.models.applicants import Delivery, ProvisionForm
from gongkai.applications.tests.factories import applicant_data
from gongkai.testing import PROJECT_ROOT
from gongkai.testing.servers import database_url, free_port

pytestmark = pytest.mark.django_db(transaction=True)

# The server: Django's own WSGI server, with the success path of the application form made to
# kill the process (SIGKILL, no cleanup) at the moment it would answer: after the commit.
SERVER = """
import os, signal, sys
import django
django.setup()
from django.core.servers.basehttp import run
from django.core.wsgi import get_wsgi_application
from gongkai.applications.views import public

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

public.redirect = die
run("127.0.0.1", int(sys.argv[1]), get_wsgi_application(), threading=False)
"""


def _stored_hash(url: str, case_number: str) -> str:
    if url.startswith("sqlite:///"):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
            row = db.execute(
                "select query_code_hash from applications_application where case_number = ?",
                (case_number,),
            ).fetchone()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "select query_code_hash from applications_application where case_number = %s",
                [case_number],
            )
            row = cursor.fetchone()
    assert row, f"case {case_number} not committed"
    return row[0]


def test_a_server_killed_after_the_commit_still_mails_the_receipt(tmp_path, office, smtp):
    url = database_url(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DATABASE_URL": url,
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "GONGKAI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "GONGKAI_SMS_BACKEND": "gongkai.core.sms.DisabledBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": smtp.host,
        "EMAIL_PORT": str(smtp.port),
    }
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SERVER), str(port)],
        env=env,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        cookies = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies))
        for _ in range(100):
            try:
                form_page = opener.open(f"{base}/apply/gs-bgt/", timeout=10).read().decode()
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        else:
            pytest.fail(f"the server did not start: {server.stderr.read().decode()[-2000:]}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page)[1]
        data = {
            **applicant_data(email="survivor@example.invalid"),
            "provision_form": ProvisionForm.ELECTRONIC,
            "delivery": Delivery.EMAIL,
            "consent": "on",
            "csrfmiddlewaretoken": token,
        }
        request = urllib.request.Request(
            f"{base}/apply/gs-bgt/",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": f"{base}/apply/gs-bgt/"},
        )
        with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
            opener.open(request, timeout=30)  # no answer: the process died
        assert server.wait(timeout=30) == -signal.SIGKILL
    finally:
        if server.poll() is None:
            server.kill()

    assert smtp.received == []  # nothing was sent before the crash …
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr[-2000:]
    # … and the worker, started after it, delivers the receipt that was committed with the case.
    assert len(smtp.received) == 1 and smtp.received[0]["To"] == "survivor@example.invalid"
    body = smtp.bodies()[0]
    case_number = re.search(r"申请编号：(\S+)", body)[1]
    code = re.search(r"查询码：([0-9A-Z]{10})", body)[1]
    assert query_code_matches(code, _stored_hash(url, case_number))
