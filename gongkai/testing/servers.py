"""Servers started in a test (Django's own, gunicorn) and what they need: a free port, and the
committed test database named for another process."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from django.db import connection


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def database_url(tmp_path: Path) -> str:
    """The committed test database, for other processes: SQLite's in-memory one copied to a
    file; PostgreSQL's by name."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        target = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )
