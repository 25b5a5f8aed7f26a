"""The tantivy index: schema, writing records, following the outbox, rebuilding.

One index per app server, in GONGKAI_SEARCH_INDEX_DIR. Beside the index, `cursor.json` holds the
id of the last outbox row applied; it is written after the index commit, so a crash in between
only replays rows (applying a row twice gives the same index). One writer at a time holds a file
lock; web processes only open readers.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import tantivy
from django.conf import settings
from django.db.models import Max

from gongkai.search.bulk import build_index
from gongkai.search.models import SearchOutbox
from gongkai.search.registry import SearchRecord, registration_for, registrations
from gongkai.search.schema import SCHEMA, SCHEMA_VERSION, to_document

WRITER_HEAP = 128 * 1024 * 1024
BATCH = 500


def index_dir() -> Path:
    return Path(settings.GONGKAI_SEARCH_INDEX_DIR)


@dataclass
class Cursor:
    last_outbox_id: int = 0
    schema_version: int = SCHEMA_VERSION


def read_cursor(path: Path | None = None) -> Cursor | None:
    path = path or index_dir()
    try:
        data = json.loads((path / "cursor.json").read_text())
    except (OSError, ValueError):
        return None
    return Cursor(int(data.get("last_outbox_id", 0)), int(data.get("schema_version", 0)))


def _write_cursor(path: Path, cursor: Cursor) -> None:
    tmp = path / "cursor.json.tmp"
    tmp.write_text(json.dumps(cursor.__dict__))
    os.replace(tmp, path / "cursor.json")


def index_exists(path: Path | None = None) -> bool:
    path = path or index_dir()
    cursor = read_cursor(path)
    return (
        cursor is not None
        and cursor.schema_version == SCHEMA_VERSION
        and (path / "meta.json").exists()
    )


@contextmanager
def _writer_lock(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def outbox_head() -> int:
    return SearchOutbox.objects.aggregate(m=Max("id"))["m"] or 0


def _record_for_key(key: str) -> SearchRecord | None:
    label, _, pk = key.partition(":")
    registration = registration_for(label)
    if registration is None:
        return None
    obj = registration.model._default_manager.filter(pk=pk).first()
    return registration.to_record(obj) if obj is not None else None


def catch_up(path: Path | None = None) -> int:
    """Apply the outbox rows this index has not seen; returns how many rows were applied.

    A missing index (or one of an older schema) is rebuilt first.
    """
    path = path or index_dir()
    if not index_exists(path):
        rebuild(path)
    applied = 0
    with _writer_lock(path):
        cursor = read_cursor(path)
        index = tantivy.Index(SCHEMA, path=str(path))
        while True:
            rows = list(
                SearchOutbox.objects.filter(id__gt=cursor.last_outbox_id).order_by("id")[:BATCH]
            )
            if not rows:
                break
            writer = index.writer(WRITER_HEAP, 1)
            for key in dict.fromkeys(r.key for r in rows):
                writer.delete_documents_by_term("key", key)
                record = _record_for_key(key)
                if record is not None:
                    writer.add_document(to_document(record))
            writer.commit()
            writer.wait_merging_threads()
            cursor.last_outbox_id = rows[-1].id
            _write_cursor(path, cursor)
            applied += len(rows)
    return applied


def all_records() -> Iterator[SearchRecord]:
    """The search record of every registered object (what a rebuild indexes)."""
    for registration in registrations():
        for obj in registration.all_objects():
            record = registration.to_record(obj)
            if record is not None:
                yield record


def rebuild(path: Path | None = None, *, records: Iterable[SearchRecord] | None = None) -> int:
    """Build a fresh index from the database into a new folder, then swap it in (`records`:
    the records to index when the caller already has them; by default `all_records()`)."""
    path = path or index_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    head = outbox_head()  # rows after this are applied by the catch-up that follows
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    count = build_index(fresh, all_records() if records is None else records)
    _write_cursor(fresh, Cursor(last_outbox_id=head))
    with _writer_lock(path):
        old = path.with_name(path.name + ".old")
        if path.exists():
            os.replace(path, old)
        os.replace(fresh, path)
        shutil.rmtree(old, ignore_errors=True)
    return count
