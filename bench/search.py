"""Benchmark: Chinese full-text search at N documents, through the project's own code (not a test).

1. Writes N documents as rows of a SQLite database (bodies of 1,500–3,000 characters cut from the
   real texts of ../shared/corpus/lawrefbook_laws, titles, 2,000 owner bodies in 14 regions,
   types, topics, years and validity dates).
2. Indexes them with `search.bulk.build_index` — the same function `rebuild_search_index` uses —
   reading the rows, segmenting (jieba words, bigrams, characters) and committing: the
   documents/s figure runs from database rows to a committed index, segmentation included.
   Segmentation alone is also timed on one core.
3. Times `search.selectors.search` — the function behind the search page, the API and the
   `search` command — for a fixed mix of query classes, each with and without a facet filter:
   top 20 hits with snippets, the total, and every facet count.

    .venv/bin/python bench/search.py --docs 20000
    .venv/bin/python bench/search.py --docs 1000000 --workdir /var/tmp/gongkai-bench  # keeps files

Prints the figures and Markdown rows for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERY_CLASSES = {
    "2-char words": [
        "规定",
        "管理",
        "公开",
        "信息",
        "土地",
        "补偿",
        "运输",
        "保护",
        "安全",
        "服务",
    ],
    "4-char words": ["行政许可", "土地管理", "安全生产", "信息公开", "环境保护", "人民政府"],
    "two words": ["土地 补偿", "安全 生产", "信息 公开", "环境 保护", "交通 运输", "管理 规定"],
}


def corpus_text(folder: Path) -> str:
    parts = []
    for path in sorted(folder.rglob("*.md")):
        text = path.read_text(encoding="utf-8").split("<!-- INFO END -->")[-1]
        parts.append("".join(text.split()))
    return "".join(parts)


def write_rows(db: Path, n: int, text: str) -> float:
    rnd = random.Random(7)
    conn = sqlite3.connect(db)
    conn.execute(
        "CREATE TABLE doc (id INTEGER PRIMARY KEY, title TEXT, body TEXT, owner TEXT, "
        "owner_name TEXT, region TEXT, doc_type TEXT, topic TEXT, published TEXT, "
        "expires TEXT, repealed TEXT, doc_number TEXT)"
    )
    started = time.perf_counter()
    batch = []
    for i in range(n):
        length = rnd.randint(1500, 3000)
        start = rnd.randrange(0, len(text) - length)
        body = text[start : start + length]
        owner = i % 2000
        year = rnd.randint(2000, 2025)
        batch.append(
            (
                i,
                text[start : start + rnd.randint(10, 30)],
                body,
                f"b{owner}",
                f"机关{owner}",
                f"p{owner % 14}",
                rnd.choice(["rule", "normative", "other"]),
                rnd.choice(["综合政务", "国土资源、能源", "工业、交通", "城乡建设、环境保护"]),
                f"{year}-{rnd.randint(1, 12):02d}-01",
                f"{year + 5}-01-01" if i % 7 == 0 else None,
                f"{year + 2}-06-01" if i % 11 == 0 else None,
                f"甘政办发〔{year}〕{i % 300 + 1}号",
            )
        )
        if len(batch) == 10000:
            conn.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
            batch = []
    conn.executemany("INSERT INTO doc VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", batch)
    conn.commit()
    conn.close()
    return time.perf_counter() - started


def records(db: Path):
    from gongkai.search.registry import SearchRecord

    conn = sqlite3.connect(db)
    for row in conn.execute("SELECT * FROM doc ORDER BY id"):
        (i, title, body, owner, owner_name, region, doc_type, topic, pub, exp, rep, num) = row
        published = date.fromisoformat(pub)
        yield SearchRecord(
            key=f"bench:{i}",
            title=title,
            url=f"/bench/{i}/",
            kind="document",
            doc_type=doc_type,
            doc_type_label="",
            topic=topic,
            owner_code=owner,
            owner_name=owner_name,
            body_codes=[owner, region],
            published_on=published,
            starts_on=published,
            expires_on=date.fromisoformat(exp) if exp else None,
            repealed=rep is not None,
            repealed_on=date.fromisoformat(rep) if rep else None,
            doc_number=num,
            body_text=body,
        )
    conn.close()


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the indexing workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return statistics.median(samples), q[94], q[98]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--workdir", type=Path, help="keep rows and index here (reused if there)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query")
    parser.add_argument(
        "--corpus", type=Path, default=ROOT / ".." / "shared" / "corpus" / "lawrefbook_laws"
    )
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    index_path = workdir / f"index-{args.docs}"
    os.environ["GONGKAI_SEARCH_INDEX_DIR"] = str(index_path)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'django.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.db import connection

    from gongkai.search import index as idx
    from gongkai.search import schema, segment
    from gongkai.search.bulk import build_index
    from gongkai.search.models import SearchOutbox
    from gongkai.search.selectors import Filters, search

    if "search_searchoutbox" not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(SearchOutbox)  # search() compares the index with the outbox

    text = corpus_text(args.corpus)
    rows_db = workdir / f"rows-{args.docs}.sqlite3"
    figures: dict[str, str] = {}
    if not rows_db.exists():
        seconds = write_rows(rows_db, args.docs, text)
        print(f"rows written: {args.docs:,} in {seconds:.0f} s")

    # Segmentation alone, one core: normalise + jieba words + bigram and character streams.
    sample = [r for _, r in zip(range(3000), records(rows_db), strict=False)]
    started = time.perf_counter()
    chars = 0
    for r in sample:
        schema.token_streams(schema.text_fields(r))
        chars += len(r.body_text)
    seg = time.perf_counter() - started
    figures["segmentation, one core"] = (
        f"{len(sample) / seg:,.0f} docs/s ({chars / seg / 1e6:.2f} M chars/s)"
    )

    if not idx.index_exists(index_path):
        shutil.rmtree(index_path, ignore_errors=True)
        index_path.mkdir(parents=True)
        started, cpu_before, load_before = time.perf_counter(), cpu_seconds(), os.getloadavg()
        count = build_index(index_path, records(rows_db))
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_before
        idx._write_cursor(index_path, idx.Cursor(last_outbox_id=0))
        figures["indexing (rows → committed index)"] = (
            f"{count:,} docs in {seconds:.0f} s = {count / seconds:,.0f} docs/s "
            f"(load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f})"
        )
        # CPU time of this process and its workers does not depend on what else runs: with
        # the machine to itself, throughput is at most cores / (CPU per document).
        figures["indexing CPU per document"] = (
            f"{cpu / count * 1000:.2f} ms (→ at most {os.cpu_count() * count / cpu:,.0f} docs/s "
            f"on {os.cpu_count()} idle cores)"
        )
    size = subprocess.run(["du", "-sh", str(index_path)], capture_output=True, text=True)
    figures["index size"] = size.stdout.split()[0] if size.stdout else "?"

    rnd = random.Random(11)
    classes = dict(QUERY_CLASSES)
    phrases = []
    while len(phrases) < 20:
        k = rnd.randint(2, 8)
        start = rnd.randrange(0, len(text) - k)
        phrase = segment.normalize(text[start : start + k])
        if len(phrase) == k and phrase.isalnum():
            phrases.append(f'"{phrase}"')
    classes["phrases 2-8 chars"] = phrases
    facet = Filters(body="p3", validity="effective")
    rows = []
    for name, queries in classes.items():
        for label, filters in (("", Filters()), (" + body & validity filter", facet)):
            samples = []
            totals = []
            per_query = []
            for q in queries:
                search(q, filters)  # warm the caches once, as a running server has them
                own = []
                for _ in range(args.runs):
                    t = time.perf_counter()
                    result = search(q, filters)
                    own.append((time.perf_counter() - t) * 1000)
                samples += own
                totals.append(result.total)
                per_query.append((statistics.median(own), q, result.total))
            p50, p95, p99 = percentiles(samples)
            rows.append((name + label, p50, p95, p99, statistics.median(totals)))
            slowest = max(per_query)
            figures[f"slowest of {name + label}"] = (
                f"{slowest[1]} {slowest[0]:.1f} ms (median), {slowest[2]:,} hits"
            )

    cpu = next(
        (line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if "model name" in line),
        "?",
    )
    print(
        f"documents: {args.docs:,}; {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, load {os.getloadavg()[0]:.1f}"
    )
    for name, value in figures.items():
        print(f"{name}: {value}")
    print("| Date | Documents | Query class | p50 (ms) | p95 (ms) | p99 (ms) | median hits |")
    print("|---|---|---|---|---|---|---|")
    for name, p50, p95, p99, hits in rows:
        print(
            f"| {date.today()} | {args.docs:,} | {name} | {p50:.1f} | {p95:.1f} | {p99:.1f} "
            f"| {hits:,.0f} |"
        )
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
