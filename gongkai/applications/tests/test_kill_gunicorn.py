"""The app server killed in the middle of a rush of online applications (issue 13, "Show").

gunicorn (2 workers of 4 threads, gthread as deploy/templates/gunicorn.conf.py) on the PostgreSQL
test database; CLIENTS citizens, each over real HTTP with their own cookies, fetch the form (CSRF
token), wait at a barrier so that all post together, and read their receipt. When KILL_AFTER
submissions have been acknowledged (302 to the receipt page), the master and its workers get
SIGKILL at the same instant (requests in every stage: queued, inside the transaction, committed
but not yet answered, answered), and gunicorn is started again. A citizen whose request failed
does what a citizen would: one who was already sent on to the receipt page reloads it; anyone else
opens the form afresh and submits again.

Then the database must hold exactly what the architecture promises (nothing acknowledged is lost):
- every receipt a citizen saw (number and query code on the receipt page) is one stored case of
  that citizen, exactly once, and its number with its code opens it on the tracking page;
- no number twice, and the serials of the year run 1…N without a gap, the counter at N (a number
  taken in a transaction that died is given back with it);
- nothing half-written. A case is written in one transaction with its first event (提交申请), the
  receipt in the applicant's outbox (`ApplicantMessage`) and the task row that sends it; so every
  case has exactly one event, a 提交 event, and an outbox receipt to the address given, and every
  outbox row has its task row; a case never shown to its citizen is one whose request died after
  the commit (the citizen gets its receipt by mail, from the outbox). The receipt letter
  (`Notice`) is written after that commit, in a transaction of its own: it exists complete (number,
  text) for its own 提交 event, or not at all — then the case page offers 重新生成
  (`events_missing_notice`);
- no orphan: every task row names an existing outbox row or letter.

PostgreSQL only: SQLite's test database is in memory (a file copy would test another database).
Per-address and per-contact limits on submissions: each citizen has their own contact details and,
through `X-Forwarded-For` with `GONGKAI_TRUSTED_PROXIES=1` (as behind the recipe's nginx), their
own address; a retry is a second submission from both.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookiejar import CookieJar

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from gongkai.applications.models import (
    Action,
    ApplicantMessage,
    Application,
    ApplicationEvent,
    ApplicationSerial,
    MessageKind,
    Notice,
    NoticeKind,
)
from gongkai.applications.notice_issue import events_missing_notice
from gongkai.applications.selectors import application_for_tracking
from gongkai.applications.tests.factories import applicant_data, id_number
from gongkai.testing import PROJECT_ROOT
from gongkai.testing.servers import database_url, free_port

CLIENTS = 200
KILL_AFTER = CLIENTS // 2  # submissions acknowledged (302 to the receipt) before the kill
TIMEOUT = 60  # per request
GIVE_UP = 120  # seconds: a citizen stops retrying
TRACKED = 20  # receipts acknowledged before the kill, tracked over HTTP afterwards

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: the SQLite test database is in memory, and a file copy of it "
        "would test another database than the one the workers write",
    ),
    pytest.mark.django_db(transaction=True),
]

RETRYABLE = (urllib.error.URLError, ConnectionError, http.client.HTTPException, TimeoutError)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the 302 is read as it is: "sent on to the receipt page"


class Gunicorn:
    """gunicorn in a session of its own, so that one killpg reaches the master and its workers."""

    def __init__(self, env: dict, port: int, log):
        self.env, self.port, self.log = env, port, log
        self.process: subprocess.Popen | None = None
        self.up = threading.Event()
        self.cpu_seconds = 0.0  # of the servers killed so far, for the summary

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "gongkai.wsgi:application",
                "--workers=2",
                "--worker-class=gthread",  # as deploy/templates/gunicorn.conf.py
                "--threads=4",
                "--preload",  # the app is imported once, not by each worker: a faster start
                f"--bind=127.0.0.1:{self.port}",
                "--backlog=2048",
                "--timeout=60",
            ],
            env=self.env,
            cwd=PROJECT_ROOT,
            stdout=self.log,
            stderr=self.log,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/apply/", timeout=5) as response:
                    if response.status == 200:
                        self.up.set()
                        return
            except urllib.error.HTTPError:
                raise
            except RETRYABLE:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        raise AssertionError(f"gunicorn did not start (exit status {self.process.poll()})")

    def cpu(self) -> float:
        """CPU seconds used by the master and its workers so far."""
        total = 0.0
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            except (FileNotFoundError, NotADirectoryError, ProcessLookupError):
                continue
            if stat[2] == str(self.process.pid):
                total += (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def kill(self) -> int:
        """SIGKILL to the master and every worker at once; returns the master's exit status."""
        self.up.clear()
        self.cpu_seconds += self.cpu()
        os.killpg(self.process.pid, signal.SIGKILL)
        return self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.kill()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class Citizen:
    number: int
    body_code: str
    seen: list[tuple[str, str]] = field(default_factory=list)  # (case number, query code)
    failures: list[str] = field(default_factory=list)
    reloaded_receipt: bool = False

    @property
    def name(self) -> str:
        return f"断电申请人{self.number:03d}"

    @property
    def email(self) -> str:
        return f"citizen{self.number:03d}@example.invalid"

    def data(self, token: str) -> dict:
        return {
            **applicant_data(
                applicant_name=self.name,
                id_number=id_number(seq=f"{self.number:03d}"),
                phone=f"139{self.number:08d}",
                email=self.email,
                description=f"第{self.number}号申请人所需的政府信息",
            ),
            "provision_form": "electronic",
            "delivery": "online",
            "consent": "on",
            "csrfmiddlewaretoken": token,
        }


