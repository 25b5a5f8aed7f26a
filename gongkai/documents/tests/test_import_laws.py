"""`manage.py import_laws`: the LawRefBook law corpus (../shared/corpus/lawrefbook_laws) imported.

Requirement A8. The expected figures come from the corpus's own manifest.jsonl (its
`validity_derived`, levels and version groups), cross-checked against the totals its README states.
The real-corpus tests are skipped when ../shared/corpus is missing; the small hand-built corpus
test always runs.

The import is the one shared by the whole run (gongkai/testing/laws.py: `law_import`, imported
once inside an outer transaction rolled back after its last test); `imported` adds the manifest
rows of the imported levels.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, Max
from wagtail.models import Page, Revision

from gongkai.core.dates import today
from gongkai.documents.importers.lawrefbook import LEFT_OUT_LEVELS, LEVELS, LIBRARY_SLUG, SOURCE
from gongkai.documents.models import (
    DocumentRepeal,
    IndexNumber,
    IndexSerial,
    LibraryPage,
    PolicyDocumentPage,
    ValidityStatus,
)
from gongkai.documents.selectors import (
    annotate_validity,
    document_validity,
    documents_in_force_on,
    documents_public,
    version_chain,
)
from gongkai.testing import CORPUS

pytestmark = [pytest.mark.corpus, pytest.mark.xdist_group("laws")]

LAWS = CORPUS / "lawrefbook_laws"
# Totals the corpus README states (3,498 rows; 案例 52 and 其他 1 left out; validity_derived
# 有效 3,232 including the 其他 row, 已修改 122, 已废止 92).
README_ROWS = 3498
README_LEFT_OUT = {"案例": 52, "其他": 1}
README_VALIDITY = {"有效": 3232, "已修改": 122, "已废止": 92}


def read_manifest(folder: Path) -> list[dict]:
    with open(folder / "manifest.jsonl", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def imported_pages():
    return PolicyDocumentPage.objects.filter(source_key__startswith=f"{SOURCE}:")


def page_of(row: dict) -> PolicyDocumentPage:
    return PolicyDocumentPage.objects.get(source_key=f"{SOURCE}:{row['id']}")


def report_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if line.strip()]


@dataclass
class Imported:
    folder: Path
    output: str
    rows: list[dict] = field(repr=False)  # every manifest row
    kept: list[dict] = field(repr=False)  # the rows of the imported levels


@pytest.fixture(scope="module")
def imported(law_import) -> Imported:
    """The whole corpus, imported once per run (gongkai/testing/laws.py)."""
    return Imported(
        folder=law_import.folder,
        output=law_import.output,
        rows=law_import.rows,
        kept=[r for r in law_import.rows if r["level"] not in LEFT_OUT_LEVELS],
    )


# ---------------------------------------------------------------------------
# The manifest itself, against its README
# ---------------------------------------------------------------------------


def test_manifest_agrees_with_its_readme(corpus):
    rows = read_manifest(corpus / "lawrefbook_laws")
    assert len(rows) == README_ROWS
    levels = Counter(r["level"] for r in rows)
    assert {level: levels[level] for level in LEFT_OUT_LEVELS} == README_LEFT_OUT
    assert set(levels) <= set(LEVELS) | set(LEFT_OUT_LEVELS)
    assert (
        dict(Counter(r["validity_derived"] for r in rows if r["level"] != "案例"))
        == README_VALIDITY
    )


# ---------------------------------------------------------------------------
# The full corpus
# ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_every_row_of_an_imported_level_is_one_page_in_its_sub_library(imported):
    expected = Counter(r["level"] for r in imported.kept)
    root = LibraryPage.objects.get(slug=LIBRARY_SLUG)
    for level, (doc_type, slug, _title) in LEVELS.items():
        library = LibraryPage.objects.child_of(root).get(slug=slug)
        in_library = imported_pages().descendant_of(library)
        assert in_library.count() == expected[level], level
        assert imported_pages().filter(doc_type=doc_type).count() == expected[level], level
        assert not in_library.exclude(doc_type=doc_type).exists(), level
    assert imported_pages().count() == len(imported.kept) == sum(expected.values())
    assert set(imported_pages().values_list("source_key", flat=True)) == {
        f"{SOURCE}:{r['id']}" for r in imported.kept
    }
    assert all(not problems for problems in Page.find_problems()), Page.find_problems()

    lines = report_lines(imported.output)
    assert lines[0].startswith(f"新导入 {len(imported.kept)} 件，已存在未改动 0 件"), lines[0]
    derived = Counter(r["validity_derived"] for r in imported.kept)
    assert f"版本链接 {derived['已修改']} 处" in lines[0]  # one link per older version
    assert f"记录废止 {derived['已废止']} 件" in lines[0]
    left_out = Counter(r["level"] for r in imported.rows if r["level"] in LEFT_OUT_LEVELS)
    assert left_out == Counter(README_LEFT_OUT)
    for level, reason in LEFT_OUT_LEVELS.items():
        assert f"未导入 {left_out[level]} 行：{reason}" in lines, (level, lines)
    # Every row of the real corpus resolves to its file, so nothing is rejected.
    assert not [line for line in lines if line.startswith("无法导入")]


@pytest.mark.django_db
def test_validity_today_matches_the_manifest(imported):
    expected = Counter(r["validity_derived"] for r in imported.kept)
    # The README's figures, less the 其他 row that is not imported.
    assert expected == Counter(
        {**README_VALIDITY, "有效": README_VALIDITY["有效"] - README_LEFT_OUT["其他"]}
    )
    assert expected["已修改"] == 122
    assert expected["已废止"] == 92

    annotated = annotate_validity(imported_pages(), today())
    computed = {
        ValidityStatus(row["validity"]).label: row["n"]
        for row in annotated.values("validity").annotate(n=Count("pk")).order_by()
    }
    assert computed == dict(expected)

    # Row by row, not only in total, and the Python twin of the rule agrees on a sample.
    derived = {f"{SOURCE}:{r['id']}": r["validity_derived"] for r in imported.kept}
    status = dict(annotated.values_list("source_key", "validity"))
    wrong = [
        (key, derived[key], ValidityStatus(value).label)
        for key, value in status.items()
        if ValidityStatus(value).label != derived[key]
    ]
    assert not wrong, wrong[:10]
    for page in imported_pages().order_by("pk")[::97]:
        assert document_validity(page).label == derived[page.source_key], page.source_key


def snapshot() -> dict:
    pages = imported_pages()
    fields = pages.order_by("pk").values_list(
        "pk", "path", "slug", "title", "doc_type", "issuer_names", "doc_number", "written_on",
        "effective_on", "summary", "body", "live", "first_published_at", "source_key",
    )  # fmt: skip
    return {
        "pages": pages.count(),
        "library_pages": Page.objects.descendant_of(
            LibraryPage.objects.get(slug=LIBRARY_SLUG), inclusive=True
        ).count(),
        "times": pages.aggregate(
            revision=Max("latest_revision_created_at"), published=Max("last_published_at")
        ),
        "fields": hashlib.sha256(repr(list(fields)).encode()).hexdigest(),
        "chain": set(pages.values_list("source_key", "previous_version_id")),
        "repeals": DocumentRepeal.objects.filter(document__in=pages).count(),
        "repeal_rows": set(
            DocumentRepeal.objects.filter(document__in=pages).values_list(
                "document_id", "repealed_on", "repealing_title"
            )
        ),
        "index_numbers": set(
            IndexNumber.objects.filter(prefix__startswith=LIBRARY_SLUG).values_list(
                "value", "document_id"
            )
        ),
        "serials": set(
            IndexSerial.objects.filter(prefix__startswith=LIBRARY_SLUG).values_list(
                "prefix", "year", "last_serial"
            )
        ),
        "revisions": Revision.objects.count(),
    }


@pytest.mark.django_db
def test_a_second_import_creates_and_changes_nothing(imported):
    before = snapshot()
    assert before["pages"] == len(imported.kept)

    out = io.StringIO()
    call_command("import_laws", imported.folder, stdout=out)

    assert snapshot() == before
    first = report_lines(out.getvalue())[0]
    assert first.startswith(f"新导入 0 件，已存在未改动 {len(imported.kept)} 件"), first
    assert "版本链接 0 处" in first
    assert "记录废止 0 件" in first


@pytest.mark.django_db
def test_versions_of_road_transport_regulation_follow_each_other(imported):
    rows = sorted(
        (r for r in imported.kept if r["name"] == "道路运输条例"), key=lambda r: r["publish"]
    )
    assert [r["publish"] for r in rows] == ["2019-03-02", "2022-03-29", "2023-07-20"]
    v2019, v2022, v2023 = (page_of(r) for r in rows)
    versions = documents_public().filter(pk__in=[v2019.pk, v2022.pk, v2023.pk])

    on_2023 = list(documents_in_force_on(date(2023, 1, 1), versions))
    assert [d.written_on for d in on_2023] == [date(2022, 3, 29)]
    on_2024 = list(documents_in_force_on(date(2024, 1, 1), versions))
    assert [d.written_on for d in on_2024] == [date(2023, 7, 20)]

    assert v2019.previous_version_id is None
    assert v2022.previous_version_id == v2019.pk
    assert v2023.previous_version_id == v2022.pk
    for start in (v2019, v2022, v2023):
        chain = version_chain(start)
        assert [d.pk for d in chain] == [v2019.pk, v2022.pk, v2023.pk]
        assert [d.written_on for d in chain] == sorted(d.written_on for d in chain)

    # Upstream still marks the 2019 text expired=1; it is an amended version, not a repealed one.
    assert rows[0]["expired"] == 1
    assert document_validity(v2019) == ValidityStatus.AMENDED
    assert document_validity(v2022) == ValidityStatus.AMENDED
    assert document_validity(v2023) == ValidityStatus.EFFECTIVE
    assert not DocumentRepeal.objects.filter(document__in=versions).exists()


def newest_expired_row(rows: list[dict]) -> dict:
    """A law upstream marks expired whose row is the newest of its group (prefer a 法律)."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        groups[(row["source_db"], row["name"])].append(row)
    candidates = [
        row
        for row in rows
        if row["expired"] == 1
        and row["validity_derived"] == "已废止"
        and row["publish"]
        and row["publish"]
        == max(r["publish"] or "" for r in groups[(row["source_db"], row["name"])])
    ]
    assert candidates
    return next((r for r in candidates if r["level"] == "法律"), candidates[0])


