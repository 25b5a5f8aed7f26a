"""Shared test fixtures: the world of bodies (built once per session, gongkai/testing/world.py)
and the personas every test uses (gongkai/testing/personas.py, where the table of them is).
See docs/testing.md.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django.plugin import blocking_manager_key

from gongkai.bodies.models import Body
from gongkai.testing import CORPUS, PROJECT_ROOT, laws, personas, world

__all__ = ["CORPUS", "PROJECT_ROOT"]

# No per-example deadline: on a loaded machine (both cores busy, a browser beside) an example may
# take longer than Hypothesis's 200 ms without anything being wrong.
hypothesis_settings.register_profile("gongkai", deadline=None)
hypothesis_settings.load_profile("gongkai")


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or (
        "transactional_db" in names or "live_server" in names
    )


# A test that asks for any of these (itself or through its fixtures) reaches the database.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_setup",
        "live_server",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
    }
)
# `make test-postgres` sets it: the tests that never reach the database ran in the SQLite half,
# and their result cannot depend on the database (docs/testing.md, "Once or twice").
DATABASE_TESTS_ONLY = "GONGKAI_DATABASE_TESTS_ONLY"


def _uses_database(item: pytest.Item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def _uses_laws(item: pytest.Item | None) -> bool:
    return item is not None and laws.FIXTURE in getattr(item, "fixturenames", ())


def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """Under pytest-xdist (`-n 2`): tests are handed out one at a time in the order above, except
    the modules on the imported law corpus, which go to one worker together, first, so that the
    corpus is imported once (gongkai/testing/laws.py). xdist's own `--dist loadgroup` cannot do
    this with pytest 9.2 (it renames node ids through an attribute pytest no longer reads).
    """
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class LawsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "laws" if nodeid.split("::", 1)[0] in laws.MODULES else nodeid

    return LawsTogether(config, log)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run tests that commit (and so flush the database after them) last: browser tests, then
    the other transactional ones. Playwright keeps an asyncio loop in the test thread while its
    browser is up, and a flush drops the committed world (gongkai/testing/world.py) that the
    tests before them start from.
    """
    ordinary = [i for i in items if not _flushes(i) and not i.get_closest_marker("browser")]
    # The tests on the imported law corpus run one after the other, so that it is imported once.
    with_laws = [i for i in ordinary if _uses_laws(i)]
    if stray := [i.nodeid for i in with_laws if i.nodeid.split("::", 1)[0] not in laws.MODULES]:
        raise pytest.UsageError(f"law_import used outside laws.MODULES: {stray[:3]}")
    ordinary = [i for i in ordinary if not _uses_laws(i)] + with_laws
    browser = [i for i in items if i.get_closest_marker("browser")]
    other = [i for i in items if _flushes(i) and not i.get_closest_marker("browser")]
    items[:] = ordinary + browser + other
    if os.environ.get(DATABASE_TESTS_ONLY) == "1":
        once = [i for i in items if not _uses_database(i)]
        if once:
            config.hook.pytest_deselected(items=once)
            items[:] = [i for i in items if _uses_database(i)]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """A test counted as never reaching the database (`_uses_database`) must find it blocked, or
    `make test-postgres` would leave it out wrongly: a fixture that reaches the database through
    `request.getfixturevalue` must name `db` among its arguments."""
    if not _uses_database(item):
        from django.db import connection

        try:
            connection.ensure_connection()
        except RuntimeError:
            pass  # blocked by pytest-django, as it should be
        else:
            pytest.fail(
                f"{item.nodeid} reaches the database but neither it nor its fixtures ask for "
                "`db`: name `db` in the fixture's arguments (gongkai/conftest.py, _uses_database)"
            )
    return (yield)


