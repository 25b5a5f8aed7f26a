"""Writes to columns: giving a body the columns of the catalogue template, and bringing the columns
of existing bodies in line with the template after the operator changed it (docs/columns.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task
from wagtail.models import Page, Revision

from gongkai.bodies.models import Body
from gongkai.columns.catalogue import load_default_catalogue
from gongkai.columns.models import CatalogueEntry, ColumnPage
from gongkai.core.audit import audit_log

AUDIT_CATALOGUE_APPLY = "gongkai.columns.catalogue_apply"

# What a column takes from its template entry. `required` is the operator's judgement (it decides
# what the completeness report asks of the body), so it follows the template even on a column the
# body has edited; the others only on a column no staff member has edited.
TEMPLATE_FIELDS = ("title", "listing", "doc_types")
REASON_EDITED = "本机关修改过该栏目，保留其名称和设置"
REASON_DRAFT = "栏目有未发布的修改"
REASON_OFFLINE = "栏目已被本机关取消发布"
REASON_HAS_CONTENT = "栏目下已有内容，移动或改路径会改变已发布内容的网址"
REASON_NO_PARENT = "新的上级栏目在本机关不存在"
REASON_SLUG_TAKEN = "新位置已有同路径的栏目"


def _entries_in_tree_order() -> list[CatalogueEntry]:
    if not CatalogueEntry.objects.exists():
        # The default catalogue comes with a migration; a database emptied since (a flush) gets
        # it back rather than bodies without columns.
        load_default_catalogue(CatalogueEntry)
    entries = list(CatalogueEntry.objects.all())
    keys_by_pk = {e.pk: e.key for e in entries}
    for e in entries:
        e.parent_key = keys_by_pk.get(e.parent_id)  # without a query per entry
    by_parent: dict[int | None, list[CatalogueEntry]] = {}
    for e in entries:
        by_parent.setdefault(e.parent_id, []).append(e)
    ordered: list[CatalogueEntry] = []

    def walk(parent_id):
        for e in sorted(by_parent.get(parent_id, []), key=lambda e: (e.position, e.key)):
            ordered.append(e)
            walk(e.pk)

    walk(None)
    return ordered


def _applicable(entries: list[CatalogueEntry], level: str) -> dict[str, CatalogueEntry]:
    """The entries a body of this tier gets: those that apply to it under a parent that does."""
    applicable: dict[str, CatalogueEntry] = {}
    for entry in entries:  # tree order: a parent comes before its children
        if not entry.applies_to(level):
            continue
        if entry.parent_key is not None and entry.parent_key not in applicable:
            continue
        applicable[entry.key] = entry
    return applicable


def _add_missing(home, applicable: dict[str, CatalogueEntry], existing: dict) -> list[ColumnPage]:
    created = []
    for key, entry in applicable.items():
        if key in existing:
            continue
        parent = home if entry.parent_key is None else existing.get(entry.parent_key)
        if parent is None:
            continue
        column = ColumnPage(
            title=entry.title,
            slug=entry.slug,
            catalogue_key=entry.key,
            listing=entry.listing,
            doc_types=entry.doc_types,
            required=entry.required,
            live=True,
        )
        parent.add_child(instance=column)
        existing[key] = column
        created.append(column)
    return created


@transaction.atomic
def catalogue_apply(body) -> list[ColumnPage]:
    """Create the catalogue's columns a body lacks (idempotent; existing columns are kept as edited)."""
    home = body.home_page.specific
    existing = {
        c.catalogue_key: c for c in ColumnPage.objects.descendant_of(home).exclude(catalogue_key="")
    }
    applicable = _applicable(_entries_in_tree_order(), body.government_level)
    return _add_missing(home, applicable, existing)


@dataclass
class CatalogueChange:
    """What applying the template did (or, in a dry run, would do) to one body's columns."""

    body: object
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    kept: int = 0
    not_changed: list[str] = field(default_factory=list)  # "栏目：原因"
    dropped_with_content: list[str] = field(default_factory=list)
    dropped_empty: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.moved)

    def summary(self) -> str:
        parts = [f"新增{len(self.added)}个栏目", f"保留{self.kept}个"]
        if self.updated:
            parts.append(f"更新{len(self.updated)}个（{'、'.join(self.updated)}）")
        if self.moved:
            parts.append(f"移动{len(self.moved)}个（{'、'.join(self.moved)}）")
        if self.not_changed:
            parts.append(f"未按模板调整{len(self.not_changed)}个（{'；'.join(self.not_changed)}）")
        if self.dropped_with_content:
            parts.append(
                f"模板中已删除但栏目有内容、未删除{len(self.dropped_with_content)}个"
                f"（{'、'.join(self.dropped_with_content)}）"
            )
        if self.dropped_empty:
            parts.append(
                f"模板中已删除的空栏目{len(self.dropped_empty)}个，未自动删除，请确认后在页面管理中删除"
                f"（{'、'.join(self.dropped_empty)}）"
            )
        return "，".join(parts) + "。"

    def as_data(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "moved": self.moved,
            "kept": self.kept,
            "not_changed": self.not_changed,
            "dropped_with_content": self.dropped_with_content,
            "dropped_empty": self.dropped_empty,
        }


def _paths_with_content(home) -> set[str]:
    """Paths of the columns that hold content: a page other than a column anywhere below them."""
    holders: set[str] = set()
    step = Page.steplen
    for path in (
        Page.objects.filter(path__startswith=home.path, depth__gt=home.depth)
        .not_type(ColumnPage)
        .values_list("path", flat=True)
    ):
        for end in range(len(home.path) + step, len(path), step):
            holders.add(path[:end])
    return holders


