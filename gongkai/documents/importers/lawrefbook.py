"""Import the national law corpus (LawRefBook, `manifest.jsonl`) into a 国家法律法规库 library.

Requirement A8. One page per version; versions of a law are chained oldest → newest through
`previous_version` (grouped by source database and name, ordered by 公布日期, as the manifest's
`validity_derived` is); the newest version of a law upstream marks as expired is recorded as
repealed with an unknown date. Re-running changes nothing: every row has a `source_key`.
Rows that cannot be imported are reported with the reason, never half-imported. The text is
cleaned as every text taken from a document is (`documents.cleaning`: private-use glyphs, full-width
digits). `import_law_rows` imports rows that carry their text, such as the demo's sample of laws.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import F
from django.db.models.signals import post_save
from django.utils.html import escape
from modelsearch.signal_handlers import post_save_signal_handler as modelsearch_post_save
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from gongkai.core.dates import local_tz
from gongkai.documents.cleaning import clean_text
from gongkai.documents.docnumber import parse_doc_number
from gongkai.documents.models import DocType, DocumentRepeal, LibraryPage, PolicyDocumentPage
from gongkai.documents.services import document_assign_index_number, index_prefix_for
from gongkai.search.services import search_enqueue

SOURCE = "lawrefbook"
LIBRARY_SLUG = "flfg"
LIBRARY_TITLE = "国家法律法规库"
LIBRARY_INDEX_CODE = "flfg"

# level in the manifest → (doc type, sub-library slug, sub-library title)
LEVELS: dict[str, tuple[str, str, str]] = {
    "宪法": (DocType.CONSTITUTION, "xf", "宪法"),
    "法律": (DocType.LAW, "fl", "法律"),
    "行政法规": (DocType.ADMINISTRATIVE_REGULATION, "xzfg", "行政法规"),
    "司法解释": (DocType.JUDICIAL_INTERPRETATION, "sfjs", "司法解释"),
    "部门规章": (DocType.DEPARTMENTAL_RULE, "bmgz", "部门规章"),
    "地方性法规": (DocType.LOCAL_REGULATION, "dfxfg", "地方性法规"),
}
LEFT_OUT_LEVELS = {"案例": "案例不属于政府文件库", "其他": "非官方文本，不导入"}
INFO_END = "<!-- INFO END -->"
IMPORT_REPEAL_NOTE = "已废止（原数据未载明废止日期和依据）"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    left_out: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (row id / line, reason)
    chained: int = 0
    repealed: int = 0

    def summary(self) -> str:
        lines = [
            f"新导入 {self.created} 件，已存在未改动 {self.unchanged} 件，版本链接 {self.chained} 处，"
            f"记录废止 {self.repealed} 件。"
        ]
        for reason, count in self.left_out.items():
            lines.append(f"未导入 {count} 行：{reason}")
        for where, reason in self.rejected:
            lines.append(f"无法导入 {where}：{reason}")
        return "\n".join(lines)


def _parse_date(value) -> date | None:
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _dates(row: dict) -> tuple[date | None, date | None]:
    """(公布日期, 施行日期) of a version, falling back to the header lines when the db lacks them."""
    events = [
        (d, e["type"]) for e in row.get("header_events") or [] if (d := _parse_date(e.get("date")))
    ]
    published = _parse_date(row.get("publish"))
    if published is None:
        # The version's date is the latest enactment/amendment line of its header.
        candidates = [
            d
            for d, kind in events
            if kind in {"通过", "公布", "修正", "修订", "发布", "批准", "印发"}
        ]
        published = max(candidates, default=None)
    effective = _parse_date(row.get("valid_from"))
    if effective is None:
        # A 施行 line counts only if it is not older than this version (it may be the first text's).
        later = [
            d
            for d, kind in events
            if kind in {"施行", "实施"} and (published is None or d >= published)
        ]
        effective = min(later, default=None)
    return published, effective


def markdown_to_html(text: str) -> str:
    """The corpus's Markdown (headings and paragraphs only) as safe HTML."""
    if INFO_END in text:
        text = text.split(INFO_END, 1)[1]
    out = []
    for raw in clean_text(text, wrapped=False).splitlines():
        line = raw.strip()
        if not line:
            continue
        level = len(line) - len(line.lstrip("#"))
        if 1 <= level <= 4 and line[level : level + 1] == " ":
            tag = "h2" if level <= 2 else "h3"
            out.append(f"<{tag}>{escape(line[level:].strip())}</{tag}>")
        else:
            out.append(f"<p>{escape(line)}</p>")
    return "".join(out)