def pytest_terminal_summary(terminalreporter) -> None:
    """The accessibility tests' report of moderate and minor axe-core violations (they pass; the
    serious and critical ones fail the test). Recorded as a user property, so that it reaches
    this summary from pytest-xdist's workers too."""
    seen = set()
    lines = []
    for report in [
        *terminalreporter.stats.get("passed", ()),
        *terminalreporter.stats.get("failed", ()),
    ]:
        for name, value in getattr(report, "user_properties", ()):
            if name == "axe_report" and (report.nodeid, value) not in seen:
                seen.add((report.nodeid, value))
                lines += [report.nodeid, *value.splitlines()]
    if lines:
        terminalreporter.section("accessibility (axe-core): moderate and minor violations")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The migrated test database, with the world of bodies built and committed once; the tests
    that commit restore the migrated state in bulk (gongkai/testing/restore.py)."""
    from django.db import connection
    from django.test import override_settings

    from gongkai.testing import restore

    restore.install(connection)

    with django_db_blocker.unblock(), override_settings(PUBLISH_ENABLED=False):
        world.build()
    yield


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before the first test that commits and flushes, the committed world goes (world.forget);
    # if it was not built yet, it never is (world.build).
    if _flushes(item):
        world.state.flushing = True
        if world.state.committed:
            with item.config.stash[blocking_manager_key].unblock():
                world.forget()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    # After the last test on the imported law corpus (gongkai/testing/laws.py), roll it back.
    result = yield
    if _uses_laws(item) and not _uses_laws(nextitem):
        laws.shared.close(item.config.stash[blocking_manager_key])
    return result


@pytest.fixture(scope="module")
def law_import(django_db_setup, django_db_blocker) -> laws.LawImport:
    """The real law corpus, imported once per run and rolled back after its last test."""
    if not laws.LAWS.is_dir():
        pytest.skip(f"the law corpus is not beside the project ({laws.LAWS})")
    return laws.shared.open(django_db_blocker)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache

    # A transactional test flushes the database and content types are re-created with new ids;
    # the process-wide cache must not hand the next test the old ones. Nor may Wagtail's cached
    # site root paths name a Site that an earlier test created and rolled back.
    ContentType.objects.clear_cache()
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The login lockout (django-axes) counts only where a test turns it on (core/tests/test_security.py):
    # `client.login` authenticates without a request, which axes refuses.
    settings.AXES_ENABLED = False
    # The second factor is required only where a test turns it on (accounts/tests/test_twofactor*.py).
    settings.GONGKAI_REQUIRE_TOTP = False
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["*"]
    # Tasks run when they are enqueued; test_tasks.py drives the real database worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Static publishing renders nothing unless a test turns it on (gongkai/publishing/tests/).
    settings.PUBLISH_ENABLED = False
    settings.PUBLISH_ROOT = tmp_path / "publish"


# --- Bodies ------------------------------------------------------------------------------------


@pytest.fixture
def province(db) -> Body:
    return world.body("province")


@pytest.fixture
def office(province) -> Body:
    return world.body("office")


@pytest.fixture
def city(province) -> Body:
    return world.body("city")


@pytest.fixture
def county(city) -> Body:
    return world.body("county")


# --- Personas (the table is in gongkai/testing/personas.py) ------------------------------------


def _staff_fixture(name: str):
    username, body_fixture, role = personas.STAFF[name]

    @pytest.fixture(name=name)
    def fixture(request, db):
        return personas.staff(username, request.getfixturevalue(body_fixture), role)

    return fixture


editor = _staff_fixture("editor")
reviewer = _staff_fixture("reviewer")
clerk = _staff_fixture("clerk")
office_head = _staff_fixture("office_head")
other_body_editor = _staff_fixture("other_body_editor")
other_body_reviewer = _staff_fixture("other_body_reviewer")
other_body_clerk = _staff_fixture("other_body_clerk")


@pytest.fixture
def operator(db):
    return personas.operator()


@pytest.fixture
def corpus():
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is not beside the project ({CORPUS})")
    return CORPUS


# The Playwright fixtures are registered here, once for every test folder: a session fixture
# imported into two folders' conftests would start a second browser inside the first one's
# asyncio loop, which Playwright's sync API refuses.
from gongkai.web.tests.browser import (  # noqa: E402, F401
    axe_js,
    browser_context_factory,
    browser_page,
    chromium_browser,
)


@pytest.fixture
def smtp(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend sends to it. `.received` holds the
    messages as parsed e-mail."""
    from gongkai.testing.mail import smtp_server_started

    server, controller = smtp_server_started()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
    settings.EMAIL_USE_TLS = False
    yield server
    controller.stop()
