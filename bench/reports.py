"""Benchmark: the annual-report tables at provincial scale, through the project's own code.

Not a test. Builds a scratch database — a temporary SQLite file (default) or, with
`--database-url postgres://USER@HOST:PORT/DB`, a database `gongkai_bench_reports` created on that
server and dropped afterwards — migrates it and fills it with bulk inserts (COPY on PostgreSQL,
executemany on SQLite; treebeard paths are computed, not asked of treebeard):

- bodies in a provincial tree: 省 → 14 市州 → ~86 县区 → 乡镇/街道, each government with its
  departments (2,000 by default), each with a `BodyHomePage` and two `ColumnPage`s;
- application cases over two reporting years and the end of the year before them (carried-over
  and still-open cases, every applicant type and decision code, stalled cases), with
  reconsideration and litigation records (1,000,000 by default);
- policy documents as Wagtail pages: the `wagtailcore_page` + `documents_policydocumentpage` rows
  with correct paths under each body's columns (规章 only from governments above the county, 行政
  规范性文件 and other types from all), written/effective/expiry dates, amended versions
  (`previous_version`), repeals (`DocumentRepeal`), drafts and a few view-restricted columns
  (500,000 by default); `EnforcementFigures` for every body and year.

Then times `reports.selectors.annual_report` (one body's tables for the year and the year before,
with the checks) for ~20 bodies of different sizes, and `region_report` (the same, summed over a
subtree through `compute_region`) for a prefecture and for the province, with their SQL query
counts. Targets: one body < 2 s, the province < 30 s.

    .venv/bin/python bench/reports.py --scale 0.02
    .venv/bin/python bench/reports.py --database-url postgres://postgres@127.0.0.1:5432/postgres
    .venv/bin/python bench/reports.py --bodies 2000 --cases 1000000 --documents 500000 --keep

Prints the figures, the machine's facts and a Markdown table row for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import drop_postgres, machine_facts, scratch_postgres  # noqa: E402

SCRATCH_DB = "gongkai_bench_reports"
TARGET_BODY_SECONDS = 2.0
TARGET_PROVINCE_SECONDS = 30.0
BATCH = 10_000
SAMPLE_BODIES = 20

APPLICANT_WEIGHTS = {
    "natural_person": 82,
    "commercial": 8,
    "research": 1,
    "public_welfare": 1,
    "legal_service": 4,
    "other": 4,
}
DECISION_WEIGHTS = {
    "disclosed": 35,
    "partial": 10,
    "withheld_1": 0.5,
    "withheld_2": 1,
    "withheld_3": 0.5,
    "withheld_4": 2,
    "withheld_5": 1.5,
    "withheld_6": 1.5,
    "withheld_7": 0.5,
    "withheld_8": 0.5,
    "unavailable_1": 22,
    "unavailable_2": 3,
    "unavailable_3": 2,
    "not_processed_1": 4,
    "not_processed_2": 3,
    "not_processed_3": 0.5,
    "not_processed_4": 1,
    "not_processed_5": 0.5,
    "other_1": 5,
    "other_2": 1,
    "other_3": 5,
}
OTHER_DOC_TYPES = ["other", "plan", "announcement", "meeting"]


# --- Machine and scratch database --------------------------------------------------------------


# --- Bulk rows ---------------------------------------------------------------------------------


class BulkWriter:
    """Rows of one model's own table (`local_concrete_fields`), straight into the database.

    Each row is a dict by attname; every column it leaves out gets the field's default ("" for
    blank text, the current time for auto_now fields). COPY on PostgreSQL, executemany on SQLite.
    Primary keys are given by the generator, so sequences are reset afterwards (`reset`).
    """

    PREPARED = ("DateField", "DateTimeField", "UUIDField", "DecimalField", "JSONField")

    def __init__(self, connection):
        self.connection = connection
        self.now = datetime.now(UTC)
        self.models: set = set()

    def _plan(self, model, keys: set[str]):
        fields = [
            f for f in model._meta.local_concrete_fields if f.attname in keys or not f.primary_key
        ]
        plan = []
        for f in fields:
            prepare = None
            if f.get_internal_type() in self.PREPARED:

                def prepare(value, f=f):
                    return f.get_db_prep_save(value, self.connection)

            if f.attname in keys:
                plan.append((f.attname, None, False, prepare))
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                plan.append((None, self.now, False, prepare))
            elif f.has_default() and callable(f.default):
                plan.append((None, f.default, True, prepare))
            elif f.has_default():
                plan.append((None, f.get_default(), False, prepare))
            elif f.null:
                plan.append((None, None, False, None))
            elif f.empty_strings_allowed:
                plan.append((None, "", False, None))
            else:
                raise ValueError(f"{model.__name__}.{f.attname} needs a value")
        return [f.column for f in fields], plan

    def insert(self, model, rows: Iterable[dict]) -> int:
        self.models.add(model)
        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return 0
        columns, plan = self._plan(model, set(first))

        def values(row: dict) -> tuple:
            out = []
            for key, default, call, prepare in plan:
                value = row[key] if key is not None else (default() if call else default)
                out.append(prepare(value) if prepare is not None and value is not None else value)
            return tuple(out)

        qn = self.connection.ops.quote_name
        table = qn(model._meta.db_table)
        column_list = ", ".join(qn(c) for c in columns)
        count = 0
        with self.connection.cursor() as cursor:
            if self.connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({column_list}) FROM STDIN") as copy:
                    for row in _chain(first, rows):
                        copy.write_row(values(row))
                        count += 1
            else:
                sql = f"INSERT INTO {table} ({column_list}) VALUES ({', '.join(['%s'] * len(columns))})"
                batch = []
                for row in _chain(first, rows):
                    batch.append(values(row))
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    def reset(self) -> None:
        from django.core.management.color import no_style

        statements = self.connection.ops.sequence_reset_sql(no_style(), list(self.models))
        with self.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _chain(first: dict, rest: Iterator[dict]) -> Iterator[dict]:
    yield first
    yield from rest


# --- The body tree -----------------------------------------------------------------------------


@dataclass
class BenchBody:
    id: int
    code: str
    name: str
    level: str
    parent: BenchBody | None
    weight: float
    path: str = ""
    children: list[BenchBody] = field(default_factory=list)
    home_id: int = 0
    home_path: str = ""
    columns: list[tuple[int, str, str]] = field(default_factory=list)  # id, path, slug
    cases: int = 0
    documents: int = 0

    @property
    def government(self) -> BenchBody:
        node = self
        while node.level in ("department", "institution"):
            node = node.parent
        return node


def body_counts(n: int) -> dict[str, int]:
    """How many of each kind for n bodies, in the proportions of a province of 2,000."""
    f = n / 2000
    counts = {
        "prefecture": min(14, max(2, n // 40)),
        "province_dept": max(1, round(45 * f)),
    }
    counts["county"] = max(counts["prefecture"], round(86 * f))
    counts["prefecture_dept"] = max(counts["prefecture"], round(350 * f))
    counts["county_dept"] = max(counts["county"], round(860 * f))
    counts["township"] = max(counts["county"], n - 1 - sum(counts.values()))
    return counts


def build_tree(n: int, rnd: random.Random) -> list[BenchBody]:
    counts = body_counts(n)
    bodies: list[BenchBody] = []

    def add(code, name, level, parent, weight):
        b = BenchBody(
            len(bodies) + 1, code, name, level, parent, weight * rnd.lognormvariate(0, 0.8)
        )
        bodies.append(b)
        if parent is not None:
            parent.children.append(b)
        return b

    province = add("gs", "甘肃省人民政府", "province", None, 60)
    prefectures = [
        add(f"gs-p{i:02d}", f"第{i}市人民政府", "prefecture", province, 25)
        for i in range(1, counts["prefecture"] + 1)
    ]
    counties = []
    for i in range(counts["county"]):
        p = prefectures[i % len(prefectures)]
        counties.append(add(f"{p.code}-c{i:03d}", f"{p.name[:-4]}第{i}县人民政府", "county", p, 12))
    for i in range(counts["province_dept"]):
        add(f"gs-d{i:02d}", f"甘肃省第{i}厅", "department", province, 20)
    for i in range(counts["prefecture_dept"]):
        p = prefectures[i % len(prefectures)]
        add(f"{p.code}-d{i:03d}", f"{p.name[:-4]}第{i}局", "department", p, 6)
    for i in range(counts["county_dept"]):
        c = counties[i % len(counties)]
        add(f"{c.code}-d{i:03d}", f"{c.name[:-4]}第{i}局", "department", c, 2)
    for i in range(counts["township"]):
        c = counties[i % len(counties)]
        add(f"{c.code}-t{i:03d}", f"{c.name[:-5]}第{i}镇人民政府", "township", c, 0.6)

    from gongkai.bodies.models import Body

    # Children in code order (Body.node_order_by), numbered as treebeard would number them.
    def place(node: BenchBody, path: str) -> None:
        node.path = path
        node.children.sort(key=lambda b: b.code)
        for i, child in enumerate(node.children, start=1):
            place(child, Body._get_path(path, len(path) // Body.steplen + 1, i))

    place(province, Body._get_path(None, 1, 1))
    return bodies


def spread(total: int, weights: list[float], rnd: random.Random) -> list[int]:
    """Split `total` over the weights (largest remainders), so counts sum exactly."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    counts = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- Generation --------------------------------------------------------------------------------


