"""Reads about the policy Q&A (简明问答): who may write and review a body's entries, the staff's
list, the public list and page, the entries shown on a policy's page, and how a basis typed by
staff (a title, a 发文字号 or the page's address) finds its document.

Scoping: staff see the entries of the bodies they act for (any role); the public sees only
published entries, and of an entry's bases only the documents the public may read.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db.models import Prefetch, Q, QuerySet

from gongkai.bodies.models import Body, BodyRole
from gongkai.core.dates import today
from gongkai.documents.models import PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import (
    document_validity,
    documents_in_force_on,
    documents_public,
    documents_with_doc_number,
)
from gongkai.documents.topics import SEPARATOR
from gongkai.participation.models import PolicyQuestion, QuestionBasis, QuestionStatus
from gongkai.participation.selectors import bodies_with_roles, is_staff_user

# Who writes an entry: anyone who acts for the body (a letter's handler turns its letter into an
# entry). Who reviews and publishes it, or withdraws it: a reviewer, the head of the openness
# office, a site admin — as for a reply to a letter.
AUTHOR_ROLES = tuple(role for role, _ in BodyRole.choices)
REVIEWER_ROLES = (BodyRole.REVIEWER, BodyRole.OFFICE_HEAD, BodyRole.SITE_ADMIN)

MSG_BASIS_NOT_FOUND = "没有找到“{typed}”：请填写平台上已公开文件的标题、发文字号或网址"
MSG_BASIS_AMBIGUOUS = "“{typed}”对应多个文件，请改填发文字号或文件的网址"


def bodies_writing_questions(user) -> QuerySet[Body]:
    return bodies_with_roles(user, AUTHOR_ROLES)


def bodies_reviewing_questions(user) -> QuerySet[Body]:
    return bodies_with_roles(user, REVIEWER_ROLES)


def questions_for_user(user) -> QuerySet[PolicyQuestion]:
    """Every entry the user may open: of a body they act for."""
    if not is_staff_user(user):
        return PolicyQuestion.objects.none()
    return PolicyQuestion.objects.filter(
        body__in=bodies_writing_questions(user).values("pk")
    ).select_related("body")


def user_may_write_question(user, question: PolicyQuestion) -> bool:
    return bodies_writing_questions(user).filter(pk=question.body_id).exists()


def user_may_review_question(user, question: PolicyQuestion) -> bool:
    return bodies_reviewing_questions(user).filter(pk=question.body_id).exists()


def _public_bases() -> Prefetch:
    return Prefetch(
        "bases",
        queryset=QuestionBasis.objects.filter(
            document__in=documents_public().values("pk")
        ).select_related("document"),
        to_attr="public_bases",
    )


def questions_published(
    *, body: Body | None = None, topic: str = "", subtree: bool = True
) -> QuerySet[PolicyQuestion]:
    """The public list: published entries, newest first; a body's list holds its subtree's."""
    qs = PolicyQuestion.objects.filter(status=QuestionStatus.PUBLISHED).select_related("body")
    if body is not None:
        qs = qs.filter(body__path__startswith=body.path) if subtree else qs.filter(body=body)
    if topic:
        qs = qs.filter(Q(topic=topic) | Q(topic__startswith=topic + SEPARATOR))
    return qs.order_by("-published_at", "-pk")


def question_public(pk: int) -> PolicyQuestion | None:
    """A published entry with the bases the public may read (`public_bases`), else None."""
    return (
        questions_published().prefetch_related(_public_bases()).filter(pk=pk).first()
        if pk
        else None
    )


def questions_for_document(document: PolicyDocumentPage) -> list[PolicyQuestion]:
    """The published entries resting on this policy, for its page (beside the interpretations)."""
    return list(
        questions_published().filter(bases__document=document).distinct().order_by("-published_at")
    )


def bases_in_order(question: PolicyQuestion) -> list[QuestionBasis]:
    return list(question.bases.select_related("document").order_by("sort_order", "pk"))


@dataclass(frozen=True)
class LapsedBasis:
    """A basis no longer in force: the entry should be reviewed (修改, 撤回)."""

    basis: QuestionBasis
    validity: ValidityStatus


def lapsed_bases(question: PolicyQuestion) -> list[LapsedBasis]:
    """The bases of an entry that are no longer in force today (已修改, 已废止, 已失效) or no
    longer public."""
    public = set(
        documents_public()
        .filter(pk__in=question.bases.values("document_id"))
        .values_list("pk", flat=True)
    )
    lapsed = []
    for basis in bases_in_order(question):
        if basis.document_id not in public:
            lapsed.append(LapsedBasis(basis, ValidityStatus.REPEALED))
            continue
        validity = document_validity(basis.document)
        if validity not in (ValidityStatus.EFFECTIVE, ValidityStatus.NOT_YET_EFFECTIVE):
            lapsed.append(LapsedBasis(basis, validity))
    return lapsed


def questions_with_lapsed_bases(questions: QuerySet[PolicyQuestion]) -> set[int]:
    """Of these entries, the published ones resting on a policy no longer in force."""
    flagged = set()
    for question in questions.filter(status=QuestionStatus.PUBLISHED).prefetch_related("bases"):
        if lapsed_bases(question):
            flagged.add(question.pk)
    return flagged


# --- Finding the document a basis names --------------------------------------------------------


def document_for_basis(typed: str) -> PolicyDocumentPage:
    """The public document that staff named by its page's address, its 发文字号 or its exact
    title; raises LookupError with the Chinese message when none or several match."""
    typed = (typed or "").strip()
    public = documents_public()
    found: QuerySet[PolicyDocumentPage] | None = None
    path = urlsplit(typed).path if "/" in typed else ""
    if path.strip("/"):
        path = path if path.endswith("/") else path + "/"
        found = public.filter(url_path__endswith=path)
        if not found.exists():
            found = None
    if found is None:
        found = documents_with_doc_number(public, typed)
        if found is not None and not found.exists():
            found = None
    if found is None:
        found = public.filter(title=typed)
        if found.count() > 1:  # versions of one law share a title: the one in force today
            found = documents_in_force_on(today(), found)
    matches = list(found.order_by("-first_published_at", "-pk")[:2])
    if not matches:
        raise LookupError(MSG_BASIS_NOT_FOUND.format(typed=typed[:60]))
    if len(matches) > 1:
        raise LookupError(MSG_BASIS_AMBIGUOUS.format(typed=typed[:60]))
    return matches[0]
