"""Writes of static publishing: the outbox, the worker's pass over it, the full rebuild, and the
drift check with its repair (docs/publishing.md)."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from gongkai.core.dates import today
from gongkai.documents.models import DocumentRepeal, PolicyDocumentPage
from gongkai.participation.models import ConsultationPage
from gongkai.publishing import deps, tree
from gongkai.publishing.facts import facts_of_document
from gongkai.publishing.models import PublishedFile, PublishOutbox, PublishState
from gongkai.publishing.render import Renderer
from gongkai.publishing.targets import (
    SiteRoot,
    Target,
    all_targets,
    page_targets,
    site_roots,
    subtree_ids,
)
from gongkai.publishing.tree import DEFAULT_SITE_DIR

logger = logging.getLogger(__name__)

BATCH = 500
# A batch naming more pages than this (the portal's subtree: every page) is a full rebuild.
FULL_ABOVE = 5000
STATE_TEMPLATES = "template_hash"
STATE_CHECKED = "checked_at"
STATE_DATED = "dated_through"


# --- State ---------------------------------------------------------------------------------------


def _state(name: str) -> str | None:
    return PublishState.objects.filter(name=name).values_list("value", flat=True).first()


def _set_state(name: str, value: str) -> None:
    PublishState.objects.update_or_create(name=name, defaults={"value": value})


def template_hash() -> str:
    """A hash of every template of the project's apps (and of the static manifest, when static
    files are hashed): when it changes, every page may have changed."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = []
    for config in apps.get_app_configs():
        folder = Path(config.path) / "templates"
        if base in folder.parents and folder.is_dir():
            files += [f for f in folder.rglob("*") if f.is_file()]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.is_file():
        files.append(manifest)
    for file in sorted(files):
        digest.update(str(file.relative_to(base)).encode())
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


# --- The outbox ----------------------------------------------------------------------------------


def publish_enqueue(keys: list[str]) -> None:
    """Record what to render again; call inside the transaction that makes the change. The
    worker's task is enqueued when that transaction commits (once per transaction)."""
    if not settings.PUBLISH_ENABLED or not keys:
        return
    PublishOutbox.objects.bulk_create([PublishOutbox(key=k) for k in dict.fromkeys(keys)])
    conn = transaction.get_connection()
    if not any(entry[1] is _enqueue_task for entry in conn.run_on_commit):
        transaction.on_commit(_enqueue_task, robust=True)


def publish_change(kind: str, facts: deps.Facts) -> None:
    publish_enqueue(deps.affected(kind, facts))


def _enqueue_task() -> None:
    publish_pending_task.enqueue()


@task()
def publish_pending_task() -> None:
    publish_pending()


@dataclass
class Counts:
    pages: int = 0  # addresses rendered
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: int = 0  # rendered, but not a publishable page (404, redirect, cookie)
    seconds: float = 0.0

    @property
    def per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def _lock_rows():
    qs = PublishOutbox.objects.order_by("id")
    if connection.features.has_select_for_update_skip_locked:
        qs = qs.select_for_update(skip_locked=True)
    return qs


def publish_pending(*, batch: int = BATCH) -> Counts:
    """Drain the outbox: coalesce the keys, render, write, delete the files of pages no longer
    public. Each batch is one transaction: rows go only with their work done."""
    counts = Counts()
    start = time.monotonic()
    while True:
        with transaction.atomic():
            rows = list(_lock_rows()[:batch])
            if not rows:
                break
            keys = {row.key for row in rows}
            page_ids, paths = _expand(keys)
            if deps.FULL in keys or len(page_ids) > FULL_ABOVE:
                _full(Path(settings.PUBLISH_ROOT), True, counts)
                PublishOutbox.objects.filter(id__lte=max(r.id for r in rows)).delete()
                continue
            _apply(page_ids, paths, counts)
            PublishOutbox.objects.filter(pk__in=[r.pk for r in rows]).delete()
    counts.seconds = time.monotonic() - start
    return counts


def _expand(keys) -> tuple[set[int], set[str]]:
    page_ids: set[int] = set()
    paths: set[str] = set()
    for key in keys:
        kind, _, value = key.partition(":")
        if kind == "page":
            page_ids.add(int(value))
        elif kind == "subtree":
            page_ids.add(int(value))
            page_ids.update(subtree_ids(int(value)))
        elif kind == "url":
            paths.add(value)
    return page_ids, paths


