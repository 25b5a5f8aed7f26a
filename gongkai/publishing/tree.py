"""The publish tree on disk: where a URL's file is, atomic writes, and walking what is there.

Layout (the contract with nginx, docs/publishing.md): `<root>/<site dir>/<path>/index.html`,
the site dir `_default` for the default Wagtail Site and the lowercased host name for any other.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SITE_DIR = "_default"
INDEX = "index.html"


def site_dir_of(site) -> str:
    return DEFAULT_SITE_DIR if site.is_default_site else site.hostname.lower()


def file_for(root: Path, site_dir: str, path: str) -> Path:
    """The file of URL path `path` ("/" or "/a/b/"); a path that could leave the tree is refused."""
    parts = [p for p in path.split("/") if p]
    if any(p in (".", "..") or "\\" in p or "\x00" in p for p in parts):
        raise ValueError(f"not a publishable path: {path!r}")
    return Path(root, site_dir, *parts, INDEX)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_hash(file: Path) -> str | None:
    try:
        return sha256(file.read_bytes())
    except FileNotFoundError:
        return None


def write_if_changed(file: Path, data: bytes) -> bool:
    """Write `data` to `file` atomically (temporary file in the same directory, fsync, rename);
    nothing happens when the file already holds these bytes. Returns whether it was written."""
    try:
        if file.stat().st_size == len(data) and file.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    file.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=file.parent, prefix=".tmp-", suffix=".html")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # nginx reads it; mkstemp makes it private
        os.replace(tmp, file)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def remove(root: Path, site_dir: str, path: str) -> bool:
    """Remove a published file and the directories it leaves empty (up to its site dir)."""
    file = file_for(root, site_dir, path)
    try:
        file.unlink()
    except FileNotFoundError:
        return False
    top = Path(root, site_dir)
    parent = file.parent
    while parent != top and top in parent.parents:
        try:
            parent.rmdir()
        except OSError:  # not empty
            break
        parent = parent.parent
    return True


def walk(root: Path) -> Iterator[tuple[str, str]]:
    """Every published file under root as (site dir, URL path)."""
    root = Path(root)
    if not root.is_dir():
        return
    for site in sorted(p for p in root.iterdir() if p.is_dir()):
        for dirpath, _dirs, files in os.walk(site):
            if INDEX in files:
                rel = Path(dirpath).relative_to(site).as_posix()
                yield site.name, "/" if rel == "." else f"/{rel}/"


def snapshot(root: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(site dir, path) → (sha256, mtime_ns) of every file: what tests and the check compare."""
    out = {}
    for site_dir, path in walk(root):
        file = file_for(root, site_dir, path)
        out[site_dir, path] = (sha256(file.read_bytes()), file.stat().st_mtime_ns)
    return out
