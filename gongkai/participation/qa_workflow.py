"""The workflow of a policy Q&A entry (简明问答): the only place an entry's status changes.

`TABLE` is the whole state machine; `docs/policy_qa.md` shows the same table (a test keeps them
in step). Each action is one function: it checks the actor, the table and the action's own rules,
saves and writes exactly one `QuestionEvent`; publishing and withdrawing also tell search
(`search_enqueue`, in the same transaction). A refused action raises `WorkflowError` (Chinese,
shown to the person who tried it) and writes nothing; a wrong field value raises
`ValidationError` keyed by the field, for the form.
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
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.selectors import documents_public
from gongkai.participation.letter_publication import public_version
from gongkai.participation.letter_selectors import user_may_handle_letter
from gongkai.participation.models import (
    Letter,
    LetterStatus,
    PolicyQuestion,
    QuestionAction,
    QuestionBasis,
    QuestionEvent,
    QuestionStatus,
    ReplyKind,
)
from gongkai.participation.qa_selectors import (
    bodies_writing_questions,
    user_may_review_question,
    user_may_write_question,
)
from gongkai.search.services import search_enqueue

S = QuestionStatus
A = QuestionAction


class Who:
    AUTHOR = "本机关工作人员"
    REVIEWER = "本机关审核人员、政府信息公开工作机构负责人或站点管理员"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]  # empty: the action creates the entry
    target: str
    when: str
    who: str


# fmt: off
TABLE: tuple[Transition, ...] = tuple(Transition(a, frozenset(f), t, w, who) for a, f, t, w, who in (
    # action         allowed from                 to            only when                                                   who
    (A.CREATE,       (),                          S.DRAFT,      "问题和解答不能为空",                                         Who.AUTHOR),
    (A.FROM_LETTER,  (),                          S.DRAFT,      "来信已答复；问题和解答取自来信和答复，个人信息已隐去",       Who.AUTHOR),
    (A.EDIT,         (S.DRAFT, S.WITHDRAWN),      S.DRAFT,      "问题和解答不能为空",                                         Who.AUTHOR),
    (A.SUBMIT,       (S.DRAFT,),                  S.IN_REVIEW,  "至少有一项政策依据；不含身份证号码、电话号码等个人信息",   Who.AUTHOR),
    (A.RETURN,       (S.IN_REVIEW,),              S.DRAFT,      "须说明退回的理由",                                           Who.REVIEWER),
    (A.PUBLISH,      (S.IN_REVIEW,),              S.PUBLISHED,  "审核人不是提交人；政策依据都是已公开的文件",                 Who.REVIEWER),
    (A.WITHDRAW,     (S.PUBLISHED,),              S.WITHDRAWN,  "须说明撤回的理由（如政策已废止）",                           Who.REVIEWER),
))
# fmt: on
TRANSITIONS: dict[str, Transition] = {t.action: t for t in TABLE}

MSG_STATUS = "问答当前为“{status}”，不能进行“{action}”操作"
MSG_NOT_AUTHOR = "您不是该问答所属机关的工作人员，无权进行此操作"
MSG_NOT_REVIEWER = "您不是该问答所属机关的审核人员，无权进行此操作"
MSG_SAME_REVIEWER = "问答由您提交审核，须由本机关的其他审核人员审核"
MSG_BODY_INVALID = "请选择您所在的机关"
MSG_QUESTION_REQUIRED = "请填写问题"
MSG_QUESTION_TOO_LONG = "问题不能超过{limit}字"
MSG_ANSWER_REQUIRED = "请填写解答"
MSG_ANSWER_TOO_LONG = "解答不能超过{limit}字"
MSG_ARTICLE_TOO_LONG = "条款不能超过{limit}字"
MSG_BASIS_REQUIRED = "请至少填写一项政策依据（问答所依据的政策文件）"
MSG_BASIS_NOT_PUBLIC = "政策依据“{title}”尚未公开或已删除，请修改后再发布"
MSG_PERSONAL_DATA = "问题或解答中含有{kinds}，请删除后再提交"
MSG_REASON_REQUIRED = "请说明理由"
MSG_LETTER_NOT_REPLIED = "来信答复之后才能生成问答"
MSG_LETTER_REFERRAL = "这封来信的答复是告知其他渠道，不能生成问答"
MSG_NOT_LETTER_HANDLER = "您不是该来信办理机关的工作人员"

QUESTION_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 5000
ARTICLE_MAX_LENGTH = 60


class WorkflowError(GongkaiError):
    """An action refused; `message` is Chinese and is shown to the person who tried it."""


# --- What every step shares --------------------------------------------------------------------


def _check_actor(action: str, user, question: PolicyQuestion) -> None:
    who = TRANSITIONS[action].who
    if who == Who.AUTHOR and not user_may_write_question(user, question):
        raise WorkflowError(MSG_NOT_AUTHOR)
    if who == Who.REVIEWER and not user_may_review_question(user, question):
        raise WorkflowError(MSG_NOT_REVIEWER)


def _begin(question: PolicyQuestion | int, action: str, *, user) -> PolicyQuestion:
    pk = question.pk if isinstance(question, PolicyQuestion) else question
    locked = PolicyQuestion.objects.select_for_update(of=("self",)).get(pk=pk)
    _check_actor(action, user, locked)
    if locked.status not in TRANSITIONS[action].sources:
        raise WorkflowError(
            MSG_STATUS.format(status=locked.get_status_display(), action=A(action).label)
        )
    return locked


def _move(
    question: PolicyQuestion,
    action: str,
    *,
    user,
    fields: tuple[str, ...] = (),
    note: str = "",
) -> QuestionEvent:
    from_status = question.status if question.pk is not None else ""
    question.status = TRANSITIONS[action].target
    if question.pk is None:
        question.save()
    else:
        question.save(update_fields=["status", *fields, "updated_at"])
    return QuestionEvent.objects.create(
        question=question,
        action=action,
        from_status=from_status,
        to_status=question.status,
        actor=user,
        note=note,
    )


def _text(value: str, field: str, required: str, too_long: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: required})
    if len(value) > limit:
        raise ValidationError({field: too_long.format(limit=limit)})
    return value


def _content(question: str, answer: str) -> tuple[str, str]:
    errors = {}
    checked = []
    for field, value, required, too_long, limit in (
        ("question", question, MSG_QUESTION_REQUIRED, MSG_QUESTION_TOO_LONG, QUESTION_MAX_LENGTH),
        ("answer", answer, MSG_ANSWER_REQUIRED, MSG_ANSWER_TOO_LONG, ANSWER_MAX_LENGTH),
    ):
        try:
            checked.append(_text(value, field, required, too_long, limit))
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return checked[0], checked[1]


Bases = list[tuple[PolicyDocumentPage, str]]  # (document, article)


def _set_bases(question: PolicyQuestion, bases: Bases) -> None:
    seen = set()
    rows = []
    for document, article in bases:
        article = (article or "").strip()
        if len(article) > ARTICLE_MAX_LENGTH:
            raise ValidationError({"bases": MSG_ARTICLE_TOO_LONG.format(limit=ARTICLE_MAX_LENGTH)})
        if (document.pk, article) in seen:
            continue
        seen.add((document.pk, article))
        rows.append(
            QuestionBasis(
                question=question, document=document, article=article, sort_order=len(rows)
            )
        )
    question.bases.all().delete()
    QuestionBasis.objects.bulk_create(rows)


# --- Writing ----------------------------------------------------------------------------------


@transaction.atomic
def question_create(
    *, user, body: Body, question: str, answer: str, topic: str = "", bases: Bases = ()
) -> PolicyQuestion:
    """新建问答: a draft of the body's, by anyone who acts for it."""
    if body is None or not bodies_writing_questions(user).filter(pk=body.pk).exists():
        raise ValidationError({"body": MSG_BODY_INVALID})
    question, answer = _content(question, answer)
    entry = PolicyQuestion(body=body, question=question, answer=answer, topic=topic, author=user)
    _move(entry, A.CREATE, user=user)
    _set_bases(entry, list(bases))
    return entry


