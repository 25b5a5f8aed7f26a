"""Hot topics (热点回应, requirement D2; notice clause 9: 对群众关心、社会关注的热点问题，及时向群众
公开结果): staff group letters on one matter, and policy Q&A entries, under a topic with the body's
official answer, published on the public site after review. The status changes only in
`participation.topic_workflow` (its TABLE).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.bodies.models import Body


class TopicStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class TopicAction(models.TextChoices):
    CREATE = "create", "新建热点回应"
    EDIT = "edit", "修改"
    PUBLISH = "publish", "审核通过并发布"
    WITHDRAW = "withdraw", "撤回"


class HotTopic(models.Model):
    """One hot topic of a body: the matter, the official answer, the letters and Q&A on it."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="hot_topics", verbose_name="机关"
    )
    title = models.CharField("热点问题", max_length=100)
    answer = models.TextField("回应内容")
    letters = models.ManyToManyField(
        "participation.Letter", blank=True, related_name="hot_topics", verbose_name="相关来信"
    )
    questions = models.ManyToManyField(
        "participation.PolicyQuestion",
        blank=True,
        related_name="hot_topics",
        verbose_name="相关简明问答",
    )
    status = models.CharField(
        "状态",
        max_length=10,
        choices=TopicStatus.choices,
        default=TopicStatus.DRAFT,
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="编写人",
        editable=False,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "热点回应"
        verbose_name_plural = "热点回应"
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class TopicEvent(models.Model):
    """One transition of one topic. Append-only: written by `participation.topic_workflow`."""

    topic = models.ForeignKey(
        HotTopic, on_delete=models.CASCADE, related_name="events", verbose_name="热点回应"
    )
    action = models.CharField("操作", max_length=10, choices=TopicAction.choices)
    from_status = models.CharField("原状态", max_length=10, choices=TopicStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=10, choices=TopicStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "热点回应记录"
        verbose_name_plural = "热点回应记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.topic_id} {self.get_action_display()}"
