"""The change feed (interconnection, E3; docs/interconnection.md "The change feed"): every
publication, republication, repeal and unpublication of a public document, in one total order
that a harvesting site follows with a cursor.

Writes (`changes_record`) happen in the transaction of the change itself, through the signals
(`signals.connect_changes`): a change committed is in the feed, a change rolled back is not. The
sequence number comes from `ChangeCounter`, locked until the transaction commits, so numbers are
given in commit order and without gaps: a reader that has seen N has seen everything up to N,
whatever ran concurrently (SQLite writes one transaction at a time anyway).

Reads (`/api/v1/changes?since=&limit=`, `/api/v1/changes/ids`) are the router at the end.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from ninja import Field, Query, Router, Schema

from gongkai.documents.models import PolicyDocumentPage
from gongkai.documents.selectors import documents_public
from gongkai.publishing.models import Change, ChangeAction, ChangeCounter

MAX_LIMIT = 1000


@transaction.atomic
def changes_record(*changes: tuple[int, str]) -> list[int]:
    """Record (document id, action) pairs in order; returns their sequence numbers. Holds the
    counter's row lock until the surrounding transaction commits."""
    if not changes:
        return []
    ChangeCounter.objects.get_or_create(pk=1)  # the first change ever (or after a flush)
    counter = ChangeCounter.objects.select_for_update().get(pk=1)
    rows = []
    for document_id, action in changes:
        counter.value += 1
        rows.append(Change(seq=counter.value, document_id=document_id, action=action))
    counter.save(update_fields=["value"])
    Change.objects.bulk_create(rows)
    return [row.seq for row in rows]


def document_published(page: PolicyDocumentPage) -> None:
    """Published or republished: an upsert; the version it amends is now 已修改: an upsert too."""
    changes = [(page.pk, ChangeAction.UPSERT)]
    if page.previous_version_id:
        changes.append((page.previous_version_id, ChangeAction.UPSERT))
    changes_record(*changes)


def document_unpublished(page: PolicyDocumentPage) -> None:
    """No longer public: a delete; the version it amended may be in force again: an upsert."""
    changes = [(page.pk, ChangeAction.DELETE)]
    if page.previous_version_id:
        changes.append((page.previous_version_id, ChangeAction.UPSERT))
    changes_record(*changes)


def document_changed(document_id: int) -> None:
    """Something shown with it changed (its repeal): an upsert, if it is public."""
    if documents_public().filter(pk=document_id).exists():
        changes_record((document_id, ChangeAction.UPSERT))


# --- The API ------------------------------------------------------------------------------------

router = Router(tags=["互联互通"])


class ChangeOut(Schema):
    seq: int = Field(description="序号：游标，按提交顺序递增，无间断")
    id: int = Field(description="文件编号，即 /api/v1/documents/{id}")
    action: str = Field(description="upsert：新增或更新（重新读取该文件）；delete：撤下或删除")
    at: datetime


class ChangeList(Schema):
    changes: list[ChangeOut]
    next: int = Field(description="下一次请求的 since")
    more: bool = Field(description="是否还有更多变更")


class ChangeFilters(Schema):
    since: int = Field(0, ge=0, description="上次取得的最后一个序号；从头开始为 0")
    limit: int = Field(100, ge=1, le=MAX_LIMIT)


@router.get("", response=ChangeList, summary="变更记录（增量）")
def list_changes(request, filters: Query[ChangeFilters]):
    """The changes after `since`, in order. Resume after any interruption with the `next` of the
    last answer: nothing is skipped or repeated."""
    rows = list(Change.objects.filter(seq__gt=filters.since).order_by("seq")[: filters.limit + 1])
    more = len(rows) > filters.limit
    rows = rows[: filters.limit]
    return {
        "changes": [
            {"seq": r.seq, "id": r.document_id, "action": r.action, "at": r.at} for r in rows
        ],
        "next": rows[-1].seq if rows else filters.since,
        "more": more,
    }


class IdOut(Schema):
    id: int
    version: datetime = Field(description="最近一次发布的时间：与本地保存的不同即须重新读取")


class IdList(Schema):
    cursor: int = Field(description="取得此清单时的最新序号：此后从这里继续增量读取")
    items: list[IdOut]


@router.get("/ids", response=IdList, summary="全部现有文件（全量核对）")
def list_ids(request):
    """Every public document with its version, and the change cursor they stand at: a harvester
    deletes what it holds and this list lacks, rereads what differs, then follows the feed from
    `cursor`."""
    with transaction.atomic():  # one snapshot on PostgreSQL (REPEATABLE READ not needed: the
        # cursor is read first, so any later change is in the feed after it)
        cursor = ChangeCounter.objects.filter(pk=1).values_list("value", flat=True).first() or 0
        items = [
            {"id": pk, "version": stamp}
            for pk, stamp in documents_public()
            .order_by("pk")
            .values_list("pk", "last_published_at")
            .iterator(chunk_size=5000)
        ]
    return {"cursor": cursor, "items": items}
