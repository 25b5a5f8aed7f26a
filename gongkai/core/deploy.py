"""The deployment recipe rendered for one installation (`manage.py deploy_config`, docs/deploy.md).

The templates are in `deploy/templates/` (Django's template language, autoescape off); this
module fills them with the installation's paths, host names and ports, so that the nginx site,
gunicorn's configuration, the systemd units and the PostgreSQL settings are generated, never
edited by hand. The security headers of the files nginx serves itself are Django's own values.
"""

from __future__ import annotations

import getpass
import os
import shutil
import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.template import Context, Engine

DEPLOY_DIR = Path(settings.BASE_DIR) / "deploy"
TEMPLATES = DEPLOY_DIR / "templates"
NGINX_MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULES = ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
# Cookies that make a page depend on the visitor: a published file never answers them.
LARGE_TEXT_COOKIE = "large_text"
COMPRESS_TYPES = (
    "text/plain text/css text/xml application/javascript application/json application/xml "
    "application/rss+xml application/atom+xml image/svg+xml"
).split()

# When each daily job of run_timers runs (Asia/Shanghai); a new daily job gets DAILY_DEFAULT.
DAILY_AT = {
    "application_reminders": "08:30",
    "letter_reminders": "08:35",
    "check_annual_reports": "02:00",
}
DAILY_DEFAULT = "03:00"
# Daily jobs that run_timers does not run (production only).
EXTRA_DAILY = {
    "prune_db_task_results": ("04:00", "remove old results of the task worker"),
}


@dataclass
class DeployOptions:
    """What differs between installations; the defaults are docs/deploy.md's layout."""

    server_names: list[str]
    app_dir: Path = field(default_factory=lambda: Path(settings.BASE_DIR))
    venv: Path = field(default_factory=lambda: Path(sys.prefix))
    user: str = "gongkai"
    group: str = "gongkai"
    env_file: Path = Path("/etc/gongkai/env")
    config_dir: Path = Path("/etc/gongkai")
    runtime_dir: Path = Path("/run/gongkai")  # systemd's RuntimeDirectory=gongkai
    data_dir: Path = field(default_factory=lambda: Path(settings.DATA_DIR))
    static_root: Path = field(default_factory=lambda: Path(settings.STATIC_ROOT))
    media_root: Path = field(default_factory=lambda: Path(settings.MEDIA_ROOT))
    publish_root: Path = field(
        default_factory=lambda: Path(
            getattr(settings, "PUBLISH_ROOT", Path(settings.DATA_DIR) / "publish")
        )
    )
    search_index_dir: Path = field(default_factory=lambda: Path(settings.GONGKAI_SEARCH_INDEX_DIR))
    tls: bool = True
    http_listen: list[str] = field(default_factory=lambda: ["80", "[::]:80"])
    https_listen: list[str] = field(default_factory=lambda: ["443", "[::]:443"])
    tls_certificate: str = ""
    tls_certificate_key: str = ""
    acme_root: Path = Path("/var/www/letsencrypt")
    app_bind: str = "127.0.0.1:8001"
    upstreams: list[str] = field(default_factory=list)
    workers: int = 0
    threads: int = 4
    brotli: str = "auto"  # auto: when Debian's module package is installed
    jobs_server: bool = True  # runs the periodic and daily jobs (one server of several)
    memory_gb: int = 8
    local_prefix: Path | None = None  # also render nginx-local.conf to run from this directory

    def __post_init__(self) -> None:
        if not self.server_names:
            raise ValueError("至少需要一个主机名（--server-name）")
        first = self.server_names[0]
        self.tls_certificate = (
            self.tls_certificate or f"/etc/letsencrypt/live/{first}/fullchain.pem"
        )
        self.tls_certificate_key = (
            self.tls_certificate_key or f"/etc/letsencrypt/live/{first}/privkey.pem"
        )
        # gunicorn and nginx write a socket alike: host:port or unix:/path.
        self.upstreams = self.upstreams or [self.app_bind]
        self.workers = self.workers or 2 * (os.cpu_count() or 1)


def brotli_available() -> bool:
    return all((NGINX_MODULES / name).exists() for name in BROTLI_MODULES)


def _nginx_string(value: str) -> str:
    """A header value inside nginx's double quotes."""
    if "$" in value or "\n" in value:
        raise ValueError(f"nginx 配置中的响应头值不能含 $ 或换行：{value!r}")
    return value.replace("\\", "\\\\").replace('"', '\\"')


def django_security_headers(tls: bool) -> dict[str, str]:
    """The headers Django's own middleware sends on a page (SecurityMiddleware, X-Frame-Options)."""
    headers: dict[str, str] = {}
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers["X-Content-Type-Options"] = "nosniff"
    if policy := settings.SECURE_REFERRER_POLICY:
        headers["Referrer-Policy"] = policy if isinstance(policy, str) else ",".join(policy)
    if coop := settings.SECURE_CROSS_ORIGIN_OPENER_POLICY:
        headers["Cross-Origin-Opener-Policy"] = coop
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    seconds = getattr(settings, "SECURE_HSTS_SECONDS", 0)
    if tls and seconds:
        value = f"max-age={seconds}"
        if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
            value += "; includeSubDomains"
        if settings.SECURE_HSTS_PRELOAD:
            value += "; preload"
        headers["Strict-Transport-Security"] = value
    return headers