def _apply(page_ids: set[int], paths: set[str], counts: Counts) -> None:
    root = Path(settings.PUBLISH_ROOT)
    roots = site_roots()
    wanted = page_targets(page_ids, roots)
    wanted += [Target(DEFAULT_SITE_DIR, p, None, None) for p in sorted(paths)]
    sites = {r.site_dir: r for r in roots}
    renderer = Renderer()
    for target in wanted:
        _write(root, sites, target, counts, record=True, renderer=renderer)
    addresses = {(t.site_dir, t.path) for t in wanted}
    recorded = PublishedFile.objects.filter(
        Q(page_id__in=page_ids) | Q(site_dir=DEFAULT_SITE_DIR, path__in=paths)
    )
    for row in recorded:
        if (row.site_dir, row.path) not in addresses:
            _remove(root, row.site_dir, row.path, counts, record=True)


def _write(
    root: Path, sites: dict[str, SiteRoot], target: Target, counts, *, record, renderer: Renderer
) -> bool:
    """Render one address and write its file; what is not a publishable page is removed."""
    site = sites.get(target.site_dir)
    counts.pages += 1
    rendered = renderer(site.site, target.path) if site is not None else None
    if rendered is None or not rendered.publishable:
        counts.skipped += 1
        _remove(root, target.site_dir, target.path, counts, record=record)
        return False
    if tree.write_if_changed(tree.file_for(root, target.site_dir, target.path), rendered.content):
        counts.written += 1
    else:
        counts.unchanged += 1
    if record:
        PublishedFile.objects.update_or_create(
            site_dir=target.site_dir,
            path=target.path,
            defaults={
                "page_id": target.page_id,
                "sha256": tree.sha256(rendered.content),
                "source_stamp": target.stamp,
                "rendered_at": timezone.now(),
            },
        )
    return True


def _remove(root: Path, site_dir: str, path: str, counts, *, record) -> None:
    if tree.remove(root, site_dir, path):
        counts.removed += 1
    if record:
        PublishedFile.objects.filter(site_dir=site_dir, path=path).delete()


# --- The full rebuild ----------------------------------------------------------------------------


def publish_full(root: Path | None = None) -> Counts:
    """Render every public page into the tree (the publish root, or another directory, which
    then gets no records) and remove every file that should not be there."""
    counts = Counts()
    start = time.monotonic()
    main = root is None or Path(root).resolve() == Path(settings.PUBLISH_ROOT).resolve()
    root = Path(root) if root is not None else Path(settings.PUBLISH_ROOT)
    if main:
        with transaction.atomic():
            head = PublishOutbox.objects.order_by("-id").values_list("id", flat=True).first()
            _full(root, True, counts)
            if head is not None:  # what was asked before the rebuild began is done
                PublishOutbox.objects.filter(id__lte=head).delete()
    else:
        _full(root, False, counts)
    counts.seconds = time.monotonic() - start
    return counts


def _full(root: Path, record: bool, counts: Counts) -> None:
    sites = {r.site_dir: r for r in site_roots()}
    kept: set[tuple[str, str]] = set()
    renderer = Renderer()
    for target in all_targets():
        if _write(root, sites, target, counts, record=record, renderer=renderer):
            kept.add((target.site_dir, target.path))
    for site_dir, path in list(tree.walk(root)):
        if (site_dir, path) not in kept:
            _remove(root, site_dir, path, counts, record=False)
    if record:
        stale = [
            row.pk
            for row in PublishedFile.objects.only("site_dir", "path")
            if (row.site_dir, row.path) not in kept
        ]
        PublishedFile.objects.filter(pk__in=stale).delete()
        _set_state(STATE_TEMPLATES, template_hash())
        _set_state(STATE_DATED, today().isoformat())


# --- Drift ---------------------------------------------------------------------------------------


@dataclass
class Drift:
    missing: list[tuple[str, str]] = field(default_factory=list)  # should exist, does not
    extra: list[tuple[str, str]] = field(default_factory=list)  # should not exist, does
    stale: list[tuple[str, str]] = field(default_factory=list)  # older than the page's version
    dated: list[int] = field(default_factory=list)  # documents whose validity changed by date
    dated_pages: list[int] = field(default_factory=list)  # other pages that change by date
    templates_changed: bool = False  # or never fully built

    @property
    def any(self) -> bool:
        return bool(
            self.missing
            or self.extra
            or self.stale
            or self.dated
            or self.dated_pages
            or self.templates_changed
        )


