"""Reading the index: one search with its filters, facets, snippets and the index's freshness."""

from __future__ import annotations

import os
import threading
from collections.abc import Collection
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date

import tantivy
from django.utils.html import escape
from django.utils.safestring import mark_safe

from gongkai.core.dates import today
from gongkai.search import index as idx
from gongkai.search.query import ParsedQuery, parse
from gongkai.search.registry import START_FIELD, facet_labels, validity_rule
from gongkai.search.schema import date_int

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
    # 发文机关, two ways (docs/search.md, "Facets"): `body` a body with its subordinate bodies
    # (含下级机关: the scope of a body's own search box), `owner` the body exactly.
    body: str = ""
    owner: str = ""
    doc_type: str = ""
    topic: str = ""
    year: int | None = None
    validity: str = ""  # a status of the registered validity rule, today
    sort: str = "relevance"  # or "date"
    page: int = 1


@dataclass
class Hit:
    key: str
    title: str
    url: str
    body: str
    date: date | None  # of publication
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
# Threads that run the facet aggregations of searches beside their top-hits search (one per core;
# shared by all requests of the process, so concurrent searches queue instead of oversubscribing).
# Made per process: threads do not survive a fork (a preforking server, the bulk build's workers).
_pools: dict[int, ThreadPoolExecutor] = {}
_pools_lock = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    pid = os.getpid()
    pool = _pools.get(pid)
    if pool is None:
        with _pools_lock:
            pool = _pools.get(pid)
            if pool is None:
                _pools.clear()
                pool = _pools[pid] = ThreadPoolExecutor(
                    max_workers=os.cpu_count() or 2, thread_name_prefix="search-facets"
                )
    return pool


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
    """The registered validity rule (for documents, that of documents/validity.py), as index range
    queries on the stored dates."""
    rule = validity_rule()
    d = date_int(on, 0)
    order = [(value, _u64_range(schema, name, None, d)) for name, value in rule.passed]
    order.append((rule.not_started, _u64_range(schema, START_FIELD, d + 1, None)))
    clauses = []
    for value, query in order:
        if value == status:
            clauses.append((Occur.Must, query))
            return tantivy.Query.boolean_query(clauses)
        clauses.append((Occur.MustNot, query))
    clauses.append((Occur.Must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)  # in force: none of the above


def _filter_clauses(schema, filters: Filters, skip: Collection[str] = ()) -> list:
    """The filters as query clauses, but for those named in `skip` (the ones a facet replaces)."""
    clauses = []
    for name in ("body", "owner", "doc_type", "topic"):
        value = getattr(filters, name)
        if value and name not in skip:
            clauses.append((Occur.Must, tantivy.Query.term_query(schema, name, value)))
    if filters.year and "year" not in skip:
        clauses.append((Occur.Must, _u64_range(schema, "year", filters.year, filters.year)))
    if filters.validity and "validity" not in skip:
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


def _stored_text(doc: tantivy.Document) -> str:
    stored = doc.get_first("text")
    return bytes(stored).decode() if stored else ""


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


def _validity_of(doc: tantivy.Document, on: date) -> str:
    rule = validity_rule()
    d = date_int(on, 0)
    for name, status in rule.passed:
        if doc.get_first(name) <= d:
            return status
    if doc.get_first(START_FIELD) > d:
        return rule.not_started
    return rule.in_force


def _terms(buckets: list[dict]) -> list[tuple[str, int]]:
    # Numeric fast fields come back as floats (2021.0): show them as integers.
    return [
        (str(int(b["key"])) if isinstance(b["key"], float) else str(b["key"]), int(b["doc_count"]))
        for b in buckets
    ]


# 有效性 on a day as nested range aggregations over the date fast fields of the registered rule
# (for documents four fields: 16 leaf buckets) in one pass, from which each status count follows
# by the rule (the first date that has passed decides, in its order; otherwise in force once
# started).


def _validity_aggregation(on: date) -> dict:
    passed = date_int(on, 0) + 1  # a date field "has passed" when it is < passed
    agg: dict = {
        "range": {
            "field": START_FIELD,
            "ranges": [{"key": "started", "to": passed}, {"key": "later", "from": passed}],
        }
    }
    for field_name, _status in reversed(validity_rule().passed):
        agg = {
            "range": {
                "field": field_name,
                "ranges": [{"key": "passed", "to": passed}, {"key": "no", "from": passed}],
            },
            "aggs": {"next": agg},
        }
    return agg


def _validity_counts(result: dict) -> dict[str, int]:
    rule = validity_rule()
    counts = dict.fromkeys(rule.statuses, 0)
    node = result
    # An index whose every document was deleted answers with no buckets at all: nothing to count.
    for _field, status in rule.passed:
        buckets = {b["key"]: b for b in node.get("buckets", [])}
        if "passed" not in buckets:
            return counts
        counts[status] += int(buckets["passed"]["doc_count"])
        node = buckets["no"]["next"]
    buckets = {b["key"]: b for b in node.get("buckets", [])}
    if "started" in buckets:
        counts[rule.in_force] += int(buckets["started"]["doc_count"])
        counts[rule.not_started] += int(buckets["later"]["doc_count"])
    return counts


_owner_names: dict[tuple[str, int], dict[str, str]] = {}


def _owner_name(searcher, schema, code: str, generation: tuple[str, int]) -> str:
    """The display name of an owner body, looked up once per index generation."""
    names = _owner_names.get(generation)
    if names is None:
        _owner_names.clear()
        names = _owner_names[generation] = {}
    if code not in names:
        hit = searcher.search(tantivy.Query.term_query(schema, "owner", code), 1)
        names[code] = searcher.doc(hit.hits[0][1]).get_first("owner_name") if hit.hits else code
    return names[code]


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
    generation = (str(idx.index_dir()), cursor.last_outbox_id if cursor else -1)
    facets = _FacetPasses(schema, searcher, text, filters, generation)  # runs meanwhile
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
    rule = validity_rule()
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
                date=date(published // 10000, published // 100 % 100, published % 100)
                if published
                else None,
                validity=validity,
                validity_label=rule.label(validity),
                doc_type_label=doc.get_first("doc_type_label"),
                doc_number=doc.get_first("doc_number"),
                snippet=_snippet(_stored_text(doc) or doc.get_first("title"), terms),
            )
        )
    result.facets = facets.collect()
    return result