@transaction.atomic
def question_from_letter(letter: Letter | int, *, user) -> PolicyQuestion:
    """由来信生成问答: one step from a replied letter to a draft entry of the body that answered
    it — the letter's text as the question and the reply as the answer, with the writer's name
    and personal data hidden as for a published letter. The handler then edits and submits it."""
    pk = letter.pk if isinstance(letter, Letter) else letter
    source = Letter.objects.select_related("body").get(pk=pk)
    if (
        not user_may_handle_letter(user, source)
        or not bodies_writing_questions(user).filter(pk=source.body_id).exists()
    ):
        raise WorkflowError(MSG_NOT_LETTER_HANDLER)
    if source.status != LetterStatus.REPLIED:
        raise WorkflowError(MSG_LETTER_NOT_REPLIED)
    if source.reply_kind != ReplyKind.ANSWER:
        raise WorkflowError(MSG_LETTER_REFERRAL)
    if source.published:
        asked, answered = source.public_text, source.public_reply
    else:
        asked = public_version(source, source.text)
        answered = public_version(source, source.reply_text)
    entry = PolicyQuestion(
        body=source.body,
        question=asked.strip()[:QUESTION_MAX_LENGTH],
        answer=answered.strip()[:ANSWER_MAX_LENGTH],
        author=user,
        source_letter=source,
    )
    _move(entry, A.FROM_LETTER, user=user, note=source.number)
    return entry


