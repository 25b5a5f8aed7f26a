"""Hot topics (热点回应): every (status, action) pair of the table; a topic grouping the body's
letters and Q&A, published by another reviewer and shown with only what is public; refused with
what was typed kept; another body's staff get nothing; in the main search until withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from gongkai.participation import topic_workflow as flow
from gongkai.participation.models import HotTopic, TopicAction, TopicStatus
from gongkai.participation.tests.letter_factories import WRITTEN, letter_in, letter_submit
from gongkai.participation.tests.qa_factories import question_in
from gongkai.search import index
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db

A, S = TopicAction, TopicStatus
ANSWER = "市住建局已于3月完成补贴审核，补贴将于4月底前发放到位。"

CALLS = {
    A.EDIT: lambda t, p: flow.topic_edit(t, user=p[0], title="新标题", answer="新回应"),
    A.PUBLISH: lambda t, p: flow.topic_publish(t, user=p[1]),
    A.WITHDRAW: lambda t, p: flow.topic_withdraw(t, user=p[1], note="情况已变化"),
}


def topic_in(body, state: str, *, author, reviewer, letters=(), questions=()) -> HotTopic:
    topic = flow.topic_create(
        user=author,
        body=body,
        title="加装电梯补贴何时发放",
        answer=ANSWER,
        letters=list(letters),
        questions=questions,
    )
    if state in (S.PUBLISHED, S.WITHDRAWN):
        flow.topic_publish(topic, user=reviewer)
    if state == S.WITHDRAWN:
        flow.topic_withdraw(topic, user=reviewer, note="情况已变化")
    return HotTopic.objects.get(pk=topic.pk)


class _Rollback(Exception):
    pass


@pytest.mark.parametrize("state", [s.value for s in S])
def test_every_action_from_this_state(state, office, editor, reviewer):
    topic = topic_in(office, state, author=editor, reviewer=reviewer)
    assert [t.action for t in flow.TABLE] == list(A.values)
    wrong = []
    for action, call in CALLS.items():
        transition = flow.TRANSITIONS[action]
        events = topic.events.count()
        try:
            with transaction.atomic():
                try:
                    call(topic, (editor, reviewer))
                    refused = None
                except flow.WorkflowError as error:
                    refused = error.message
                topic.refresh_from_db()
                if state in transition.sources:
                    if refused or topic.status != transition.target:
                        wrong.append(f"{state}+{action}: {refused or topic.status}")
                    elif topic.events.count() != events + 1:
                        wrong.append(f"{state}+{action}: events")
                elif refused != flow.MSG_STATUS.format(
                    status=S(state).label, action=A(action).label
                ):
                    wrong.append(f"{state}+{action}: not refused ({refused})")
                elif topic.status != state or topic.events.count() != events:
                    wrong.append(f"{state}+{action}: wrote while refusing")
                raise _Rollback
        except _Rollback:
            pass
    assert wrong == []


def test_a_topic_is_published_by_another_reviewer_with_only_what_is_public(
    client, office, editor, reviewer, time_machine, settings, tmp_path
):
    settings.GONGKAI_SEARCH_INDEX_DIR = tmp_path / "search-index"
    time_machine.move_to(WRITTEN, tick=False)
    public = letter_in(office, "replied", handler=editor, reviewer=reviewer)
    private, _ = letter_submit(office, consent=False, subject="不公开的来信")
    entry = question_in(office, "published", author=editor, reviewer=reviewer)
    with pytest.raises(ValidationError) as refused:
        flow.topic_create(
            user=editor, body=office, title="", answer=ANSWER, letters=["XJ2099000001"]
        )
    assert set(refused.value.message_dict) == {"title", "letters"}
    topic = topic_in(
        office,
        "draft",
        author=reviewer,
        reviewer=reviewer,
        letters=[public.number, private.number.lower()],
        questions=[entry],
    )
    assert topic.letters.count() == 2
    with pytest.raises(flow.WorkflowError, match=flow.MSG_SAME_REVIEWER):
        flow.topic_publish(topic, user=reviewer)
    with pytest.raises(flow.WorkflowError, match=flow.MSG_NOT_REVIEWER):
        flow.topic_publish(topic, user=editor)
    assert client.get(reverse("mailbox:topic", args=[topic.pk])).status_code == 404
    flow.topic_edit(
        topic,
        user=editor,
        title="加装电梯补贴何时发放",
        answer="请拨打13912345678咨询",
        letters=[public.number, private.number],
    )
    topic.author = editor
    topic.save(update_fields=["author"])
    with pytest.raises(flow.WorkflowError, match=r"手机号码|电话"):
        flow.topic_publish(topic, user=reviewer)
    flow.topic_edit(
        topic,
        user=editor,
        title="加装电梯补贴何时发放",
        answer=ANSWER,
        letters=[public.number, private.number],
        questions=[entry],
    )
    flow.topic_publish(topic, user=reviewer)
    page = client.get(reverse("mailbox:topic", args=[topic.pk])).content.decode()
    assert ANSWER in page and public.public_subject in page
    assert "不公开的来信" not in page  # the writer did not consent
    assert reverse("qa:question", args=[entry.pk]) in page
    assert topic.title in client.get(reverse("mailbox:topics")).content.decode()
    index.catch_up()
    hits = {h.url: h.doc_type_label for h in search("补贴 发放").hits}
    assert hits.get(reverse("mailbox:topic", args=[topic.pk])) == "热点回应"
    flow.topic_withdraw(topic, user=reviewer, note="已全部发放")
    index.catch_up()
    assert reverse("mailbox:topic", args=[topic.pk]) not in {
        h.url for h in search("补贴 发放").hits
    }


def test_the_staff_screens_keep_what_was_typed_and_scope_by_body(
    client, office, editor, reviewer, other_body_editor, other_body_reviewer
):
    client.force_login(editor)
    new = reverse("letters:topic_new")
    refused = client.post(
        new, {"body": office.code, "title": "电梯补贴", "answer": "", "letters": "XJ1"}
    )
    text = refused.content.decode()
    assert "请填写回应内容" in text and "没有找到本机关的来信XJ1" in text and "电梯补贴" in text
    done = client.post(new, {"body": office.code, "title": "电梯补贴", "answer": ANSWER})
    topic = HotTopic.objects.get()
    assert done.status_code == 302
    client.force_login(reviewer)
    client.post(reverse("letters:topic_publish", args=[topic.pk]), {"note": ""})
    topic.refresh_from_db()
    assert topic.status == S.PUBLISHED
    for user in (other_body_editor, other_body_reviewer):
        client.force_login(user)
        assert "电梯补贴" not in client.get(reverse("letters:topics")).content.decode()
        assert client.get(reverse("letters:topic", args=[topic.pk])).status_code == 404
        url = reverse("letters:topic_withdraw", args=[topic.pk])
        assert client.post(url, {"note": "x"}).status_code == 404
    topic.refresh_from_db()
    assert topic.status == S.PUBLISHED
