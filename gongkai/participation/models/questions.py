"""Policy Q&A (简明问答, requirement D3): a question the public asks about a policy, the answer, and
the policies (and their articles) the answer rests on.

An entry is written by a body's staff — from scratch or from a letter to the mailbox and its reply
(`qa_workflow.question_from_letter`) — and reviewed by the body's reviewer before the public reads
it. Its status changes only in `participation.qa_workflow` (its TABLE). A published entry is
shown on the page of each policy it rests on, beside the interpretations, and is found by the main
search (it registers with the search outbox like a document: `participation/qa_search.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.topics import topic_choices


class QuestionStatus(models.TextChoices):
    """Where an entry is. Changed only by `participation.qa_workflow` (its TABLE)."""

    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "待审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


class QuestionAction(models.TextChoices):
    """What happened to an entry: one event per transition."""

    CREATE = "create", "新建问答"
    FROM_LETTER = "from_letter", "由来信生成问答"
    EDIT = "edit", "修改"
    SUBMIT = "submit", "提交审核"
    RETURN = "return", "退回修改"
    PUBLISH = "publish", "审核通过并发布"
    WITHDRAW = "withdraw", "撤回"


class PolicyQuestion(models.Model):
    """One entry of a body's policy Q&A."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="policy_questions", verbose_name="机关"
    )
    question = models.TextField("问题")
    answer = models.TextField("解答")
    topic = models.CharField("主题分类", max_length=60, choices=topic_choices(), blank=True)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=QuestionStatus.choices,
        default=QuestionStatus.DRAFT,
        editable=False,
    )
    source_letter = models.ForeignKey(
        "participation.Letter",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="policy_questions",
        verbose_name="来源来信",
        editable=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="编写人",
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交审核人",
        editable=False,
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "简明问答"
        verbose_name_plural = "简明问答"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "body", "published_at"], name="question_public"),
        ]

    def __str__(self) -> str:
        return self.question[:40]

    @property
    def is_public(self) -> bool:
        return self.status == QuestionStatus.PUBLISHED


class QuestionBasis(models.Model):
    """A policy an answer rests on, and the article(s) of it (第三条, 第五条第二款), if one."""

    question = models.ForeignKey(
        PolicyQuestion, on_delete=models.CASCADE, related_name="bases", verbose_name="问答"
    )
    document = models.ForeignKey(
        PolicyDocumentPage,
        on_delete=models.CASCADE,
        related_name="question_bases",
        verbose_name="政策文件",
    )
    article = models.CharField("条款", max_length=60, blank=True, help_text="如：第三条")
    sort_order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "政策依据"
        verbose_name_plural = "政策依据"
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "document", "article"], name="question_basis_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.article}"


class QuestionEvent(models.Model):
    """One transition of one entry. Append-only: written by `participation.qa_workflow`."""

    question = models.ForeignKey(
        PolicyQuestion, on_delete=models.CASCADE, related_name="events", verbose_name="问答"
    )
    action = models.CharField("操作", max_length=12, choices=QuestionAction.choices)
    from_status = models.CharField(
        "原状态", max_length=10, choices=QuestionStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=10, choices=QuestionStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("记录时间", default=timezone.now)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "简明问答记录"
        verbose_name_plural = "简明问答记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.question_id} {self.get_action_display()}"
