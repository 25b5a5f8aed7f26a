"""Benchmark: `manage.py import_laws` over the whole law corpus, then its idempotent re-run.

Not a test. Runs on a fresh SQLite file in a temporary directory (default) or, with
`--database-url postgres://USER@HOST:PORT/DB`, on a scratch database `gongkai_bench` that is
created on that server and dropped afterwards (the URL only names the server and an account
allowed to create databases). Prints the numbers, the machine's facts and a Markdown table row
for docs/benchmarks.md.

    .venv/bin/python bench/import_laws.py
    .venv/bin/python bench/import_laws.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import drop_postgres, machine_facts, scratch_postgres  # noqa: E402

DEFAULT_CORPUS = ROOT / ".." / "shared" / "corpus" / "lawrefbook_laws"
SCRATCH_DB = "gongkai_bench"
TARGET_SECONDS = 120  # the target: the whole corpus in under 2 minutes


def run_import(call_command, corpus: Path) -> tuple[float, str]:
    out = io.StringIO()
    started = time.perf_counter()
    call_command("import_laws", str(corpus), stdout=out)
    return time.perf_counter() - started, out.getvalue().strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="admin URL of a PostgreSQL server; the benchmark creates and drops "
        f"the database {SCRATCH_DB} there (default: a temporary SQLite file)",
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    corpus = args.corpus.resolve()
    if not (corpus / "manifest.jsonl").is_file():
        parser.error(f"no manifest.jsonl in {corpus}")

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-"))
    if args.database_url:
        db_url = scratch_postgres(args.database_url, SCRATCH_DB)
    else:
        db_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    # Everything the settings read from the environment must be set before django.setup().
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["DATABASE_URL"] = db_url
    os.environ["GONGKAI_DATA_DIR"] = str(workdir)
    os.environ.setdefault("SECRET_KEY", "bench-not-secret")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    import wagtail
    from django.core.management import call_command
    from django.db import connection, connections

    from gongkai.documents.models import PolicyDocumentPage

    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        # Other work on the machine skews the timings: record the load the import started under.
        load_before = os.getloadavg()[0]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                database = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        else:
            import sqlite3

            database = f"SQLite {sqlite3.sqlite_version}"

        seconds, summary = run_import(call_command, corpus)
        documents = PolicyDocumentPage.objects.filter(source_key__startswith="lawrefbook:").count()
        load_after = os.getloadavg()[0]
        rerun_seconds, rerun_summary = run_import(call_command, corpus)
        new_on_rerun = re.search(r"新导入 (\d+) 件", rerun_summary)
    finally:
        connections.close_all()
        if args.database_url and not args.keep:
            drop_postgres(args.database_url, SCRATCH_DB)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    facts = machine_facts()
    versions = (
        f"Python {facts['python']}, Django {django.get_version()}, Wagtail {wagtail.__version__}"
    )
    rate = documents / seconds if seconds else 0.0
    print(
        f"database:          {database} ({'scratch ' + SCRATCH_DB if args.database_url else 'temporary file'})"
    )
    print(
        f"machine:           {facts['cpu']}, {facts['cores']} cores, {facts['ram']} RAM, {facts['os']}"
    )
    print(f"software:          {versions}")
    print(f"load average:      {load_before:.2f} before, {load_after:.2f} after the import (1 min)")
    print(f"migrate:           {migrate_seconds:.1f} s (not counted)")
    print(f"import report:     {summary.splitlines()[0] if summary else ''}")
    print(f"documents:         {documents}")
    print(f"import:            {seconds:.1f} s, {rate:.1f} documents/s")
    print(
        f"target:            {'met' if seconds < TARGET_SECONDS else 'MISSED'} (< {TARGET_SECONDS} s)"
    )
    print(f"re-run report:     {rerun_summary.splitlines()[0] if rerun_summary else ''}")
    print(
        f"re-run:            {rerun_seconds:.1f} s, new: {new_on_rerun.group(1) if new_on_rerun else '?'}"
    )
    print()
    print(
        "| Date | Database | Documents | Import (s) | Documents/s | Re-run (s) | Load before/after "
        "| Machine | Software |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {date.today().isoformat()} | {database} | {documents} | {seconds:.1f} | {rate:.1f} "
        f"| {rerun_seconds:.1f} | {load_before:.1f} / {load_after:.1f} | {facts['cpu']}, {facts['cores']} cores, {facts['ram']} "
        f"| {versions} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
