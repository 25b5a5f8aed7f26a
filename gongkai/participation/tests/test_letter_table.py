"""Every (state, action) pair of the mailbox-letter workflow's table: an allowed action moves the
letter to the table's status and writes exactly one event; any other is refused with
`WorkflowError` and writes nothing."""

from __future__ import annotations

import pytest
from django.db import transaction

from gongkai.participation import letter_workflow as flow
from gongkai.participation.letter_workflow import SAME, TABLE, TRANSITIONS, WorkflowError
from gongkai.participation.models import Letter, LetterAction, LetterEvent, LetterStatus
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in

pytestmark = pytest.mark.django_db

A = LetterAction

# Each step as its actor would take it: `people` is (handler, reviewer, other body).
CALLS = {
    A.ASSIGN: lambda x, p: flow.letter_assign(x, user=p[1], handler=p[0]),
    A.TRANSFER: lambda x, p: flow.letter_transfer(
        x, user=p[1], to_body=p[2], note="属于兰州市人民政府的职责"
    ),
    A.EXTEND: lambda x, p: flow.letter_extend(x, user=p[1], note="需要会同有关部门核实"),
    A.DRAFT: lambda x, p: flow.letter_draft(x, user=p[0], reply_kind="answer", reply_text="答复"),
    A.RETURN: lambda x, p: flow.letter_return(x, user=p[1], note="请补充政策依据"),
    A.APPROVE: lambda x, p: flow.letter_approve(x, user=p[1]),
    A.DISMISS: lambda x, p: flow.letter_dismiss(x, user=p[1], reason="no_content"),
    A.RATE: lambda x, p: flow.letter_rate(x, satisfaction="basically"),
    A.FOLLOW_UP: lambda x, p: flow.letter_follow_up(x, text="什么时候发放？"),
}

STATES = [
    "received",
    "handling",
    "handling:extended",
    "handling:follow-up",
    "in_review",
    "replied",
    "replied:rated",
    "replied:follow-up",
    "dismissed",
]

# The action's own rule refuses it in these states although the table allows the status.
RULE_REFUSALS = {
    ("handling:extended", A.EXTEND): flow.MSG_EXTENDED_ONCE,
    ("replied:rated", A.RATE): flow.MSG_RATED,
    ("replied:follow-up", A.FOLLOW_UP): flow.MSG_FOLLOWED_UP,
}


class _Rollback(Exception):
    pass


def _snapshot(letter: Letter) -> tuple:
    letter.refresh_from_db()
    fields = [f.attname for f in Letter._meta.concrete_fields if f.name != "updated_at"]
    return (*(getattr(letter, name) for name in fields), LetterEvent.objects.count())


def test_the_table_names_every_action_once_and_each_step_has_its_function():
    assert [t.action for t in TABLE] == list(LetterAction.values)
    assert set(flow.STEP_ACTIONS) == set(CALLS) == set(flow.STEP_FUNCTIONS)
    for action, function in flow.STEP_FUNCTIONS.items():
        assert function is getattr(flow, f"letter_{action}")


@pytest.mark.parametrize("state", STATES)
def test_every_action_from_this_state(state, office, city, editor, reviewer, time_machine):
    time_machine.move_to(WRITTEN, tick=False)
    letter = letter_in(office, state, handler=editor, reviewer=reviewer)
    status = state.partition(":")[0]
    assert letter.status == status
    people = (editor, reviewer, city)
    wrong = []
    for action, call in CALLS.items():
        transition = TRANSITIONS[action]
        before = _snapshot(letter)
        events_before = letter.events.count()
        try:
            with transaction.atomic():
                try:
                    call(letter, people)
                except WorkflowError as error:
                    refused = error.message
                else:
                    refused = None
                after = _snapshot(letter)
                rule = RULE_REFUSALS.get((state, action))
                if status in transition.sources and rule is None:
                    expected = status if transition.target == SAME else transition.target
                    letter.refresh_from_db()
                    if refused is not None:
                        wrong.append(f"{state}+{action}: refused ({refused})")
                    elif letter.status != expected or letter.events.count() != events_before + 1:
                        wrong.append(f"{state}+{action}: → {letter.status}")
                else:
                    message = rule or flow.MSG_STATUS.format(
                        status=LetterStatus(status).label, action=LetterAction(action).label
                    )
                    if refused != message:
                        wrong.append(f"{state}+{action}: not refused as expected ({refused})")
                    if after != before:
                        wrong.append(f"{state}+{action}: wrote something while refusing")
                raise _Rollback
        except _Rollback:
            pass
    assert wrong == []