class Rush:
    """CLIENTS citizens, one thread each; the server is killed after KILL_AFTER acknowledgements."""

    def __init__(self, server: Gunicorn, body_code: str):
        self.server = server
        self.citizens = [Citizen(n, body_code) for n in range(CLIENTS)]
        self.barrier = threading.Barrier(CLIENTS)
        self.lock = threading.Lock()
        self.acknowledged: set[int] = set()  # citizens sent on to their receipt (302)
        self.kill_due = threading.Event()
        self.before_kill: set[int] = set()

    def _opener(self, citizen: Citizen):
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect
        )
        opener.addheaders = [
            ("X-Forwarded-For", f"10.13.{citizen.number // 200}.{citizen.number % 200 + 1}")
        ]
        return opener

    def _receipt(self, citizen: Citizen, opener) -> bool:
        """The receipt page: its number, and its query code unless an earlier showing of it was
        lost in the kill (shown once; the code then reaches the citizen by mail)."""
        with opener.open(f"{self.server.base}/apply/receipt/", timeout=TIMEOUT) as response:
            page = response.read().decode()
        number = re.search(r'class="case-number">([^<]+)<', page)
        code = re.search(r'id="query-code">([^<]+)<', page)
        if not number or not (code or citizen.reloaded_receipt):
            return False
        citizen.seen.append((number[1].strip(), code[1].strip() if code else ""))
        return True

    def _apply(self, citizen: Citizen, opener, *, first: bool) -> None:
        form_url = f"{self.server.base}/apply/{citizen.body_code}/"
        with opener.open(form_url, timeout=TIMEOUT) as response:
            page = response.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        body = urllib.parse.urlencode(citizen.data(token)).encode()
        if first:
            self.barrier.wait(timeout=GIVE_UP)
        try:
            opener.open(form_url, data=body, timeout=TIMEOUT)
        except urllib.error.HTTPError as answer:
            answer.close()
            if answer.code != 302:
                raise
            assert answer.headers["Location"].endswith("/apply/receipt/")
            with self.lock:
                self.acknowledged.add(citizen.number)
                if len(self.acknowledged) >= KILL_AFTER:
                    self.kill_due.set()
        else:
            raise AssertionError(f"{citizen.name}: the form was shown again, not the receipt")

    def run_citizen(self, citizen: Citizen) -> Citizen:
        deadline = time.monotonic() + GIVE_UP
        opener, first, sent_on = self._opener(citizen), True, False
        while time.monotonic() < deadline:
            try:
                if not sent_on:
                    self._apply(citizen, opener, first=first)
                    sent_on = True
                if self._receipt(citizen, opener):
                    return citizen
                raise AssertionError(f"{citizen.name}: the receipt page shows no number")
            except urllib.error.HTTPError:
                raise  # an answer, not a dead server: a 500 is a failure, never retried
            except RETRYABLE as exc:
                citizen.failures.append(f"{'receipt' if sent_on else 'form'}: {exc!r}")
                citizen.reloaded_receipt |= sent_on
                if not sent_on:
                    opener = self._opener(citizen)  # a fresh form, as after closing the tab
                self.server.up.wait(timeout=GIVE_UP)
            except BaseException:
                self.barrier.abort()  # nobody waits for a citizen who cannot come
                raise
            finally:
                first = False
        raise AssertionError(f"{citizen.name} gave up: {citizen.failures}")

    def kill_and_restart(self) -> None:
        assert self.kill_due.wait(timeout=GIVE_UP), "fewer receipts than KILL_AFTER"
        assert self.server.kill() == -signal.SIGKILL
        # Nothing is answered while the server is down: these were acknowledged before.
        with self.lock:
            self.before_kill = set(self.acknowledged)
        self.server.start()