@pytest.mark.django_db
def test_a_law_marked_expired_upstream_is_repealed_on_every_date(imported):
    row = newest_expired_row(imported.kept)
    page = page_of(row)
    repeal = DocumentRepeal.objects.get(document=page)
    assert repeal.repealed_on is None  # upstream gives no date: repealed on every date
    assert document_validity(page) == ValidityStatus.REPEALED

    published = date.fromisoformat(row["publish"])
    dates = {date(1949, 10, 1), published, published + timedelta(days=1), today(), date(2100, 1, 1)}
    if page.effective_on:
        dates |= {page.effective_on, page.effective_on + timedelta(days=1)}
    just_this = documents_public().filter(pk=page.pk)
    for day in sorted(dates):
        assert not documents_in_force_on(day, just_this).exists(), day
        assert document_validity(page, day) == ValidityStatus.REPEALED, day


@pytest.mark.django_db
def test_every_imported_page_has_a_unique_index_number(imported):
    numbers = dict(
        IndexNumber.objects.filter(document__in=imported_pages()).values_list(
            "document_id", "value"
        )
    )
    assert len(numbers) == imported_pages().count() == len(imported.kept), "a page lacks a 索引号"
    assert len(set(numbers.values())) == len(numbers)
    assert all(value.startswith(f"{LIBRARY_SLUG}") for value in numbers.values())


