"""The search outbox: the database says what changed; each index follows it (architecture.md)."""

from __future__ import annotations

from django.db import models


class SearchOutbox(models.Model):
    """One row per change of searchable content, written in the same transaction as the change.

    The row names the object only (`key`); the indexer reads the object's current state when it
    applies the row, so replaying a row, or applying rows out of order, gives the same index.
    Rows are kept for every index that follows them (one per app server) and pruned by age.
    """

    key = models.CharField(max_length=80)  # "<app_label>.<model>:<pk>"
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "检索索引待更新记录"
        verbose_name_plural = "检索索引待更新记录"

    def __str__(self) -> str:
        return f"{self.pk} {self.key}"