@transaction.atomic
def question_edit(
    question: PolicyQuestion | int,
    *,
    user,
    question_text: str,
    answer: str,
    topic: str = "",
    bases: Bases = (),
) -> PolicyQuestion:
    """修改: a draft, or a withdrawn entry (which becomes a draft again, to be reviewed anew)."""
    locked = _begin(question, A.EDIT, user=user)
    locked.question, locked.answer = _content(question_text, answer)
    locked.topic = topic
    _set_bases(locked, list(bases))
    _move(locked, A.EDIT, user=user, fields=("question", "answer", "topic"))
    return locked


@transaction.atomic
def question_submit(question: PolicyQuestion | int, *, user) -> PolicyQuestion:
    """提交审核: the entry has a basis and no personal data."""
    locked = _begin(question, A.SUBMIT, user=user)
    if not locked.bases.exists():
        raise WorkflowError(MSG_BASIS_REQUIRED)
    kinds = blocking_kinds(
        f"{locked.question}\n{locked.answer}", allowed=body_contact_details(locked.body)
    )
    if kinds:
        raise WorkflowError(MSG_PERSONAL_DATA.format(kinds="、".join(kinds)))
    locked.submitted_by = user
    _move(locked, A.SUBMIT, user=user, fields=("submitted_by",))
    return locked


# --- Reviewing --------------------------------------------------------------------------------


@transaction.atomic
def question_return(question: PolicyQuestion | int, *, user, note: str) -> PolicyQuestion:
    locked = _begin(question, A.RETURN, user=user)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": MSG_REASON_REQUIRED})
    _move(locked, A.RETURN, user=user, note=note)
    return locked


@transaction.atomic
def question_publish(question: PolicyQuestion | int, *, user, note: str = "") -> PolicyQuestion:
    """审核通过并发布: by a reviewer other than the one who submitted it; every basis is a public
    document. The entry enters search and the pages of its policies."""
    locked = _begin(question, A.PUBLISH, user=user)
    if locked.submitted_by_id == user.pk and not user.is_superuser:
        raise WorkflowError(MSG_SAME_REVIEWER)
    public = set(
        documents_public()
        .filter(pk__in=locked.bases.values("document_id"))
        .values_list("pk", flat=True)
    )
    for basis in locked.bases.select_related("document"):
        if basis.document_id not in public:
            raise WorkflowError(MSG_BASIS_NOT_PUBLIC.format(title=basis.document.title))
    if not public:
        raise WorkflowError(MSG_BASIS_REQUIRED)
    locked.published_at = timezone.now()
    _move(locked, A.PUBLISH, user=user, fields=("published_at",), note=(note or "").strip())
    search_enqueue(locked)
    return locked


@transaction.atomic
def question_withdraw(question: PolicyQuestion | int, *, user, note: str) -> PolicyQuestion:
    """撤回: the entry leaves the public pages and search; it can be edited and reviewed again."""
    locked = _begin(question, A.WITHDRAW, user=user)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": MSG_REASON_REQUIRED})
    _move(locked, A.WITHDRAW, user=user, note=note)
    search_enqueue(locked)
    return locked


STEPS = {
    A.SUBMIT: question_submit,
    A.RETURN: question_return,
    A.PUBLISH: question_publish,
    A.WITHDRAW: question_withdraw,
}
