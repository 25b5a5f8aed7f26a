"""docs/participation.md, docs/mailbox.md and docs/policy_qa.md keep up with the code: every status,
action, reason and row of the comment, letter and Q&A workflows' tables."""

from pathlib import Path

import pytest

from gongkai.participation import comment_workflow as workflow
from gongkai.participation import letter_workflow, qa_workflow
from gongkai.participation.models import (
    CommentAction,
    CommentStatus,
    DismissReason,
    LetterAction,
    LetterStatus,
    QuestionAction,
    QuestionStatus,
    ReplyKind,
    Satisfaction,
    WithheldReason,
)
from gongkai.participation.selectors import ConsultationPhase

DOCS = Path(__file__).resolve().parents[3] / "docs"
DOC = (DOCS / "participation.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "choice", [*CommentStatus, *CommentAction, *WithheldReason, *ConsultationPhase]
)
def test_every_value_is_documented_with_its_label(choice):
    assert f"`{choice.value}`" in DOC and choice.label in DOC


def test_every_row_of_the_table_is_in_the_docs():
    for transition in workflow.TABLE:
        sources = (
            "、".join(s.label for s in CommentStatus if s in transition.sources) or "—（新建）"
        )
        target = (
            "（不变）"
            if transition.target == workflow.SAME
            else CommentStatus(transition.target).label
        )
        row = (
            f"| `{transition.action}` | {CommentAction(transition.action).label} | {sources} | "
            f"{target} | {transition.when} | {transition.who} |"
        )
        assert row in DOC


def test_the_workflow_docs_lead_to_it():
    assert "(participation.md)" in (DOCS / "workflow.md").read_text(encoding="utf-8")


MAILBOX = (DOCS / "mailbox.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "choice", [*LetterStatus, *LetterAction, *ReplyKind, *DismissReason, *Satisfaction]
)
def test_every_letter_value_is_documented_with_its_label(choice):
    assert f"`{choice.value}`" in MAILBOX and choice.label in MAILBOX


def test_every_row_of_the_letter_table_is_in_the_docs():
    for transition in letter_workflow.TABLE:
        sources = "、".join(s.label for s in LetterStatus if s in transition.sources) or "—（新建）"
        target = (
            "（不变）"
            if transition.target == letter_workflow.SAME
            else LetterStatus(transition.target).label
        )
        row = (
            f"| `{transition.action}` | {LetterAction(transition.action).label} | {sources} | "
            f"{target} | {transition.when} | {transition.who} |"
        )
        assert row in MAILBOX


def test_the_workflow_docs_lead_to_the_mailbox():
    assert "(mailbox.md)" in (DOCS / "workflow.md").read_text(encoding="utf-8")


QA = (DOCS / "policy_qa.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("choice", [*QuestionStatus, *QuestionAction])
def test_every_qa_value_is_documented_with_its_label(choice):
    assert f"`{choice.value}`" in QA and choice.label in QA


def test_every_row_of_the_qa_table_is_in_the_docs():
    for transition in qa_workflow.TABLE:
        sources = (
            "、".join(s.label for s in QuestionStatus if s in transition.sources) or "—（新建）"
        )
        target = QuestionStatus(transition.target).label
        row = (
            f"| `{transition.action}` | {QuestionAction(transition.action).label} | {sources} | "
            f"{target} | {transition.when} | {transition.who} |"
        )
        assert row in QA
    assert "(policy_qa.md)" in (DOCS / "workflow.md").read_text(encoding="utf-8")


def test_every_row_of_the_topic_table_is_in_the_docs():
    from gongkai.participation import topic_workflow
    from gongkai.participation.models import TopicAction, TopicStatus

    for status in TopicStatus:
        assert f"`{status.value}` {status.label}" in MAILBOX
    for transition in topic_workflow.TABLE:
        sources = "、".join(s.label for s in TopicStatus if s in transition.sources) or "—（新建）"
        row = (
            f"| `{transition.action}` | {TopicAction(transition.action).label} | {sources} | "
            f"{TopicStatus(transition.target).label} | {transition.when} | {transition.who} |"
        )
        assert row in MAILBOX
