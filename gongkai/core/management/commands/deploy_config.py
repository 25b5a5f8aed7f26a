"""Render the deployment recipe for this installation (docs/deploy.md): the nginx site,
gunicorn's configuration, the systemd units and timers, PostgreSQL settings, an env file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.core import deploy


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


class Command(BaseCommand):
    help = "按本机的路径、主机名和端口生成部署配置（nginx、gunicorn、systemd、PostgreSQL）"

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="输出目录")
        parser.add_argument(
            "--server-name",
            action="append",
            default=[],
            help="网站主机名（可重复或用逗号分隔；默认取 ALLOWED_HOSTS）",
        )
        parser.add_argument("--no-tls", action="store_true", help="只用 HTTP（封闭测试网络）")
        parser.add_argument("--listen", action="append", default=[], help="HTTP 监听地址")
        parser.add_argument("--listen-tls", action="append", default=[], help="HTTPS 监听地址")
        parser.add_argument("--tls-certificate", default="")
        parser.add_argument("--tls-certificate-key", default="")
        parser.add_argument("--app-bind", default="127.0.0.1:8001", help="gunicorn 监听地址")
        parser.add_argument(
            "--upstream", action="append", default=[], help="nginx 转发到的应用服务器（可重复）"
        )
        parser.add_argument("--workers", type=int, default=0, help="gunicorn 进程数（默认 2×CPU）")
        parser.add_argument("--threads", type=int, default=4)
        parser.add_argument("--brotli", choices=["auto", "on", "off"], default="auto")
        parser.add_argument(
            "--app-server-only",
            action="store_true",
            help="非任务服务器：只运行本机搜索索引的更新，不生成任务进程和每日定时器",
        )
        parser.add_argument("--app-dir", type=Path)
        parser.add_argument("--venv", type=Path)
        parser.add_argument("--user", default="gongkai")
        parser.add_argument("--group", default="gongkai")
        parser.add_argument("--env-file", type=Path, default=Path("/etc/gongkai/env"))
        parser.add_argument("--config-dir", type=Path, default=Path("/etc/gongkai"))
        parser.add_argument("--runtime-dir", type=Path, default=Path("/run/gongkai"))
        parser.add_argument("--memory-gb", type=int, default=8, help="数据库服务器内存（GB）")
        parser.add_argument(
            "--local-prefix",
            type=Path,
            help="另生成 nginx-local.conf，以当前用户从该目录运行 nginx（部署检查）",
        )

    def handle(self, *args, **options):
        names = _split(options["server_name"]) or [
            h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in {"*", ""}
        ]
        extra = {key: options[key] for key in ("app_dir", "venv") if options[key] is not None}
        if options["listen"]:
            extra["http_listen"] = options["listen"]
        if options["listen_tls"]:
            extra["https_listen"] = options["listen_tls"]
        try:
            recipe = deploy.DeployOptions(
                server_names=names,
                tls=not options["no_tls"],
                tls_certificate=options["tls_certificate"],
                tls_certificate_key=options["tls_certificate_key"],
                app_bind=options["app_bind"],
                upstreams=options["upstream"],
                workers=options["workers"],
                threads=options["threads"],
                brotli=options["brotli"],
                jobs_server=not options["app_server_only"],
                user=options["user"],
                group=options["group"],
                env_file=options["env_file"],
                config_dir=options["config_dir"],
                runtime_dir=options["runtime_dir"],
                memory_gb=options["memory_gb"],
                local_prefix=options["local_prefix"],
                **extra,
            )
            written = deploy.render(recipe, options["out"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        for path in written:
            self.stdout.write(str(path))
