"""Writes on a consultation as a whole: its articles rebuilt from the live draft, and the
publication of its feedback report (意见采纳情况). A comment's own changes are in `workflow`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.audit import audit_log
from gongkai.core.dates import cn_date
from gongkai.core.dates import today as local_today
from gongkai.core.personal_data import find_personal_data, finding_message
from gongkai.documents.models import PolicyDocumentPage
from gongkai.participation.articles import split_articles
from gongkai.participation.models import (
    Comment,
    CommentStatus,
    ConsultationArticle,
    ConsultationPage,
)
from gongkai.participation.selectors import (
    consultation_body,
    counted_comments,
    user_may_publish_feedback,
)
from gongkai.search.services import search_enqueue

AUDIT_FEEDBACK_PUBLISH = "participation.feedback_publish"

MSG_NOT_FEEDBACK_PUBLISHER = "只有该意见征集所属机关的审核人员或站点管理员可以公布意见采纳情况"
MSG_FEEDBACK_BEFORE_CLOSE = "征求意见截止日（{closes}）过后才能公布意见采纳情况"
MSG_FEEDBACK_PENDING = "还有{count}条意见尚未审核，请先审核（公开或不予公开）"
MSG_FEEDBACK_UNDISPOSED = "还有{count}条意见尚未填写采纳情况，请逐条填写后再公布"
MSG_FINAL_DOCUMENT_REQUIRED = "请选择正式发布的文件：意见采纳情况与正式文件相互链接"
MSG_FINAL_DOCUMENT_NOT_LIVE = "所选的正式文件尚未发布"
MSG_SUMMARY_REQUIRED = "请填写意见采纳情况说明"
SUMMARY_LABEL = "意见采纳情况说明"

# Headings longer than the fields are cut (a heading that wraps over several lines).
_CHAPTER_MAX = ConsultationArticle._meta.get_field("chapter").max_length or 200


@dataclass(frozen=True)
class ArticlesSync:
    """What `consultation_articles_sync` did (counts of articles)."""

    created: int = 0
    updated: int = 0
    withdrawn: int = 0
    deleted: int = 0


_ARTICLE_FIELDS = ("position", "number", "sub", "label", "chapter", "section", "text", "withdrawn")


@transaction.atomic
def consultation_articles_sync(page: ConsultationPage) -> ArticlesSync:
    """Rebuild the articles of a consultation from the draft text of its LIVE page (run when the
    page is published; `ParticipationConfig.ready`).

    Articles are keyed by their anchor ("art-12"): an article still in the draft is updated in
    place, so its comments stay with it; a new one is created; one no longer in the draft is
    deleted — unless it has comments, which are never lost: it is kept, marked `withdrawn`, and
    shown with its comments after the current articles. A draft not live (unpublished) changes
    nothing.
    """
    live = ConsultationPage.objects.select_for_update().filter(pk=page.pk, live=True).first()
    if live is None:
        return ArticlesSync()
    draft = split_articles(live.draft_text)
    existing = {article.anchor: article for article in live.articles.all()}
    created: list[ConsultationArticle] = []
    changed: list[ConsultationArticle] = []
    for position, parsed in enumerate(draft.articles, start=1):
        values = {
            "position": position,
            "number": parsed.number,
            "sub": parsed.sub,
            "label": parsed.label,
            "chapter": parsed.chapter[:_CHAPTER_MAX],
            "section": parsed.section[:_CHAPTER_MAX],
            "text": parsed.text,
            "withdrawn": False,
        }
        row = existing.pop(parsed.anchor, None)
        if row is None:
            created.append(ConsultationArticle(consultation=live, anchor=parsed.anchor, **values))
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    commented = set(
        Comment.objects.filter(article__in=[a.pk for a in existing.values()]).values_list(
            "article_id", flat=True
        )
    )
    withdrawn = [a for a in existing.values() if a.pk in commented and not a.withdrawn]
    for article in withdrawn:
        article.withdrawn = True
    gone = [a.pk for a in existing.values() if a.pk not in commented]
    ConsultationArticle.objects.filter(pk__in=gone).delete()
    ConsultationArticle.objects.bulk_update(changed + withdrawn, _ARTICLE_FIELDS)
    ConsultationArticle.objects.bulk_create(created)
    return ArticlesSync(
        created=len(created), updated=len(changed), withdrawn=len(withdrawn), deleted=len(gone)
    )


def consultation_search_enqueue(page: ConsultationPage) -> None:
    """A consultation published, unpublished or deleted: it and its published comments are
    searchable, or no longer (search_records.py)."""
    published = Comment.objects.filter(consultation_id=page.pk, status=CommentStatus.PUBLISHED)
    search_enqueue(page, *published.only("pk"))


@transaction.atomic
def consultation_feedback_publish(
    page: ConsultationPage,
    *,
    user,
    final_document: PolicyDocumentPage | None,
    summary: str,
) -> ConsultationPage:
    """公布意见采纳情况 (《优化营商环境条例》 Art. 62; 《重大行政决策程序暂行条例》 Art. 32): the
    feedback report, linked both ways to the final document.

    Refused (`ValidationError`, every reason at once) before the closing day has passed, while a
    comment waits for moderation or a counted one has no disposition, without a live final
    document, or without a summary (which, being published, may not hold an ID or phone number).
    Publishing again replaces the document and the summary and records the new time. Only a
    reviewer or site admin of the consultation's body may (`PermissionDenied`).
    """
    locked = ConsultationPage.objects.select_for_update().get(pk=page.pk)
    if not user_may_publish_feedback(user, locked):
        raise PermissionDenied(MSG_NOT_FEEDBACK_PUBLISHER)
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if local_today() <= locked.closes_on:
        refuse(NON_FIELD_ERRORS, MSG_FEEDBACK_BEFORE_CLOSE.format(closes=cn_date(locked.closes_on)))
    pending = Comment.objects.filter(consultation=locked, status=CommentStatus.PENDING).count()
    if pending:
        refuse(NON_FIELD_ERRORS, MSG_FEEDBACK_PENDING.format(count=pending))
    undisposed = counted_comments(locked).filter(disposition="").count()
    if undisposed:
        refuse(NON_FIELD_ERRORS, MSG_FEEDBACK_UNDISPOSED.format(count=undisposed))
    if final_document is None:
        refuse("final_document", MSG_FINAL_DOCUMENT_REQUIRED)
    elif not PolicyDocumentPage.objects.live().filter(pk=final_document.pk).exists():
        refuse("final_document", MSG_FINAL_DOCUMENT_NOT_LIVE)
    summary = (summary or "").strip()
    if not summary:
        refuse("summary", MSG_SUMMARY_REQUIRED)
    body = consultation_body(locked)
    allowed = [body.phone, body.fax, body.email] if body is not None else []
    for finding in find_personal_data(summary, allowed=allowed):
        if finding.blocking:
            refuse("summary", finding_message(finding, SUMMARY_LABEL))
    if errors:
        raise ValidationError(errors)

    assert final_document is not None
    first = locked.feedback_published_at is None
    locked.final_document = final_document
    locked.feedback_summary = summary
    locked.feedback_published_at = timezone.now()
    locked.save(
        update_fields=["final_document", "feedback_summary", "feedback_published_at"],
        clean=False,
    )
    audit_log(
        locked,
        AUDIT_FEEDBACK_PUBLISH,
        user=user,
        data={"final_document": final_document.pk, "first": first},
    )
    for name in ("final_document", "feedback_summary", "feedback_published_at"):
        setattr(page, name, getattr(locked, name))
    return locked