def page_headers(tls: bool) -> dict[str, str]:
    """The security headers of a page nginx serves itself: Django's middleware headers, then
    `core.security_headers.static_page_headers()` (CSP, Permissions-Policy, …) over them."""
    try:
        from gongkai.core.security_headers import static_page_headers
    except ImportError:  # not built yet: only the middleware's headers
        extra: dict[str, str] = {}
    else:
        extra = static_page_headers()
    merged = {name.lower(): (name, value) for name, value in django_security_headers(tls).items()}
    merged.update({name.lower(): (name, value) for name, value in extra.items()})
    return dict(merged.values())


def _timers(options: DeployOptions) -> list[dict]:
    from gongkai.core.management.commands.run_timers import DAILY_JOBS

    timers = [
        {
            "name": name,
            "on_calendar": f"*-*-* {DAILY_AT.get(name, DAILY_DEFAULT)}:00 Asia/Shanghai",
            "description": f"daily job {name}",
        }
        for name, _kwargs in DAILY_JOBS
    ]
    timers += [
        {"name": name, "on_calendar": f"*-*-* {at}:00 Asia/Shanghai", "description": what}
        for name, (at, what) in EXTRA_DAILY.items()
    ]
    return timers


def _context(options: DeployOptions) -> dict:
    from gongkai.core.management.commands.run_timers import JOBS

    brotli = options.brotli == "on" or (options.brotli == "auto" and brotli_available())
    app_connections = len(options.upstreams) * options.workers * options.threads
    other_connections = 4
    replication_slots = 4
    max_connections = app_connections + other_connections + 5 + replication_slots + 10
    private_media = Path(f"{options.media_root}-private")
    context = {
        **{name: getattr(options, name) for name in options.__dataclass_fields__},
        "generated": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "brotli": brotli,
        "headers": [
            (name, _nginx_string(value)) for name, value in page_headers(options.tls).items()
        ],
        "visitor_cookies": [settings.SESSION_COOKIE_NAME, LARGE_TEXT_COOKIE],
        "compress_types": COMPRESS_TYPES,
        "static_expires": "7d",
        "client_max_body_size": "100m",
        "proxy_timeout": 75,
        "app_timeout": 60,
        "forwarded_allow_ips": "127.0.0.1,::1",
        "errors_root": DEPLOY_DIR / "errors",
        "writable_paths": [
            options.data_dir,
            options.media_root,
            private_media,
            options.publish_root,
            options.search_index_dir,
        ],
        "timer_interval": 15,
        "timer_jobs": [name for name, _ in JOBS]
        if options.jobs_server
        else ["update_search_index"],
        "timer_only": [] if options.jobs_server else ["update_search_index"],
        "timers_note": (
            "The jobs server: all of them; the daily jobs are timers (gongkai-*.timer)."
            if options.jobs_server
            else "An app server that is not the jobs server: only its own search index."
        ),
        "timers": _timers(options) if options.jobs_server else [],
        "conn_max_age": settings.DATABASES["default"].get("CONN_MAX_AGE", 0),
        "app_servers": len(options.upstreams),
        "app_connections": app_connections,
        "other_connections": other_connections,
        "replication_slots": replication_slots,
        "max_connections": max_connections,
        "shared_buffers": f"{max(1, options.memory_gb // 4)}GB",
        "effective_cache_size": f"{max(1, options.memory_gb * 3 // 4)}GB",
        "nginx_modules": ([str(NGINX_MODULES / name) for name in BROTLI_MODULES] if brotli else []),
        "nginx_user": getpass.getuser() if os.geteuid() == 0 else "",
        "nginx_workers": 2,
    }
    return context


def render(options: DeployOptions, out: Path) -> list[Path]:
    """Write the recipe into `out`; returns the files written."""
    engine = Engine(dirs=[str(TEMPLATES)], autoescape=False)
    context = _context(options)
    written: list[Path] = []

    def write(template: str, target: str, **extra) -> None:
        path = out / target
        path.parent.mkdir(parents=True, exist_ok=True)
        text = engine.get_template(template).render(Context({**context, **extra}, autoescape=False))
        path.write_text(text, encoding="utf-8")
        written.append(path)

    write("nginx-site.conf", "nginx/gongkai.conf")
    if options.local_prefix is not None:
        (options.local_prefix / "tmp").mkdir(parents=True, exist_ok=True)
        write("nginx-local.conf", "nginx/nginx-local.conf", site_conf=out / "nginx/gongkai.conf")
    write("gunicorn.conf.py", "gunicorn.conf.py")
    write("systemd/gongkai-web.service", "systemd/gongkai-web.service")
    write("systemd/gongkai-timers.service", "systemd/gongkai-timers.service")
    if options.jobs_server:
        write("systemd/gongkai-worker.service", "systemd/gongkai-worker.service")
        write("systemd/gongkai-job@.service", "systemd/gongkai-job@.service")
        for job in context["timers"]:
            write("systemd/job.timer", f"systemd/gongkai-{job['name']}.timer", job=job)
    write("postgresql.conf", "postgresql/gongkai.conf")
    write("env.example", "env.example")
    return written


def nginx_binary() -> str | None:
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