def dated_documents(since: date, until: date) -> list[int]:
    """Documents whose validity changed after `since`, up to `until`, by the date alone: their
    施行日期, 失效日期 or 废止日期 came (an amended one changes with its new version's 施行日期); or
    whose 置顶截止日期 passed (the homes below stop showing it the day after)."""
    window = {"__gt": since, "__lte": until}
    dates = Q()
    for name in ("effective_on", "expires_on", "repealed_on"):
        dates |= Q(**{f"{name}{op}": value for op, value in window.items()})
    dates |= Q(pinned_until__gte=since, pinned_until__lt=until)  # gone the day after
    ids = set(PolicyDocumentPage.objects.live().filter(dates).values_list("pk", flat=True))
    repeals = DocumentRepeal.objects.filter(
        repealed_on__gt=since, repealed_on__lte=until
    ).values_list("document_id", flat=True)
    return sorted(ids | set(repeals))


def dated_consultations(since: date, until: date) -> list[int]:
    """Consultations whose page changed after `since`, up to `until`, by the date alone: they
    opened (the comment links appear), or the day after their closing day came (they go)."""
    return sorted(
        ConsultationPage.objects.live()
        .filter(
            Q(opens_on__gt=since, opens_on__lte=until)
            | Q(closes_on__gte=since, closes_on__lt=until)
        )
        .values_list("pk", flat=True)
    )


def publish_check() -> Drift:
    """Compare the tree with the database; reads only (no page is rendered)."""
    root = Path(settings.PUBLISH_ROOT)
    drift = Drift()
    expected = {(t.site_dir, t.path): t for t in all_targets()}
    on_disk = set(tree.walk(root))
    records = {
        (r.site_dir, r.path): r.source_stamp
        for r in PublishedFile.objects.only("site_dir", "path", "source_stamp")
    }
    drift.missing = sorted(set(expected) - on_disk)
    drift.extra = sorted(on_disk - set(expected))
    for address in sorted(set(expected) & on_disk):
        stamp = expected[address].stamp
        if address not in records:
            drift.stale.append(address)
        elif stamp is not None and (records[address] is None or records[address] < stamp):
            drift.stale.append(address)
    stored = _state(STATE_TEMPLATES)
    # Never fully built (a new installation) counts as changed: the repair builds it all.
    drift.templates_changed = stored != template_hash()
    through = _state(STATE_DATED)
    if through is not None and date.fromisoformat(through) < today():
        drift.dated = dated_documents(date.fromisoformat(through), today())
        drift.dated_pages = dated_consultations(date.fromisoformat(through), today())
    return drift


def publish_repair(drift: Drift | None = None) -> Counts:
    """Make the tree equal to the database: a full rebuild when the templates changed, else the
    missing and stale addresses rendered, the extra files removed, the dated documents'
    dependents rendered, and whatever the outbox still holds (a crashed worker's rows)."""
    drift = drift if drift is not None else publish_check()
    if drift.templates_changed:
        return publish_full()
    root = Path(settings.PUBLISH_ROOT)
    counts = Counts()
    for site_dir, path in drift.extra:
        _remove(root, site_dir, path, counts, record=True)
    keys = []
    expected = (
        {(t.site_dir, t.path): t for t in all_targets()} if drift.missing or drift.stale else {}
    )
    for address in [*drift.missing, *drift.stale]:
        target = expected.get(address)
        if target is not None:
            keys.append(f"page:{target.page_id}" if target.page_id else f"url:{target.path}")
    for pk in drift.dated:
        document = PolicyDocumentPage.objects.filter(pk=pk).first()
        if document is not None:
            keys += deps.affected("document", facts_of_document(document))
    keys += [f"page:{pk}" for pk in drift.dated_pages]
    with transaction.atomic():
        PublishOutbox.objects.bulk_create([PublishOutbox(key=k) for k in dict.fromkeys(keys)])
        _set_state(STATE_DATED, today().isoformat())
    done = publish_pending()
    done.removed += counts.removed
    return done


def check_due(min_interval: int) -> bool:
    """Whether the periodic check is due (the last one is older than `min_interval` seconds)."""
    last = _state(STATE_CHECKED)
    now = timezone.now()
    if last is not None and now.timestamp() - float(last) < min_interval:
        return False
    _set_state(STATE_CHECKED, str(now.timestamp()))
    return True