FACET_SIZE = 100
# facet → (the indexed field it counts, the filters that choosing one of its values replaces).
# A facet is counted with every other filter applied, so that the count beside a value is the
# total of the search once that value is chosen (`forms.facet_query` builds the same change):
# - `owner` (发文机关, exactly) keeps a `body` scope: the owners it lists all stand inside it;
# - `body` (含下级机关: a body and its subordinates, the `body` field holding the owner and all
#   its ancestors) replaces both filters of 发文机关.
# (有效性 has no field of its own: it is counted by `_validity_aggregation`.)
FACETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "owner": ("owner", ("owner",)),
    "body": ("body", ("body", "owner")),
    "doc_type": ("doc_type", ("doc_type",)),
    "topic": ("topic", ("topic",)),
    "year": ("year", ("year",)),
    "validity": ("", ("validity",)),
}


class _FacetPasses:
    """Facet counts, each computed with every filter applied but those it replaces (`FACETS`).

    Facets that replace no filter that is set share one query, so their counts come from one
    aggregation pass; each other combination of set filters they replace adds one pass. Every
    pass evaluates the text query again over the whole index (for a common phrase that is most of
    the cost, not the counting), so the passes run on the worker threads of `_pool()` — tantivy
    releases the GIL — while the caller's thread finds the top hits: on 2 cores a search costs
    about one pass instead of two or more (docs/benchmarks.md).
    """

    def __init__(self, schema, searcher, text_clauses, filters: Filters, generation):
        self.searcher, self.schema, self.generation = searcher, schema, generation
        groups: dict[tuple[str, ...], dict] = {}
        for facet, (field_name, replaces) in FACETS.items():
            skip = tuple(name for name in replaces if getattr(filters, name))
            groups.setdefault(skip, {})[facet] = (
                {"terms": {"field": field_name, "size": FACET_SIZE}}
                if field_name
                else _validity_aggregation(today())
            )
        self.passes = [
            _pool().submit(
                searcher.aggregate,
                tantivy.Query.boolean_query(
                    text_clauses + _filter_clauses(schema, filters, skip=skip)
                ),
                aggregations,
            )
            for skip, aggregations in groups.items()
        ]

    def collect(self) -> dict[str, list[tuple[str, str, int]]]:
        results: dict[str, dict] = {}
        for finished in self.passes:
            results.update(finished.result())
        names = facet_labels("doc_type")
        facets: dict[str, list[tuple[str, str, int]]] = {}
        for facet in ("owner", "body"):
            # A body that holds nothing itself (only its subordinates do) is named by its code.
            facets[facet] = [
                (k, _owner_name(self.searcher, self.schema, k, self.generation), c)
                for k, c in _terms(results[facet]["buckets"])
                if k
            ]
        facets["doc_type"] = [
            (k, names.get(k, k), c) for k, c in _terms(results["doc_type"]["buckets"])
        ]
        facets["topic"] = [(k, k, c) for k, c in _terms(results["topic"]["buckets"]) if k]
        years = _terms(results["year"]["buckets"])
        facets["year"] = sorted(
            ((k, k, c) for k, c in years if k not in ("0", "0.0")), reverse=True
        )
        counts = _validity_counts(results["validity"])
        facets["validity"] = [
            (status, label, counts[status])
            for status, label in validity_rule().labels
            if counts[status]
        ]
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
                "date": h.date.isoformat() if h.date else "",
                "validity": h.validity,
                "validity_label": h.validity_label,
                "doc_type": h.doc_type_label,
                "doc_number": h.doc_number,
                "snippet": str(h.snippet),
            }
            for h in result.hits
        ],
    }
