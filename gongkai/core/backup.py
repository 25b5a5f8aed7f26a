"""Backup and restore of one installation (docs/backup.md): the database, the media folder, the
private media folder (case letters) and SECRET_KEY, in one tar archive with `manifest.json`.

SECRET_KEY is the only key: the sealing keys (`core/sealing.py`) are derived from it, and query
codes are stored as salted hashes that do not depend on it. This module sits in `core`, so it
names the higher apps' models by label (`apps.get_model`) and never imports them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections

from gongkai.core.dates import local_tz

VERSION = "0.1.0"  # pyproject.toml's version; git is not there at runtime
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
PG_MEMBER = "database/db.pgdump"
KEY_MEMBER = "keys/secret_key"
MEDIA = "media"
PRIVATE = "media-private"
# The rows an operator compares after a restore (label → model).
KEY_ROWS = {
    "bodies": "bodies.Body",
    "documents": "documents.PolicyDocumentPage",
    "applications": "applications.Application",
    "events": "applications.ApplicationEvent",
}

MSG_DAMAGED = "备份文件已损坏：成员“{member}”的校验值不符，拒绝恢复"
MSG_MISSING = "备份文件不完整：缺少成员“{member}”，拒绝恢复"
MSG_UNLISTED = "备份文件含有清单之外的成员“{member}”，拒绝恢复"
MSG_NO_MANIFEST = "不是本平台的备份文件：缺少 manifest.json"
MSG_NOT_EMPTY = (
    "当前安装已有数据（机关 {bodies} 个、文件 {documents} 件），只能恢复到空的安装；"
    "确需覆盖请加 --force"
)
MSG_CROSS_ENGINE = "备份的数据库为 {archived}，当前配置的数据库为 {configured}：不支持跨数据库恢复"
MSG_UNSAFE = "备份文件含有不安全的路径“{member}”，拒绝恢复"
MSG_PG_FAILED = "{tool} 执行失败：{error}"


class BackupError(Exception):
    """A backup or restore refused, with the Chinese message for the operator."""


@dataclass(frozen=True)
class Member:
    name: str
    size: int
    sha256: str


def private_media_root() -> Path:
    # The same rule as applications.models.PrivateStorage: the folder beside MEDIA_ROOT.
    media = Path(settings.MEDIA_ROOT)
    return media.parent / f"{media.name}-private"


def engine(alias: str = "default") -> str:
    return connections[alias].vendor  # "sqlite" or "postgresql"


def key_row_counts(alias: str = "default") -> dict[str, int]:
    return {
        label: apps.get_model(model).objects.using(alias).count()
        for label, model in KEY_ROWS.items()
    }


# --- Backup -----------------------------------------------------------------------------------


def _files(root: Path, prefix: str) -> Iterator[tuple[str, Path]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield f"{prefix}/{path.relative_to(root).as_posix()}", path


def _pg_env(alias: str = "default") -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore; the password goes in the environment, never
    on the command line where `ps` shows it."""
    conf = connections[alias].settings_dict
    args = []
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(tool: str, args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([tool, *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(MSG_PG_FAILED.format(tool=tool, error=done.stderr.strip()[-500:]))


def dump_database(dest: Path, alias: str = "default") -> str:
    """The database into `dest`; returns the member name. SQLite: the online backup API, a
    consistent copy while the platform keeps writing. PostgreSQL: pg_dump's custom format."""
    conn = connections[alias]
    if conn.vendor == "sqlite":
        conn.ensure_connection()
        target = sqlite3.connect(dest)
        try:
            conn.connection.backup(target)
        finally:
            target.close()
        return SQLITE_MEMBER
    if conn.vendor == "postgresql":
        args, env = _pg_env(alias)
        name = str(conn.settings_dict["NAME"])
        _run("pg_dump", [*args, "--format=custom", "--file", str(dest), name], env)
        return PG_MEMBER
    raise BackupError(f"不支持的数据库：{conn.vendor}")


class _HashingReader(io.RawIOBase):
    def __init__(self, raw: IO[bytes], digest: Any) -> None:
        self.raw, self.digest = raw, digest

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.digest.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path) -> Member:
    with path.open("rb") as fh:
        size = os.fstat(fh.fileno()).st_size  # what is read now, even if the file grows later
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, int(path.stat().st_mtime), 0o600
        digest = hashlib.sha256()
        tar.addfile(info, _HashingReader(fh, digest))
    return Member(name, size, digest.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> Member:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    tar.addfile(info, io.BytesIO(data))
    return Member(name, len(data), hashlib.sha256(data).hexdigest())


def backup_create(archive: Path, *, now: datetime | None = None) -> dict[str, Any]:
    """Write the archive (gzip when its name ends in .gz/.tgz) and return its manifest. Written
    to a temporary file beside it and renamed at the end: never a half archive under the name."""
    archive = Path(archive).resolve()
    archive.parent.mkdir(parents=True, exist_ok=True)
    mode = "w:gz" if archive.name.endswith((".gz", ".tgz")) else "w"
    fd, tmp_name = tempfile.mkstemp(prefix=f".{archive.name}.", dir=archive.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        with tempfile.TemporaryDirectory(dir=archive.parent) as work:
            db_file = Path(work) / "db"
            db_member = dump_database(db_file)
            members: list[Member] = []
            with tarfile.open(tmp, mode) as tar:
                members.append(_add(tar, db_member, db_file))
                members.append(_add_bytes(tar, KEY_MEMBER, settings.SECRET_KEY.encode()))
                for name, path in _files(Path(settings.MEDIA_ROOT), MEDIA):
                    members.append(_add(tar, name, path))
                for name, path in _files(private_media_root(), PRIVATE):
                    members.append(_add(tar, name, path))
                manifest = {
                    "platform": "gongkai",
                    "version": VERSION,
                    "engine": engine(),
                    "created_at": (now or datetime.now(local_tz()))
                    .astimezone(local_tz())
                    .isoformat(),
                    "counts": key_row_counts(),
                    "members": [m.__dict__ for m in members],
                }
                _add_bytes(
                    tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                )
        os.chmod(tmp, 0o600)  # it holds the secret key and personal data
        os.replace(tmp, archive)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


# --- Restore ----------------------------------------------------------------------------------


def _safe(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(MSG_UNSAFE.format(member=name))
    return path


def backup_verify(archive: Path) -> dict[str, Any]:
    """The manifest, once every member's size and SHA-256 are checked; BackupError naming the
    first member that is damaged, missing or not listed."""
    with tarfile.open(archive, "r:*") as tar:
        try:
            manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(MSG_NO_MANIFEST) from exc
        listed = {m["name"]: m for m in manifest["members"]}
        seen = set()
        for info in tar:
            if info.name == MANIFEST:
                continue
            _safe(info.name)
            expected = listed.get(info.name)
            if expected is None or not info.isfile():
                raise BackupError(MSG_UNLISTED.format(member=info.name))
            digest = hashlib.sha256()
            fh = tar.extractfile(info)
            while chunk := fh.read(1 << 20):  # type: ignore[union-attr]
                digest.update(chunk)
            if info.size != expected["size"] or digest.hexdigest() != expected["sha256"]:
                raise BackupError(MSG_DAMAGED.format(member=info.name))
            seen.add(info.name)
        for name in listed:
            if name not in seen:
                raise BackupError(MSG_MISSING.format(member=name))
    return manifest


def installation_check_empty(*, force: bool = False, alias: str = "default") -> None:
    try:
        counts = key_row_counts(alias)
    except DatabaseError:  # not even migrated: as empty as it gets
        return
    if not force and (counts["bodies"] or counts["documents"]):
        raise BackupError(MSG_NOT_EMPTY.format(**counts))


def _extract(tar: tarfile.TarFile, name: str, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.restoring")
    with tar.extractfile(name) as src, tmp.open("wb") as out:  # type: ignore[union-attr]
        shutil.copyfileobj(src, out)
    os.replace(tmp, dest)


def restore_sqlite(tar: tarfile.TarFile, target: Path) -> None:
    """The archived SQLite file into place, with no stale journal beside it."""
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    _extract(tar, SQLITE_MEMBER, Path(target))


def restore_postgresql(tar: tarfile.TarFile, database: str, alias: str = "default") -> None:
    args, env = _pg_env(alias)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "db.pgdump"
        _extract(tar, PG_MEMBER, dump)
        _run(
            "pg_restore",
            [*args, "--clean", "--if-exists", "--no-owner", "--dbname", database, str(dump)],
            env,
        )


def restore_files(tar: tarfile.TarFile, manifest: dict[str, Any]) -> int:
    """Media and private media byte-equal into place; returns how many files."""
    roots = {MEDIA: Path(settings.MEDIA_ROOT), PRIVATE: private_media_root()}
    count = 0
    for member in manifest["members"]:
        path = _safe(member["name"])
        root = roots.get(path.parts[0])
        if root is not None:
            _extract(tar, member["name"], root.joinpath(*path.parts[1:]))
            count += 1
    return count


def restore_key(tar: tarfile.TarFile, key_file: Path) -> bool:
    """The archived SECRET_KEY into `key_file` (mode 0600) as `SECRET_KEY=…`, the format of a
    systemd EnvironmentFile; True when it differs from the key this process runs with."""
    key = tar.extractfile(KEY_MEMBER).read().decode()  # type: ignore[union-attr]
    key_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(f"SECRET_KEY={key}\n")
    return key != settings.SECRET_KEY


def database_restore(
    tar: tarfile.TarFile, manifest: dict[str, Any], alias: str = "default"
) -> None:
    """The archived database over the configured one (same engine only)."""
    conn = connections[alias]
    if manifest["engine"] != conn.vendor:
        raise BackupError(
            MSG_CROSS_ENGINE.format(archived=manifest["engine"], configured=conn.vendor)
        )
    if conn.vendor == "sqlite":
        conn.close()
        restore_sqlite(tar, Path(conn.settings_dict["NAME"]))
    else:
        conn.close()
        restore_postgresql(tar, str(conn.settings_dict["NAME"]), alias)
