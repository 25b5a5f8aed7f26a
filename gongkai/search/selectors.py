"""Reading the index: one search with its filters, facets, snippets and the index's freshness."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date

import tantivy
from django.utils.html import escape
from django.utils.safestring import mark_safe

from gongkai.core.dates import today
from gongkai.documents.models import DocType, ValidityStatus
from gongkai.search import index as idx
from gongkai.search.query import ParsedQuery, parse

PAGE_SIZE = 20
MAX_PAGE = 500
SNIPPET_RADIUS = 60
TITLE_BOOST = 3.0
MSG_INDEX_STALE = "检索索引正在更新，最近发布或变更的信息可能尚未出现在结果中"
MSG_INDEX_MISSING = "检索索引正在建立，暂时无法检索，请稍后再试"
Occur = tantivy.Occur
U64 = tantivy.FieldType.Unsigned


@dataclass
class Filters:
    body: str = ""
    doc_type: str = ""
    topic: str = ""
    year: int | None = None
    validity: str = ""  # a ValidityStatus value, today
    sort: str = "relevance"  # or "date"
    page: int = 1


@dataclass
class Hit:
    key: str
    title: str
    url: str
    body: str
    date: str
    validity: str
    validity_label: str
    doc_type_label: str
    doc_number: str
    snippet: str


@dataclass
class SearchResult:
    query: ParsedQuery
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)
    notice: str | None = None  # the index is behind or missing
    page: int = 1

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


_local = threading.local()


def _index() -> tantivy.Index | None:
    """This process's reader of the index, reloaded to the latest commit on each search."""
    path = idx.index_dir()
    if not idx.index_exists(path):
        return None
    cached = getattr(_local, "index", None)
    if cached is None or cached[0] != str(path):
        _local.index = (str(path), tantivy.Index.open(str(path)))
    index = _local.index[1]
    index.reload()
    return index


def _substring(schema, text: str) -> tantivy.Query:
    """Documents whose indexed text contains `text` exactly (bigram phrase; one char: char set)."""
    if len(text) == 1:
        return tantivy.Query.term_query(schema, "chars", text)
    grams = [(i, text[i : i + 2]) for i in range(len(text) - 1)]
    if len(grams) == 1:
        return tantivy.Query.term_query(schema, "grams", grams[0][1], index_option="position")
    return tantivy.Query.phrase_query(schema, "grams", grams)


def _u64_range(schema, name: str, lower: int | None, upper: int | None, *, include_upper=True):
    return tantivy.Query.range_query(schema, name, U64, lower, upper, True, include_upper)


