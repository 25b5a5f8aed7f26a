"""The deployment recipe (deploy/, `manage.py deploy_config`, docs/deploy.md).

The recipe rendered for production is checked for what it promises (and by `nginx -t`, with a
throw-away certificate); then `make deploy-check`'s test starts nginx, gunicorn and the task worker
from a rendered recipe and requests pages through nginx. Both need Debian's nginx: skipped
without it, except in CI (CI=true), where its absence fails.
"""

from __future__ import annotations

import datetime
import gzip
import os
import re
import shutil
import subprocess
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import call_command

from gongkai.core import deploy
from gongkai.core.management.commands.run_timers import DAILY_JOBS
from gongkai.testing import PROJECT_ROOT, personas
from gongkai.testing.deploy import LocalDeploy
from gongkai.testing.servers import database_url

NGINX = deploy.nginx_binary()
needs_nginx = pytest.mark.skipif(
    NGINX is None and os.environ.get("CI") != "true",
    reason="Debian's nginx is not installed (apt-get install nginx-light)",
)
SECURITY_HEADERS = (
    "content-security-policy",
    "permissions-policy",
    "x-content-type-options",
    "referrer-policy",
    "x-frame-options",
    "cross-origin-opener-policy",
)
HOSTS = ["gongkai.example.cn", "www.gongkai.example.cn"]