@pytest.mark.django_db
def test_every_index_number_has_its_sub_librarys_prefix(imported):
    slug_of = {doc_type: slug for doc_type, slug, _title in LEVELS.values()}
    numbers = {n.document_id: n for n in IndexNumber.objects.filter(document__in=imported_pages())}
    wrong = []
    for pk, doc_type, key in imported_pages().values_list("pk", "doc_type", "source_key"):
        prefix = f"{LIBRARY_SLUG}-{slug_of[doc_type]}"
        number = numbers[pk]
        if number.prefix != prefix or not number.value.startswith(f"{prefix}/"):
            wrong.append((key, prefix, number.value))
    assert not wrong, f"{len(wrong)} 索引号 without their sub-library's prefix, e.g. {wrong[:3]}"


# ---------------------------------------------------------------------------
# A small hand-built corpus: dates missing, bad rows reported, nothing half-imported
# ---------------------------------------------------------------------------

GOOD_TEXT = """# 测试条例

2020年1月1日 测试会议通过

<!-- INFO END -->

## 第一章 总则

第一条 为了测试，制定本条例。
"""


def tiny_row(key: str, **fields) -> dict:
    row = {
        "id": f"{key:0<32}",
        "source_db": "db.sqlite3",
        "level": "行政法规",
        "name": f"测试条例{key}",
        "publish": "2020-01-01",
        "valid_from": "2020-03-01",
        "expired": 0,
        "file": f"行政法规/测试条例{key}(2020-01-01).md",
        "header_events": [{"date": "2020-01-01", "text": "测试会议通过", "type": "通过"}],
        "doc_number_candidates": ["中华人民共和国国务院令第999号"],
        "issuing_body_candidates": ["国务院"],
    }
    row.update(fields)
    return row


