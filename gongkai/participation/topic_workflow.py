"""The workflow of a hot topic (热点回应): the only place a topic's status changes.

`TABLE` is the whole state machine (docs/mailbox.md, "Hot topics", shows the same; a test keeps
them in step). Each action checks the actor and the table, saves, writes one `TopicEvent`, and
publishing and withdrawing tell search in the same transaction. Who: anyone who acts for the body
writes a topic; its reviewers (as for letters' replies) publish and withdraw it, not the author.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.bodies.personal_data_forms import body_contact_details
from gongkai.core.errors import GongkaiError
from gongkai.core.personal_data import blocking_kinds
from gongkai.participation.models import (
    HotTopic,
    Letter,
    PolicyQuestion,
    TopicAction,
    TopicEvent,
    TopicStatus,
)
from gongkai.participation.topic_selectors import (
    bodies_writing_topics,
    user_may_review_topic,
    user_may_write_topic,
)
from gongkai.search.services import search_enqueue

S = TopicStatus
A = TopicAction


class Who:
    AUTHOR = "本机关工作人员"
    REVIEWER = "本机关审核人员、政府信息公开工作机构负责人或站点管理员"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    when: str
    who: str


# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, w, who) for a, f, t, w, who in (
    # action       allowed from              to            only when                                                      who
    (A.CREATE,     (),                       S.DRAFT,      "标题和回应内容不能为空；来信和问答须是本机关的",              Who.AUTHOR),
    (A.EDIT,       (S.DRAFT, S.WITHDRAWN),   S.DRAFT,      "标题和回应内容不能为空；来信和问答须是本机关的",              Who.AUTHOR),
    (A.PUBLISH,    (S.DRAFT,),               S.PUBLISHED,  "审核人不是编写人；回应内容不含身份证号码、电话号码等个人信息", Who.REVIEWER),
    (A.WITHDRAW,   (S.PUBLISHED,),           S.WITHDRAWN,  "须说明撤回的理由",                                              Who.REVIEWER),
))
# fmt: on
TRANSITIONS = {t.action: t for t in TABLE}

MSG_STATUS = "热点回应当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_AUTHOR = "您不是该热点回应所属机关的工作人员，无权进行此操作"
MSG_NOT_REVIEWER = "您不是该热点回应所属机关的审核人员，无权进行此操作"
MSG_SAME_REVIEWER = "热点回应由您编写，须由本机关的其他审核人员审核"
MSG_BODY_INVALID = "请选择您所在的机关"
MSG_TITLE_REQUIRED = "请填写热点问题"
MSG_TITLE_TOO_LONG = "热点问题不能超过{limit}字"
MSG_ANSWER_REQUIRED = "请填写回应内容"
MSG_LETTER_UNKNOWN = "没有找到本机关的来信{numbers}"
MSG_PERSONAL_DATA = "回应内容中含有{kinds}，请删除后再发布"
MSG_REASON_REQUIRED = "请说明撤回的理由"

TITLE_MAX_LENGTH = 100


class WorkflowError(GongkaiError):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""


def _begin(topic: HotTopic | int, action: str, *, user) -> HotTopic:
    pk = topic.pk if isinstance(topic, HotTopic) else topic
    locked = HotTopic.objects.select_for_update(of=("self",)).get(pk=pk)
    who = TRANSITIONS[action].who
    if who == Who.AUTHOR and not user_may_write_topic(user, locked):
        raise WorkflowError(MSG_NOT_AUTHOR)
    if who == Who.REVIEWER and not user_may_review_topic(user, locked):
        raise WorkflowError(MSG_NOT_REVIEWER)
    if locked.status not in TRANSITIONS[action].sources:
        raise WorkflowError(
            MSG_STATUS.format(status=locked.get_status_display(), action=A(action).label)
        )
    return locked


def _move(topic: HotTopic, action: str, *, user, fields=(), note: str = "") -> TopicEvent:
    from_status = topic.status if topic.pk else ""
    topic.status = TRANSITIONS[action].target
    if topic.pk is None:
        topic.save()
    else:
        topic.save(update_fields=["status", *fields, "updated_at"])
    return TopicEvent.objects.create(
        topic=topic,
        action=action,
        from_status=from_status,
        to_status=topic.status,
        actor=user,
        note=note,
    )


def _content(body: Body, title: str, answer: str, numbers: list[str]) -> tuple[str, str, list]:
    errors: dict[str, str] = {}
    title, answer = (title or "").strip(), (answer or "").strip()
    if not title:
        errors["title"] = MSG_TITLE_REQUIRED
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = MSG_TITLE_TOO_LONG.format(limit=TITLE_MAX_LENGTH)
    if not answer:
        errors["answer"] = MSG_ANSWER_REQUIRED
    wanted = {n.strip().upper() for n in numbers if n.strip()}
    letters = list(Letter.objects.filter(body=body, number__in=wanted))
    unknown = wanted - {letter.number for letter in letters}
    if unknown:
        errors["letters"] = MSG_LETTER_UNKNOWN.format(numbers="、".join(sorted(unknown)))
    if errors:
        raise ValidationError(errors)
    return title, answer, letters


def _questions(body: Body, questions) -> list[PolicyQuestion]:
    return list(PolicyQuestion.objects.filter(body=body, pk__in=[q.pk for q in questions]))


@transaction.atomic
def topic_create(
    *, user, body: Body, title: str, answer: str, letters: list[str] = (), questions=()
) -> HotTopic:
    """新建热点回应: a draft of the body's, with the numbers of its letters and its Q&A."""
    if body is None or not bodies_writing_topics(user).filter(pk=body.pk).exists():
        raise ValidationError({"body": MSG_BODY_INVALID})
    title, answer, found = _content(body, title, answer, list(letters))
    topic = HotTopic(body=body, title=title, answer=answer, author=user)
    _move(topic, A.CREATE, user=user)
    topic.letters.set(found)
    topic.questions.set(_questions(body, questions))
    return topic


@transaction.atomic
def topic_edit(
    topic: HotTopic | int, *, user, title: str, answer: str, letters: list[str] = (), questions=()
) -> HotTopic:
    locked = _begin(topic, A.EDIT, user=user)
    locked.title, locked.answer, found = _content(locked.body, title, answer, list(letters))
    locked.letters.set(found)
    locked.questions.set(_questions(locked.body, questions))
    _move(locked, A.EDIT, user=user, fields=("title", "answer"))
    return locked


@transaction.atomic
def topic_publish(topic: HotTopic | int, *, user, note: str = "") -> HotTopic:
    locked = _begin(topic, A.PUBLISH, user=user)
    if locked.author_id == user.pk and not user.is_superuser:
        raise WorkflowError(MSG_SAME_REVIEWER)
    kinds = blocking_kinds(
        f"{locked.title}\n{locked.answer}", allowed=body_contact_details(locked.body)
    )
    if kinds:
        raise WorkflowError(MSG_PERSONAL_DATA.format(kinds="、".join(kinds)))
    locked.published_at = timezone.now()
    _move(locked, A.PUBLISH, user=user, fields=("published_at",), note=(note or "").strip())
    search_enqueue(locked)
    return locked


@transaction.atomic
def topic_withdraw(topic: HotTopic | int, *, user, note: str) -> HotTopic:
    locked = _begin(topic, A.WITHDRAW, user=user)
    if not (note or "").strip():
        raise ValidationError({"note": MSG_REASON_REQUIRED})
    _move(locked, A.WITHDRAW, user=user, note=note.strip())
    search_enqueue(locked)
    return locked
