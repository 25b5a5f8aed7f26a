"""Many people comment on one consultation, and write letters, at the same moment (issue 14,
"Show"): every number acknowledged is one stored comment or letter, none is shared, and the
serials of the year run 1…N without a gap.

Threads with a connection each call the workflow's own submission functions (`comment_submit`,
`letter_submit`: each commits before it returns the number a receipt shows), released together
by a barrier. The HTTP path in front of them (the form, the throttles, the receipt) is the
applications' one, proven with 200 submissions to gunicorn killed midway
(applications/tests/test_kill_gunicorn.py).

PostgreSQL only: SQLite's test database is in memory and takes one writer at a time.
"""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connections

from gongkai.core.dates import today
from gongkai.participation.comment_workflow import comment_submit
from gongkai.participation.letter_workflow import letter_submit
from gongkai.participation.models import (
    Comment,
    CommentEvent,
    CommentSerial,
    Letter,
    LetterEvent,
    LetterSerial,
)
from gongkai.participation.tests.factories import consultation_make
from gongkai.participation.tests.letter_factories import WRITER

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs PostgreSQL: SQLite's test database takes one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

SUBMISSIONS = 200
THREADS = 40  # connections at once: well under PostgreSQL's default 100, with the other worker


def _all_at_once(submit) -> list[str]:
    """SUBMISSIONS calls of `submit(i)` from THREADS threads released together; the numbers
    they returned. Any exception fails the test."""
    barrier = threading.Barrier(THREADS)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(first: int) -> None:
        try:
            barrier.wait(timeout=60)
            for i in range(first, SUBMISSIONS, THREADS):
                number = submit(i)
                with lock:
                    numbers.append(number)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == []
    return numbers


def _serials(numbers: list[str]) -> list[int]:
    return sorted(int(number[-6:]) for number in numbers)


def test_simultaneous_comments_on_one_consultation(office):
    day = today()
    page = consultation_make(
        office, opens_on=day - timedelta(days=1), closes_on=day + timedelta(days=30)
    )

    numbers = _all_at_once(
        lambda i: (
            comment_submit(
                page, text=f"第{i}条意见：建议明确责任部门。", contact=f"139{i:08d}"
            ).number
        )
    )

    assert len(numbers) == SUBMISSIONS and len(set(numbers)) == SUBMISSIONS
    stored = Counter(Comment.objects.filter(consultation=page).values_list("number", flat=True))
    assert set(stored) == set(numbers) and max(stored.values()) == 1
    assert _serials(numbers) == list(range(1, SUBMISSIONS + 1))
    assert CommentSerial.objects.get(year=day.year).last_serial == SUBMISSIONS
    # One 网上提交意见 event each, nothing half-written.
    assert Counter(CommentEvent.objects.values_list("comment_id", flat=True)) == Counter(
        {pk: 1 for pk in Comment.objects.values_list("pk", flat=True)}
    )


def test_simultaneous_letters_to_one_mailbox(office):
    day = today()
    codes: dict[str, str] = {}

    def write(i: int) -> str:
        letter, code = letter_submit(office, **{**WRITER, "phone": f"139{i:08d}"})
        codes[letter.number] = code
        return letter.number

    numbers = _all_at_once(write)

    assert len(numbers) == SUBMISSIONS and len(set(numbers)) == SUBMISSIONS
    letters = {letter.number: letter for letter in Letter.objects.all()}
    assert set(letters) == set(numbers)
    assert _serials(numbers) == list(range(1, SUBMISSIONS + 1))
    assert LetterSerial.objects.get(year=day.year).last_serial == SUBMISSIONS
    assert all(letters[number].query_code_check(code) for number, code in codes.items())
    assert Counter(LetterEvent.objects.values_list("letter_id", flat=True)) == Counter(
        {letter.pk: 1 for letter in letters.values()}
    )
