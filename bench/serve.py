"""Published pages through the deploy/ nginx against a plain file of the same size (issue 13, "Show").

One nginx, rendered from the recipe (`gongkai.testing.deploy.LocalDeploy`), with a second server
block beside the platform's that serves plain files from a bare `root`: each published page and
its plain twin (same bytes) are loaded in turn by wrk (Debian's `wrk`) at 100 connections, side
by side in one run, and the ratio is printed. The pages are taken from a publish tree
(`--tree`, default the settings' PUBLISH_ROOT; `manage.py publish` fills it); a page missing
there is replaced by a synthetic page of `--size` bytes, and the table says so.

    .venv/bin/python bench/serve.py --page / --page /gs-bgt/ --duration 10
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django

django.setup()

from common import machine_facts  # noqa: E402
from django.conf import settings  # noqa: E402

from gongkai.testing.deploy import LocalDeploy  # noqa: E402
from gongkai.testing.servers import free_port  # noqa: E402


def wrk(url: str, *, connections: int, duration: int, threads: int) -> float:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not found:
        raise RuntimeError(f"wrk printed no rate:\n{out}")
    return float(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", action="append", default=[], help="URL path of a page")
    parser.add_argument("--tree", type=Path, default=Path(settings.PUBLISH_ROOT))
    parser.add_argument("--size", type=int, default=23_000, help="bytes of a synthetic page")
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=100)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk 未安装：apt-get install wrk")
    pages = args.page or ["/"]

    root = Path(tempfile.mkdtemp(prefix="gongkai-serve-"))
    stack = LocalDeploy(root=root, database_url="sqlite:///" + str(root / "unused.sqlite3"))
    stack.render()
    plain_root = root / "plain"
    plain_port = free_port()
    rows = []
    for number, page in enumerate(pages):
        source = args.tree / "_default" / unquote(page).strip("/") / "index.html"
        target = stack.publish_root / "_default" / unquote(page).strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_file():
            body, origin = source.read_bytes(), "published"
        else:
            filler = "<p>" + "政务公开" * (args.size // 12) + "</p>"
            body, origin = (
                f"<!DOCTYPE html><html><body>{filler}</body></html>".encode(),
                "synthetic",
            )
        target.write_bytes(body)
        plain_root.mkdir(exist_ok=True)
        (plain_root / f"page{number}.html").write_bytes(body)
        rows.append((page, origin, len(body), f"/page{number}.html"))

    # The platform's site and, beside it in the same nginx, a bare server of plain files.
    conf = stack.recipe / "nginx" / "nginx-local.conf"
    plain = stack.recipe / "nginx" / "plain.conf"
    plain.write_text(f"server {{\n    listen 127.0.0.1:{plain_port};\n    root {plain_root};\n}}\n")
    conf.write_text(conf.read_text().rstrip().removesuffix("}") + f"    include {plain};\n}}\n")
    nginx = subprocess.Popen(stack.nginx_command("-g", "daemon off;"), start_new_session=True)
    try:
        time.sleep(0.5)
        facts = machine_facts()
        print(f"# {facts['cpu']}, {facts['cores']} cores, {facts['ram']}; nginx from deploy/")
        print(
            f"# wrk -t{args.threads} -c{args.connections} -d{args.duration}s, one after the other"
        )
        print("| page | source | bytes | recipe req/s | plain file req/s | ratio |")
        print("|---|---|---|---|---|---|")
        for page, origin, size, plain_path in rows:
            measure = {"connections": args.connections, "duration": args.duration}
            site = wrk(f"http://127.0.0.1:{stack.port}{page}", threads=args.threads, **measure)
            bare = wrk(
                f"http://127.0.0.1:{plain_port}{plain_path}", threads=args.threads, **measure
            )
            print(
                f"| `{page}` | {origin} | {size} | {site:,.0f} | {bare:,.0f} | {site / bare:.0%} |"
            )
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
