"""Benchmark: a consultation with 20,000 comments — the moderation queue, the public page and the
feedback report (issue 14). Not a test.

In a temporary SQLite file (default) or, with `--database-url`, a scratch PostgreSQL database
`gongkai_bench_participation` (created and dropped): the province and its General Office, a
reviewer (审核) of the office, one consultation open today on a draft of `--articles` articles in
six chapters (`consultation_make`, as the tests make one), and one comment through the real
workflow on an extra article that a redraft then withdraws. The other comments are bulk-inserted
as the workflow leaves them: numbers from the year's counter, `public_text` from
`comment_workflow.public_text_of`, one `CommentEvent` per transition. The latest 8 % are pending,
12 % of the others withheld (a quarter for personal data: counted), the rest published; 90 % of
the counted ones disposed of; 15 % on the whole draft, the rest on the articles, a few drawing most.

Then, after two warm-up calls, `--requests` times each, through Django's test client in this
process: the reviewer's comment screen (/workbench/participation/<pk>/) for every status filter,
first and last page, the consultation list and the feedback page; the public consultation page
(the latest comments under each article's `#art-N`), the page of all the comments on one article
(first and last of its pages) and the comment form for one article; and
`consultation_feedback_tally` and `consultation_public_context` called directly. Printed: p50/p95/
max ms, the CPU of this process (p50; least sensitive to other load, without PostgreSQL's), the SQL
time of the last call as Django's cursor times it (ms; on SQLite without fetching the rows), the
queries and the bytes. Targets: p95 ≤ 100 ms for the queue and the public page, ≤ 1 s for the
feedback report.

    .venv/bin/python bench/participation.py
    .venv/bin/python bench/participation.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import drop_postgres, machine_facts, scratch_postgres  # noqa: E402

SCRATCH_DB = "gongkai_bench_participation"
TARGETS_MS = {"queue": 100.0, "public": 100.0, "report": 1000.0}
TZ = ZoneInfo("Asia/Shanghai")
CHAPTERS = ["总则", "公开的主体和范围", "主动公开", "依申请公开", "监督和保障", "附则"]
CLAUSES = [
    "行政机关应当依照本办法的规定，及时、准确地公开政府信息",
    "县级以上人民政府办公厅（室）负责推进、指导、协调、监督本行政区域的政务公开工作",
    "公开政府信息应当遵循以公开为常态、不公开为例外的原则",
    "政府信息公开工作机构应当建立健全政府信息公开申请登记、审核、办理、答复、归档的工作制度",
    "行政机关应当通过政府网站、政务新媒体、政务服务场所等途径主动公开政府信息",
]
REMARKS = [
    "建议将本条中的“及时”明确为具体的工作日期限。",
    "本条规定的期限过长，建议缩短为十个工作日，便于群众及时了解。",
    "建议增加对乡镇人民政府和街道办事处的具体要求。",
    "希望明确政务新媒体发布信息与政府网站发布信息不一致时以哪个为准。",
    "建议增加公众可以通过电话咨询的规定，方便老年人。",
    "本条与《中华人民共和国政府信息公开条例》第二十条的表述不一致，建议统一。",
    "我是基层工作人员，实际工作中人手不足，建议给予一定的过渡期。",
    "支持本条规定，建议同时规定考核评议的具体办法。",
]
REASONS = ["off_topic", "abusive", "personal_data", "petition"]
NAMES = ["王先生", "李女士", "张先生", "刘女士", "陈先生", "某律师事务所", "市民", ""]


def cn(n: int) -> str:
    """1..99 in Chinese numerals (第十二条)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones or not head else "")


