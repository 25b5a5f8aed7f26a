"""The database's refusal to change or delete an audit record (`accounts_auditrecord`).

Made by migration 0002 and made again after every `migrate` (a later migration that rebuilds the
table on SQLite drops its triggers). On both engines an UPDATE or DELETE of a row fails, whoever
sends it: the application, the shell or a database client.

One thing may empty the table: `manage.py flush`, which erases the whole database (the test
suite does it between tests that commit). On SQLite the triggers ask the function
`gongkai_audit_erasing()`, which exists only on this application's connections and answers 1 only
inside `erasing()` (the `flush` command of this app); a client without it fails on "no such
function". On PostgreSQL Django's flush is a TRUNCATE: it is refused unless the session set
`gongkai.audit_erasing` to `on` (again only `erasing()` does); a DELETE is always refused.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

TABLE = "accounts_auditrecord"
MESSAGE = "审计记录只能追加，不能修改或删除 (accounts_auditrecord is append-only)"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN gongkai_audit_erasing() = 0
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE'
           AND coalesce(current_setting('gongkai.audit_erasing', true), '') = 'on' THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
    END $$""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse()""",
    f"""CREATE OR REPLACE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_refuse()""",
]
POSTGRES_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE}",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse()",
]

_state = threading.local()


def _erasing() -> int:
    return 1 if getattr(_state, "erasing", False) else 0


def _register_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("gongkai_audit_erasing", 0, _erasing)


connection_created.connect(_register_function, dispatch_uid="gongkai_audit_erasing")
for _connection in connections.all(initialized_only=True):
    if _connection.connection is not None:
        _register_function(None, _connection)


def _after_migrate(sender, using="default", **kwargs) -> None:
    if sender.label == "accounts":
        triggers_ensure(using)


post_migrate.connect(_after_migrate, dispatch_uid="gongkai_audit_triggers")


def statements(vendor: str, *, drop: bool = False) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_DROP if drop else SQLITE_CREATE
    if vendor == "postgresql":
        return POSTGRES_DROP if drop else POSTGRES_CREATE
    return []


def triggers_ensure(using: str = "default") -> None:
    """(Re)create the triggers if the table exists (idempotent)."""
    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor):
            cursor.execute(sql)


@contextmanager
def erasing(using: str = "default"):
    """Let a flush of the whole database empty the audit table too (nothing else)."""
    connection = connections[using]
    _state.erasing = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET gongkai.audit_erasing = 'on'")
        yield
    finally:
        _state.erasing = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("RESET gongkai.audit_erasing")
