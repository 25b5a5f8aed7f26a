"""Benchmark: publish → files on disk, with N documents in the database (issue 13).

Not a test. On a fresh SQLite file in a temporary directory (default) or, with `--database-url`,
a scratch PostgreSQL database `gongkai_bench_publish` (created and dropped): the province and its
General Office (their whole site sections), N generated documents in the office's column (rows
written in bulk, as copies of one document the platform made, so that 100,000 take minutes, not
hours), then `--runs` times: one document published through `document_create` in its own
transaction, and the worker's pass over the outbox (`publish_pending`, what the task runs). The
latency is from the commit to the end of that pass; it then checks that the document's page, its
print view and the first page of every list it joins (its columns, the body's home, the portal,
the province-wide library) are files in the publish tree. nginx serves a file as soon as it is
renamed into place, so this is the publish → served latency less one file read.

    .venv/bin/python bench/publish.py --docs 2000
    .venv/bin/python bench/publish.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import drop_postgres, machine_facts, scratch_postgres  # noqa: E402

SCRATCH_DB = "gongkai_bench_publish"
TARGET_SECONDS = 2.0
CHUNK = 5000


def generate(column, template, n: int) -> float:
    """N documents under `column`, copies of `template` (a document the platform made) with their
    own title, slug, path and dates; written in bulk. Returns the seconds it took."""
    from django.db import connection, transaction
    from wagtail.models import Page

    from gongkai.documents.models import PolicyDocumentPage

    started = time.perf_counter()
    fields = [
        f.column
        for f in PolicyDocumentPage._meta.local_concrete_fields
        if f.column != "page_ptr_id"
    ]
    table = connection.ops.quote_name(PolicyDocumentPage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in fields)
    copied = ", ".join(f"t.{connection.ops.quote_name(c)}" for c in fields)
    base = Page.objects.get(pk=template.pk)
    column = Page.objects.get(pk=column.pk)
    steplen = Page.steplen
    first = column.numchild + 1
    made = 0
    day = timedelta(minutes=1)
    while made < n:
        rows = []
        for i in range(first + made, first + min(n, made + CHUNK)):
            slug = f"g{i}"
            when = base.first_published_at - day * i
            rows.append(
                Page(
                    path=column.path + Page._int2str(i).rjust(steplen, "0"),
                    depth=column.depth + 1,
                    numchild=0,
                    title=f"关于生成文件第{i}号的通知",
                    draft_title=f"关于生成文件第{i}号的通知",
                    slug=slug,
                    content_type_id=base.content_type_id,
                    live=True,
                    has_unpublished_changes=False,
                    url_path=f"{column.url_path}{slug}/",
                    owner_id=base.owner_id,
                    locale_id=base.locale_id,
                    translation_key=uuid.uuid4(),
                    first_published_at=when,
                    last_published_at=when,
                    live_revision=None,
                    latest_revision=None,
                )
            )
        with transaction.atomic():
            Page.objects.bulk_create(rows)
            lo, hi = rows[0].path, rows[-1].path
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {table} (page_ptr_id, {columns}) "
                    f"SELECT p.id, {copied} FROM wagtailcore_page p, {table} t "
                    "WHERE t.page_ptr_id = %s AND p.path BETWEEN %s AND %s",
                    [template.pk, lo, hi],
                )
        made += len(rows)
    Page.objects.filter(pk=column.pk).update(numchild=column.numchild + n)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # as autovacuum would, after a bulk load
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000, help="documents in the database")
    parser.add_argument("--runs", type=int, default=5, help="documents published and timed")
    parser.add_argument(
        "--database-url",
        help="admin URL of a PostgreSQL server; the benchmark creates and drops "
        f"the database {SCRATCH_DB} there (default: a temporary SQLite file)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-publish-"))
    if args.database_url:
        db_url = scratch_postgres(args.database_url, SCRATCH_DB)
    else:
        db_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["DATABASE_URL"] = db_url
    os.environ["GONGKAI_DATA_DIR"] = str(workdir)
    os.environ["GONGKAI_PUBLISH_ROOT"] = str(workdir / "publish")
    os.environ.setdefault("SECRET_KEY", "bench-not-secret")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from gongkai.bodies.models import BodyLevel
    from gongkai.documents.models import DocType
    from gongkai.publishing import services, tree
    from gongkai.publishing.facts import facts_of_document
    from gongkai.publishing.targets import page_targets
    from gongkai.testing.personas import column, make_body, publish_document

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    samples: list[float] = []
    rendered: list[int] = []
    try:
        call_command("migrate", verbosity=0)
        settings.PUBLISH_ENABLED = False
        province = make_body("gansu", "甘肃省人民政府", BodyLevel.PROVINCE, serial=1)
        office = make_body(
            "gs-bgt", "甘肃省人民政府办公厅", BodyLevel.DEPARTMENT, parent=province, serial=2
        )
        template = publish_document(office, title="模板文件", slug="template")
        generate_seconds = generate(column(office, "art20-1"), template, args.docs)
        load_before = os.getloadavg()[0]
        settings.PUBLISH_ENABLED = True
        root = Path(settings.PUBLISH_ROOT)
        for run in range(args.runs):
            with transaction.atomic():
                doc = publish_document(
                    office,
                    title=f"新发布的通知（第{run + 1}次）",
                    slug=f"fresh-{run}",
                    doc_type=DocType.NORMATIVE,
                    written_on=date.today(),
                )
            started = time.perf_counter()
            counts = services.publish_pending()
            samples.append(time.perf_counter() - started)
            rendered.append(counts.pages)
            facts = facts_of_document(doc)
            wanted = page_targets([doc.pk, *facts.columns, facts.body_home, facts.portal], None)
            missing = [t for t in wanted if not tree.file_for(root, t.site_dir, t.path).is_file()]
            if not tree.file_for(root, "_default", "/library/").is_file():
                missing.append("/library/")
            if missing:
                print(f"run {run + 1}: NOT on disk: {missing}")
                return 1
        # The generated rows are documents to the lists: the column's first page shows them.
        own = page_targets([column(office, "art20-1").pk], None)[0]
        listing = tree.file_for(root, own.site_dir, own.path).read_text()
        if args.docs and "关于生成文件第" not in listing:
            print("the column's first page lists no generated document")
            return 1
        load_after = os.getloadavg()[0]
        database = connection.vendor
    finally:
        connections.close_all()
        if args.database_url and not args.keep:
            drop_postgres(args.database_url, SCRATCH_DB)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    facts = machine_facts()
    worst = max(samples)
    print(f"machine:    {facts['cpu']}, {facts['cores']} cores, {facts['ram']} RAM, {facts['os']}")
    print(f"database:   {database}, {args.docs} generated documents in {generate_seconds:.1f} s")
    print(f"load:       {load_before:.2f} before, {load_after:.2f} after (1 min)")
    print(f"pages per publish: {rendered}")
    print(
        f"publish → files: median {statistics.median(samples):.2f} s, worst {worst:.2f} s "
        f"over {len(samples)} runs; target ≤ {TARGET_SECONDS:.0f} s: "
        f"{'met' if worst <= TARGET_SECONDS else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