@pytest.mark.django_db
def test_a_small_corpus_imports_good_and_dateless_rows_and_reports_the_rest(tmp_path):
    folder = tmp_path / "laws"
    (folder / "行政法规").mkdir(parents=True)
    good = tiny_row("aa01")
    dateless = tiny_row(
        "aa02", publish="", valid_from=None, header_events=[], file="行政法规/测试条例aa02.md"
    )
    missing = tiny_row("aa03", file="行政法规/没有这个文件(2020-01-01).md")
    unknown = tiny_row("aa04", level="国际条约")
    case = tiny_row("aa05", level="案例", file="案例/某案.md")
    for row in (good, dateless):
        (folder / row["file"]).write_text(GOOD_TEXT, encoding="utf-8")
    lines = [json.dumps(good, ensure_ascii=False), json.dumps(dateless, ensure_ascii=False)]
    lines += [json.dumps(missing, ensure_ascii=False), "{这不是 JSON"]
    lines += [json.dumps(unknown, ensure_ascii=False), json.dumps(case, ensure_ascii=False)]
    (folder / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    numbers_before = IndexNumber.objects.count()

    out = io.StringIO()
    call_command("import_laws", folder, stdout=out)  # no crash on the date-less row

    report = report_lines(out.getvalue())
    assert report[0].startswith("新导入 2 件，已存在未改动 0 件"), report
    assert f"未导入 1 行：{LEFT_OUT_LEVELS['案例']}" in report
    rejected = [line for line in report if line.startswith("无法导入")]
    assert len(rejected) == 3, report
    assert any(missing["id"] in line and "无法读取正文文件" in line for line in rejected), report
    assert any(re.match(r"无法导入 第4行：.*JSON", line) for line in rejected), report
    assert any(unknown["id"] in line and "国际条约" in line for line in rejected), report

    keys = {f"{SOURCE}:{row['id']}" for row in (good, dateless, missing, unknown, case)}
    assert set(
        PolicyDocumentPage.objects.filter(source_key__in=keys).values_list("source_key", flat=True)
    ) == {f"{SOURCE}:{good['id']}", f"{SOURCE}:{dateless['id']}"}

    page = page_of(good)
    assert page.written_on == date(2020, 1, 1)
    assert page.effective_on == date(2020, 3, 1)
    assert page.doc_number == "中华人民共和国国务院令第999号"
    assert "<h2>第一章 总则</h2>" in page.body
    assert "测试会议通过" not in page.body
    assert page.live

    undated = page_of(dateless)
    assert undated.written_on is None
    assert undated.effective_on is None
    assert undated.first_published_at is None
    assert document_validity(undated) == ValidityStatus.EFFECTIVE  # no known start: no constraint
    assert documents_in_force_on(today(), documents_public().filter(pk=undated.pk)).exists()

    # Nothing half-imported: no page for the missing-file row under any name, the sub-library's
    # child count is right, and only the two imported pages took a 索引号.
    assert not Page.objects.filter(slug=missing["id"][:16]).exists()
    library = LibraryPage.objects.get(slug=LEVELS["行政法规"][1], depth=page.depth - 1)
    assert library.numchild == library.get_children().count()
    assert IndexNumber.objects.count() == numbers_before + 2
    assert IndexNumber.objects.filter(document__in=[page, undated]).count() == 2
