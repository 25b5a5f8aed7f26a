"""The change feed (`/api/v1/changes`): publication, a new version, a repeal and an
unpublication each appear once, in order; a harvester resumes from any cursor without gaps or
repeats; `/ids` lists every public document with its version and the cursor to go on from; on
PostgreSQL, writers publishing at once while a reader follows the feed: nothing skipped."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from gongkai.documents.services import document_new_version, document_repeal
from gongkai.publishing.models import Change
from gongkai.testing.personas import publish_document

URL = "/api/v1/changes"


def _follow(client, since: int = 0, limit: int = 100) -> tuple[list[tuple[int, int, str]], int]:
    """Every change after `since`, page by page; (seq, id, action) and the last cursor."""
    seen = []
    while True:
        answer = client.get(URL, {"since": since, "limit": limit}).json()
        seen += [(c["seq"], c["id"], c["action"]) for c in answer["changes"]]
        since = answer["next"]
        if not answer["more"]:
            return seen, since


@pytest.mark.django_db
def test_each_change_once_in_order_and_resumable(client, office, editor):
    first = publish_document(office, title="政务公开办法", slug="first")
    second = publish_document(office, title="通知", slug="second")
    seen, cursor = _follow(client)
    assert [(i, a) for _, i, a in seen][-2:] == [(first.pk, "upsert"), (second.pk, "upsert")]
    newer = document_new_version(first, user=editor)
    newer.save_revision().publish()
    document_repeal(second, repealed_on=date(2026, 1, 1), repealing_title="另文废止", user=editor)
    second.refresh_from_db()
    second.unpublish()
    more, cursor2 = _follow(client, cursor, limit=1)  # one at a time: resumes without gaps
    actions = [(i, a) for _, i, a in more]
    assert actions[:2] == [(newer.pk, "upsert"), (first.pk, "upsert")]  # now 已修改
    assert (second.pk, "delete") == actions[-1]
    assert (second.pk, "upsert") in actions  # the repeal
    seqs = [s for s, _, _ in seen + more]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # no gaps
    assert _follow(client, cursor2) == ([], cursor2)

    ids = client.get(URL + "/ids").json()
    listed = {item["id"] for item in ids["items"]}
    assert {first.pk, newer.pk} <= listed and second.pk not in listed
    assert ids["cursor"] == cursor2


@pytest.mark.django_db
def test_bad_cursors_are_refused_in_chinese(client):
    answer = client.get(URL, {"since": -1})
    assert answer.status_code == 422 and answer.json()["error"] == "请求参数有误"
    assert client.get(URL, {"limit": 5000}).status_code == 422


WRITERS = 8
EACH = 3


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: SQLite's test database takes one writer at a time",
)
@pytest.mark.django_db(transaction=True)
def test_a_reader_following_concurrent_writers_misses_nothing(province, office):
    barrier = threading.Barrier(WRITERS + 1)
    errors: list[BaseException] = []
    done = threading.Event()
    seen: list[tuple[int, int, str]] = []

    def writer(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            for k in range(EACH):
                publish_document(office, title=f"并发文件{n}-{k}", slug=f"c{n}-{k}")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    def reader() -> None:
        client, since = Client(), 0
        try:
            barrier.wait(timeout=60)
            while not done.is_set():
                got, since = _follow(client, since, limit=5)
                seen.extend(got)
            got, since = _follow(client, since, limit=5)
            seen.extend(got)
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    follower = threading.Thread(target=reader)
    for thread in [*threads, follower]:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    done.set()
    follower.join(timeout=120)
    assert errors == []
    everything = list(Change.objects.order_by("seq").values_list("seq", "document_id", "action"))
    assert seen == everything  # every change once, in order, although read while being written
    assert len(everything) == WRITERS * EACH
    assert {a for _, _, a in everything} == {"upsert"}