def _track(base: str, number: str, code: str) -> bool:
    """The tracking page, as the citizen uses it: number and code posted, the case page shown."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with opener.open(f"{base}/apply/track/", timeout=TIMEOUT) as response:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.read().decode())
    data = {"case_number": number, "query_code": code, "csrfmiddlewaretoken": token[1]}
    with opener.open(
        f"{base}/apply/track/", data=urllib.parse.urlencode(data).encode(), timeout=TIMEOUT
    ) as response:
        case_page = re.search(r"/apply/track/\d+/$", response.url)
        return bool(case_page) and number in response.read().decode()


def test_a_server_killed_in_a_rush_of_applications_loses_and_doubles_no_receipt(tmp_path, office):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
        "DATABASE_URL": database_url(tmp_path),
        "SECRET_KEY": "kill-test-" + "k" * 40,
        "GONGKAI_DATA_DIR": str(tmp_path / "data"),
        "GONGKAI_MEDIA_ROOT": str(tmp_path / "media"),
        "GONGKAI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "GONGKAI_SMS_BACKEND": "gongkai.core.sms.DisabledBackend",
        "GONGKAI_TRUSTED_PROXIES": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    with open(tmp_path / "gunicorn.log", "wb") as log:
        server = Gunicorn(env, free_port(), log)
        try:
            server.start()
            rush = Rush(server, office.code)
            started, cpu = time.monotonic(), sum(os.times()[:2])
            with ThreadPoolExecutor(max_workers=CLIENTS + 1) as pool:
                killer = pool.submit(rush.kill_and_restart)
                futures = [pool.submit(rush.run_citizen, c) for c in rush.citizens]
                outcomes = [f.exception() for f in [killer, *futures]]
            elapsed, cpu = time.monotonic() - started, sum(os.times()[:2]) - cpu
            assert [o for o in outcomes if o is not None] == [], (
                tmp_path / "gunicorn.log"
            ).read_text()[-3000:]
            # On the restarted server, the tracking page opens the cases acknowledged before the
            # kill (a sample: the selector checks every code below).
            survivors = [c for c in rush.citizens if c.number in rush.before_kill and c.seen[0][1]]
            tracked = {c.seen[0][0]: _track(server.base, *c.seen[0]) for c in survivors[:TRACKED]}
        finally:
            server.stop()

    citizens = rush.citizens
    seen = [(c, number, code) for c in citizens for number, code in c.seen]
    cases = {a.case_number: a for a in Application.objects.filter(body=office)}
    failed = [c for c in citizens if c.failures]
    unacknowledged = sorted(set(cases) - {number for _, number, _ in seen})
    print(
        f"\n{CLIENTS} citizens in {elapsed:.1f}s; killed after {len(rush.before_kill)} "
        f"acknowledged; {len(failed)} saw a failure ({sum(c.reloaded_receipt for c in citizens)} "
        f"reloaded the receipt page); {len(cases)} cases, {len(unacknowledged)} committed but "
        f"never shown; {Notice.objects.count()} receipt letters; gunicorn used "
        f"{server.cpu_seconds:.1f}s of CPU, the citizens {cpu:.1f}s"
    )
    # The kill came in the middle: receipts before it, failed requests, receipts after it.
    assert KILL_AFTER <= len(rush.before_kill) < CLIENTS
    assert failed

    # Every citizen saw exactly one receipt, and it is their own stored case, tracked by its code.
    assert all(len(c.seen) == 1 for c in citizens)
    numbers = [number for _, number, _ in seen]
    assert [n for n, k in Counter(numbers).items() if k > 1] == []
    for citizen, number, code in seen:
        app = cases[number]
        assert app.applicant_name == citizen.name and app.email == citizen.email
        # The code opens the case (if this citizen's one showing of it was lost in the kill, it
        # is in the outbox, checked below).
        assert application_for_tracking(number, code) == app if code else citizen.reloaded_receipt
    assert tracked and all(tracked.values()), [n for n, ok in tracked.items() if not ok]

    # A case nobody was shown is one whose request died after its commit, of a citizen who then
    # failed; at most one such case per citizen (they retried once the server was back).
    owner = {c.name: c for c in citizens}
    for number in unacknowledged:
        assert owner[cases[number].applicant_name].failures
    assert max(Counter(a.applicant_name for a in cases.values()).values()) <= 2

    # Serials 1…N without a gap, and the counter at N.
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in cases)
    assert serials == list(range(1, len(cases) + 1))
    counter = ApplicationSerial.objects.get(body=office)
    assert counter.last_serial == len(cases)

    # Nothing half-written: each case has its one 提交 event and its receipt in the outbox …
    events = Counter(ApplicationEvent.objects.values_list("application_id", "action"))
    assert events == Counter({(a.pk, Action.SUBMIT): 1 for a in cases.values()})
    outbox = ApplicantMessage.objects.filter(kind=MessageKind.RECEIPT)
    assert sorted(outbox.values_list("application_id", "recipient")) == sorted(
        (a.pk, a.email) for a in cases.values()
    )
    # … each outbox row has its task row that sends it; a letter has at most one that makes its
    # files (a letter without one, its request killed in between, has them made on download);
    # every task row names an existing row.
    tasks = Counter(
        (row.task_path.rsplit(".", 1)[-1], row.args_kwargs["args"][0])
        for row in DBTaskResult.objects.all()
    )
    letters = list(Notice.objects.select_related("event"))
    assert {name for name, _ in tasks} <= {"applicant_message_send_task", "notice_files_make"}
    sends = {pk: n for (name, pk), n in tasks.items() if name == "applicant_message_send_task"}
    files = {pk: n for (name, pk), n in tasks.items() if name == "notice_files_make"}
    assert sends == {pk: 1 for pk in outbox.values_list("pk", flat=True)}
    assert set(files) <= {n.pk for n in letters} and set(files.values()) <= {1}
    # The receipt letters: one per 提交 event at most, complete; a missing one is offered again.
    assert all(n.kind == NoticeKind.RECEIPT and n.event.action == Action.SUBMIT for n in letters)
    assert all(
        n.number and n.body_text and n.event.application_id == n.application_id for n in letters
    )
    assert len({n.event_id for n in letters}) == len(letters)
    assert len({n.number for n in letters}) == len(letters)
    without = [a for a in cases.values() if not any(n.application_id == a.pk for n in letters)]
    for app in without:
        assert events_missing_notice(app, list(app.events.all())) == {app.events.get().pk}
