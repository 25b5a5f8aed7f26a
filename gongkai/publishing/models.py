"""Static publishing: the outbox of changes to render, and what the publish tree holds."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class PublishOutbox(models.Model):
    """One row per thing to render again, written in the same transaction as the change.

    `key` names what to render, never its content: "page:<id>" (the page at every address it
    has), "subtree:<id>" (the page and every page below it), "url:<path>" (a public view that is
    not a page, on the default site) or "full" (everything). The worker renders the current
    state, so a row applied twice or late gives the same tree; a crash leaves the rows to redo.
    """

    key = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "静态发布待更新记录"
        verbose_name_plural = "静态发布待更新记录"

    def __str__(self) -> str:
        return f"{self.pk} {self.key}"


class PublishedFile(models.Model):
    """A file of the publish tree as the worker wrote it: where, from which page and version."""

    site_dir = models.CharField(max_length=255)
    path = models.CharField(max_length=1000)  # the URL path, "/" or "/a/b/"
    page_id = models.IntegerField(null=True, db_index=True)
    sha256 = models.CharField(max_length=64)
    # The page's last_published_at when it was rendered; older than the page's: stale.
    source_stamp = models.DateTimeField(null=True)
    rendered_at = models.DateTimeField()

    class Meta:
        verbose_name = "已发布静态文件"
        verbose_name_plural = "已发布静态文件"
        constraints = [
            models.UniqueConstraint(fields=["site_dir", "path"], name="published_file_unique")
        ]

    def __str__(self) -> str:
        return f"{self.site_dir}{self.path}"


class PublishState(models.Model):
    """Small named values of the publisher: the hash of the templates of the last full rebuild,
    the last drift check, the last day whose validity changes were rendered."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.CharField(max_length=200)

    class Meta:
        verbose_name = "静态发布状态"
        verbose_name_plural = "静态发布状态"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Tombstone(models.Model):
    """A public document that is no longer public (unpublished, deleted, restricted): what the
    feeds announce as an RFC 6721 `at:deleted-entry`, so that a reader or a harvesting site
    removes it. Written when the document leaves, removed when it comes back
    (`publishing.tombstones`). Not a foreign key: the page may be gone."""

    page_id = models.PositiveIntegerField("页面编号", unique=True)
    url = models.CharField("原网址", max_length=500)
    title = models.CharField("标题", max_length=255)
    owner_path = models.CharField(
        "所属机关或文件库的页面路径", max_length=255, blank=True, db_index=True
    )  # the body home's (or library's) treebeard path: a feed of a body takes its subtree
    parent_id = models.PositiveIntegerField("所在栏目", null=True, blank=True, db_index=True)
    doc_type = models.CharField("文种", max_length=32, blank=True)
    gone_at = models.DateTimeField("撤下时间", db_index=True)

    class Meta:
        verbose_name = "已撤下文件记录"
        verbose_name_plural = "已撤下文件记录"

    def __str__(self) -> str:
        return f"{self.page_id} {self.title}"


class ChangeAction(models.TextChoices):
    UPSERT = "upsert", "新增或更新"
    DELETE = "delete", "撤下或删除"


class ChangeCounter(models.Model):
    """The last sequence number given to a `Change` (one row). Taken with a row lock in the
    transaction that records a change and held until it commits, so that sequence numbers are
    given in commit order: a reader that has seen number N has seen every change up to N."""

    value = models.BigIntegerField("已用序号", default=0)

    class Meta:
        verbose_name = "变更序号"
        verbose_name_plural = "变更序号"

    def __str__(self) -> str:
        return str(self.value)


class Change(models.Model):
    """One change of a public document, in the order of the change feed (`/api/v1/changes`):
    published or republished (its validity may have changed: an upsert), or no longer public (a
    delete). A harvester follows `seq` (publishing/changes.py)."""

    seq = models.BigIntegerField("序号", unique=True)
    document_id = models.PositiveIntegerField("文件编号", db_index=True)
    action = models.CharField("变更", max_length=10, choices=ChangeAction.choices)
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = "文件变更记录"
        verbose_name_plural = "文件变更记录"
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"{self.seq} {self.action} {self.document_id}"
