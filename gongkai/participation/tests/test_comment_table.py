"""Every (state, action) pair of the comment workflow's table: an allowed action moves the comment
to the table's status and writes exactly one event; any other is refused with `WorkflowError` and
writes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.participation import comment_workflow as workflow
from gongkai.participation.comment_workflow import SAME, TABLE, TRANSITIONS, WorkflowError
from gongkai.participation.models import (
    COUNTED_WITHHELD,
    Comment,
    CommentAction,
    CommentEvent,
    CommentStatus,
    WithheldReason,
)
from gongkai.participation.tests.factories import CLOSED_DAY, consultation_make
from gongkai.participation.tests.factories import comment_in as make_comment

pytestmark = pytest.mark.django_db

# Each step action as the moderator would take it.
CALLS = {
    CommentAction.PUBLISH: lambda c, user: workflow.comment_publish(c, user=user),
    CommentAction.WITHHOLD: lambda c, user: workflow.comment_withhold(
        c, user=user, reason=WithheldReason.ABUSIVE
    ),
    CommentAction.DISPOSE: lambda c, user: workflow.comment_dispose(
        c, user=user, disposition="not_adopted", reason="与上位法不一致"
    ),
}

# Where a comment can be: its status, and for a withheld one, why.
STATES = [
    CommentStatus.PENDING,
    CommentStatus.PUBLISHED,
    *(f"{CommentStatus.WITHHELD}:{reason}" for reason in WithheldReason.values),
]


class _Rollback(Exception):
    pass


def _snapshot(comment: Comment) -> tuple:
    comment.refresh_from_db()
    return (
        comment.status,
        comment.withheld_reason,
        comment.public_text,
        comment.disposition,
        comment.disposition_reason,
        Comment.objects.count(),
        CommentEvent.objects.count(),
    )


def test_the_table_names_every_action_once_and_each_step_has_its_function():
    assert [t.action for t in TABLE] == list(CommentAction.values)
    assert set(workflow.STEP_ACTIONS) == set(CALLS) == set(workflow.STEP_FUNCTIONS)
    for action, function in workflow.STEP_FUNCTIONS.items():
        assert function is getattr(workflow, f"comment_{action}")
    assert workflow.CREATING_ACTIONS == {CommentAction.SUBMIT, CommentAction.REGISTER}


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_this_state(state, office, editor, time_machine):
    time_machine.move_to(CLOSED_DAY, tick=False)
    page = consultation_make(office)
    comment = make_comment(page, state, moderator=editor)
    status, _, reason = state.partition(":")
    assert comment.status == status and comment.withheld_reason == reason
    wrong = []
    for action, call in CALLS.items():
        transition = TRANSITIONS[action]
        before = _snapshot(comment)
        events_before = comment.events.count()
        try:
            with transaction.atomic():
                try:
                    call(comment, editor)
                except WorkflowError as error:
                    refused = error.message
                else:
                    refused = None
                after = _snapshot(comment)
                allowed = status in transition.sources and not (
                    action == CommentAction.DISPOSE
                    and status == CommentStatus.WITHHELD
                    and reason not in COUNTED_WITHHELD
                )
                if allowed:
                    expected = status if transition.target == SAME else transition.target
                    if refused is not None:
                        wrong.append(f"{state}+{action}: refused ({refused})")
                    elif after[0] != expected or comment.events.count() != events_before + 1:
                        wrong.append(f"{state}+{action}: → {after[0]}")
                else:
                    if status in transition.sources:  # the table allows it, the rule does not
                        message = workflow.MSG_DISPOSE_NOT_COUNTED.format(
                            reason=WithheldReason(reason).label
                        )
                    else:
                        message = workflow.MSG_STATUS.format(
                            status=CommentStatus(status).label, action=CommentAction(action).label
                        )
                    if refused != message:
                        wrong.append(f"{state}+{action}: not refused as expected ({refused})")
                    if after != before:
                        wrong.append(f"{state}+{action}: wrote something while refusing")
                raise _Rollback
        except _Rollback:
            pass
    assert wrong == []


def test_an_allowed_step_writes_one_event_with_who_and_what(office, editor, time_machine):
    time_machine.move_to(CLOSED_DAY, tick=False)
    page = consultation_make(office)
    comment = make_comment(page, "published", moderator=editor)
    workflow.comment_dispose(comment, user=editor, disposition="adopted")
    workflow.comment_dispose(comment, user=editor, disposition="partly", reason="部分已有规定")
    events = list(comment.events.order_by("pk"))
    assert [e.action for e in events] == ["register", "publish", "dispose", "dispose"]
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "pending"),
        ("pending", "published"),
        ("published", "published"),
        ("published", "published"),
    ]
    assert all(e.actor == editor for e in events)
    assert events[-1].data == {
        "disposition": "partly",
        "reason": "部分已有规定",
        "previous": "adopted",
    }
    comment.refresh_from_db()
    assert (comment.disposition, comment.disposition_reason) == ("partly", "部分已有规定")