def aware(day: date, rnd: random.Random) -> datetime:
    """A moment on `day` in Beijing time, as UTC."""
    return (
        datetime(day.year, day.month, day.day, tzinfo=UTC)
        + timedelta(hours=rnd.randint(0, 14), minutes=rnd.randint(0, 59))
        - timedelta(hours=8)
    )


def generate(args, rnd: random.Random, year: int):
    """Write everything; return the bodies, row counts, timings and a few tallies."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from wagtail.models import Locale, Page, PageViewRestriction

    from gongkai.applications.models import Application, RemedyCase
    from gongkai.bodies.models import Body
    from gongkai.columns.models import ColumnPage
    from gongkai.documents.models import DocumentRepeal, PolicyDocumentPage
    from gongkai.reports.models import EnforcementFigures
    from gongkai.sites.models import BodyHomePage, PortalHomePage

    writer = BulkWriter(connection)
    sizes: dict[str, int] = {}
    bodies = build_tree(args.bodies, rnd)
    for b, n in zip(bodies, spread(args.cases, [b.weight for b in bodies], rnd), strict=True):
        b.cases = n
    for b, n in zip(
        bodies, spread(args.documents, [b.weight**0.7 for b in bodies], rnd), strict=True
    ):
        b.documents = n

    root = Page.get_first_root_node()
    portal = root.add_child(
        instance=PortalHomePage(title="甘肃省政务公开平台", slug="portal", live=True)
    )
    locale_id = Locale.get_default().pk
    ct = {m: ContentType.objects.get_for_model(m).pk for m in (BodyHomePage, ColumnPage)}
    ct_doc = ContentType.objects.get_for_model(PolicyDocumentPage).pk
    published = aware(date(year - 6, 1, 5), rnd)
    next_page_id = Page.objects.order_by("-pk").values_list("pk", flat=True).first() + 1

    def page_row(pid, path, title, slug, url_path, content_type, numchild, live=True, at=None):
        return {
            "id": pid,
            "path": path,
            "depth": len(path) // Page.steplen,
            "numchild": numchild,
            "title": title,
            "draft_title": title,
            "slug": slug,
            "live": live,
            "has_unpublished_changes": not live,
            "url_path": url_path,
            "content_type_id": content_type,
            "locale_id": locale_id,
            "translation_key": uuid.uuid4(),
            "first_published_at": at if live else None,
            "last_published_at": at if live else None,
        }

    # Body home pages and two columns each: 政策文件 (rules, normative documents) and 其他文件.
    site_pages, homes, columns = [], [], []
    for i, b in enumerate(sorted(bodies, key=lambda b: b.code), start=1):
        b.home_id, next_page_id = next_page_id, next_page_id + 1
        b.home_path = Page._get_path(portal.path, 3, i)
        site_pages.append(
            page_row(
                b.home_id,
                b.home_path,
                b.name,
                b.code,
                f"/portal/{b.code}/",
                ct[BodyHomePage],
                2,
                at=published,
            )
        )
        homes.append({"page_ptr_id": b.home_id, "body_id": b.id})
        for j, slug in enumerate(("zcwj", "qtwj"), start=1):
            cid, next_page_id = next_page_id, next_page_id + 1
            b.columns.append((cid, Page._get_path(b.home_path, 4, j), slug))
            columns.append({"page_ptr_id": cid, "catalogue_key": slug, "listing": "children"})

    # Documents: types, then split into the two columns so that each column's numchild is known.
    doc_plan: dict[int, list[list[str]]] = {}
    for b in bodies:
        # 规章 are made by the governments of the province and of the 设区的市 only.
        rules_ok = b.level in ("province", "prefecture")
        policy, other = [], []
        for _ in range(b.documents):
            x = rnd.random()
            if rules_ok and x < 0.15:
                policy.append("rule")
            elif x < 0.45:
                policy.append("normative")
            else:
                other.append(rnd.choice(OTHER_DOC_TYPES))
        doc_plan[b.id] = [policy, other]
        for (cid, cpath, slug), kinds in zip(b.columns, doc_plan[b.id], strict=True):
            site_pages.append(
                page_row(
                    cid,
                    cpath,
                    slug,
                    slug,
                    f"/portal/{b.code}/{slug}/",
                    ct[ColumnPage],
                    len(kinds),
                    at=published,
                )
            )

    stats = Counter()

    def documents() -> Iterator[tuple[dict, dict]]:
        pid = next_page_id
        first_day = date(year - 14, 1, 1)
        span = (date(year, 12, 31) - first_day).days
        for b in bodies:
            by_body: list[tuple[int, date]] = []
            for (_cid, cpath, slug), kinds in zip(b.columns, doc_plan[b.id], strict=True):
                for k, doc_type in enumerate(kinds, start=1):
                    # Later years hold more documents (the platform grew): skew towards the end.
                    written = first_day + timedelta(days=int(span * rnd.random() ** 0.6))
                    live = rnd.random() > 0.03
                    at = aware(written + timedelta(days=rnd.randint(0, 20)), rnd)
                    effective = written + timedelta(days=30) if rnd.random() < 0.6 else None
                    expires = None
                    if doc_type == "normative" and rnd.random() < 0.5:
                        # 行政规范性文件 are valid for at most five years unless renewed.
                        expires = (effective or written) + timedelta(days=365 * rnd.randint(2, 5))
                    previous = None
                    if doc_type in ("rule", "normative") and by_body and rnd.random() < 0.04:
                        previous = rnd.choice(by_body)[0]
                        stats["amended"] += 1
                    title = f"{b.name[:12]}关于{slug}第{k}号的文件"
                    page = page_row(
                        pid, Page._get_path(cpath, 5, k), title, f"d{pid}",
                        f"/portal/{b.code}/{slug}/d{pid}/", ct_doc, 0, live=live, at=at,
                    )  # fmt: skip
                    doc = {
                        "page_ptr_id": pid,
                        "doc_type": doc_type,
                        "issuer_names": b.name,
                        "doc_number": f"甘{b.id}发〔{written.year}〕{k}号",
                        "written_on": written if rnd.random() < 0.9 else None,
                        "effective_on": effective,
                        "expires_on": expires,
                        "disclosure": "proactive",
                        "body": "<p>"
                        + "为进一步规范政务公开工作，现就有关事项通知如下。" * args.body_repeat
                        + "</p>",
                        "previous_version_id": previous,
                    }
                    if doc_type in ("rule", "normative"):
                        by_body.append((pid, written))
                    stats[f"doc:{doc_type}"] += 1
                    yield page, doc
                    pid += 1

    repeals: list[dict] = []

    started = time.perf_counter()
    with transaction.atomic():
        sizes["pages (homes, columns)"] = writer.insert(Page, site_pages)
        writer.insert(BodyHomePage, homes)
        writer.insert(ColumnPage, columns)
        Page.objects.filter(pk=portal.pk).update(numchild=len(bodies))
        body_rows = [
            {
                "id": b.id,
                "path": b.path,
                "depth": len(b.path) // Body.steplen,
                "numchild": len(b.children),
                "code": b.code,
                "name": b.name,
                "level": b.level,
                "index_code": b.code.upper(),
                "home_page_id": b.home_id,
            }
            for b in bodies
        ]
        sizes["bodies"] = writer.insert(Body, body_rows)
        sizes["enforcement figures"] = writer.insert(
            EnforcementFigures,
            (
                {
                    "body_id": b.id,
                    "year": y,
                    "licensing": rnd.randint(0, 500),
                    "penalties": rnd.randint(0, 300),
                    "coercion": rnd.randint(0, 40),
                    "fees_wan_yuan": round(rnd.random() * 100, 4),
                }
                for b in bodies
                for y in (year - 1, year)
            ),
        )
        # Pages and their policy rows: buffer one batch of policy rows per batch of pages.
        pending: list[dict] = []
        page_count = doc_count = 0
        gen = documents()
        while True:
            chunk = [x for _, x in zip(range(50_000), gen, strict=False)]
            if not chunk:
                break
            page_count += writer.insert(Page, (p for p, _ in chunk))
            pending = [d for _, d in chunk]
            doc_count += writer.insert(PolicyDocumentPage, pending)
            for d in pending:
                if d["doc_type"] in ("rule", "normative") and rnd.random() < 0.08:
                    day = d["written_on"] or date(year - 3, 6, 1)
                    day = day + timedelta(days=rnd.randint(200, 3000))
                    if rnd.random() < 0.05:
                        day = None  # a historic repeal whose date is unknown
                    elif day > date(year, 12, 31):
                        continue
                    repeals.append({"document_id": d["page_ptr_id"], "repealed_on": day})
        sizes["documents"] = doc_count
        sizes["document repeals"] = writer.insert(DocumentRepeal, repeals)
        # A few view-restricted columns: documents_public() excludes them (and reads the list).
        for b in rnd.sample(bodies, min(3, len(bodies))):
            PageViewRestriction.objects.create(page_id=b.columns[1][0], restriction_type="login")
    stats["pages"] = page_count
    timings = {"documents": time.perf_counter() - started}

    started = time.perf_counter()
    remedies: list[dict] = []
    applicants = list(APPLICANT_WEIGHTS)
    applicant_cum = _cumulative(APPLICANT_WEIGHTS.values())
    decisions = list(DECISION_WEIGHTS)
    decision_cum = _cumulative(DECISION_WEIGHTS.values())
    year_start = date(year - 1, 1, 1)
    year_end = date(year, 12, 31)
    two_years = (year_end - year_start).days + 1

    def cases() -> Iterator[dict]:
        aid = 0
        for b in bodies:
            for _ in range(b.cases):
                aid += 1
                x = rnd.random()
                if x < 0.04:  # from the end of the year before: carried over into year - 1
                    received = year_start - timedelta(days=rnd.randint(1, 60))
                else:
                    received = year_start + timedelta(days=rnd.randrange(two_years))
                y = rnd.random()
                if y < 0.004:  # stalled: still open now (carried over and forward each year)
                    decided = None
                else:
                    # 20 working days, often extended; some replied on the spot.
                    decided = received + timedelta(days=int(rnd.triangular(0, 60, 18)))
                    if decided > year_end and y < 0.5:
                        decided = None  # open at the end of the reporting year
                    elif decided > year_end:
                        decided = year_end - timedelta(days=rnd.randint(0, 2))
                        decided = max(decided, received)
                applicant = rnd.choices(applicants, cum_weights=applicant_cum)[0]
                decision = (
                    "" if decided is None else rnd.choices(decisions, cum_weights=decision_cum)[0]
                )
                if decided is None:
                    status = rnd.choice(("registered", "handling", "consulting", "clarification"))
                else:
                    status = "archived" if rnd.random() < 0.7 else "replied"
                yield {
                    "id": aid,
                    "body_id": b.id,
                    "case_number": f"{b.code}-{received.year}-{aid:07d}",
                    "query_code_hash": "sha256$bench$0",
                    "applicant_type": applicant,
                    "applicant_name": "张三" if applicant == "natural_person" else "某某有限公司",
                    "id_type": "resident_id" if applicant == "natural_person" else "credit_code",
                    "id_number": f"62010219800101{aid % 10000:04d}",
                    "phone": f"1390931{aid % 10000:04d}",
                    "address": "甘肃省兰州市城关区某某路1号",
                    "description": "申请公开本机关关于某某项目的土地征收批复文件及补偿安置方案",
                    "channel": "online" if rnd.random() < 0.7 else "registered_post",
                    "received_on": received,
                    "status": status,
                    "decision": decision,
                    "decided_on": decided,
                    "replied_on": decided,
                }
                if decision and decision != "disclosed" and rnd.random() < 0.02:
                    filed = decided + timedelta(days=rnd.randint(5, 60))
                    kind = "reconsideration" if rnd.random() < 0.7 else "litigation"
                    route = ""
                    if kind == "litigation":
                        route = "direct" if rnd.random() < 0.6 else "after_reconsideration"
                    concluded = filed + timedelta(days=rnd.randint(30, 180))
                    outcome = rnd.choices(("upheld", "corrected", "other"), (70, 15, 15))[0]
                    remedies.append(
                        {
                            "application_id": aid,
                            "kind": kind,
                            "litigation_route": route,
                            "filed_on": filed,
                            "outcome": outcome,
                            "concluded_on": concluded,
                        }
                    )

    with transaction.atomic():
        sizes["application cases"] = writer.insert(Application, cases())
        sizes["remedy records"] = writer.insert(RemedyCase, remedies)
        writer.reset()
    timings["cases"] = time.perf_counter() - started
    return bodies, sizes, timings, stats


def _cumulative(weights: Iterable[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


# --- Timing ------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    queries: list[dict]
    report: object

    @property
    def slowest(self) -> list[tuple[float, str]]:
        ranked = sorted(((float(q["time"]), q["sql"]) for q in self.queries), reverse=True)
        return ranked[:3]


def timed(fn, *args) -> Run:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        report = fn(*args)
        seconds = time.perf_counter() - started
    return Run(seconds, list(ctx.captured_queries), report)


def sample_bodies(bodies: list[BenchBody], k: int) -> list[BenchBody]:
    """k bodies evenly spaced by case count, from the smallest to the largest."""
    ranked = sorted(bodies, key=lambda b: (b.cases, b.id))
    if len(ranked) <= k:
        return ranked
    picks = {round(i * (len(ranked) - 1) / (k - 1)) for i in range(k)}
    return [ranked[i] for i in sorted(picks)]


def percentile(samples: list[float], q: int) -> float:
    if len(samples) < 2:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def database_facts(connection, sqlite_file: Path | None) -> tuple[str, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        else:
            import sqlite3

            version = f"SQLite {sqlite3.sqlite_version}"
            size = f"{sqlite_file.stat().st_size / 2**20:.0f} MB" if sqlite_file else "?"
    return version, size


# --- Main --------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        help="admin URL of a PostgreSQL server; the benchmark creates and drops "
        f"the database {SCRATCH_DB} there (default: a temporary SQLite file)",
    )
    parser.add_argument("--bodies", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--documents", type=int, default=500_000)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply all three counts")
    parser.add_argument("--year", type=int, help="reporting year (default: last year)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per sample body")
    parser.add_argument(
        "--body-repeat",
        type=int,
        default=8,
        help="document text = a 24-character sentence repeated this often (row width)",
    )
    parser.add_argument("--no-analyze", action="store_true", help="skip ANALYZE after loading")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    args.bodies = max(20, round(args.bodies * args.scale))
    args.cases = round(args.cases * args.scale)
    args.documents = round(args.documents * args.scale)
    year = args.year or date.today().year - 1

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-reports-"))
    sqlite_file = None
    if args.database_url:
        db_url = scratch_postgres(args.database_url, SCRATCH_DB)
    else:
        sqlite_file = workdir / "bench.sqlite3"
        db_url = f"sqlite:///{sqlite_file}"
    # Everything the settings read from the environment must be set before django.setup().
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["DATABASE_URL"] = db_url
    os.environ["GONGKAI_DATA_DIR"] = str(workdir)
    os.environ["GONGKAI_SEARCH_INDEX_DIR"] = str(workdir / "search-index")
    os.environ.setdefault("SECRET_KEY", "bench-not-secret")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()

    import wagtail
    from django.core.management import call_command
    from django.db import connection, connections

    from gongkai.bodies.models import Body
    from gongkai.reports.selectors import annual_report, region_report

    rnd = random.Random(args.seed)
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrate_seconds = time.perf_counter() - started
        load_before = os.getloadavg()[0]

        started = time.perf_counter()
        bodies, sizes, gen_timings, stats = generate(args, rnd, year)
        generate_seconds = time.perf_counter() - started
        analyze_seconds = 0.0
        if not args.no_analyze:
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            analyze_seconds = time.perf_counter() - started
        database, db_size = database_facts(connection, sqlite_file)

        samples = sample_bodies(bodies, SAMPLE_BODIES)
        by_id = Body.objects.select_related("home_page").in_bulk([b.id for b in samples] + [1])
        annual_report(by_id[samples[len(samples) // 2].id], year)  # warm the connection once
        body_runs: list[tuple[BenchBody, Run]] = []
        for b in samples:
            for _ in range(args.runs):
                body_runs.append((b, timed(annual_report, by_id[b.id], year)))

        prefecture = max(
            (b for b in bodies if b.level == "prefecture"),
            key=lambda b: b.cases,
        )
        prefecture_run = timed(region_report, Body.objects.get(pk=prefecture.id), year)
        prefecture_cases = sum(x.cases for x in bodies if x.path.startswith(prefecture.path))
        province_run = timed(region_report, by_id[1], year)
        # Cross-check a few province figures against direct counts of the generated rows.
        from gongkai.applications.models import Application, RemedyCase

        start, end = date(year, 1, 1), date(year, 12, 31)
        direct = {
            "new": Application.objects.filter(received_on__range=(start, end)).count(),
            "carried_forward": Application.objects.filter(received_on__lte=end)
            .exclude(decided_on__lte=end)
            .count(),
            "remedies": RemedyCase.objects.filter(filed_on__range=(start, end)).count(),
        }
        load_after = os.getloadavg()[0]
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
    seconds = [run.seconds for _, run in body_runs]
    p50, p95, worst = statistics.median(seconds), percentile(seconds, 95), max(seconds)
    body_queries = sorted({len(run.queries) for _, run in body_runs})
    slowest_body, slowest_run = max(body_runs, key=lambda x: x[1].seconds)

    def violations(report) -> str:
        errors = [v for v in report.violations if v.severity == "error"]
        warnings = sorted({v.rule for v in report.violations if v.severity == "warning"})
        head = f"{len(errors)} errors, warnings: {', '.join(warnings) or 'none'}"
        return head + (f" (first error: {errors[0]})" if errors else "")

    from gongkai.reports import format as fmt

    tables = province_run.report.tables
    computed = {
        "new": tables.applications[fmt.NEW.key][fmt.TOTAL.key],
        "carried_forward": tables.applications[fmt.CARRIED_FORWARD.key][fmt.TOTAL.key],
        "remedies": sum(
            tables.remedies[group][o.key] for group in tables.remedies for o in fmt.REMEDY_OUTCOMES
        ),
    }

    where = f"scratch {SCRATCH_DB}" if args.database_url else "temporary file"
    if args.keep:
        where += f", kept: {db_url}"
    print(f"database:          {database} ({where}), {db_size} after loading")
    print(
        f"machine:           {facts['cpu']}, {facts['cores']} cores, {facts['ram']} RAM, {facts['os']}"
    )
    print(f"software:          {versions}")
    print(f"load average:      {load_before:.2f} before generating, {load_after:.2f} at the end")
    print(f"reporting year:    {year} (and {year - 1} for the cross-year checks)")
    print(f"migrate:           {migrate_seconds:.1f} s (not counted)")
    print(
        "generated:         "
        + ", ".join(f"{n:,} {name}" for name, n in sizes.items())
        + f"; {stats['amended']:,} amended versions"
    )
    print(
        f"generation:        {generate_seconds:.1f} s (pages and documents "
        f"{gen_timings['documents']:.1f} s, cases and remedies {gen_timings['cases']:.1f} s)"
        + ("" if args.no_analyze else f"; ANALYZE {analyze_seconds:.1f} s")
    )
    print()
    print("one body, annual_report (tables of the year and the year before, with the checks):")
    print("| Body | Level | Cases (2 years) | Documents | Seconds | Queries | Checks |")
    print("|---|---|---|---|---|---|---|")
    for b, run in body_runs:
        print(
            f"| {b.code} | {b.level} | {b.cases:,} | {b.documents:,} | {run.seconds:.3f} "
            f"| {len(run.queries)} | {violations(run.report)} |"
        )
    print(
        f"one body:          p50 {p50:.3f} s, p95 {p95:.3f} s, max {worst:.3f} s ({slowest_body.code}),"
        f" {'/'.join(map(str, body_queries))} queries; target "
        f"{'met' if p95 < TARGET_BODY_SECONDS else 'MISSED'} (< {TARGET_BODY_SECONDS:.0f} s)"
    )
    for sql_seconds, sql in slowest_run.slowest:
        print(f"  slowest query {sql_seconds:.3f} s: {sql[:160]}")
    print(
        f"prefecture region: {prefecture_run.seconds:.2f} s, {len(prefecture_run.queries)} queries "
        f"({prefecture.code}, {prefecture_cases:,} cases); {violations(prefecture_run.report)}"
    )
    print(
        f"province region:   {province_run.seconds:.2f} s, {len(province_run.queries)} queries "
        f"({args.cases:,} cases, {args.documents:,} documents); target "
        f"{'met' if province_run.seconds < TARGET_PROVINCE_SECONDS else 'MISSED'} "
        f"(< {TARGET_PROVINCE_SECONDS:.0f} s); {violations(province_run.report)}"
    )
    for sql_seconds, sql in province_run.slowest:
        print(f"  slowest query {sql_seconds:.3f} s: {sql[:160]}")
    proactive = tables.proactive
    print(
        f"province {year}:     本年新收 {computed['new']:,}, 上年结转 "
        f"{tables.applications[fmt.CARRIED_OVER.key][fmt.TOTAL.key]:,}, 结转下年度 "
        f"{computed['carried_forward']:,}; 规章 制发/废止/现行有效 "
        + "/".join(
            f"{proactive[fmt.RULES.key][c.key]:,}" for c in (fmt.MADE, fmt.REPEALED, fmt.IN_FORCE)
        )
        + "; 行政规范性文件 "
        + "/".join(
            f"{proactive[fmt.NORMATIVE.key][c.key]:,}"
            for c in (fmt.MADE, fmt.REPEALED, fmt.IN_FORCE)
        )
        + f"; 复议和诉讼 {computed['remedies']:,}"
    )
    mismatches = [k for k in direct if direct[k] != computed[k]]
    print(
        "cross-check:       "
        + ("direct counts agree" if not mismatches else "MISMATCH ")
        + ", ".join(f"{k} {computed[k]:,} vs {direct[k]:,}" for k in mismatches)
    )
    print()
    print(
        "| Date | Database | Bodies | Cases | Documents | Generate (s) | One body p50 / p95 / max (s) "
        "| Queries (one body) | Prefecture (s) | Province (s) | Queries (province) "
        "| Load before/after | Machine | Software |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(
        f"| {date.today().isoformat()} | {database} | {args.bodies:,} | {args.cases:,} "
        f"| {args.documents:,} | {generate_seconds:.0f} | {p50:.2f} / {p95:.2f} / {worst:.2f} "
        f"| {'/'.join(map(str, body_queries))} | {prefecture_run.seconds:.2f} "
        f"| {province_run.seconds:.2f} | {len(province_run.queries)} "
        f"| {load_before:.1f} / {load_after:.1f} | {facts['cpu']}, {facts['cores']} cores, "
        f"{facts['ram']} | {versions} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
