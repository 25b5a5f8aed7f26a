"""The deployment recipe run locally (`make deploy-check`, bench/serve.py): rendered into a
directory by `manage.py deploy_config`, then nginx (as the current user, unprivileged ports on
127.0.0.1 and [::1]), the app server and the task worker started from the rendered files, with
the environment of the rendered `EnvironmentFile`. The commands are the systemd units' own
`ExecStart` lines, so what runs is what production runs.
"""

from __future__ import annotations

import http.client
import os
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.testing import PROJECT_ROOT
from gongkai.testing.servers import free_port

STARTUP_TIMEOUT = 60


def ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


def unit_value(unit: Path, key: str) -> str:
    """A `Key=value` of a systemd unit (the first one)."""
    for line in unit.read_text().splitlines():
        if line.startswith(f"{key}="):
            return line.split("=", 1)[1]
    raise KeyError(f"{key} not in {unit}")


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            values[name.strip()] = value.strip()
    return values


@dataclass
class LocalDeploy:
    root: Path
    database_url: str
    port: int = field(default_factory=free_port)
    app_port: int = field(default_factory=free_port)
    workers: int = 1
    threads: int = 4
    processes: list[subprocess.Popen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.recipe = self.root / "recipe"
        self.prefix = self.root / "nginx"
        self.data = self.root / "data"
        self.static_root = self.root / "static"
        self.media_root = self.data / "media"
        self.publish_root = self.data / "publish"
        self.env_file = self.root / "env"
        self.ipv6 = ipv6_loopback()
        self.server_names = ["localhost", "127.0.0.1"] + (["[::1]"] if self.ipv6 else [])
        self.logs = self.root / "logs"

    # --- The recipe ---------------------------------------------------------------------------

    def environment(self) -> dict[str, str]:
        return {
            "GONGKAI_PRODUCTION": "true",
            "GONGKAI_HTTPS": "false",  # plain HTTP on the loopback
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": ",".join(self.server_names),
            "DATABASE_URL": self.database_url,
            "GONGKAI_DATA_DIR": str(self.data),
            "GONGKAI_MEDIA_ROOT": str(self.media_root),
            "GONGKAI_STATIC_ROOT": str(self.static_root),
            "GONGKAI_PUBLISH_ROOT": str(self.publish_root),
            "GONGKAI_SEARCH_INDEX_DIR": str(self.data / "search-index"),
            "GONGKAI_SERVE_MEDIA": "false",
            "GONGKAI_TRUSTED_PROXIES": "1",
            "GONGKAI_LOG_LEVEL": "WARNING",
        }

    def render(self) -> None:
        for path in (self.data, self.static_root, self.media_root, self.publish_root, self.logs):
            path.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        listen = [f"127.0.0.1:{self.port}"] + ([f"[::1]:{self.port}"] if self.ipv6 else [])
        args = [
            sys.executable,
            "manage.py",
            "deploy_config",
            f"--out={self.recipe}",
            "--no-tls",
            f"--app-bind=127.0.0.1:{self.app_port}",
            f"--env-file={self.env_file}",
            f"--config-dir={self.recipe}",
            f"--runtime-dir={self.prefix}",
            f"--local-prefix={self.prefix}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            *[f"--listen={address}" for address in listen],
            *[f"--server-name={name}" for name in self.server_names],
        ]
        # Rendered with the installation's own paths: the same environment the services get.
        subprocess.run(
            args, cwd=PROJECT_ROOT, env={**os.environ, **env}, check=True, capture_output=True
        )

    # --- The services -------------------------------------------------------------------------

    def nginx_command(self, *extra: str) -> list[str]:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        conf = self.recipe / "nginx" / "nginx-local.conf"
        return [nginx, "-p", str(self.prefix), "-c", str(conf), *extra]

    def _spawn(self, name: str, command: list[str], env: dict[str, str], cwd: Path) -> None:
        log = (self.logs / f"{name}.log").open("wb")
        self.processes.append(
            subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def _start_unit(self, unit_name: str) -> None:
        unit = self.recipe / "systemd" / unit_name
        env_file = Path(unit_value(unit, "EnvironmentFile"))
        env = {"PATH": os.environ.get("PATH", ""), **read_env_file(env_file)}
        cwd = Path(unit_value(unit, "WorkingDirectory"))
        self._spawn(unit_name, shlex.split(unit_value(unit, "ExecStart")), env, cwd)

    def start(self) -> None:
        check = subprocess.run(self.nginx_command("-t"), capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError(f"nginx -t failed:\n{check.stderr}")
        self._start_unit("gongkai-web.service")
        self._start_unit("gongkai-worker.service")
        self._spawn("nginx", self.nginx_command("-g", "daemon off;"), dict(os.environ), self.root)
        self.wait_until_up()

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            for process in self.processes:
                if process.poll() is not None:
                    raise AssertionError(f"a service exited at start:\n{self.log_tail()}")
            try:
                status, _headers, _body = self.request("GET", "/healthz")
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"the recipe did not come up:\n{self.log_tail()}")

    def log_tail(self) -> str:
        parts = []
        for log in [*sorted(self.logs.glob("*.log")), self.prefix / "error.log"]:
            if log.exists():
                parts.append(f"== {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=15)

    # --- Requests through nginx ---------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        host: str = "127.0.0.1",
        address: str = "127.0.0.1",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        connection = http.client.HTTPConnection(address, self.port, timeout=30)
        try:
            connection.request(
                method, path, body=body, headers={"Host": f"{host}:{self.port}", **(headers or {})}
            )
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()
