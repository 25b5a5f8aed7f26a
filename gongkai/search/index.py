"""The tantivy index: schema, writing records, following the outbox, rebuilding.

One index per app server, in GONGKAI_SEARCH_INDEX_DIR. Beside the index, `cursor.json` holds the
id of the last outbox row applied; it is written after the index commit, so a crash in between
only replays rows (applying a row twice gives the same index). One writer at a time holds a file
lock; web processes only open readers.
"""

from __future__ import annotations

import fcntl
import json
import multiprocessing
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

import tantivy
from django.conf import settings
from django.db.models import Max

from gongkai.search import segment
from gongkai.search.models import SearchOutbox
from gongkai.search.registry import SearchRecord, registration_for, registrations

SCHEMA_VERSION = 2  # 2: token streams through the whitespace tokenizer
NO_DATE = 99991231  # "never" for expiry, amendment and repeal dates
UNKNOWN_START = 0  # a document without a known start date is in force from the beginning
WRITER_HEAP = 128 * 1024 * 1024
BATCH = 500


def date_int(value: date | None, default: int) -> int:
    return value.year * 10000 + value.month * 100 + value.day if value else default


def build_schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("key", stored=True, tokenizer_name="raw", index_option="basic")
    # The token fields receive space-separated streams built by `segment` (see there); tantivy's
    # built-in whitespace tokenizer only splits them and numbers the positions.
    b.add_text_field("title_words", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("body_words", tokenizer_name="whitespace", index_option="freq")
    b.add_text_field("grams", tokenizer_name="whitespace", index_option="position")
    b.add_text_field("chars", tokenizer_name="whitespace", index_option="basic")
    for name in ("kind", "doc_type", "topic", "owner", "body"):
        b.add_text_field(
            name, stored=name != "body", fast=True, tokenizer_name="raw", index_option="basic"
        )
    for name in ("year", "starts_on", "expires_on", "superseded_on", "repealed_on", "published"):
        b.add_unsigned_field(name, stored=True, indexed=True, fast=True)
    for name in (
        "title",
        "url",
        "owner_name",
        "doc_type_label",
        "doc_number",
        "index_number",
        "text",
    ):
        b.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    return b.build()


SCHEMA = build_schema()


def _text_fields(record: SearchRecord) -> tuple[str, ...]:
    # The order is fixed: title first, body and attachment text last (see token_streams).
    return (
        record.title,
        record.doc_number,
        record.index_number,
        record.issuer,
        record.owner_name,
        record.body_text,
        record.attachment_text,
    )


def indexed_text(record: SearchRecord) -> str:
    """The normalised text that exact-phrase recall is defined on (tests scan it too)."""
    normalized = (segment.normalize(f) for f in _text_fields(record))
    return segment.FIELD_SEPARATOR.join(f for f in normalized if f)


def token_streams(texts: tuple[str, ...]) -> tuple[str, str, str, str]:
    """The expensive part of indexing one record — normalising and segmenting its text — as a
    pure function of plain strings, so that a rebuild can run it in worker processes.
    Returns the title words, body words, bigram and character streams."""
    fields = [segment.normalize(f) for f in texts]
    title, body, attachment = fields[0], fields[5], fields[6]
    return (
        segment.word_stream(segment.words_of_normalized(title)),
        segment.word_stream(
            segment.words_of_normalized(body) + segment.words_of_normalized(attachment)
        ),
        segment.bigram_stream(fields),
        segment.character_stream(fields),
    )


def to_document(
    record: SearchRecord, streams: tuple[str, str, str, str] | None = None
) -> tantivy.Document:
    title_words, body_words, grams, chars = streams or token_streams(_text_fields(record))
    doc = tantivy.Document()
    doc.add_text("key", record.key)
    doc.add_text("title_words", title_words)
    doc.add_text("body_words", body_words)
    doc.add_text("grams", grams)
    doc.add_text("chars", chars)
    doc.add_text("kind", record.kind)
    doc.add_text("doc_type", record.doc_type)
    doc.add_text("topic", record.topic)
    doc.add_text("owner", record.owner_code)
    for code in record.body_codes:
        doc.add_text("body", code)
    doc.add_unsigned("year", record.published_on.year if record.published_on else 0)
    doc.add_unsigned("starts_on", date_int(record.starts_on, UNKNOWN_START))
    doc.add_unsigned("expires_on", date_int(record.expires_on, NO_DATE))
    doc.add_unsigned("superseded_on", date_int(record.superseded_on, NO_DATE))
    doc.add_unsigned("repealed_on", date_int(record.repealed_on, 0) if record.repealed else NO_DATE)
    doc.add_unsigned("published", date_int(record.published_on, 0))
    for name in ("title", "url", "owner_name", "doc_type_label", "doc_number", "index_number"):
        doc.add_text(name, getattr(record, name))
    doc.add_text("text", (record.body_text or record.attachment_text)[:20000])
    return doc


PARALLEL_BATCH = 256  # records segmented per round trip to the worker processes


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_index(path: Path, records: Iterable[SearchRecord], *, workers: int | None = None) -> int:
    """Index `records` into a new index at `path` and commit; returns how many were indexed.

    Segmentation is most of the cost, so once there is more than one batch it runs in worker
    processes (one per core by default) while this process reads the next batch from the
    database and hands finished documents to tantivy's own indexing thread. The pool is forked
    before the tantivy writer starts its threads, and the workers touch neither the database
    nor the index.
    """
    workers = (os.cpu_count() or 1) if workers is None else workers
    batches = _batched(records, PARALLEL_BATCH)
    first = next(batches, [])
    second = next(batches, [])
    pool = multiprocessing.get_context("fork").Pool(workers) if second and workers > 1 else None
    try:
        index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
        # tantivy's own indexing (positions of ~2,300 bigrams a document, the stored text) costs
        # more than segmenting once segmentation runs in the workers: give it a thread per core.
        writer = index.writer(WRITER_HEAP, workers if pool is not None else 1)
        count = 0
        if pool is None:
            for record in first + second:
                writer.add_document(to_document(record))
                count += 1
        else:
            pending = None
            for batch in chain([first, second], batches):
                job = pool.map_async(token_streams, [_text_fields(r) for r in batch], chunksize=32)
                if pending is not None:
                    count += _add_prepared(writer, *pending)
                pending = (batch, job)
            if pending is not None:
                count += _add_prepared(writer, *pending)
        writer.commit()
        writer.wait_merging_threads()
    finally:
        if pool is not None:
            pool.close()
            pool.join()
    return count


def _add_prepared(writer, batch: list[SearchRecord], job) -> int:
    for record, streams in zip(batch, job.get(), strict=True):
        writer.add_document(to_document(record, streams))
    return len(batch)


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


def _all_records() -> Iterator[SearchRecord]:
    for registration in registrations():
        for obj in registration.all_objects():
            record = registration.to_record(obj)
            if record is not None:
                yield record


def rebuild(path: Path | None = None) -> int:
    """Build a fresh index from the database into a new folder, then swap it in."""
    path = path or index_dir()
    path.parent.mkdir(parents=True, exist_ok=True)
    head = outbox_head()  # rows after this are applied by the catch-up that follows
    fresh = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    count = build_index(fresh, _all_records())
    _write_cursor(fresh, Cursor(last_outbox_id=head))
    with _writer_lock(path):
        old = path.with_name(path.name + ".old")
        if path.exists():
            os.replace(path, old)
        os.replace(fresh, path)
        shutil.rmtree(old, ignore_errors=True)
    return count