def _library_ensure(portal) -> dict[str, LibraryPage]:
    root = LibraryPage.objects.filter(slug=LIBRARY_SLUG, depth=portal.depth + 1).first()
    if root is None:
        root = LibraryPage(
            title=LIBRARY_TITLE,
            slug=LIBRARY_SLUG,
            index_code=LIBRARY_INDEX_CODE,
            live=True,
            intro="宪法、法律、行政法规、司法解释、部门规章和地方性法规（来源：国家法律法规数据库整理本）。",
        )
        portal.add_child(instance=root)
    children = {}
    for _doc_type, slug, title in LEVELS.values():
        child = LibraryPage.objects.child_of(root).filter(slug=slug).first()
        if child is None:
            child = LibraryPage(
                title=title, slug=slug, index_code=f"{LIBRARY_INDEX_CODE}-{slug}", live=True
            )
            root.add_child(instance=child)
            root.refresh_from_db()
        children[slug] = child
    return children


def load_manifest(folder: Path, report: ImportReport) -> list[dict]:
    rows = []
    with open(folder / "manifest.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                report.rejected.append((f"第{number}行", f"不是有效的 JSON（{exc.msg}）"))
                continue
            if _accepted(row, f"第{number}行", report):
                rows.append(row)
    return rows


def _accepted(row, where: str, report: ImportReport) -> bool:
    if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
        report.rejected.append((where, "缺少 id 或 name"))
        return False
    if row.get("level") in LEFT_OUT_LEVELS:
        report.left_out[LEFT_OUT_LEVELS[row["level"]]] += 1
        return False
    if row.get("level") not in LEVELS:
        report.rejected.append((row["id"], f"未知的层级：{row.get('level')}"))
        return False
    return True


def import_lawrefbook(folder: Path, portal) -> ImportReport:
    report = ImportReport()
    rows = load_manifest(folder, report)

    def read(row: dict) -> str:
        return (folder / row["file"]).read_text(encoding="utf-8")

    with wagtail_search_paused():
        return _import(rows, read, portal, report)


def import_law_rows(rows: list[dict], portal) -> ImportReport:
    """Manifest rows that carry their Markdown text under "text" (the demo's sample of laws)."""
    report = ImportReport()
    accepted = [row for n, row in enumerate(rows, start=1) if _accepted(row, f"第{n}条", report)]
    with wagtail_search_paused():
        return _import(accepted, lambda row: row["text"], portal, report)


class _Shelf:
    """One sub-library taking new laws at its end, as treebeard's `add_child` would put them, but
    without its work per page that gives the same answer every time: the last child is looked up
    only when the library's number of children is not the one this shelf left (another writer, or
    a row rolled back), the locale is the library's, and the page is validated without fetching
    the rows its relations point at (none is set but the locale, taken from the library, and the
    content type). The 索引号 prefix of its pages is the same for all of them: found once."""

    def __init__(self, library: LibraryPage):
        self.library = library
        self.children: int | None = None  # the library's numchild after this shelf's last page
        self.last_step = 0
        self.prefix = ""

    def add(self, page: PolicyDocumentPage) -> None:
        library = self.library
        # Locked as add_child locks it: pages added at the same time queue here.
        children = Page.objects.select_for_update().values_list("numchild", flat=True)
        children = children.get(pk=library.pk)
        if children != self.children:
            last = Page.objects.child_of(library).order_by("-path").values_list("path", flat=True)
            last_path = last.first()
            self.last_step = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
        page.depth = library.depth + 1
        page.path = Page._get_path(library.path, page.depth, self.last_step + 1)
        page.locale_id = library.locale_id
        page._cached_parent_obj = library
        page.full_clean(exclude=_RELATIONS)
        page.save(clean=False)
        Page.objects.filter(pk=library.pk).update(numchild=F("numchild") + 1)
        library.numchild = self.children = children + 1
        self.last_step += 1
        self.prefix = self.prefix or index_prefix_for(page)


_RELATIONS = [f.name for f in PolicyDocumentPage._meta.concrete_fields if f.is_relation]


def _import(rows: list[dict], read, portal, report: ImportReport) -> ImportReport:
    libraries = {slug: _Shelf(page) for slug, page in _library_ensure(portal).items()}
    existing = dict(
        PolicyDocumentPage.objects.filter(source_key__startswith=f"{SOURCE}:").values_list(
            "source_key", "pk"
        )
    )
    pages: dict[str, int] = {}
    created: list[PolicyDocumentPage] = []
    for row in rows:
        key = f"{SOURCE}:{row['id']}"
        if key in existing:
            pages[row["id"]] = existing[key]
            report.unchanged += 1
            continue
        try:
            page = _import_row(read, row, libraries)
        except (OSError, UnicodeDecodeError, KeyError) as exc:
            report.rejected.append(
                (row["id"], f"无法读取正文文件 {row.get('file')}：{exc.__class__.__name__}")
            )
            continue
        except (ValidationError, DatabaseError, ValueError) as exc:
            # The row's own transaction rolled back: nothing of it is left half-imported.
            report.rejected.append((row["id"], f"数据无效：{_reason(exc)}"))
            continue
        created.append(page)
        pages[row["id"]] = page.pk
        report.created += 1
    _link_versions(rows, pages, report)
    search_enqueue(*PolicyDocumentPage.objects.filter(pk__in=pages.values()))
    _wagtail_index(created)
    return report


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValidationError) and hasattr(exc, "message_dict"):
        return "；".join(f"{k}：{'，'.join(v)}" for k, v in exc.message_dict.items())
    return str(exc)[:200]


