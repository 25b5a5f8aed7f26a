"""Reads of consultations and their comments: who may act, the phase of a consultation, the lists,
the moderation queue, the published comments by article and the feedback tally.

Staff are scoped by body as everywhere (`bodies.selectors.bodies_for_user`: a site admin acts for
the body's whole subtree, the other roles for their own body only, the platform operator for all).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Count, Q, QuerySet

from gongkai.bodies.models import Body, BodyRole
from gongkai.bodies.selectors import bodies_for_user, body_for_page
from gongkai.core.dates import today as local_today
from gongkai.participation import feedback, periods
from gongkai.participation.models import (
    Comment,
    CommentEvent,
    CommentStatus,
    ConsultationArticle,
    ConsultationPage,
    counted_condition,
)

# --- Who may act -------------------------------------------------------------------------------

# Moderating comments (审核公开, 不予公开), registering those that came by e-mail, letter or fax,
# and recording each one's disposition: the staff who publish the body's pages — its 信息员, 审核
# and 站点管理员 (a site admin for the whole subtree). 依申请公开承办人 and the openness office head
# handle applications, not publications, and have no part here.
MODERATOR_ROLES = (BodyRole.EDITOR, BodyRole.REVIEWER, BodyRole.SITE_ADMIN)
# Publishing the feedback report (意见采纳情况) is a publication of the body's own text and
# figures: like a page, it needs a reviewer (审核) or a site admin, not the editor who prepared it.
FEEDBACK_ROLES = (BodyRole.REVIEWER, BodyRole.SITE_ADMIN)


def is_staff_user(user) -> bool:
    """A logged-in person (staff or operator); not the public."""
    return user is not None and not isinstance(user, AnonymousUser) and user.is_authenticated


def bodies_with_roles(user, roles: tuple[str, ...]) -> QuerySet[Body]:
    """The bodies the user acts for in one of `roles` (an operator: all); used by the comment
    and the letter screens alike."""
    if not is_staff_user(user):
        return Body.objects.none()
    if user.is_superuser:
        return Body.objects.all()
    condition = Q()
    for role in roles:
        condition |= Q(pk__in=bodies_for_user(user, role).values("pk"))
    return Body.objects.filter(condition)


def bodies_moderated_by(user) -> QuerySet[Body]:
    """The bodies whose consultations' comments the user may moderate and dispose of."""
    return bodies_with_roles(user, MODERATOR_ROLES)


def consultation_body(page: ConsultationPage) -> Body | None:
    return page.body if page.body_id else body_for_page(page)


def user_may_moderate(user, page: ConsultationPage) -> bool:
    body = consultation_body(page)
    return body is not None and bodies_moderated_by(user).filter(pk=body.pk).exists()


def user_may_publish_feedback(user, page: ConsultationPage) -> bool:
    body = consultation_body(page)
    return body is not None and bodies_with_roles(user, FEEDBACK_ROLES).filter(pk=body.pk).exists()


# --- The phase of a consultation ---------------------------------------------------------------


class ConsultationPhase(models.TextChoices):
    UPCOMING = "upcoming", "未开始"
    OPEN = "open", "征集中"
    CLOSED = "closed", "已截止"  # awaiting the feedback report
    CONCLUDED = "concluded", "已反馈"


def consultation_phase(page: ConsultationPage, today: date | None = None) -> ConsultationPhase:
    """Where a consultation is, by its dates (Asia/Shanghai) and its feedback report. It opens on
    its opening day and stays open to the end of its closing day (periods.py); nobody opens or
    closes it by hand."""
    today = today or local_today()
    if page.feedback_published_at is not None:
        return ConsultationPhase.CONCLUDED
    if today < page.opens_on:
        return ConsultationPhase.UPCOMING
    if today <= page.closes_on:
        return ConsultationPhase.OPEN
    return ConsultationPhase.CLOSED


# --- Lists -------------------------------------------------------------------------------------


def consultations_live(
    body: Body | None = None, *, subordinates: bool = False
) -> QuerySet[ConsultationPage]:
    """Live consultations: province-wide (`body` None), of one body, or of a body and every body
    under it (`subordinates`)."""
    qs = ConsultationPage.objects.live().select_related("body")
    if body is None:
        return qs
    if subordinates:
        return qs.filter(body__path__startswith=body.path)
    return qs.filter(body=body)


def consultations_open(
    body: Body | None = None, *, subordinates: bool = False, today: date | None = None
) -> QuerySet[ConsultationPage]:
    """征集中: open for comments today, the soonest to close first."""
    today = today or local_today()
    return (
        consultations_live(body, subordinates=subordinates)
        .filter(opens_on__lte=today, closes_on__gte=today, feedback_published_at__isnull=True)
        .order_by("closes_on", "pk")
    )


@dataclass(frozen=True)
class AwaitingFeedback:
    page: ConsultationPage
    days_since_closing: int  # 1 on the day after the closing day


