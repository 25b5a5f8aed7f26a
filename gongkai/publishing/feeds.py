"""Atom feeds (RFC 4287) of the public documents, with RFC 6721 tombstones for those that left.

| URL | Holds |
|---|---|
| `/feed/` | every public document of the platform (the portal's library) |
| `/feed/body/<code>/` | the documents in a body's section and the notices pinned for it from above (`?subtree=1`: and of the bodies under it) |
| `/feed/column/<page id>/` | what a column lists (its own documents, or the body's by type) |
| `/feed/library/?…` | the province-wide library with any of its filters (发文机关, 文种, 主题, dates…) |
| `/feed/search/?q=…` | a full-text search with its filters (its first 50 hits) |

Each holds the 50 documents changed last (`updated`: the last publication), newest first, and the
tombstones (`at:deleted-entry`) of documents of the same scope that left since the oldest of them
(at most 50, within 180 days). An entry's id is `tag:<host>,2021:document:<page id>`, the same in
every feed and in the tombstone, so a reader removes exactly what left. Served by Django (the
query string matters); `feedparser` reads them without complaint (tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, rfc3339_date
from django.views.decorators.http import require_GET
from wagtail.models import Page

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_in_official_order
from gongkai.columns.models import ColumnPage
from gongkai.columns.selectors import column_documents
from gongkai.documents.filters import LibraryFilterForm
from gongkai.documents.models import DocType, PolicyDocumentPage
from gongkai.documents.selectors import documents_public, pinned_notices
from gongkai.publishing.models import Tombstone
from gongkai.publishing.tombstones import owner_path
from gongkai.search.forms import SearchForm
from gongkai.search.selectors import search

ENTRIES = 50
TOMBSTONE_DAYS = 180
TOMBSTONES_NS = "http://purl.org/atompub/tombstones/1.0"
PLATFORM_TITLE = "甘肃省政务公开平台"
MSG_GONE = "该文件已撤下，不再公开"


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def entry_id(page_id: int) -> str:
    """The id of a document's entry, in every feed and in its tombstone."""
    return f"tag:{_host()},2021:document:{page_id}"


