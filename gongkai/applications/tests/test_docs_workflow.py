"""docs/workflow.md keeps up with workflow.py: every status, action, clock rule and import column."""

from pathlib import Path

import pytest

from gongkai.applications import workflow
from gongkai.applications.models import Action, ApplicationStatus
from gongkai.applications.services import IMPORT_COLUMNS

DOC = (Path(__file__).resolve().parents[3] / "docs" / "workflow.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("status", list(ApplicationStatus))
def test_every_status_is_documented_with_its_label(status):
    assert f"`{status.value}`" in DOC and status.label in DOC


@pytest.mark.parametrize("action", list(Action))
def test_every_action_is_documented_with_its_label(action):
    assert f"`{action.value}`" in DOC and action.label in DOC


def test_every_row_of_the_table_is_in_the_docs():
    for transition in workflow.TABLE:
        assert transition.clock in DOC and transition.who in DOC
        sources = (
            "、".join(s.label for s in ApplicationStatus if s in transition.sources) or "—（新建）"
        )
        row_start = f"| `{transition.action}` | {Action(transition.action).label} | {sources} |"
        assert row_start in DOC


def test_every_import_column_is_documented():
    assert [c for c in IMPORT_COLUMNS if f"| {c} |" not in DOC] == []
