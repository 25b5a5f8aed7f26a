"""Building a whole index at once (`index.rebuild`, `bench/search.py`).

Per document, segmentation (jieba words, bigrams) and tantivy's own indexing (positions of some
2,300 bigrams) cost about the same, and both are CPU-bound. So each worker process does both for
its share of the records, into an index of its own, and the parts are then joined into one index.
Joining is cheap: a tantivy segment is a self-contained set of files named after its id, and an
index is the list of its segments in `meta.json` — the parts' segment files move into the target
folder and one `meta.json` lists them all (what tantivy's own `merge_indices` does, without
rewriting the segments). The parent process only reads records from the database and hands them
out in batches; the workers touch neither the database nor each other's folder.

Handing the workers plain records (~7 KB each) instead of handing finished token streams back
(~27 KB each) to one writer also keeps the parent from becoming the bottleneck (measured in
docs/benchmarks.md).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import queue
import shutil
import traceback
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path

import tantivy

from gongkai.search.registry import SearchRecord
from gongkai.search.schema import SCHEMA, to_document

BATCH = 256  # records handed to a worker at a time
WORKER_HEAP = 256 * 1024 * 1024  # tantivy's indexing memory per worker: fewer, larger segments
POLL_SECONDS = 1.0


class BuildError(RuntimeError):
    """A worker process failed; the message holds its traceback."""


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
    """Index `records` into a new index at `path` (an empty folder) and commit; returns how many
    were indexed. With more than one batch of records the work is spread over `workers` processes
    (one per core by default)."""
    workers = (os.cpu_count() or 1) if workers is None else workers
    batches = _batched(records, BATCH)
    first = next(batches, [])
    second = next(batches, [])
    if not second or workers <= 1:
        return _build_here(path, chain([first, second], batches))
    return _build_in_workers(path, chain([first, second], batches), workers)


def _build_here(path: Path, batches: Iterable[list[SearchRecord]]) -> int:
    writer = tantivy.Index(SCHEMA, path=str(path), reuse=False).writer(WORKER_HEAP, 1)
    count = 0
    for batch in batches:
        for record in batch:
            writer.add_document(to_document(record))
        count += len(batch)
    writer.commit()
    writer.wait_merging_threads()
    return count


def _worker(part: Path, tasks, results) -> None:
    try:
        part.mkdir()
        results.put(("ok", _build_here(part, iter(tasks.get, None))))
    except BaseException:  # reported to the parent, which raises BuildError
        results.put(("error", traceback.format_exc()))
        raise SystemExit(1) from None


def _build_in_workers(path: Path, batches: Iterable[list[SearchRecord]], workers: int) -> int:
    # Forked, so the workers get the loaded code; they are started before this process opens
    # any tantivy writer (no threads to inherit). They never use the inherited database
    # connection, and they leave through os._exit, which closes nothing of the parent's.
    context = multiprocessing.get_context("fork")
    tasks = context.Queue(maxsize=2 * workers)
    results = context.Queue()
    parts = [path / f".part-{n}" for n in range(workers)]
    processes = [context.Process(target=_worker, args=(p, tasks, results)) for p in parts]
    for process in processes:
        process.start()
    try:
        for batch in batches:
            _put(tasks, batch, processes, results)
        for _ in processes:
            _put(tasks, None, processes, results)
        outcomes = [_get(results, processes) for _ in processes]
        for process in processes:
            process.join()
        errors = [detail for status, detail in outcomes if status != "ok"]
        if errors:
            raise BuildError(errors[0])
        _join_parts(path, parts)
        return sum(count for _, count in outcomes)
    finally:
        tasks.cancel_join_thread()  # batches nobody will take are dropped, not waited for
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join()
        for part in parts:
            shutil.rmtree(part, ignore_errors=True)


def _check_alive(processes, results) -> None:
    dead = [p for p in processes if p.exitcode not in (None, 0)]
    if dead:
        try:
            status, detail = results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            status, detail = "error", f"worker exited with code {dead[0].exitcode}"
        raise BuildError(detail if status != "ok" else f"worker exited with {dead[0].exitcode}")


def _put(tasks, item, processes, results) -> None:
    while True:
        try:
            tasks.put(item, timeout=POLL_SECONDS)
            return
        except queue.Full:
            _check_alive(processes, results)


def _get(results, processes):
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except queue.Empty:
            _check_alive(processes, results)


def _join_parts(path: Path, parts: list[Path]) -> None:
    """One index at `path` holding every segment of the committed indexes in `parts`."""
    metas = [json.loads((part / "meta.json").read_text()) for part in parts]
    joined = dict(metas[0])
    joined["segments"] = [segment for meta in metas for segment in meta["segments"]]
    joined["opstamp"] = max(meta["opstamp"] for meta in metas)
    files = ["meta.json"]
    for part, meta in zip(parts, metas, strict=True):
        prefixes = tuple(s["segment_id"].replace("-", "") + "." for s in meta["segments"])
        for file in part.iterdir():
            if file.name.startswith(prefixes):
                os.replace(file, path / file.name)
                files.append(file.name)
    # tantivy's garbage collection deletes only the files it lists as its own.
    (path / ".managed.json").write_text(json.dumps(files))
    tmp = path / "meta.json.tmp"
    tmp.write_text(json.dumps(joined))
    os.replace(tmp, path / "meta.json")
