"""Reads of anonymous page views go to the read replica (`DATABASE_REPLICA_URL`); everything else
to the primary.

`ReplicaReadMiddleware` marks a request as replica-safe when it is a GET or HEAD without a
session cookie: a visitor with no session is anonymous, and has written nothing that a lagging
replica could miss (an applicant who has just submitted carries the receipt in a session; staff
are signed in). The mark is a context variable, so it holds for this request's thread or task
only. `ReplicaRouter` sends the reads of a marked request to `replica`; every write, and every
read outside a marked request (staff, forms, the task worker, commands), to `default`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD"})

_read_from_replica: ContextVar[bool] = ContextVar("gongkai_read_from_replica", default=False)


@contextmanager
def replica_reads():
    """Reads inside this block may come from the replica (what the middleware does)."""
    token = _read_from_replica.set(True)
    try:
        yield
    finally:
        _read_from_replica.reset(token)


def replica_safe(request) -> bool:
    return request.method in SAFE_METHODS and settings.SESSION_COOKIE_NAME not in request.COOKIES


class ReplicaReadMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        if not replica_safe(request):
            return self.get_response(request)
        with replica_reads():
            return self.get_response(request)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _read_from_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows read from either belong together.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by streaming replication: never migrated itself.
        return db != REPLICA
