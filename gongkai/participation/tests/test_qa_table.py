"""Every (state, action) pair of the policy Q&A workflow's table: an allowed action moves the entry
to the table's status and writes exactly one event; any other is refused with `WorkflowError` and
writes nothing. Then each action's own rules, and the one step from a letter."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.participation import qa_workflow as flow
from gongkai.participation.models import (
    PolicyQuestion,
    QuestionAction,
    QuestionEvent,
    QuestionStatus,
)
from gongkai.participation.qa_workflow import TABLE, TRANSITIONS, WorkflowError
from gongkai.participation.tests.letter_factories import letter_in
from gongkai.participation.tests.qa_factories import policy, question_in
from gongkai.search.models import SearchOutbox
from gongkai.search.registry import key_for

pytestmark = pytest.mark.django_db

A = QuestionAction
S = QuestionStatus

# Each step as its actor takes it: `people` is (author, reviewer).
CALLS = {
    A.EDIT: lambda x, p: flow.question_edit(
        x, user=p[0], question_text="新的问题？", answer="新的解答。", bases=[]
    ),
    A.SUBMIT: lambda x, p: flow.question_submit(x, user=p[0]),
    A.RETURN: lambda x, p: flow.question_return(x, user=p[1], note="请补充条款"),
    A.PUBLISH: lambda x, p: flow.question_publish(x, user=p[1]),
    A.WITHDRAW: lambda x, p: flow.question_withdraw(x, user=p[1], note="政策已废止"),
}


class _Rollback(Exception):
    pass


def _snapshot(entry: PolicyQuestion) -> tuple:
    entry.refresh_from_db()
    fields = [f.attname for f in PolicyQuestion._meta.concrete_fields if f.name != "updated_at"]
    return (*(getattr(entry, n) for n in fields), QuestionEvent.objects.count())


def test_the_table_names_every_action_once():
    assert [t.action for t in TABLE] == list(A.values)
    assert set(CALLS) | {A.CREATE, A.FROM_LETTER} == set(A.values)
    assert set(flow.STEPS) == {A.SUBMIT, A.RETURN, A.PUBLISH, A.WITHDRAW}


@pytest.mark.parametrize("state", [s.value for s in S])
def test_every_action_from_this_state(state, office, editor, reviewer):
    entry = question_in(office, state, author=editor, reviewer=reviewer)
    assert entry.status == state
    wrong = []
    for action, call in CALLS.items():
        transition = TRANSITIONS[action]
        before = _snapshot(entry)
        events_before = entry.events.count()
        try:
            with transaction.atomic():
                try:
                    call(entry, (editor, reviewer))
                except WorkflowError as error:
                    refused = error.message
                else:
                    refused = None
                after = _snapshot(entry)
                if state in transition.sources:
                    if refused is not None:
                        wrong.append(f"{state}+{action}: refused ({refused})")
                    elif entry.status != transition.target:
                        wrong.append(f"{state}+{action}: → {entry.status}")
                    elif entry.events.count() != events_before + 1:
                        wrong.append(f"{state}+{action}: {entry.events.count()} events")
                else:
                    message = flow.MSG_STATUS.format(status=S(state).label, action=A(action).label)
                    if refused != message:
                        wrong.append(f"{state}+{action}: not refused as expected ({refused})")
                    if after != before:
                        wrong.append(f"{state}+{action}: wrote something while refusing")
                raise _Rollback
        except _Rollback:
            pass
    assert wrong == []


def test_create_needs_the_question_and_the_answer_and_a_body_of_the_author(office, city, editor):
    with pytest.raises(ValidationError) as error:
        flow.question_create(user=editor, body=office, question=" ", answer="")
    assert error.value.message_dict == {
        "question": [flow.MSG_QUESTION_REQUIRED],
        "answer": [flow.MSG_ANSWER_REQUIRED],
    }
    with pytest.raises(ValidationError) as error:
        flow.question_create(user=editor, body=city, question="问？", answer="答。")
    assert error.value.message_dict == {"body": [flow.MSG_BODY_INVALID]}
    assert not PolicyQuestion.objects.exists()


def test_submit_needs_a_basis_and_no_personal_data(office, editor):
    entry = flow.question_create(user=editor, body=office, question="问？", answer="答。")
    with pytest.raises(WorkflowError, match="政策依据"):
        flow.question_submit(entry, user=editor)
    document = policy(office)
    flow.question_edit(
        entry,
        user=editor,
        question_text="问？",
        answer="请拨打13912345678咨询，身份证号620102198001011234。",
        bases=[(document, "第五条")],
    )
    with pytest.raises(WorkflowError) as error:
        flow.question_submit(entry, user=editor)
    assert error.value.message == flow.MSG_PERSONAL_DATA.format(kinds="手机号码、身份证号码")
    entry.refresh_from_db()
    assert entry.status == S.DRAFT
    # The body's own public phone is not personal data.
    office.phone = "0931-8888888"
    office.save(update_fields=["phone"])
    flow.question_edit(
        entry,
        user=editor,
        question_text="问？",
        answer="请拨打0931-8888888咨询。",
        bases=[(document, "第五条")],
    )
    assert flow.question_submit(entry, user=editor).status == S.IN_REVIEW


def test_the_reviewer_is_not_the_one_who_submitted(office, reviewer, editor):
    entry = question_in(office, "draft", author=reviewer, reviewer=reviewer)
    flow.question_submit(entry, user=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_SAME_REVIEWER):
        flow.question_publish(entry, user=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_NOT_REVIEWER):
        flow.question_publish(entry, user=editor)


def test_staff_of_another_body_can_do_nothing(
    office, editor, reviewer, other_body_editor, other_body_reviewer
):
    entry = question_in(office, "in_review", author=editor, reviewer=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_NOT_REVIEWER):
        flow.question_publish(entry, user=other_body_reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_NOT_AUTHOR):
        flow.question_edit(entry, user=other_body_editor, question_text="x", answer="y")


def test_a_basis_unpublished_before_review_stops_the_publication(office, editor, reviewer):
    document = policy(office)
    entry = question_in(office, "in_review", author=editor, reviewer=reviewer, document=document)
    document.unpublish()
    with pytest.raises(WorkflowError, match="尚未公开或已删除"):
        flow.question_publish(entry, user=reviewer)


def test_publishing_and_withdrawing_tell_search_in_the_same_transaction(office, editor, reviewer):
    entry = question_in(office, "in_review", author=editor, reviewer=reviewer)
    key = key_for(entry)
    assert not SearchOutbox.objects.filter(key=key).exists()
    flow.question_publish(entry, user=reviewer)
    assert SearchOutbox.objects.filter(key=key).count() == 1
    with pytest.raises(ValidationError) as error:
        flow.question_withdraw(entry, user=reviewer, note=" ")
    assert error.value.message_dict == {"note": [flow.MSG_REASON_REQUIRED]}
    flow.question_withdraw(entry, user=reviewer, note="政策已修改")
    assert SearchOutbox.objects.filter(key=key).count() == 2


def test_a_replied_letter_becomes_a_draft_in_one_step(office, editor, reviewer, other_body_editor):
    letter = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_NOT_LETTER_HANDLER):
        flow.question_from_letter(letter, user=other_body_editor)
    entry = flow.question_from_letter(letter, user=editor)
    assert entry.status == S.DRAFT and entry.source_letter == letter and entry.body == office
    # The published letter's masked text: no phone number, no name.
    assert "13912345678" not in entry.question and "张三丰" not in entry.question
    assert entry.answer == letter.public_reply
    assert entry.events.get().action == A.FROM_LETTER


def test_only_a_replied_answer_becomes_an_entry(office, editor, reviewer):
    waiting = letter_in(office, "handling", handler=editor, reviewer=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_LETTER_NOT_REPLIED):
        flow.question_from_letter(waiting, user=editor)
    from gongkai.participation import letter_workflow
    from gongkai.participation.tests.letter_factories import letter_submit

    referred, _ = letter_submit(office)
    letter_workflow.letter_assign(referred, user=reviewer, handler=editor)
    letter_workflow.letter_draft(referred, user=editor, reply_kind="petition", reply_text="")
    letter_workflow.letter_approve(referred, user=reviewer)
    with pytest.raises(WorkflowError, match=flow.MSG_LETTER_REFERRAL):
        flow.question_from_letter(referred, user=editor)
    assert not PolicyQuestion.objects.exists()
