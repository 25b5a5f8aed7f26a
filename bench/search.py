"""Benchmark: search latency of the tantivy index at N documents (not a test).

Builds an index of N synthetic documents directly (no database): bodies are 2,273-character
chunks of the law corpus (the size the architecture's measurement used), with random owners,
types, years and dates; then times queries with the platform's own query code
(`search.selectors` building blocks): two-character words, quoted phrases of 2–8 characters,
with and without facets. Prints p50/p95 and a Markdown row for docs/benchmarks.md.

    .venv/bin/python bench/search.py --docs 50000
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

import tantivy  # noqa: E402

from gongkai.search import index as idx  # noqa: E402
from gongkai.search import segment  # noqa: E402
from gongkai.search.registry import SearchRecord  # noqa: E402
from gongkai.search.selectors import _substring, validity_query  # noqa: E402

CHUNK = 2273
WORDS = ["管理", "公开", "信息", "规定", "土地", "运输", "补偿", "保护", "安全", "服务"]


def corpus_chunks(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.rglob("*.md"))[:1500]:
        text = path.read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
        text = "".join(text.split())
        texts.extend(text[i : i + CHUNK] for i in range(0, len(text) - CHUNK, CHUNK))
    return texts


def build(n: int, chunks: list[str], path: Path) -> float:
    rnd = random.Random(7)
    index = tantivy.Index(idx.SCHEMA, path=str(path), reuse=False)
    writer = index.writer(idx.WRITER_HEAP, 1)
    started = time.perf_counter()
    for i in range(n):
        body = chunks[i % len(chunks)]
        year = rnd.randint(2000, 2025)
        record = SearchRecord(
            key=f"bench:{i}",
            title=body[:20],
            url=f"/d/{i}/",
            kind="document",
            doc_type=rnd.choice(["rule", "normative", "other"]),
            doc_type_label="",
            topic=rnd.choice(["综合政务", "国土资源、能源", "工业、交通"]),
            owner_code=f"b{i % 2000}",
            owner_name=f"机关{i % 2000}",
            body_codes=[f"b{i % 2000}", f"p{i % 14}"],
            published_on=date(year, 1, 1),
            starts_on=date(year, 1, 1),
            expires_on=date(year + 5, 1, 1) if i % 7 == 0 else None,
            body_text=body,
        )
        writer.add_document(idx.to_document(record))
    writer.commit()
    writer.wait_merging_threads()
    return time.perf_counter() - started


def timed(searcher, query, runs):
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        searcher.search(query, 20, count=True)
        samples.append((time.perf_counter() - t) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument(
        "--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus" / "lawrefbook_laws"
    )
    args = parser.parse_args()
    chunks = corpus_chunks(args.corpus)
    rnd = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        seconds = build(args.docs, chunks, Path(tmp))
        index = tantivy.Index.open(tmp)
        index.reload()
        searcher = index.searcher()
        schema = index.schema
        words = [_substring(schema, w) for w in WORDS]
        phrases = []
        while len(phrases) < 40:
            text = segment.normalize(rnd.choice(chunks))
            k = rnd.randint(2, 8)
            start = rnd.randrange(0, len(text) - k)
            phrases.append(_substring(schema, text[start : start + k]))
        filtered = [
            tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, q),
                    (tantivy.Occur.Must, validity_query(schema, "effective", date.today())),
                    (tantivy.Occur.Must, tantivy.Query.term_query(schema, "body", "p3")),
                ]
            )
            for q in words
        ]
        rows = {}
        for name, queries in (
            ("two-character words", words),
            ("phrases 2-8 chars", phrases),
            ("word + validity + body filter", filtered),
        ):
            samples = [s for q in queries for s in timed(searcher, q, 5)]
            rows[name] = (statistics.median(samples), statistics.quantiles(samples, n=20)[18])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in open("/proc/cpuinfo")
            if line.startswith("model name")
        ),
        "?",
    )
    print(
        f"documents: {args.docs}, build {seconds:.0f} s ({args.docs / seconds:.0f} docs/s); {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    for name, (p50, p95) in rows.items():
        print(f"| {date.today()} | {args.docs:,} | {name} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
