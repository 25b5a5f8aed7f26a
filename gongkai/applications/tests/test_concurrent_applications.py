"""Many citizens submit at the same moment: every receipt shown is a stored, unique case.

Real HTTP against the running test server (`live_server`: Django's ThreadedWSGIServer, a thread
per request), not the test client: each of SUBMISSIONS workers fetches the form (CSRF cookie and
token), waits at a barrier so that all POST together, then follows the redirect to its receipt.
Architecture rule checked: nothing acknowledged is lost — every number shown on a receipt exists,
none is shared, and the cases in the database are exactly the successful submissions.

PostgreSQL only: the test database on SQLite is in memory and cannot take concurrent writers.
Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/test pytest <this file> --create-db
"""

from __future__ import annotations

import re
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.cookiejar import CookieJar

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    Notice,
    NoticeKind,
)
from gongkai.applications.tests.factories import applicant_data, id_number

SUBMISSIONS = 60
TIMEOUT_SECONDS = 600  # per request: the machine is small and each receipt letter is rendered

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: the in-memory SQLite test database cannot take concurrent "
        "writers (run with DATABASE_URL=postgres://…)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.filterwarnings("ignore:No directory at:UserWarning"),
]


@pytest.fixture(autouse=True)
def _content_types_cached_for_the_next_restore():
    # See test_browser_apply.py: the next serialized_rollback restore needs these ids cached.
    yield
    ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)


@dataclass
class Receipt:
    worker: int
    case_number: str
    query_code: str


def _submit(base: str, body_code: str, worker: int, barrier: threading.Barrier) -> Receipt:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    form_url = f"{base}/apply/{body_code}/"
    with opener.open(form_url, timeout=TIMEOUT_SECONDS) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    data = applicant_data(
        applicant_name=f"并发申请人{worker:02d}",
        id_number=id_number(seq=f"{worker:03d}"),
        description=f"第{worker}号并发测试所需的政府信息",
    )
    data.update(
        csrfmiddlewaretoken=token,
        provision_form="electronic",
        delivery="online",
        consent="on",
    )
    body = urllib.parse.urlencode(data).encode()
    barrier.wait(timeout=TIMEOUT_SECONDS)  # every worker posts at the same moment
    # urllib follows the 302 to the receipt (as a GET, with the session cookie).
    with opener.open(form_url, data=body, timeout=TIMEOUT_SECONDS) as response:
        assert response.status == 200 and response.url.endswith("/apply/receipt/")
        page = response.read().decode()
    number = re.search(r'class="case-number">([^<]+)<', page)
    code = re.search(r'id="query-code">([^<]+)<', page)
    assert number and code, f"worker {worker}: the receipt shows no number or code"
    return Receipt(worker, number[1].strip(), code[1].strip())


def _accept_queue(live_server, size: int) -> None:
    """Give the test server the accept queue of a production server.

    Django's test server listens with a queue of 10 (`WSGIServer.request_queue_size`); more
    simultaneous connections than that are refused by the kernel before the application sees
    them (a production server such as gunicorn listens with 2048). Calling listen() again on the
    listening socket changes the queue length (Linux).
    """
    live_server.thread.httpd.socket.listen(size)


def test_simultaneous_online_applications_all_get_a_stored_unique_receipt(
    live_server, office, settings
):
    # One address, one contact for all: the submission throttles (applications/throttles.py) off.
    settings.GONGKAI_THROTTLES = {
        **settings.GONGKAI_THROTTLES,
        "apply-address": "off",
        "apply-contact": "off",
    }
    _accept_queue(live_server, 4 * SUBMISSIONS)
    barrier = threading.Barrier(SUBMISSIONS)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        futures = [
            pool.submit(_submit, live_server.url, office.code, worker, barrier)
            for worker in range(SUBMISSIONS)
        ]
        outcomes = [f.exception() or f.result() for f in futures]
    elapsed = time.monotonic() - started

    failures = [o for o in outcomes if not isinstance(o, Receipt)]
    receipts = [o for o in outcomes if isinstance(o, Receipt)]
    letters = Notice.objects.filter(kind=NoticeKind.RECEIPT).count()
    print(
        f"\n{len(receipts)} of {SUBMISSIONS} simultaneous submissions in {elapsed:.1f}s "
        f"({letters} receipt letters issued by the workflow hook)"
    )
    # Every submission got a receipt.
    assert failures == []
    assert len(receipts) == SUBMISSIONS

    numbers = [r.case_number for r in receipts]
    duplicated = [n for n, count in Counter(numbers).items() if count > 1]
    assert duplicated == []
    stored = {a.case_number: a for a in Application.objects.filter(body=office)}
    # Every number shown exists; the cases stored are exactly the successful submissions.
    assert set(numbers) - set(stored) == set()
    assert Application.objects.count() == len(receipts)
    # Each receipt's code opens its own case, and each case is one applicant's.
    for receipt in receipts:
        app = stored[receipt.case_number]
        assert app.query_code_check(receipt.query_code)
        assert app.applicant_name == f"并发申请人{receipt.worker:02d}"
    # One submit event per case, and the serials run 1…N without a gap.
    assert ApplicationEvent.objects.filter(action=Action.SUBMIT).count() == SUBMISSIONS
    serials = sorted(int(n.rsplit("-", 1)[1]) for n in numbers)
    assert serials == list(range(1, SUBMISSIONS + 1))
