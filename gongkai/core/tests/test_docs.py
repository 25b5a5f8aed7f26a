"""The docs keep up with the code: a setting, a status or a role without documentation fails here."""

import re
from pathlib import Path

import pytest

from gongkai.bodies.models import BodyLevel, BodyRole
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