def draft(articles: int, rnd: random.Random) -> str:
    lines = ["甘肃省政务公开办法（征求意见稿）"]
    per_chapter = -(-articles // len(CHAPTERS))
    for number in range(1, articles + 1):
        if (number - 1) % per_chapter == 0:
            chapter = (number - 1) // per_chapter
            lines.append(f"第{cn(chapter + 1)}章　{CHAPTERS[min(chapter, len(CHAPTERS) - 1)]}")
        clauses = rnd.sample(CLAUSES, rnd.randint(1, 3))
        lines.append(f"第{cn(number)}条　" + "。".join(clauses) + "。")
    return "\n".join(lines) + "\n"


def generate(page, moderator, n: int, rnd: random.Random, now: datetime) -> dict[str, int]:
    """`n` comments on `page` as the workflow leaves them, with their events, in bulk."""
    from django.db import transaction

    from gongkai.core.serials import serial_reserve
    from gongkai.participation.comment_workflow import NUMBER_FORMAT, public_text_of
    from gongkai.participation.models import Comment, CommentEvent, CommentSerial

    current = list(page.articles.filter(withdrawn=False).order_by("position"))
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(current))]  # a few draw most
    rnd.shuffle(weights)
    serials = dict(CommentSerial.objects.values_list("year", "last_serial"))
    opened = datetime.combine(page.opens_on, clock(8), TZ)
    moments = sorted(opened + (now - opened) * rnd.random() ** 0.8 for _ in range(n))
    comments, logs, sizes = [], [], {}
    for i, at in enumerate(moments):
        serials[at.year] = serials.get(at.year, 0) + 1
        online = rnd.random() < 0.9
        text = "".join(rnd.sample(REMARKS, rnd.randint(1, 4)))
        if rnd.random() < 0.03:
            text += "如需了解情况，请联系我，电话13919876543。"
        c = Comment(
            consultation=page,
            article=None if rnd.random() < 0.15 else rnd.choices(current, weights)[0],
            number=NUMBER_FORMAT.format(year=at.year, serial=serials[at.year]),
            channel="online" if online else rnd.choice(["email", "letter", "fax"]),
            received_on=at.date(),
            received_at=at if online else None,
            text=text,
            name=rnd.choice(NAMES),
            contact=f"139{rnd.randrange(10**8):08d}",
        )
        data = {"channel": c.channel, "received_on": c.received_on.isoformat()}
        log = [("submit" if online else "register", "", "pending", at, data)]
        later = min(at + timedelta(hours=rnd.randint(2, 48)), now)
        if i < n * 0.92:  # the latest 8 % wait for moderation
            if rnd.random() < 0.12:
                c.status, c.withheld_reason = "withheld", rnd.choice(REASONS)
                log.append(("withhold", "pending", c.status, later, {"reason": c.withheld_reason}))
            else:
                c.status = "published"
                c.public_text, masked = public_text_of(c)
                log.append(
                    ("publish", "pending", c.status, later, {"masked": masked, "edited": False})
                )
            if c.counted and rnd.random() < 0.9:
                c.disposition = rnd.choices(["adopted", "partly", "not_adopted"], [20, 25, 55])[0]
                c.disposition_reason = (
                    "已在修改稿中统筹考虑。" if c.disposition != "adopted" else ""
                )
                data = {"disposition": c.disposition, "reason": c.disposition_reason}
                log.append(("dispose", c.status, c.status, later, data))
        sizes[c.status] = sizes.get(c.status, 0) + 1
        comments.append(c)
        logs.append(log)
    with transaction.atomic():
        Comment.objects.bulk_create(comments, batch_size=2000)
        events = [
            CommentEvent(comment=c, action=action, from_status=source, to_status=target, at=when,
                         actor=None if action == "submit" else moderator, data=data)
            for c, log in zip(comments, logs, strict=True)
            for action, source, target, when, data in log
        ]  # fmt: skip
        CommentEvent.objects.bulk_create(events, batch_size=2000)
        for year, serial in serials.items():
            serial_reserve(CommentSerial, serial, year=year)
    return {**sizes, "events": len(events)}