def _wagtail_index(pages: list[PolicyDocumentPage]) -> None:
    """Add the new pages to Wagtail's admin search in one batch (per-save indexing was switched
    off during the import: it was a third of the import's time on PostgreSQL)."""
    if not pages:
        return
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(PolicyDocumentPage, pages)


@contextmanager
def wagtail_search_paused():
    """Switch off Wagtail's per-save search indexing of documents while importing."""
    post_save.disconnect(modelsearch_post_save, sender=PolicyDocumentPage)
    try:
        yield
    finally:
        post_save.connect(modelsearch_post_save, sender=PolicyDocumentPage)


@transaction.atomic
def _import_row(read, row: dict, libraries: dict[str, _Shelf]) -> PolicyDocumentPage:
    doc_type, slug, _ = LEVELS[row["level"]]
    text = read(row)
    published, effective = _dates(row)
    number = ""
    for candidate in reversed(row.get("doc_number_candidates") or []):
        parsed = parse_doc_number(candidate)
        if parsed.valid:
            number = parsed.normalized
            break
    issuers = row.get("issuing_body_candidates") or []
    header = "；".join(e.get("text", "") for e in row.get("header_events") or [] if e.get("text"))
    moment = datetime.combine(published, time(9, 0), tzinfo=local_tz()) if published else None
    page = PolicyDocumentPage(
        title=row["name"][:255],
        slug=row["id"][:16],
        doc_type=doc_type,
        issuer_names=(issuers[0] if issuers else "（未注明）")[:300],
        doc_number=number,
        written_on=published,
        effective_on=effective if effective and published and effective >= published else None,
        summary=header,
        body=markdown_to_html(text),
        source_key=f"{SOURCE}:{row['id']}",
        live=True,
        has_unpublished_changes=False,
        first_published_at=moment,
        last_published_at=moment,
    )
    shelf = libraries[slug]
    shelf.add(page)
    document_assign_index_number(page, prefix=shelf.prefix)
    return page


@transaction.atomic
def _link_versions(rows: list[dict], pages: dict[str, int], report: ImportReport) -> None:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        if row["id"] in pages:
            groups[(row.get("source_db", ""), row["name"])].append(row)
    for versions in groups.values():
        versions.sort(key=lambda r: r.get("publish") or "")
        for older, newer in itertools.pairwise(versions):
            # Set unconditionally: a version imported later (e.g. its file was missing before)
            # goes into the chain between the ones already linked.
            report.chained += (
                PolicyDocumentPage.objects.filter(pk=pages[newer["id"]])
                .exclude(previous_version_id=pages[older["id"]])
                .update(previous_version_id=pages[older["id"]])
            )
        newest = versions[-1]
        # Only the newest version of a law can carry the import's repeal record.
        DocumentRepeal.objects.filter(
            document_id__in=[pages[v["id"]] for v in versions[:-1]],
            repealing_title=IMPORT_REPEAL_NOTE,
        ).delete()
        if (
            newest.get("expired") == 1
            and not DocumentRepeal.objects.filter(document_id=pages[newest["id"]]).exists()
        ):
            DocumentRepeal.objects.create(
                document_id=pages[newest["id"]],
                repealed_on=None,
                repealing_title=IMPORT_REPEAL_NOTE,
            )
            report.repealed += 1
