"""The docs keep up with the code: a setting, a status or a role without documentation fails here."""

import re
from pathlib import Path

import pytest
from django.db import models

import gongkai.reports.supervision  # noqa: F401  (defines PublicationState; no model module imports it)
from gongkai.bodies.models import BodyLevel, BodyRole
from gongkai.columns.catalogue import DEFAULT_CATALOGUE
from gongkai.documents.models import DocType, ValidityStatus

ROOT = Path(__file__).resolve().parents[3]
DOCS = ROOT / "docs"


def read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def settings_variables() -> set[str]:
    source = (ROOT / "gongkai" / "settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'(?:environ\.get|_env_bool)\(\s*"([A-Z0-9_]+)"', source))


def test_every_environment_variable_is_documented():
    variables = settings_variables()
    assert "DATABASE_URL" in variables
    documented = read("configuration.md")
    assert {v for v in variables if f"`{v}`" not in documented} == set()


@pytest.mark.parametrize(
    ("doc", "labels"),
    [
        ("validity.md", [s.label for s in ValidityStatus]),
        ("documents.md", [t.label for t in DocType]),
        ("bodies.md", [r.label for r in BodyRole]),
        ("bodies.md", [lv.value for lv in BodyLevel]),
    ],
)
def test_every_status_type_and_role_is_documented(doc, labels):
    text = read(doc)
    assert [label for label in labels if label not in text] == []


def test_the_readme_names_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def gongkai_choices() -> list[type[models.Choices]]:
    """Every choices class of the platform (wherever a module split moves it)."""
    found, todo = [], list(models.Choices.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("gongkai.") and ".tests" not in cls.__module__:
            found.append(cls)
    return found


def test_the_glossary_names_every_choice_and_catalogue_key():
    """docs/glossary.md gives every choice its Chinese label (or, for a decision, its code)."""
    text = read("glossary.md")
    choices = gongkai_choices()
    assert {c.__name__ for c in choices} >= {"DecisionCode", "PublicationState", "Listing"}
    missing = [
        f"{cls.__name__}.{member.name}"
        for cls in choices
        for member in cls
        if member.label not in text and f"`{member.value}`" not in text
    ]
    assert missing == []
    assert [key for key, *_ in DEFAULT_CATALOGUE if f"`{key}`" not in text] == []
