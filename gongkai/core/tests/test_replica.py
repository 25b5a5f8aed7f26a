"""Read-replica routing (core/dbrouter.py): the reads of anonymous GET/HEAD requests go to the
replica, every write and every other read to the primary.

The replica here is a second connection to the test database, as Django's TEST MIRROR makes it
(`DATABASE_REPLICA_URL` sets one; the settings test checks that), so the queries each connection
runs show where the router sent them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

from gongkai.core.dbrouter import REPLICA, ReplicaRouter, replica_reads
from gongkai.testing import PROJECT_ROOT

if REPLICA in settings.DATABASES:  # DATABASE_REPLICA_URL is set: the settings' TEST MIRROR
    pytestmark = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])

MIDDLEWARE = "gongkai.core.dbrouter.ReplicaReadMiddleware"
AUTH_MIDDLEWARE = "django.contrib.auth.middleware.AuthenticationMiddleware"


@pytest.fixture
def replica(settings, db):
    """A `replica` alias on the test database, the router and the middleware switched on.

    With `DATABASE_REPLICA_URL` set, the settings' own alias (a TEST MIRROR) is used as it is."""
    configured = REPLICA in connections.settings
    if not configured:
        connections.settings[REPLICA] = {
            **connections[DEFAULT_DB_ALIAS].settings_dict,
            "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
        }
    settings.DATABASE_ROUTERS = ["gongkai.core.dbrouter.ReplicaRouter"]
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(middleware.index(AUTH_MIDDLEWARE) + 1, MIDDLEWARE)
        settings.MIDDLEWARE = middleware
    if not configured:
        # Connected now: the test case allows only the aliases it knew when it started.
        connections[REPLICA].connect()
    try:
        yield connections[REPLICA]
    finally:
        if not configured:
            connections[REPLICA].close()
            del connections[REPLICA]
            del connections.settings[REPLICA]


def _queries(client_call, replica_connection):
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(replica_connection) as replica,
    ):
        response = client_call()
    return response, len(primary.captured_queries), len(replica.captured_queries)


def test_settings_add_the_replica_as_test_mirror_with_router_and_middleware():
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://gongkai@primary.example:5432/gongkai",
        "DATABASE_REPLICA_URL": "postgres://gongkai@replica.example:5432/gongkai",
    }
    script = (
        "import json, gongkai.settings as s; print(json.dumps({'replica': s.DATABASES['replica'],"
        " 'routers': s.DATABASE_ROUTERS, 'middleware': s.MIDDLEWARE}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(out.stdout)
    assert found["replica"]["HOST"] == "replica.example"
    assert found["replica"]["TEST"] == {"MIRROR": "default"}
    assert found["routers"] == ["gongkai.core.dbrouter.ReplicaRouter"]
    middleware = found["middleware"]
    assert middleware.index(MIDDLEWARE) == middleware.index(AUTH_MIDDLEWARE) + 1


def test_router_reads_from_replica_only_when_marked_and_writes_to_primary(replica):
    router = ReplicaRouter()
    user_model = get_user_model()
    assert router.db_for_read(user_model) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_read(user_model) == REPLICA
        assert router.db_for_write(user_model) == DEFAULT_DB_ALIAS
    assert router.db_for_read(user_model) == DEFAULT_DB_ALIAS
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "auth") is True
    assert router.allow_migrate(REPLICA, "auth") is False


@pytest.mark.skipif(REPLICA in settings.DATABASES, reason="DATABASE_REPLICA_URL is set")
def test_router_without_a_replica_reads_from_primary():
    with replica_reads():
        assert ReplicaRouter().db_for_read(get_user_model()) == DEFAULT_DB_ALIAS


def test_anonymous_get_reads_from_replica(client, replica, province):
    url = province.home_page.url
    response, on_primary, on_replica = _queries(lambda: client.get(url), replica)
    assert response.status_code == 200
    assert on_replica > 0
    assert on_primary == 0
    # HEAD too.
    response, on_primary, on_replica = _queries(lambda: client.head(url), replica)
    assert response.status_code == 200
    assert on_replica > 0 and on_primary == 0


def test_signed_in_and_session_requests_read_from_primary(client, replica, province, editor):
    url = province.home_page.url
    client.force_login(editor)
    response, on_primary, on_replica = _queries(lambda: client.get(url), replica)
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


def test_post_reads_on_primary(client, replica, editor):
    # A login form posted by a visitor without a session: the account is read from the primary.
    response, on_primary, on_replica = _queries(
        lambda: client.post("/admin/login/", {"username": editor.username, "password": "x"}),
        replica,
    )
    assert response.status_code == 200
    assert on_primary > 0
    assert on_replica == 0


def test_writes_in_a_replica_request_go_to_primary(replica):
    user_model = get_user_model()
    with replica_reads():
        with (
            CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
            CaptureQueriesContext(replica) as on_replica,
        ):
            user = user_model.objects.create(username="replica-write")
            user.first_name = "改"
            user.save()
            # (Another table: SQLite's shared in-memory test database locks a written one.)
            ContentType.objects.filter(app_label="nothing").exists()
    writes = [q["sql"] for q in primary.captured_queries]
    assert any(sql.startswith("INSERT") for sql in writes)
    assert any(sql.startswith("UPDATE") for sql in writes)
    assert len(on_replica.captured_queries) == 1
    assert on_replica.captured_queries[0]["sql"].startswith("SELECT")