def _update_column(column: ColumnPage, values: dict) -> None:
    """Change a live column through a published revision, as an editor's change would be made."""
    for name, value in values.items():
        setattr(column, name, value)
    column.save_revision(user=None, log_action=False).publish(user=None, log_action=False)


def _sync_column(column, entry, edited: bool, change: CatalogueChange) -> None:
    wanted = {"required": entry.required}
    if not edited:
        wanted.update({name: getattr(entry, name) for name in TEMPLATE_FIELDS})
    differs = {k: v for k, v in wanted.items() if getattr(column, k) != v}
    template_differs = any(getattr(column, n) != getattr(entry, n) for n in TEMPLATE_FIELDS)
    label = column.title
    if not differs:
        if edited and template_differs:
            change.not_changed.append(f"{label}：{REASON_EDITED}")
        else:
            change.kept += 1
        return
    if not column.live:
        change.not_changed.append(f"{label}：{REASON_OFFLINE}")
        return
    if column.has_unpublished_changes:
        change.not_changed.append(f"{label}：{REASON_DRAFT}")
        return
    _update_column(column, differs)
    if "title" in differs and label != column.title:
        change.updated.append(f"{label}→{column.title}")
    else:
        change.updated.append(label)
    if edited and template_differs:
        change.not_changed.append(f"{label}：{REASON_EDITED}")


def _move_column(column, entry, home, existing: dict, change: CatalogueChange) -> bool:
    """Put a column under the parent (and at the slug) the template now gives it, if safe; True
    when it moved (the paths below it changed)."""
    parent_path = column.path[: -Page.steplen]
    parent = None if parent_path == home.path else _by_path(existing).get(parent_path)
    parent_key = parent.catalogue_key if parent is not None else None
    moving = parent_key != entry.parent_key
    if not moving and column.slug == entry.slug:
        return False
    if column.content:
        change.not_changed.append(f"{column.title}：{REASON_HAS_CONTENT}")
        return False
    target = home if entry.parent_key is None else existing.get(entry.parent_key)
    if target is None:
        change.not_changed.append(f"{column.title}：{REASON_NO_PARENT}")
        return False
    target = Page.objects.get(pk=target.pk)  # fresh: tree fields change as columns move
    if Page.objects.child_of(target).exclude(pk=column.pk).filter(slug=entry.slug).exists():
        change.not_changed.append(f"{column.title}：{REASON_SLUG_TAKEN}")
        return False
    if not column.live or column.has_unpublished_changes:
        change.not_changed.append(
            f"{column.title}：{REASON_OFFLINE if not column.live else REASON_DRAFT}"
        )
        return False
    if column.slug != entry.slug:
        _update_column(column, {"slug": entry.slug})
    if moving:
        column.move(target, pos="last-child")
    change.moved.append(column.title)
    return moving


def _by_path(existing: dict) -> dict:
    return {c.path: c for c in existing.values()}


def _report_dropped(column, change: CatalogueChange) -> None:
    """A column the template no longer gives this body: never deleted (its content, its address);
    reported, and no longer required, so that the completeness report stops asking for it."""
    (change.dropped_with_content if column.content else change.dropped_empty).append(column.title)
    if column.required and column.live and not column.has_unpublished_changes:
        _update_column(column, {"required": False})
        change.updated.append(f"{column.title}（不再为必设栏目）")


def catalogue_sync(body, *, user=None) -> CatalogueChange:
    """Bring one body's columns in line with the template: add what is missing, update and move
    what is safe to, never delete (a column the template dropped is reported)."""
    home = Page.objects.get(pk=body.home_page_id)
    change = CatalogueChange(body=body)
    entries = _entries_in_tree_order()
    applicable = _applicable(entries, body.government_level)
    columns = list(ColumnPage.objects.descendant_of(home).exclude(catalogue_key=""))
    existing = {c.catalogue_key: c for c in columns}
    change.added = [c.title for c in _add_missing(home, applicable, existing)]
    edited_ids = set(
        Revision.page_revisions.filter(
            object_id__in=[str(c.pk) for c in columns], user__isnull=False
        ).values_list("object_id", flat=True)
    )
    holders = _paths_with_content(home)
    for column in columns:
        column.content = column.path in holders or bool(column.intro and column.intro.strip())
        entry = applicable.get(column.catalogue_key)
        if entry is None:
            _report_dropped(column, change)
            continue
        _sync_column(column, entry, str(column.pk) in edited_ids, change)
    for column in columns:
        entry = applicable.get(column.catalogue_key)
        if entry is not None and _move_column(column, entry, home, existing, change):
            for c in existing.values():  # the paths below the moved column changed
                c.refresh_from_db(fields=["path", "depth", "url_path"])
    if change.changed:
        audit_log(body, AUDIT_CATALOGUE_APPLY, user=user, data=change.as_data())
    return change


def catalogue_apply_all(bodies: Iterable, *, dry_run: bool = False, user=None) -> list:
    """`catalogue_sync` for each body, each in its own transaction; a dry run does the same in one
    transaction that it rolls back, so it reports exactly what a real run would change."""
    bodies = [b for b in bodies if b.home_page_id]
    if not dry_run:
        changes = []
        for body in bodies:
            with transaction.atomic():
                changes.append(catalogue_sync(body, user=user))
        return changes
    with transaction.atomic():
        changes = [catalogue_sync(body) for body in bodies]
        transaction.set_rollback(True)
    return changes


@task()
def catalogue_apply_task(user_id: int | None = None) -> int:
    """The admin's 应用到所有机关 on a tree too large for one request (views.SYNC_LIMIT): each body's
    changes go to its audit log. Returns how many bodies changed."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    bodies = Body.objects.select_related("home_page").order_by("path")
    return sum(1 for change in catalogue_apply_all(bodies, user=user) if change.changed)
