"""The world every test starts from: the province, its General Office and a city, each with its
whole site section (home page, collection, role groups, ~25 column pages). Building it costs
about 80 Wagtail pages, so it is built and committed once per test session (per xdist worker),
right after the test database is migrated; each `django_db` test then runs inside a transaction
rolled back at its end, as always, and sees the world exactly as built.

Transactional tests (`transaction=True`: the browser tests, the concurrency test) commit and then
flush the whole database. They run last (gongkai/conftest.py orders them), and before the first of
them the committed world is flushed away and the database restored to its migrated state, so that
they start from what they always started from; their body fixtures then build the bodies they ask
for, committed (the first time; later from a snapshot, gongkai/testing/snapshots.py), and their
flush removes them again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.management import call_command
from django.db import connections

from gongkai.bodies.models import Body, BodyLevel
from gongkai.testing.personas import COUNTY, make_body

# fixture name → (parent fixture name, what make_body receives)
BODIES: dict[str, tuple[str | None, dict]] = {
    "province": (
        None,
        dict(code="gansu", name="甘肃省人民政府", level=BodyLevel.PROVINCE, serial=1),
    ),
    "office": (
        "province",
        dict(code="gs-bgt", name="甘肃省人民政府办公厅", level=BodyLevel.DEPARTMENT, serial=2),
    ),
    "city": (
        "province",
        dict(
            code="lanzhou",
            name="兰州市人民政府",
            level=BodyLevel.PREFECTURE,
            serial=3,
            region_code="620100",
        ),
    ),
    # Not in the committed world: a test that asks for the county builds it (rolled back).
    "county": ("city", COUNTY),
}
WORLD = ("province", "office", "city")


@dataclass
class _State:
    committed: bool = False
    # A test that flushes has begun: the world is not built any more. When such a test is the
    # first to use the database (`pytest test_browser_….py`), django_db_setup runs during its
    # setup, after the hook that would have forgotten the world (gongkai/conftest.py).
    flushing: bool = False


state = _State()


def body(name: str) -> Body:
    """The body a fixture names: the world's row, or built now if it is not there."""
    parent_name, spec = BODIES[name]
    found = Body.objects.filter(code=spec["code"]).first()
    if found is not None:
        return found
    parent = body(parent_name) if parent_name else None
    if not state.flushing:  # inside a test's transaction, rolled back at its end
        return make_body(parent=parent, **spec)
    # A test that commits: put the body back from what building it did the first time.
    from gongkai.testing.snapshots import body_made

    made = body_made(name, lambda: make_body(parent=parent, **spec))
    return made if made is not None else Body.objects.get(code=spec["code"])


def build() -> None:
    if state.flushing:
        return
    for name in WORLD:
        body(name)
    state.committed = True


def forget(alias: str = "default") -> None:
    """Flush the committed world and restore the migrated database (before transactional tests).

    The same two steps Django's TransactionTestCase takes between two tests with
    `serialized_rollback`: flush without the post-migrate signal, then load the contents
    serialized right after migrating (or, when no test asked for those, run post-migrate).
    """
    if not state.committed:
        return
    connection = connections[alias]
    serialized = getattr(connection, "_test_serialized_contents", None)
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        database=alias,
        # As TransactionTestCase: sequences stay where they are, so that the rows restored below
        # (with their own ids) never meet a restarted sequence (PostgreSQL).
        reset_sequences=False,
        inhibit_post_migrate=bool(serialized),
    )
    if serialized:
        connection.creation.deserialize_db_from_string(serialized)
    state.committed = False