def consultations_awaiting_feedback(
    body: Body | None = None, *, subordinates: bool = False, today: date | None = None
) -> list[AwaitingFeedback]:
    """已截止、待反馈: closed without a feedback report yet, the longest waiting first."""
    today = today or local_today()
    pages = (
        consultations_live(body, subordinates=subordinates)
        .filter(closes_on__lt=today, feedback_published_at__isnull=True)
        .order_by("closes_on", "pk")
    )
    return [
        AwaitingFeedback(page, periods.days_since_closing(page.closes_on, today) or 0)
        for page in pages
    ]


def consultations_concluded(
    body: Body | None = None, *, subordinates: bool = False
) -> QuerySet[ConsultationPage]:
    """已反馈: the feedback report is published, the latest first."""
    return (
        consultations_live(body, subordinates=subordinates)
        .filter(feedback_published_at__isnull=False)
        .select_related("final_document")
        .order_by("-feedback_published_at", "-pk")
    )


# --- Comments for staff ------------------------------------------------------------------------


def comments_for_user(user) -> QuerySet[Comment]:
    """Every comment a staff user may see: those on the consultations of the bodies they moderate."""
    if not is_staff_user(user):
        return Comment.objects.none()
    if user.is_superuser:
        return Comment.objects.all()
    return Comment.objects.filter(consultation__body__in=bodies_moderated_by(user).values("pk"))


def comments_for_moderation(user) -> QuerySet[Comment]:
    """The moderation queue (待审核): pending comments of the user's bodies, the oldest first."""
    return (
        comments_for_user(user)
        .filter(status=CommentStatus.PENDING)
        .select_related("consultation", "article")
        .order_by("received_on", "pk")
    )


def comments_under(page) -> bool:
    """Whether a page, or any page under it, is a consultation that has received comments (which
    may never be deleted with it: nothing acknowledged is lost)."""
    return Comment.objects.filter(
        consultation__in=ConsultationPage.objects.descendant_of(page, inclusive=True)
    ).exists()


def comment_timeline(comment: Comment) -> QuerySet[CommentEvent]:
    return comment.events.select_related("actor").order_by("at", "pk")


# --- Comments for the public -------------------------------------------------------------------


@dataclass(frozen=True)
class ArticleComments:
    """The published comments on one article (`article` None: on the whole draft)."""

    article: ConsultationArticle | None
    comments: list[Comment]

    @property
    def count(self) -> int:
        return len(self.comments)


def comments_published_by_article(page: ConsultationPage) -> list[ArticleComments]:
    """The published comments under their article, in the order of the draft: the whole draft
    first, then every current article (with none, too), then withdrawn articles that have any.
    Only `public_text` may be shown of them, with the name; never the contact."""
    comments = list(
        Comment.objects.filter(consultation=page, status=CommentStatus.PUBLISHED)
        .only("pk", "consultation_id", "article_id", "number", "name", "public_text", "received_on")
        .order_by("received_on", "pk")
    )
    by_article: dict[int | None, list[Comment]] = {}
    for comment in comments:
        by_article.setdefault(comment.article_id, []).append(comment)
    groups = [ArticleComments(None, by_article.get(None, []))]
    for article in page.articles.order_by("withdrawn", "position"):
        if not article.withdrawn or article.pk in by_article:
            groups.append(ArticleComments(article, by_article.get(article.pk, [])))
    return groups


def comment_counts_by_article(page: ConsultationPage) -> dict[str, int]:
    """Published comments per article anchor (`feedback.WHOLE_DRAFT` for the whole draft)."""
    rows = (
        Comment.objects.filter(consultation=page, status=CommentStatus.PUBLISHED)
        .values("article__anchor")
        .annotate(n=Count("pk"))
    )
    return {row["article__anchor"] or feedback.WHOLE_DRAFT: row["n"] for row in rows}


# --- The feedback report -----------------------------------------------------------------------


def counted_comments(page: ConsultationPage) -> QuerySet[Comment]:
    """The comments the feedback report counts: published ones and those withheld only because
    they hold personal data (still opinions on the draft). Off-topic, abusive and petition
    comments are not opinions on the draft and are not counted; pending ones are not yet."""
    return Comment.objects.filter(counted_condition(), consultation=page)


def consultation_feedback_tally(
    page: ConsultationPage,
) -> tuple[dict[str, feedback.Tally], feedback.Tally]:
    """Received, adopted, partly adopted, not adopted and undisposed comments, per article anchor
    (`feedback.WHOLE_DRAFT` first for the whole draft, then in the order of the draft) and in
    total (`feedback.tally`)."""
    rows = (
        counted_comments(page)
        .order_by("article__withdrawn", "article__position", "pk")
        .values_list("article__anchor", "disposition")
    )
    return feedback.tally((anchor or feedback.WHOLE_DRAFT, value or None) for anchor, value in rows)