class TombstoneAtomFeed(Atom1Feed):
    """Atom with `at:deleted-entry` elements (RFC 6721) after the entries."""

    def __init__(self, *args, tombstones=(), updated: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tombstones = list(tombstones)
        self.updated = updated

    def latest_post_date(self):
        # The feed changed last when an entry was published or a document left.
        return self.updated or timezone.now()

    def root_attributes(self):
        attrs = super().root_attributes()
        attrs["xmlns:at"] = TOMBSTONES_NS
        return attrs

    def write_items(self, handler):
        super().write_items(handler)
        for stone in self.tombstones:
            handler.startElement(
                "at:deleted-entry",
                {"ref": entry_id(stone.page_id), "when": rfc3339_date(stone.gone_at)},
            )
            handler.addQuickElement("link", "", {"href": self.absolute(stone.url)})
            handler.addQuickElement("at:comment", MSG_GONE)
            handler.endElement("at:deleted-entry")

    def absolute(self, url: str) -> str:
        return url if url.startswith("http") else self.feed["link"].rstrip("/") + url


@dataclass(frozen=True)
class Scope:
    """What one feed holds: its title, where it is read, its documents and its tombstones."""

    title: str
    link: str  # the page a reader opens for the same list
    documents: QuerySet[PolicyDocumentPage]
    tombstones: QuerySet[Tombstone]


def _render(request: HttpRequest, scope: Scope) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    documents = list(
        scope.documents.order_by("-last_published_at", "-pk").select_related("index_number_record")[
            :ENTRIES
        ]
    )
    oldest = min((d.last_published_at for d in documents), default=None)
    since = timezone.now() - timedelta(days=TOMBSTONE_DAYS)
    if oldest is not None and len(documents) == ENTRIES:
        since = max(since, oldest)
    stones = list(scope.tombstones.filter(gone_at__gte=since).order_by("-gone_at")[:ENTRIES])
    updated = max(
        [d.last_published_at for d in documents] + [s.gone_at for s in stones], default=None
    )
    feed = TombstoneAtomFeed(
        title=scope.title,
        link=base + scope.link,
        description="",
        language="zh-CN",
        feed_url=request.build_absolute_uri(),
        feed_guid=request.build_absolute_uri(),
        author_name=PLATFORM_TITLE,
        tombstones=stones,
        updated=updated,
    )
    labels = dict(DocType.choices)
    for document in documents:
        record = getattr(document, "index_number_record", None)
        facts = [labels.get(document.doc_type, ""), document.doc_number, document.issuer_names]
        if record is not None:
            facts.append(f"索引号 {record.value}")
        feed.add_item(
            title=document.title,
            link=base + (document.get_url(request) or document.url_path),
            description="　".join(f for f in facts if f),
            unique_id=entry_id(document.pk),
            unique_id_is_permalink=False,
            pubdate=document.first_published_at,
            updateddate=document.last_published_at,
            author_name=document.issuer_names or PLATFORM_TITLE,
            categories=[labels.get(document.doc_type, document.doc_type)],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


# --- The scopes --------------------------------------------------------------------------------


def _public() -> QuerySet[PolicyDocumentPage]:
    return documents_public()


@require_GET
def platform_feed(request):
    scope = Scope(PLATFORM_TITLE, "/library/", _public(), Tombstone.objects.all())
    return _render(request, scope)


@require_GET
def body_feed(request, code: str):
    body = Body.objects.filter(code=code).select_related("home_page").first()
    if body is None or body.home_page is None:
        raise Http404("没有这个机关")
    if request.GET.get("subtree") == "1":
        paths = list(
            Page.objects.filter(
                pk__in=Body.objects.filter(path__startswith=body.path).values("home_page")
            ).values_list("path", flat=True)
        )
        within = Q(pk__in=[])
        for path in paths:
            within |= Q(path__startswith=path)
        documents = _public().filter(within)
        stones = Tombstone.objects.filter(owner_path__in=paths)
        title = f"{body.name}（含下级机关）"
    else:
        # The body's own documents, and the notices pinned for it from above (权威发布).
        pinned = [d.pk for d in pinned_notices(body.home_page.specific)]
        documents = _public().filter(Q(path__startswith=body.home_page.path) | Q(pk__in=pinned))
        stones = Tombstone.objects.filter(owner_path=body.home_page.path)
        title = body.name
    return _render(request, Scope(title, body.home_page.url_path, documents, stones))


@require_GET
def column_feed(request, page_id: int):
    column = ColumnPage.objects.live().public().filter(pk=page_id).first()
    if column is None:
        raise Http404("没有这个栏目")
    stones = Tombstone.objects.filter(parent_id=column.pk)
    if column.listing != "children":
        stones = Tombstone.objects.filter(
            owner_path=owner_path(column), doc_type__in=column.doc_type_list
        )
    title = f"{column.get_parent().title}：{column.title}"
    return _render(
        request, Scope(title, column.get_url(request) or "/", column_documents(column), stones)
    )


@require_GET
def library_feed(request):
    form = LibraryFilterForm(request.GET, bodies=bodies_in_official_order())
    documents = form.apply(_public())
    chosen = form.cleaned_data if form.is_valid() else {}
    stones = Tombstone.objects.all()
    if chosen.get("doc_type"):
        stones = stones.filter(doc_type=chosen["doc_type"])
    link = "/library/" + (f"?{request.GET.urlencode()}" if request.GET else "")
    return _render(request, Scope(f"{PLATFORM_TITLE}：政策文件库", link, documents, stones))


@require_GET
def search_feed(request):
    form = SearchForm(request.GET)
    result = search(request.GET.get("q", ""), form.filters())
    ids = [int(hit.key.rsplit(":", 1)[1]) for hit in result.hits if "policydocumentpage" in hit.key]
    documents = _public().filter(pk__in=ids)
    link = "/search/" + (f"?{request.GET.urlencode()}" if request.GET else "")
    title = f"{PLATFORM_TITLE}：检索“{request.GET.get('q', '')[:50]}”"
    return _render(request, Scope(title, link, documents, Tombstone.objects.none()))
