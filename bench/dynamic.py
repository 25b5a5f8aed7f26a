"""The dynamic pages under an open-loop load, through the deploy/ recipe (issue 13, "Show").

Search with facets, the application form and tracking stay dynamic (docs/publishing.md). This
builds an installation at the law-corpus size (the demo's bodies and the 3,445 laws of
`../shared/corpus`, indexed), starts nginx + gunicorn + the worker from the recipe
(`gongkai.testing.deploy.LocalDeploy`) and offers each page a fixed rate of requests for a while:
**open loop**, each request sent at its scheduled time on its own connection whatever the earlier
ones are doing, and its latency counted from that scheduled time (a closed loop of N clients
waits for the server and so measures only throughput). It prints p50/p99 at 50 requests/s, then
raises the rate until p99 passes 100 ms and reports the highest rate that kept it.

The load generator runs on the same machine as the server: its own CPU is part of the figure.

    .venv/bin/python bench/dynamic.py                      # SQLite, 20 s per step
    .venv/bin/python bench/dynamic.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from common import drop_postgres, machine_facts, scratch_postgres  # noqa: E402

from gongkai.testing.deploy import LocalDeploy  # noqa: E402

CORPUS = ROOT / ".." / "shared" / "corpus" / "lawrefbook_laws"
SCRATCH_DB = "gongkai_bench_dynamic"
P99_TARGET_MS = 100.0
QUERIES = [
    "规定",
    "人民政府",
    "行政许可",
    "环境保护",
    '"土地管理"',
    "安全生产 责任",
    "税收",
    "教育",
]


class BenchDeploy(LocalDeploy):
    def environment(self) -> dict[str, str]:
        env = super().environment()
        # The load comes from one address: the submission and tracking throttles would refuse it.
        for name in (
            "APPLY_PER_ADDRESS",
            "APPLY_PER_CONTACT",
            "TRACK_PER_ADDRESS",
            "TRACK_PER_CASE",
            "RECOVER_PER_CASE",
        ):
            env[f"GONGKAI_THROTTLE_{name}"] = "off"
        env["GONGKAI_PUBLISH"] = "false"
        return env


def manage(stack: BenchDeploy, *args: str) -> str:
    env = {**os.environ, **stack.environment()}
    env.update(dict(line.split("=", 1) for line in stack.env_file.read_text().splitlines()))
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def open_loop(send, *, rate: float, seconds: float) -> tuple[list[float], int]:
    """Send `rate` requests a second for `seconds`; latencies (ms) from each scheduled time."""
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def one(scheduled: float, number: int) -> None:
        nonlocal errors
        ok = send(number)
        elapsed = (time.perf_counter() - scheduled) * 1000
        with lock:
            latencies.append(elapsed)
            if not ok:
                errors += 1

    with ThreadPoolExecutor(max_workers=400) as pool:
        for number in range(total):
            scheduled = start + number / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, scheduled, number)
    return latencies, errors


def sender(stack: BenchDeploy, kind: str, csrf: tuple[str, str]):
    def request(method: str, path: str, body: bytes | None = None, headers=None) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=30)
        try:
            connection.request(
                method,
                path,
                body=body,
                headers={"Host": f"127.0.0.1:{stack.port}", **(headers or {})},
            )
            response = connection.getresponse()
            response.read()
            # A wrong code is an answer too (the form again); a refusal or a 5xx is not.
            return response.status < 500 and response.status != 429
        except OSError:
            return False
        finally:
            connection.close()

    if kind == "search":
        return lambda n: request("GET", "/search/?" + urlencode({"q": QUERIES[n % len(QUERIES)]}))
    if kind == "form":
        return lambda n: request("GET", "/apply/gansu/")
    if kind == "track":
        cookie, token = csrf
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "case_number": "GS-2026-000001",
                "query_code": "ABCDEFGHJK",
            }
        )
        headers = {
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{stack.port}/apply/track/",
        }
        return lambda n: request("POST", "/apply/track/", body.encode(), headers)
    raise ValueError(kind)


def csrf_pair(stack: BenchDeploy) -> tuple[str, str]:
    _status, headers, body = stack.request("GET", "/apply/track/")
    cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", "")).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def build(stack: BenchDeploy, corpus: Path) -> None:
    manage(stack, "migrate", "--noinput", "-v0")
    manage(stack, "load_demo")
    manage(stack, "import_laws", str(corpus))
    manage(stack, "rebuild_search_index")
    manage(stack, "collectstatic", "--noinput", "-v0")
    # What the import queued (the reference index, the search outbox) is done before the load,
    # or the worker takes a core from the pages measured.
    manage(stack, "db_worker", "--batch", "--no-startup-delay")
    manage(stack, "update_search_index")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="admin URL of a PostgreSQL server (default SQLite)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rates", default="50,75,100,150,200,300")
    parser.add_argument("--pages", default="search,form,track")
    parser.add_argument(
        "--keep",
        type=Path,
        help="build the installation in this folder and keep it; reuse it if already built (SQLite)",
    )
    args = parser.parse_args()

    root = args.keep or Path(tempfile.mkdtemp(prefix="gongkai-dynamic-"))
    root.mkdir(parents=True, exist_ok=True)
    built = root / "built"
    url = (
        scratch_postgres(args.database_url, SCRATCH_DB)
        if args.database_url
        else f"sqlite:///{root / 'bench.sqlite3'}"
    )
    stack = BenchDeploy(root=root, database_url=url, workers=args.workers)
    try:
        stack.render()
        started = time.perf_counter()
        if not built.exists():
            build(stack, args.corpus)
            built.touch()
        print(f"# built in {time.perf_counter() - started:.0f} s", flush=True)
        stack.start()
        facts = machine_facts()
        engine = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"# {facts['cpu']}, {facts['cores']} cores, {facts['ram']}; {engine}; "
            f"gunicorn {args.workers} workers x {stack.threads} threads behind the recipe's nginx"
        )
        print(f"# open loop, {args.seconds:.0f} s per step, latency from the scheduled send time")
        print("| page | rate (req/s) | p50 ms | p99 ms | errors |")
        print("|---|---|---|---|---|")
        csrf = csrf_pair(stack)
        for kind in args.pages.split(","):
            send = sender(stack, kind, csrf)
            for _ in range(20):  # warm the processes, the index readers and the caches
                send(0)
            best = None
            for rate in [float(r) for r in args.rates.split(",")]:
                latencies, errors = open_loop(send, rate=rate, seconds=args.seconds)
                p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
                print(f"| {kind} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {errors} |", flush=True)
                if p99 > P99_TARGET_MS or errors:
                    break
                best = rate
            print(
                f"| {kind} | **highest rate with p99 ≤ {P99_TARGET_MS:.0f} ms: "
                f"{best if best is not None else '< ' + args.rates.split(',')[0]}** | | | |"
            )
    finally:
        stack.stop()
        if args.database_url:
            drop_postgres(args.database_url, SCRATCH_DB)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