def measure(call, runs: int) -> dict:
    """Two warm-up calls, then `runs` timed ones, each with its SQL queries captured."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call(), call()
    ms, cpu, queries, size = [], [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            started, cpu_started = time.perf_counter(), time.process_time()
            size = call()
            ms.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - cpu_started) * 1000)
        queries.append(len(ctx.captured_queries))
    sql = sorted(((float(q["time"]) * 1000, q["sql"]) for q in ctx.captured_queries), reverse=True)
    return {"ms": ms, "cpu": cpu, "queries": queries, "size": size, "sql": sql}


def fetch(client, url: str, expect: str = "", count: int | None = None):
    """A GET of `url` that fails unless 200 with `expect` `count` times; returns the bytes."""

    def call() -> int:
        response = client.get(url)
        html = response.content.decode()
        if response.status_code != 200 or (count is not None and html.count(expect) != count):
            raise SystemExit(f"{url}: {response.status_code}, {html.count(expect)} × {expect!r}")
        return len(response.content)

    return call


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, default=20_000, help="comments on the consultation")
    parser.add_argument("--articles", type=int, default=30, help="articles of the draft")
    parser.add_argument("--requests", type=int, default=20, help="timed calls of each (≥ 2)")
    parser.add_argument(
        "--database-url",
        help="admin URL of a PostgreSQL server; the benchmark creates and drops "
        f"the database {SCRATCH_DB} there (default: a temporary SQLite file)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument(
        "--profile", metavar="NAME", help="print cProfile's top 25 of the case whose name starts so"
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="gongkai-bench-participation-"))
    if args.database_url:
        db_url = scratch_postgres(args.database_url, SCRATCH_DB)
    else:
        db_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    os.environ["DATABASE_URL"] = db_url
    os.environ["GONGKAI_DATA_DIR"] = str(workdir)
    os.environ["GONGKAI_SEARCH_INDEX_DIR"] = str(workdir / "search-index")
    os.environ.setdefault("SECRET_KEY", "bench-not-secret")
    sys.path.insert(0, str(ROOT))

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)  # its line on every force_login

    import wagtail
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, connections
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.bodies.models import BodyLevel, BodyRole
    from gongkai.core.dates import today as local_today
    from gongkai.participation.models import CommentStatus
    from gongkai.participation.page_context import consultation_public_context
    from gongkai.participation.selectors import consultation_feedback_tally
    from gongkai.participation.tests import factories
    from gongkai.participation.views_staff import PAGE_SIZE
    from gongkai.testing.personas import make_body, staff

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.PUBLISH_ENABLED = False  # consultation pages are served by Django, not published
    rnd = random.Random(args.seed)
    try:
        call_command("migrate", verbosity=0)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        province = make_body("gansu", "甘肃省人民政府", BodyLevel.PROVINCE, serial=1)
        office = make_body(
            "gs-bgt", "甘肃省人民政府办公厅", BodyLevel.DEPARTMENT, parent=province, serial=2
        )
        reviewer = staff("reviewer", office, BodyRole.REVIEWER)
        today = local_today()
        page = factories.consultation_make(
            office,
            draft_text=draft(args.articles + 1, random.Random(args.seed)),
            opens_on=today - timedelta(days=25),
            closes_on=today + timedelta(days=5),
            email="yjzj@example.gov.cn",
        )
        dropped = factories.article(page, args.articles + 1)  # commented on, then withdrawn
        factories.comment_in(
            page, "published", moderator=reviewer, article=dropped, disposition="adopted"
        )
        page = factories.consultation_republish(
            page, draft_text=draft(args.articles, random.Random(args.seed))
        )
        sizes = generate(page, reviewer, args.comments - 1, rnd, timezone.now())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # as autovacuum would, after a bulk load
                cursor.execute("ANALYZE")
        generate_seconds = time.perf_counter() - started

        moderator, public = Client(), Client()
        moderator.force_login(reviewer)
        queue = reverse("moderation:consultation", args=[page.pk])
        counts = dict(page.public_comments.values_list("status").annotate(n=Count("pk")).order_by())
        size = PAGE_SIZE
        pages = {s: -(-counts[s] // size) for s in counts}
        box = '<article class="comment '
        art3 = reverse("participation:article_comments", args=[page.pk, "art-3"])
        art3_count = page.public_comments.filter(
            status=CommentStatus.PUBLISHED, article__anchor="art-3"
        ).count()
        cases = [
            ("queue", "待审核 page 1", fetch(moderator, f"{queue}?status=pending", box, size)),
            ("queue", f"待审核 page {pages['pending']} (last)",
             fetch(moderator, f"{queue}?status=pending&page={pages['pending']}")),
            ("queue", "全部 page 1", fetch(moderator, queue, box, size)),
            ("queue", "全部, last page",
             fetch(moderator, f"{queue}?page={-(-args.comments // size)}")),
            ("queue", "已公开 page 1", fetch(moderator, f"{queue}?status=published", box, size)),
            ("queue", "不予公开 page 1", fetch(moderator, f"{queue}?status=withheld", box, size)),
            ("queue", "未填写采纳情况 page 1", fetch(moderator, f"{queue}?status=undisposed", box, size)),
            ("queue", "consultation list", fetch(moderator, reverse("moderation:list"))),
            ("public", "consultation page (latest comments under each #art-N)",
             fetch(public, page.url, "查看全部")),
            ("public", f"art-3's comments, page 1 (of {art3_count})",
             fetch(public, art3, '<li class="comment">', min(20, art3_count))),
            ("public", "art-3's comments, last page",
             fetch(public, f"{art3}?page={max(1, -(-art3_count // 20))}")),
            ("public", "comment form ?article=art-3",
             fetch(public, reverse("participation:comment", args=[page.pk]) + "?article=art-3")),
            ("report", "consultation_feedback_tally", lambda: consultation_feedback_tally(page) and 0),
            ("report", "feedback page", fetch(moderator, reverse("moderation:feedback", args=[page.pk]))),
            ("", "consultation_public_context", lambda: consultation_public_context(page) and 0),
        ]  # fmt: skip
        if args.profile:
            import cProfile
            import pstats

            _, name, call = next(c for c in cases if c[1].startswith(args.profile))
            call()
            profiler = cProfile.Profile()
            profiler.runcall(call)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
            cases = []
        results = [(group, name, measure(call, args.requests)) for group, name, call in cases]
        load_after = os.getloadavg()[0]
        version = ".".join(map(str, connection.get_database_version()))
        database = f"{connection.display_name} {version}"
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
    print(f"machine:   {facts['cpu']}, {facts['cores']} cores, {facts['ram']} RAM, {facts['os']}")
    print(f"software:  {versions}; {database}" + (f" (kept: {db_url})" if args.keep else ""))
    print(f"load:      {load_before:.2f} before building, {load_after:.2f} at the end (1 min)")
    print(
        f"built:     {args.comments:,} comments on {args.articles} articles (+1 withdrawn) in "
        f"{generate_seconds:.1f} s: " + ", ".join(f"{n:,} {k}" for k, n in sizes.items())
    )
    print()
    print("| What | p50 ms | p95 ms | max ms | CPU ms (p50) | SQL ms | Queries | KB | Target |")
    print("|---|---|---|---|---|---|---|---|---|")
    missed = []
    for group, name, r in results:
        p95 = statistics.quantiles(r["ms"], n=20, method="inclusive")[18]
        target = TARGETS_MS.get(group, 0)
        verdict = f"{'met' if p95 <= target else 'MISSED'} (≤ {target:.0f})" if target else ""
        if verdict.startswith("MISSED"):
            missed.append((name, r))
        q = sorted(set(r["queries"]))
        print(
            f"| {name} | {statistics.median(r['ms']):.1f} | {p95:.1f} | {max(r['ms']):.1f} "
            f"| {statistics.median(r['cpu']):.0f} | {sum(t for t, _ in r['sql']):.1f} | {'/'.join(map(str, q))} "
            f"| {r['size'] / 1024:.0f} | {verdict} |"
        )
    for name, r in missed:
        print(f"\n{name}: slowest queries of the last request")
        for ms, sql in r["sql"][:3]:
            print(f"  {ms:.1f} ms: {sql[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