def validity_query(schema, status: str, on: date) -> tantivy.Query:
    """The rule of documents/validity.py, as index range queries on the stored dates."""
    d = idx.date_int(on, 0)
    repealed = _u64_range(schema, "repealed_on", None, d)
    amended = _u64_range(schema, "superseded_on", None, d)
    expired = _u64_range(schema, "expires_on", None, d)
    not_started = _u64_range(schema, "starts_on", d + 1, None)
    order = [
        (ValidityStatus.REPEALED, repealed),
        (ValidityStatus.AMENDED, amended),
        (ValidityStatus.EXPIRED, expired),
        (ValidityStatus.NOT_YET_EFFECTIVE, not_started),
    ]
    clauses = []
    for value, query in order:
        if value == status:
            clauses.append((Occur.Must, query))
            return tantivy.Query.boolean_query(clauses)
        clauses.append((Occur.MustNot, query))
    clauses.append((Occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)  # EFFECTIVE: none of the above


def _filter_clauses(schema, filters: Filters, skip: str = "") -> list:
    clauses = []
    if filters.body and skip != "body":
        clauses.append((Occur.Must, tantivy.Query.term_query(schema, "body", filters.body)))
    if filters.doc_type and skip != "doc_type":
        clauses.append((Occur.Must, tantivy.Query.term_query(schema, "doc_type", filters.doc_type)))
    if filters.topic and skip != "topic":
        clauses.append((Occur.Must, tantivy.Query.term_query(schema, "topic", filters.topic)))
    if filters.year and skip != "year":
        clauses.append((Occur.Must, _u64_range(schema, "year", filters.year, filters.year)))
    if filters.validity and skip != "validity":
        clauses.append((Occur.Must, validity_query(schema, filters.validity, today())))
    return clauses


def _text_clauses(schema, parsed: ParsedQuery) -> list:
    clauses = [
        (Occur.Must, tantivy.Query.const_score_query(_substring(schema, t), 0.0))
        for t in parsed.required
    ]
    clauses += [(Occur.MustNot, _substring(schema, t)) for t in parsed.excluded]
    for word in dict.fromkeys(parsed.ranking_words):
        clauses.append(
            (
                Occur.Should,
                tantivy.Query.boost_query(
                    tantivy.Query.term_query(schema, "title_words", word), TITLE_BOOST
                ),
            )
        )
        clauses.append((Occur.Should, tantivy.Query.term_query(schema, "body_words", word)))
    return clauses


def _snippet(text: str, terms: list[str]) -> str:
    """A short passage around the first hit, with every hit marked; HTML-escaped."""
    lowered = text.lower()
    first = min((p for t in terms if (p := lowered.find(t)) >= 0), default=-1)
    if first < 0:
        passage, start = text[: SNIPPET_RADIUS * 2], 0
    else:
        start = max(0, first - SNIPPET_RADIUS)
        passage = text[start : first + SNIPPET_RADIUS * 2]
    marks = []
    low = passage.lower()
    for t in sorted(set(terms), key=len, reverse=True):
        i = low.find(t)
        while t and i >= 0:
            if not any(a < i + len(t) and i < b for a, b in marks):
                marks.append((i, i + len(t)))
            i = low.find(t, i + len(t))
    out, pos = [], 0
    for a, b in sorted(marks):
        out += [escape(passage[pos:a]), "<mark>", escape(passage[a:b]), "</mark>"]
        pos = b
    out.append(escape(passage[pos:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + len(passage) < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)


def _validity_of(doc: tantivy.Document, on: date) -> ValidityStatus:
    d = idx.date_int(on, 0)
    get = lambda name: doc.get_first(name)  # noqa: E731
    if get("repealed_on") <= d:
        return ValidityStatus.REPEALED
    if get("superseded_on") <= d:
        return ValidityStatus.AMENDED
    if get("expires_on") <= d:
        return ValidityStatus.EXPIRED
    if get("starts_on") > d:
        return ValidityStatus.NOT_YET_EFFECTIVE
    return ValidityStatus.EFFECTIVE


def _terms_facet(searcher, query, field_name: str, size: int = 100) -> list[tuple[str, int]]:
    result = searcher.aggregate(query, {"f": {"terms": {"field": field_name, "size": size}}})
    buckets = result["f"]["buckets"]
    # Numeric fast fields come back as floats (2021.0): show them as integers.
    return [
        (str(int(b["key"])) if isinstance(b["key"], float) else str(b["key"]), int(b["doc_count"]))
        for b in buckets
    ]


def search(raw_query: object, filters: Filters | None = None) -> SearchResult:
    filters = filters or Filters()
    parsed = parse(raw_query)
    result = SearchResult(query=parsed, page=max(1, min(filters.page, MAX_PAGE)))
    if not parsed.ok:
        return result
    index = _index()
    if index is None:
        result.notice = MSG_INDEX_MISSING
        return result
    cursor = idx.read_cursor()
    if cursor is None or cursor.last_outbox_id < idx.outbox_head():
        result.notice = MSG_INDEX_STALE
    schema = index.schema
    searcher = index.searcher()
    text = _text_clauses(schema, parsed)
    query = tantivy.Query.boolean_query(text + _filter_clauses(schema, filters))
    offset = (result.page - 1) * PAGE_SIZE
    if filters.sort == "date":
        found = searcher.search(
            query, PAGE_SIZE, count=True, order_by_field="published", offset=offset
        )
    else:
        found = searcher.search(query, PAGE_SIZE, count=True, offset=offset)
    result.total = found.count
    on = today()
    terms = parsed.required
    for _score, address in found.hits:
        doc = searcher.doc(address)
        validity = _validity_of(doc, on)
        published = doc.get_first("published")
        result.hits.append(
            Hit(
                key=doc.get_first("key"),
                title=doc.get_first("title"),
                url=doc.get_first("url"),
                body=doc.get_first("owner_name"),
                date=f"{published // 10000:04d}-{published // 100 % 100:02d}-{published % 100:02d}"
                if published
                else "",
                validity=validity.value,
                validity_label=validity.label,
                doc_type_label=doc.get_first("doc_type_label"),
                doc_number=doc.get_first("doc_number"),
                snippet=_snippet(doc.get_first("text") or doc.get_first("title"), terms),
            )
        )
    result.facets = _facets(schema, searcher, text, filters)
    return result


def _facets(schema, searcher, text_clauses, filters: Filters) -> dict:
    """Counts for each facet, computed with every other filter applied (not its own)."""

    def base(skip):
        return tantivy.Query.boolean_query(
            text_clauses + _filter_clauses(schema, filters, skip=skip)
        )

    names = dict(DocType.choices)
    facets: dict[str, list[tuple[str, str, int]]] = {}
    owners = _terms_facet(searcher, base("body"), "owner")
    owner_names = {}
    for key, _count in owners:
        hit = searcher.search(tantivy.Query.term_query(schema, "owner", key), 1)
        if hit.hits:
            owner_names[key] = searcher.doc(hit.hits[0][1]).get_first("owner_name")
    facets["body"] = [(k, owner_names.get(k, k), c) for k, c in owners]
    facets["doc_type"] = [
        (k, names.get(k, k), c) for k, c in _terms_facet(searcher, base("doc_type"), "doc_type")
    ]
    facets["topic"] = [(k, k, c) for k, c in _terms_facet(searcher, base("topic"), "topic") if k]
    years = _terms_facet(searcher, base("year"), "year")
    facets["year"] = sorted(((k, k, c) for k, c in years if k not in ("0", "0.0")), reverse=True)
    validity_base = _filter_clauses(schema, filters, skip="validity")
    facets["validity"] = []
    for status in ValidityStatus:
        q = tantivy.Query.boolean_query(
            text_clauses
            + validity_base
            + [(Occur.Must, validity_query(schema, status.value, today()))]
        )
        count = searcher.search(q, 1, count=True).count
        if count:
            facets["validity"].append((status.value, status.label, count))
    return facets


def result_as_json(result: SearchResult) -> dict:
    """The one JSON shape of a search, for the API and the `search` command."""
    return {
        "query": result.query.raw,
        "error": result.query.error,
        "notice": result.notice,
        "total": result.total,
        "page": result.page,
        "facets": {
            name: [{"key": k, "label": label, "count": c} for k, label, c in values]
            for name, values in result.facets.items()
        },
        "hits": [
            {
                "id": int(h.key.rsplit(":", 1)[1]),
                "title": h.title,
                "url": h.url,
                "body": h.body,
                "date": h.date,
                "validity": h.validity,
                "validity_label": h.validity_label,
                "doc_type": h.doc_type_label,
                "doc_number": h.doc_number,
                "snippet": str(h.snippet),
            }
            for h in result.hits
        ],
    }
