"""Reads about hot topics (热点回应): who may write and review a body's topics, the staff's list,
and the public list and page (only published topics, and of their letters and Q&A only what is
itself public)."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.bodies.models import Body
from gongkai.participation.letter_selectors import HANDLER_ROLES, REVIEWER_ROLES, letters_published
from gongkai.participation.models import HotTopic, Letter, PolicyQuestion, TopicStatus
from gongkai.participation.qa_selectors import questions_published
from gongkai.participation.selectors import bodies_with_roles, is_staff_user


def bodies_writing_topics(user) -> QuerySet[Body]:
    return bodies_with_roles(user, HANDLER_ROLES)


def bodies_reviewing_topics(user) -> QuerySet[Body]:
    return bodies_with_roles(user, REVIEWER_ROLES)


def topics_for_user(user) -> QuerySet[HotTopic]:
    if not is_staff_user(user):
        return HotTopic.objects.none()
    return HotTopic.objects.filter(
        body__in=bodies_writing_topics(user).values("pk")
    ).select_related("body")


def user_may_write_topic(user, topic: HotTopic) -> bool:
    return bodies_writing_topics(user).filter(pk=topic.body_id).exists()


def user_may_review_topic(user, topic: HotTopic) -> bool:
    return bodies_reviewing_topics(user).filter(pk=topic.body_id).exists()


def topics_published(body: Body | None = None) -> QuerySet[HotTopic]:
    """Published topics, newest first; a body's list holds its subordinates' too."""
    qs = HotTopic.objects.filter(status=TopicStatus.PUBLISHED).select_related("body")
    if body is not None:
        qs = qs.filter(body__path__startswith=body.path)
    return qs.order_by("-published_at", "-pk")


def topic_public_parts(topic: HotTopic) -> tuple[list[Letter], list[PolicyQuestion]]:
    """Of a published topic's letters and Q&A, those the public may read."""
    letters = list(letters_published().filter(hot_topics=topic))
    questions = list(questions_published().filter(hot_topics=topic))
    return letters, questions
