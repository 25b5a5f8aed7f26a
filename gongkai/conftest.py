"""Shared test fixtures: a small tree of bodies and the personas every permission test uses.

Personas (style.md): `editor` and `reviewer` of the provincial General Office (`office`),
`other_body_editor` / `other_body_reviewer` of a city (`city`), `operator` (platform superuser),
and the anonymous public (`client`).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gongkai.bodies.models import Body, BodyLevel, BodyRole
from gongkai.bodies.services import body_grant_role
from gongkai.columns.models import ColumnPage
from gongkai.core.identifiers import credit_code_check_char
from gongkai.documents.models import DocType
from gongkai.documents.services import document_create
from gongkai.sites.services import body_create

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / ".." / "shared" / "corpus"
PASSWORD = "test-password-123"


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction"))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run tests that commit (and so flush the database after them) last: browser tests, then
    the other transactional ones. Playwright keeps an asyncio loop in the test thread while its
    browser is up, and a flush leaves content types and permissions that the tests before it
    need in a different state; neither may affect the ordinary tests.
    """
    ordinary = [i for i in items if not _flushes(i) and not i.get_closest_marker("browser")]
    browser = [i for i in items if i.get_closest_marker("browser")]
    other = [i for i in items if _flushes(i) and not i.get_closest_marker("browser")]
    items[:] = ordinary + browser + other


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    from django.contrib.contenttypes.models import ContentType

    # A transactional test flushes the database and content types are re-created with new ids;
    # the process-wide cache must not hand the next test the old ones.
    ContentType.objects.clear_cache()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ALLOWED_HOSTS = ["*"]


def credit_code(region: str, serial: int) -> str:
    first17 = f"11{region}{serial:08d}0"[:17]
    return first17 + credit_code_check_char(first17)


def make_body(
    code: str, name: str, level: str, parent: Body | None = None, serial: int = 1, **extra
) -> Body:
    region = extra.pop("region_code", "620000")
    return body_create(
        parent=parent,
        code=code,
        name=name,
        level=level,
        region_code=region,
        index_code=extra.pop("index_code", f"IDX-{code}"),
        credit_code=extra.pop("credit_code", None) or credit_code(region, serial),
        **extra,
    )


@pytest.fixture
def province(db) -> Body:
    return make_body("gansu", "甘肃省人民政府", BodyLevel.PROVINCE, serial=1)


@pytest.fixture
def office(province) -> Body:
    return make_body(
        "gs-bgt", "甘肃省人民政府办公厅", BodyLevel.DEPARTMENT, parent=province, serial=2
    )


@pytest.fixture
def city(province) -> Body:
    return make_body(
        "lanzhou",
        "兰州市人民政府",
        BodyLevel.PREFECTURE,
        parent=province,
        serial=3,
        region_code="620100",
    )


def _user(username: str, **extra):
    return get_user_model().objects.create_user(
        username, f"{username}@example.invalid", PASSWORD, **extra
    )


def _staff(username: str, body: Body, role: str):
    user = _user(username)
    body_grant_role(user, body, role)
    return user


@pytest.fixture
def editor(office):
    return _staff("editor", office, BodyRole.EDITOR)


@pytest.fixture
def reviewer(office):
    return _staff("reviewer", office, BodyRole.REVIEWER)


@pytest.fixture
def other_body_editor(city):
    return _staff("other_editor", city, BodyRole.EDITOR)


@pytest.fixture
def other_body_reviewer(city):
    return _staff("other_reviewer", city, BodyRole.REVIEWER)


@pytest.fixture
def operator(db):
    return get_user_model().objects.create_superuser("operator", "op@example.invalid", PASSWORD)


def column(body: Body, key: str) -> ColumnPage:
    return ColumnPage.objects.descendant_of(body.home_page).get(catalogue_key=key)


def publish_document(owner: Body, key: str = "art20-1", *, user=None, **fields):
    """A published document in a body's column, as the platform's loaders create one."""
    fields.setdefault("title", "测试文件")
    fields.setdefault("doc_type", DocType.NORMATIVE)
    fields.setdefault("issuer_names", owner.name)
    fields.setdefault("written_on", date(2024, 1, 2))
    return document_create(column(owner, key), user=user, publish=True, **fields)


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"../shared/corpus is not beside the project ({CORPUS})")
    return CORPUS


def browser_required() -> bool:
    return bool(os.environ.get("GONGKAI_REQUIRE_BROWSER"))


# The Playwright fixtures are registered here, once for every test folder: a session fixture
# imported into two folders' conftests would start a second browser inside the first one's
# asyncio loop, which Playwright's sync API refuses.
from gongkai.web.tests.browser import (  # noqa: E402, F401
    browser_context_factory,
    browser_page,
    chromium_browser,
)
