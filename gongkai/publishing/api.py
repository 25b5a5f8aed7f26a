"""The read API (interconnection, E3): `/api/v1/…`, documented by OpenAPI at `/api/v1/docs`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import Http404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import field_validator

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_by_home_path, pages_of_body
from gongkai.core.dates import local_date
from gongkai.documents.models import DocType, PolicyDocumentPage, ValidityStatus
from gongkai.documents.selectors import (
    DEFAULT_SORT,
    annotate_validity,
    document_validity,
    documents_in_force_on,
    documents_public,
    documents_sorted,
    documents_with_doc_number,
    documents_written_between,
    is_public,
    validity_filter,
    version_chain,
)
from gongkai.publishing.changes import router as changes_router
from gongkai.reports.api import router as reports_router
from gongkai.search.selectors import Filters, result_as_json, search

api = NinjaAPI(
    title="公开平台接口 Gongkai API",
    version="1",
    description="政策文件库的只读接口：文件元数据、有效性及其修改、废止、解读关系。",
    urls_namespace="api-v1",
)
api.add_router("/reports", reports_router)
api.add_router("/changes", changes_router)

MSG_BAD_PARAMETERS = "请求参数有误"
MSG_NOT_FOUND = "文件不存在或未公开"
PathInt = Annotated[int, Path(ge=-(2**62), le=2**62)]  # beyond: not a row id (422)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    details = []
    for err in exc.errors:
        where = ".".join(str(p) for p in err.get("loc", []) if p not in ("query", "path"))
        details.append({"参数": where, "说明": _chinese_error(err)})
    return api.create_response(
        request, {"error": MSG_BAD_PARAMETERS, "details": details}, status=422
    )


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"error": MSG_NOT_FOUND}, status=404)


def _chinese_error(err: dict) -> str:
    kind = err.get("type", "")
    if "date" in kind:
        return "日期格式应为 YYYY-MM-DD"
    if "int" in kind:
        return "应为整数"
    if kind == "missing":
        return "缺少此参数"
    if kind.startswith(("greater_than", "less_than", "too_long", "string_too_long")):
        return "数值超出允许范围"
    if kind == "enum" or kind == "literal_error":
        return "取值不在允许范围内"
    return "取值无效"


class BodyRef(Schema):
    code: str
    name: str


class DocumentRef(Schema):
    id: int
    title: str
    url: str | None
    doc_number: str
    validity: str


class RepealOut(Schema):
    repealed_on: date | None
    repealing_document: DocumentRef | None
    repealing_title: str


class DocumentOut(Schema):
    id: int
    title: str
    url: str | None
    index_number: str | None
    doc_type: str
    doc_type_label: str
    topic: str
    issuer_names: str
    body: BodyRef | None
    doc_number: str
    written_on: date | None
    published_on: date | None
    effective_on: date | None
    expires_on: date | None
    disclosure: str
    validity: str
    validity_label: str


class DocumentDetailOut(DocumentOut):
    summary: str
    previous_version: DocumentRef | None
    later_versions: list[DocumentRef]
    versions: list[DocumentRef]
    repeal: RepealOut | None
    interprets: DocumentRef | None
    interpretations: list[DocumentRef]
    attachments: list[dict]


class DocumentList(Schema):
    count: int
    offset: int
    limit: int
    items: list[DocumentOut]


class DocumentFilters(Schema):
    body: str | None = Field(None, max_length=40)
    type: DocType | None = None
    validity: ValidityStatus | None = None
    in_force_on: date | None = Field(None, ge=date(1900, 1, 1), le=date(2999, 12, 31))
    doc_number: str | None = Field(
        None,
        max_length=200,
        description="发文字号，可按引用习惯书写：甘政办发[2021]48号、甘政办发2021年48号、国务院令第798号",
    )
    written_from: date | None = Field(None, ge=date(1900, 1, 1), le=date(2999, 12, 31))
    written_to: date | None = Field(None, ge=date(1900, 1, 1), le=date(2999, 12, 31))
    title: str | None = Field(None, max_length=200)
    sort: Literal["published_desc", "published_asc", "written_desc", "written_asc"] = Field(
        DEFAULT_SORT, description="发布日期或成文日期，从新到旧（_desc）或从旧到新（_asc）"
    )
    offset: int = Field(0, le=10_000_000)  # below 0 is read as 0
    limit: int = 50  # clamped to 1..200

    @field_validator("body", "doc_number", "title")
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        # PostgreSQL text cannot hold NUL; no filter needs any control character.
        if value is None:
            return None
        return "".join(ch for ch in value if ch >= " " or ch in "\t").strip() or None


def _ref(doc: PolicyDocumentPage | None) -> dict | None:
    if not is_public(doc):
        return None
    return {
        "id": doc.pk,
        "title": doc.title,
        "url": doc.get_url(),
        "doc_number": doc.doc_number,
        "validity": str(document_validity(doc).value),
    }


def _out(doc: PolicyDocumentPage, validity: str, bodies: dict[str, Body]) -> dict:
    body = bodies.get(doc.path[:12])
    record = getattr(doc, "index_number_record", None)
    return {
        "id": doc.pk,
        "title": doc.title,
        "url": doc.get_url(),
        "index_number": record.value if record else None,
        "doc_type": doc.doc_type,
        "doc_type_label": DocType(doc.doc_type).label,
        "topic": doc.topic,
        "issuer_names": doc.issuer_names,
        "body": {"code": body.code, "name": body.name} if body else None,
        "doc_number": doc.doc_number,
        "written_on": doc.written_on,
        "published_on": local_date(doc.first_published_at),
        "effective_on": doc.effective_on,
        "expires_on": doc.expires_on,
        "disclosure": doc.disclosure,
        "validity": validity,
        "validity_label": ValidityStatus(validity).label,
    }


@api.get("/documents", response=DocumentList, summary="文件列表", tags=["政策文件"])
def list_documents(request, filters: Query[DocumentFilters]):
    """Filter the library. `in_force_on=YYYY-MM-DD` answers "which documents were in force on D";
    `validity` is the status today. `body` is a body code (its own section). `doc_number` finds a
    document by its 发文字号 as people cite it (other brackets, 2021年48号, 第48号, a 令 without the
    organ's full name); `written_from`/`written_to` bound the 成文日期 (both included)."""
    limit = max(1, min(filters.limit, 200))
    offset = max(0, filters.offset)
    qs = documents_public()
    if filters.body:
        body = Body.objects.filter(code=filters.body).select_related("home_page").first()
        if body is None:
            return {"count": 0, "offset": offset, "limit": limit, "items": []}
        qs = qs.filter(pk__in=pages_of_body(body).values("pk"))
    if filters.type:
        qs = qs.filter(doc_type=filters.type.value)
    if filters.doc_number:
        found = documents_with_doc_number(qs, filters.doc_number)
        # Not a 发文字号 at all: looked up as it stands (nothing is stored so; no error).
        qs = found if found is not None else qs.filter(doc_number=filters.doc_number)
    if filters.title:
        qs = qs.filter(title__contains=filters.title.strip())
    qs = documents_written_between(qs, filters.written_from, filters.written_to)
    qs = annotate_validity(qs)  # `validity`: the status today
    if filters.in_force_on:
        qs = documents_in_force_on(filters.in_force_on, qs)
    if filters.validity:
        qs = qs.filter(validity_filter([filters.validity]))
    qs = documents_sorted(qs.select_related("index_number_record"), filters.sort)
    count = qs.count()
    bodies = bodies_by_home_path()
    items = [_out(d, d.validity, bodies) for d in qs[offset : offset + limit]]
    return {"count": count, "offset": offset, "limit": limit, "items": items}


@api.get("/documents/{doc_id}", response=DocumentDetailOut, summary="文件详情", tags=["政策文件"])
def get_document(request, doc_id: PathInt):
    doc = (
        documents_public()
        .filter(pk=doc_id)
        .select_related("previous_version", "interprets")
        .first()
    )
    if doc is None:
        raise Http404(MSG_NOT_FOUND)
    out = _out(doc, document_validity(doc).value, bodies_by_home_path())
    repeal = getattr(doc, "repeal", None)
    out.update(
        summary=doc.summary,
        previous_version=_ref(doc.previous_version),
        later_versions=[_ref(d) for d in documents_public().filter(previous_version=doc)],
        versions=[_ref(d) for d in version_chain(doc)],
        repeal=(
            {
                "repealed_on": repeal.repealed_on,
                "repealing_document": _ref(repeal.repealing_document),
                "repealing_title": repeal.repealing_title,
            }
            if repeal
            else None
        ),
        interprets=_ref(doc.interprets),
        interpretations=[_ref(d) for d in documents_public().filter(interprets=doc)],
        attachments=[
            {"title": a.display_title(), "url": a.attachment.url, "kind": a.attachment.kind}
            for a in doc.attachments.select_related("attachment")
        ],
    )
    return out


class SearchFilters(Schema):
    q: str = Field("", max_length=1000)
    body: str = Field("", max_length=40, description="机关代码（含下级机关）")
    owner: str = Field("", max_length=40, description="机关代码（仅本机关）")
    type: DocType | None = None
    topic: str = Field("", max_length=60)
    year: int | None = Field(None, ge=1900, le=2999)
    validity: ValidityStatus | None = None
    sort: str = Field("relevance", pattern="^(relevance|date)$")
    page: int = Field(1, ge=1, le=500)


@api.get("/search", summary="全文检索", tags=["全文检索"])
def search_documents(request, filters: Query[SearchFilters]):
    """Chinese full-text search. Words are ANDed, "a phrase" in quotes matches exactly where it
    stands, -word excludes. `body` takes a body with its subordinate bodies, `owner` one body
    exactly. Returns `total`, `facets` (owner, body, doc_type, topic, year, validity: a value's
    count is the total with that value as its filter, and a `body` value replaces `owner`) and
    `hits` (id, title, url, body, date, validity, snippet). A malformed query gets `error` (Chinese)
    and no hits; `notice` says when the index may be incomplete."""
    result = search(
        filters.q,
        Filters(
            body=filters.body,
            owner=filters.owner,
            doc_type=filters.type.value if filters.type else "",
            topic=filters.topic,
            year=filters.year,
            validity=filters.validity.value if filters.validity else "",
            sort=filters.sort,
            page=filters.page,
        ),
    )
    return result_as_json(result)