def _self_signed(directory) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, HOSTS[0])])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The recipe as docs/deploy.md renders it, with a throw-away certificate."""
    root = tmp_path_factory.mktemp("recipe")
    cert, key = _self_signed(root)
    out = root / "out"
    call_command(
        "deploy_config",
        out=out,
        server_name=[",".join(HOSTS)],
        tls_certificate=cert,
        tls_certificate_key=key,
        local_prefix=root / "prefix",
        stdout=open(os.devnull, "w"),
    )
    return out


def test_nginx_site_serves_published_files_first_and_never_attachments(production):
    site = (production / "nginx" / "gongkai.conf").read_text()
    assert "listen 443 ssl http2;" in site and "listen [::]:443 ssl http2;" in site
    assert "listen [::]:80;" in site
    assert "server_name gongkai.example.cn www.gongkai.example.cn;" in site
    # The publish tree first, only for a page address without query or visitor cookies.
    assert re.search(r'"~\(\^\|;\)\\s\*\(sessionid\|large_text\)=" 0;', site)
    assert '"111:" 1;' in site
    assert "try_files /$gongkai_site${uri}index.html @app;" in site
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in site
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in site
    # /media/documents/ is refused before /media/ is served.
    assert re.search(r"location \^~ /media/documents/ \{\s+return 404;", site)
    # No `if` but the safe forms (set, return).
    for block in re.findall(r"if \([^)]*\) \{([^}]*)\}", site):
        assert re.fullmatch(r"\s*(set [^;]+;|return \d+;)\s*", block), block


def test_nginx_headers_are_djangos(production, settings):
    site = (production / "nginx" / "gongkai.conf").read_text()
    expected = deploy.page_headers(tls=True)
    assert {k.lower() for k in expected} >= {"x-content-type-options", "x-frame-options"}
    for name, value in expected.items():
        line = f'add_header {name} "{deploy._nginx_string(value)}" always;'
        # In each location nginx serves itself: published pages, static, media, error pages.
        assert site.count(line) == 4, line


def test_hsts_on_the_files_nginx_serves_over_https_like_djangos(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    headers = deploy.page_headers(tls=True)
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in deploy.page_headers(tls=False)


def test_systemd_units_run_as_the_platform_user_hardened(production):
    units = production / "systemd"
    web = (units / "gongkai-web.service").read_text()
    assert (
        f"ExecStart={deploy.sys.prefix}/bin/gunicorn --config /etc/gongkai/gunicorn.conf.py" in web
    )
    worker = (units / "gongkai-worker.service").read_text()
    assert "manage.py db_worker" in worker
    timers = (units / "gongkai-timers.service").read_text()
    assert "manage.py run_timers --no-daily" in timers
    for unit in ("gongkai-web.service", "gongkai-worker.service", "gongkai-timers.service"):
        text = (units / unit).read_text()
        for line in (
            "User=gongkai",
            "EnvironmentFile=/etc/gongkai/env",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "CapabilityBoundingSet=",
        ):
            assert f"\n{line}\n" in text, (unit, line)
    # Every daily job of run_timers has its timer at a fixed hour (Beijing time).
    for name, _kwargs in DAILY_JOBS:
        timer = (units / f"gongkai-{name}.timer").read_text()
        assert "Asia/Shanghai" in timer and f"Unit=gongkai-job@{name}.service" in timer
    job = (units / "gongkai-job@.service").read_text()
    assert "Type=oneshot" in job and "manage.py %i" in job


def test_app_server_only_runs_its_search_index(tmp_path):
    call_command(
        "deploy_config",
        out=tmp_path,
        server_name=["a.example.cn"],
        app_server_only=True,
        stdout=open(os.devnull, "w"),
    )
    timers = (tmp_path / "systemd" / "gongkai-timers.service").read_text()
    assert "--only update_search_index" in timers
    assert not (tmp_path / "systemd" / "gongkai-worker.service").exists()
    assert not list((tmp_path / "systemd").glob("*.timer"))


def test_gunicorn_and_postgresql_settings_agree(production):
    namespace: dict = {}
    exec((production / "gunicorn.conf.py").read_text(), namespace)
    assert namespace["worker_class"] == "gthread"
    assert namespace["bind"] == ["127.0.0.1:8001"]
    connections = namespace["workers"] * namespace["threads"]
    postgres = (production / "postgresql" / "gongkai.conf").read_text()
    max_connections = int(re.search(r"^max_connections = (\d+)", postgres, re.M).group(1))
    assert max_connections > connections


@needs_nginx
def test_nginx_accepts_the_production_site(production):
    check = subprocess.run(
        [
            NGINX,
            "-t",
            "-p",
            str(production.parent / "prefix"),
            "-c",
            str(production / "nginx" / "nginx-local.conf"),
        ],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stderr


# --- make deploy-check -------------------------------------------------------------------------

MARKER = "<!-- 由 nginx 直接提供的发布文件 -->"


@needs_nginx
@pytest.mark.django_db(transaction=True)
def test_deploy_check(tmp_path, province):
    """nginx + gunicorn + the task worker from the rendered recipe, a smoke test through nginx."""
    document = personas.publish_document(province, title="部署检查文件")
    stack = LocalDeploy(root=tmp_path / "stack", database_url=database_url(tmp_path))
    stack.render()
    # A static file and a public media file; an attachment on disk that must not be served.
    (stack.static_root / "web").mkdir(parents=True)
    shutil.copy(PROJECT_ROOT / "gongkai/web/static/web/site.css", stack.static_root / "web")
    (stack.media_root / "images").mkdir(parents=True)
    (stack.media_root / "images" / "public.txt").write_text("公开图片")
    (stack.media_root / "documents").mkdir(parents=True)
    (stack.media_root / "documents" / "secret.pdf").write_bytes(b"%PDF-1.4 secret")
    stack.start()
    try:
        _smoke(stack, urlsplit(document.url).path)
    except AssertionError as error:
        raise AssertionError(f"{error}\n{stack.log_tail()}") from error
    finally:
        stack.stop()
    assert all(p.returncode is not None for p in stack.processes)


def _smoke(stack: LocalDeploy, document_url: str) -> None:
    status, headers, body = stack.request("GET", "/healthz")
    assert status == 200 and b'"ok": true' in body

    # The portal and a document page, rendered by Django (no file published yet).
    status, _, body = stack.request("GET", "/?from=check")
    assert status == 200
    status, dynamic_headers, body = stack.request("GET", f"{document_url}?from=check")
    assert status == 200 and "部署检查文件" in body.decode()
    assert MARKER not in body.decode()

    # Published: the document page written to the publish tree (the publishing contract).
    # (The tree holds the decoded path, as nginx looks it up.)
    page = stack.publish_root / "_default" / unquote(document_url).strip("/") / "index.html"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(body.decode() + MARKER, encoding="utf-8")
    status, static_headers, body = stack.request("GET", document_url)
    assert status == 200 and MARKER in body.decode(), f"not served from the tree: {page}"
    assert static_headers["Content-Type"] == "text/html; charset=utf-8"
    assert static_headers["Cache-Control"] == "no-cache"
    status, _, body = stack.request("HEAD", document_url)
    assert status == 200
    # The same security headers as Django's on the same page.
    for name in SECURITY_HEADERS:
        assert dynamic_headers.get(name), f"Django sends no {name}"
        assert static_headers.get(name) == dynamic_headers.get(name), name
    # A query string, the session cookie, 长者模式's cookie, a POST: Django answers.
    for headers in ({"Cookie": "sessionid=abc"}, {"Cookie": "a=1; large_text=1"}):
        _, _, body = stack.request("GET", document_url, headers=headers)
        assert MARKER not in body.decode(), headers
    _, _, body = stack.request("GET", f"{document_url}?page=1")
    assert MARKER not in body.decode()
    # A host name with a directory of its own gets its own tree.
    own = stack.publish_root / "localhost" / unquote(document_url).strip("/") / "index.html"
    own.parent.mkdir(parents=True)
    own.write_text("本机关自有域名的页面", encoding="utf-8")
    _, _, body = stack.request("GET", document_url, host="localhost")
    assert body.decode() == "本机关自有域名的页面"
    if stack.ipv6:
        status, _, body = stack.request("GET", document_url, address="::1", host="[::1]")
        assert status == 200 and MARKER in body.decode()

    # Static files: long cache, compressed.
    status, headers, body = stack.request(
        "GET", "/static/web/site.css", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (stack.static_root / "web" / "site.css").read_bytes()
    assert "max-age=604800" in headers.get_all("Cache-Control")
    if deploy.brotli_available():
        _, headers, _ = stack.request(
            "GET", "/static/web/site.css", headers={"Accept-Encoding": "br"}
        )
        assert headers["Content-Encoding"] == "br"
    # Media: public files yes, attachments never.
    status, _, body = stack.request("GET", "/media/images/public.txt")
    assert status == 200 and body.decode() == "公开图片"
    status, _, body = stack.request("GET", "/media/documents/secret.pdf")
    assert status == 404 and b"secret" not in body and "页面不存在" in body.decode()
    status, _, _ = stack.request("GET", "/media/%64ocuments/secret.pdf")
    assert status == 404

    # Not found: Django's Chinese page for a page address, nginx's for a missing file.
    status, _, body = stack.request("GET", "/no-such-page/")
    assert status == 404 and "页面不存在" in body.decode()
    status, _, body = stack.request("GET", "/static/no-such.css")
    assert status == 404 and "页面不存在" in body.decode()

    # The worker is up (it would have exited on a broken environment).
    assert all(p.poll() is None for p in stack.processes)


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_systemd_accepts_the_units(tmp_path):
    # Rendered for an existing user: verify checks that User= exists.
    call_command(
        "deploy_config",
        out=tmp_path,
        server_name=["a.example.cn"],
        user="root",
        group="root",
        stdout=open(os.devnull, "w"),
    )
    units = sorted(str(p) for p in (tmp_path / "systemd").iterdir())
    check = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units],
        capture_output=True,
        text=True,
        env={**os.environ, "SYSTEMD_LOG_LEVEL": "notice"},
    )
    assert check.returncode == 0 and not check.stderr.strip(), check.stderr
