"""How public participation appears in the main search (registered in apps.py, like documents in
`documents/search.py` and the policy Q&A in `qa_search.py`): a live consultation (its draft and
notes), each published comment on it (its published text and the disposition's reason), each
letter published with its writer's consent (the published wording of the letter and the reply),
and each published hot topic (its official answer).
What the public may not see gives no record, so it leaves (or never enters) the index.

The workflows write the search outbox at every transition of a comment or a letter (`_move`);
a consultation's publication, unpublication and deletion are Wagtail's signals (apps.py), and
take its comments with it.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import strip_tags

from gongkai.bodies.models import Body
from gongkai.core.dates import local_date
from gongkai.participation.models import (
    Comment,
    CommentStatus,
    ConsultationPage,
    HotTopic,
    Letter,
    LetterStatus,
    TopicStatus,
)
from gongkai.search.registry import SearchRecord, key_for

# kind and 文种 (the doc_type facet) of each, with its label.
CONSULTATION = ("consultation", "意见征集")
COMMENT = ("comment", "公众意见")
LETTER = ("letter", "公开来信")
HOT_TOPIC = ("hot_topic", "热点回应")
LABELS = (CONSULTATION, COMMENT, LETTER, HOT_TOPIC)


def body_codes(body: Body) -> list[str]:
    """The body and every body above it: a search scoped to a body takes its subtree."""
    step = Body.steplen
    paths = [body.path[:i] for i in range(step, len(body.path) + 1, step)]
    return list(Body.objects.filter(path__in=paths).values_list("code", flat=True))


def _record(
    kind: tuple[str, str],
    obj,
    *,
    title: str,
    url: str,
    body: Body,
    on,
    text: str,
    issuer: str = "",
    doc_number: str = "",
) -> SearchRecord:
    return SearchRecord(
        key=key_for(obj),
        title=title,
        url=url,
        kind=kind[0],
        doc_type=kind[0],
        doc_type_label=kind[1],
        topic="",
        owner_code=body.code,
        owner_name=body.name,
        body_codes=body_codes(body),
        published_on=on,
        starts_on=on,
        doc_number=doc_number,
        issuer=issuer or body.name,
        body_text=text,
    )


def _public_consultations():
    return ConsultationPage.objects.live().public().select_related("body")


def consultation_record(page: ConsultationPage) -> SearchRecord | None:
    page = _public_consultations().filter(pk=page.pk).first()
    if page is None or page.body is None:
        return None
    notes = strip_tags(page.explanatory_notes or "").replace("&nbsp;", " ")
    return _record(
        CONSULTATION,
        page,
        title=page.title,
        url=page.get_url() or page.url_path,
        body=page.body,
        on=local_date(page.first_published_at),
        text=f"{page.draft_text}\n{notes}",
        issuer=page.drafting_body,
    )


def comment_record(comment: Comment) -> SearchRecord | None:
    if comment.status != CommentStatus.PUBLISHED:
        return None
    page = _public_consultations().filter(pk=comment.consultation_id).first()
    if page is None or page.body is None:
        return None
    anchor = comment.article.anchor if comment.article_id else "whole-draft"
    where = (comment.article.label or "") if comment.article_id else "征求意见稿整体"
    return _record(
        COMMENT,
        comment,
        title=f"对《{page.title}》{where}的意见",
        url=f"{page.get_url() or page.url_path}#{anchor}",
        body=page.body,
        on=comment.received_on,
        text=f"{comment.public_text}\n{comment.disposition_reason}",
        doc_number=comment.number,
    )


def letter_record(letter: Letter) -> SearchRecord | None:
    if not (letter.published and letter.status == LetterStatus.REPLIED):
        return None
    return _record(
        LETTER,
        letter,
        title=letter.public_subject,
        url=reverse("mailbox:published", args=[letter.number]),
        body=letter.body,
        on=letter.replied_on,
        text=f"{letter.public_text}\n{letter.public_reply}",
        doc_number=letter.number,
    )


def topic_record(topic: HotTopic) -> SearchRecord | None:
    if topic.status != TopicStatus.PUBLISHED:
        return None
    return _record(
        HOT_TOPIC,
        topic,
        title=topic.title,
        url=reverse("mailbox:topic", args=[topic.pk]),
        body=topic.body,
        on=local_date(topic.published_at),
        text=topic.answer,
    )


def all_topics():
    return (
        HotTopic.objects.filter(status=TopicStatus.PUBLISHED)
        .select_related("body")
        .iterator(chunk_size=500)
    )


def all_consultations():
    return _public_consultations().iterator(chunk_size=500)


def all_comments():
    public = _public_consultations().values("pk")
    return (
        Comment.objects.filter(status=CommentStatus.PUBLISHED, consultation__in=public)
        .select_related("article")
        .iterator(chunk_size=500)
    )


def all_letters():
    return (
        Letter.objects.filter(published=True, status=LetterStatus.REPLIED)
        .select_related("body")
        .iterator(chunk_size=500)
    )
