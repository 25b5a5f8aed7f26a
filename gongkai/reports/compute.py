"""Tables 二, 三 and 四 of the annual report, computed from the platform's records.

Counting rules (regulations.md §2 and §9; every choice is explained in docs/annual_report.md):

- 三 (applications, by `Application.body`): 本年新收 = received in the year (`received_on`);
  上年结转 = received before 1 Jan and not decided before it (open at 31 Dec of the previous year);
  本年度办理结果 = decided in the year (`decided_on`), one row per `DecisionCode`; 结转下年度 =
  received by 31 Dec and not decided by then. The column is `applicant_type`. A transferred or
  withdrawn case counts as its recorded decision (docs/workflow.md).
- 二 (documents in the body's section of the page tree): 本年制发 by 成文日期 (`written_on`, else
  the publication date), 本年废止 by the 废止日期 of its `DocumentRepeal`, 现行有效 = in force on
  31 Dec by the library's validity rule; 行政许可/处罚/强制 and 收费 from `EnforcementFigures`.
- 四 (remedies about the body's cases): filed in the year (`filed_on`), by kind and route; the
  outcome as it stood on 31 Dec (not concluded by then = 尚未审结).

Every table is a handful of aggregate queries (GROUP BY), never a loop over cases, so a body
with 100,000 cases or a whole province costs the same number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from gongkai.applications.models import Application, RemedyCase, RemedyKind, RemedyOutcome
from gongkai.bodies.models import Body
from gongkai.bodies.selectors import BODY_HOME_DEPTH
from gongkai.core.dates import end_of_day_exclusive, start_of_day
from gongkai.documents.models import DocType, DocumentRepeal, PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import documents_public, validity_filter
from gongkai.reports import format as fmt
from gongkai.reports.models import EnforcementFigures
from gongkai.reports.tables import ReportTables

__all__ = ["ReportTables", "compute_region", "compute_report", "year_bounds"]

DOCUMENT_TYPES = {fmt.RULES.key: DocType.RULE, fmt.NORMATIVE.key: DocType.NORMATIVE}
_ROW_OF_TYPE = {str(v): k for k, v in DOCUMENT_TYPES.items()}
_RESULT_KEYS = frozenset(row.key for row in fmt.RESULT_ROWS)
_APPLICANT_KEYS = frozenset(c.key for c in fmt.APPLICANT_COLUMNS)


def year_bounds(year: int) -> tuple[date, date]:
    """The statistical period: 1 January to 31 December of the reporting year (§2.1)."""
    return date(year, 1, 1), date(year, 12, 31)


def _subtree(field: str, path: str) -> Q:
    """A treebeard node and its descendants, as a range of paths: every descendant's path is the
    node's path followed by steps of 0-9A-Z, so it sorts between the path and the path padded with
    "Z". (`__startswith` is a LIKE, which SQLite cannot answer from the index: one body's report
    read every 规章 and 行政规范性文件 of the province; docs/benchmarks.md.)"""
    return Q(**{f"{field}__gte": path, f"{field}__lte": path.ljust(255, "Z")})


@dataclass(frozen=True)
class _Scope:
    """One body, or a body and its whole subtree (a region)."""

    body: Body
    region: bool

    def bodies(self, prefix: str = "body") -> Q:
        if self.region:
            return _subtree(f"{prefix}__path", self.body.path)
        return Q(**{prefix: self.body})

    def documents(self) -> QuerySet[PolicyDocumentPage]:
        """Live public documents in the sections of the scope's bodies (a document's body is its
        place in the page tree, docs/architecture.md; the same set the 规章 and 行政规范性文件
        columns list)."""
        qs = documents_public().filter(doc_type__in=list(DOCUMENT_TYPES.values()))
        if not self.region:
            if self.body.home_page_id is None:
                return qs.none()
            return qs.filter(_subtree("path", self.body.home_page.path))
        # Every body home page sits at the same depth, so the first steps of a page's path name
        # its body's home page; one IN over the subtree's home paths replaces a loop.
        homes = Body.objects.filter(path__startswith=self.body.path, home_page__isnull=False)
        # (`alias()` on a Wagtail page queryset is untyped for the stubs: the declared type holds.)
        in_region: QuerySet[PolicyDocumentPage] = qs.alias(
            home_path=Substr("path", 1, BODY_HOME_DEPTH * Body.steplen)
        ).filter(home_path__in=homes.values("home_page__path"))
        return in_region


def _tables(scope: _Scope, year: int) -> ReportTables:
    tables = ReportTables(
        body_name=scope.body.name,
        body_code=scope.body.code,
        year=year,
        region=scope.region,
        source=fmt.SOURCE_COMPUTED,
    )
    _fill_documents(tables, scope, year)
    _fill_enforcement(tables, scope, year)
    _fill_applications(tables, scope, year)
    _fill_remedies(tables, scope, year)
    return tables.fill_totals()


def compute_report(body: Body, year: int) -> ReportTables:
    """The statutory tables of one body for one year, from its records."""
    return _tables(_Scope(body, region=False), year)


def compute_region(body: Body, year: int) -> ReportTables:
    """The same tables summed over the body and its whole subtree: a statistical overview
    (统计口径：区域汇总), not the statutory report of any body."""
    return _tables(_Scope(body, region=True), year)


# --- 二 ------------------------------------------------------------------------------------------


def _made_in(start: date, end: date) -> Q:
    """制发 in the period: by 成文日期 — the date the document was signed or adopted
    (《党政机关公文处理工作条例》第九条第（十二）项) — or, when none is recorded, the date the
    platform published it."""
    return Q(written_on__gte=start, written_on__lte=end) | Q(
        written_on__isnull=True,
        first_published_at__gte=start_of_day(start),
        first_published_at__lt=end_of_day_exclusive(end),
    )


def _fill_documents(tables: ReportTables, scope: _Scope, year: int) -> None:
    start, end = year_bounds(year)
    docs = scope.documents()

    def by_type(
        qs: QuerySet[PolicyDocumentPage] | QuerySet[DocumentRepeal], field: str = "doc_type"
    ) -> dict[str, int]:
        rows = qs.values(field).annotate(n=Count("pk")).order_by()
        return {_ROW_OF_TYPE[r[field]]: r["n"] for r in rows}

    made = by_type(docs.filter(_made_in(start, end)))
    in_force = by_type(docs.filter(validity_filter([ValidityStatus.EFFECTIVE], end)))
    # A repeal whose date is unknown (historic imports) is in no year's 本年废止件数.
    repealed = by_type(
        DocumentRepeal.objects.filter(
            document__in=docs.values("pk"), repealed_on__gte=start, repealed_on__lte=end
        ),
        "document__doc_type",
    )
    for row in fmt.DOCUMENT_ROWS:
        cells = tables.proactive[row.key]
        cells[fmt.MADE.key] = made.get(row.key, 0)
        cells[fmt.REPEALED.key] = repealed.get(row.key, 0)
        cells[fmt.IN_FORCE.key] = in_force.get(row.key, 0)


def _fill_enforcement(tables: ReportTables, scope: _Scope, year: int) -> None:
    sums = EnforcementFigures.objects.filter(scope.bodies(), year=year).aggregate(
        licensing=Sum("licensing"),
        penalties=Sum("penalties"),
        coercion=Sum("coercion"),
        fees=Sum("fees_wan_yuan"),
    )
    tables.proactive[fmt.LICENSING.key][fmt.DECISIONS.key] = sums["licensing"] or 0
    tables.proactive[fmt.PENALTIES.key][fmt.DECISIONS.key] = sums["penalties"] or 0
    tables.proactive[fmt.COERCION.key][fmt.DECISIONS.key] = sums["coercion"] or 0
    tables.proactive[fmt.FEES.key][fmt.AMOUNT.key] = Decimal(sums["fees"] or 0)


# --- 三 ------------------------------------------------------------------------------------------


def _open_at(day: date) -> Q:
    """Received by `day` and not decided by it: 结转 at the end of that day (§9)."""
    return Q(received_on__lte=day) & (Q(decided_on__isnull=True) | Q(decided_on__gt=day))


def _fill_applications(tables: ReportTables, scope: _Scope, year: int) -> None:
    start, end = year_bounds(year)
    received = Q(received_on__gte=start, received_on__lte=end)
    decided = Q(decided_on__gte=start, decided_on__lte=end) & ~Q(decision="")
    # 上年结转 is defined as "open at 31 Dec of the previous year", exactly last year's 结转下年度,
    # so R7 holds by construction; R1 holds because a case is decided no earlier than received
    # (the workflow and the import refuse anything else).
    carried_over = _open_at(start - timedelta(days=1))
    carried_forward = _open_at(end)
    rows = (
        Application.objects.filter(scope.bodies())
        .filter(received | decided | carried_over)
        .values("applicant_type", "decision")
        .annotate(
            new=Count("pk", filter=received),
            carried_over=Count("pk", filter=carried_over),
            decided=Count("pk", filter=decided),
            carried_forward=Count("pk", filter=carried_forward),
        )
        .order_by()
    )
    cells = tables.applications
    for row in rows:
        column = row["applicant_type"]
        if column not in _APPLICANT_KEYS:
            continue
        cells[fmt.NEW.key][column] += row["new"]
        cells[fmt.CARRIED_OVER.key][column] += row["carried_over"]
        cells[fmt.CARRIED_FORWARD.key][column] += row["carried_forward"]
        if row["decision"] in _RESULT_KEYS:
            cells[row["decision"]][column] += row["decided"]


# --- 四 ------------------------------------------------------------------------------------------


def _fill_remedies(tables: ReportTables, scope: _Scope, year: int) -> None:
    start, end = year_bounds(year)
    concluded = Q(concluded_on__isnull=False, concluded_on__lte=end)
    pending = (
        Q(concluded_on__isnull=True) | Q(concluded_on__gt=end) | Q(outcome=RemedyOutcome.PENDING)
    )
    rows = (
        RemedyCase.objects.filter(scope.bodies("application__body"))
        .filter(filed_on__gte=start, filed_on__lte=end)
        .values("kind", "litigation_route")
        .annotate(
            upheld=Count("pk", filter=concluded & Q(outcome=RemedyOutcome.UPHELD)),
            corrected=Count("pk", filter=concluded & Q(outcome=RemedyOutcome.CORRECTED)),
            other=Count("pk", filter=concluded & Q(outcome=RemedyOutcome.OTHER)),
            pending=Count("pk", filter=pending),
        )
        .order_by()
    )
    for row in rows:
        if row["kind"] == RemedyKind.RECONSIDERATION:
            group = "reconsideration"
        elif row["litigation_route"] in ("direct", "after_reconsideration"):
            group = row["litigation_route"]
        else:
            continue  # a lawsuit without a route cannot be placed (the service requires one)
        for outcome in fmt.REMEDY_OUTCOMES:
            tables.remedies[group][outcome.key] += row[outcome.key]
