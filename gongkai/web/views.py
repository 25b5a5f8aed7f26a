"""Public views that are not pages: the province-wide library, health, and error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_in_official_order
from gongkai.documents.filters import library_list
from gongkai.documents.selectors import documents_public
from gongkai.search.forms import SearchForm


def library(request):
    """政策文件库: every body's documents in one list (the province-wide library), filtered as
    gov.cn's 国务院政策文件库 is; a filter value that cannot be read is ignored, and said so."""
    context = library_list(request, documents_public(), bodies_in_official_order())
    return render(request, "web/library.html", context)


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"ok": True})


def page_not_found(request, exception=None):
    return HttpResponse(loader.render_to_string("web/404.html", request=request), status=404)


def server_error(request):
    # Rendered without context processors that could fail again; never shows a stack trace.
    return HttpResponse(loader.render_to_string("web/500.html"), status=500)


def large_text(request):
    """长者模式: toggle large text with a cookie, without JavaScript, and go back."""
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    if request.COOKIES.get("large_text") == "1":
        response.delete_cookie("large_text")
    else:
        response.set_cookie("large_text", "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response


# The filters of the search page that narrow a search (an empty result offers to drop them).
FILTER_NAMES = ("body", "owner", "doc_type", "topic", "year", "validity")


def search_page(request):
    """全文检索: one box, facets with counts, 只看现行有效, sort, pages; `body` scopes to a body
    and its subordinates, `owner` to one 发文机关 exactly (docs/search.md)."""
    form = SearchForm(request.GET)
    filters = form.filters()
    valid_only = bool(form.value("valid_only"))
    q = form.value("q") or ""
    result = form.search()
    body = (
        Body.objects.filter(code=filters.body).select_related("home_page").first()
        if filters.body
        else None
    )
    return render(
        request,
        "web/search.html",
        {
            "q": q,
            "result": result,
            "filters": filters,
            "valid_only": valid_only,
            "scope_body": body,
            "issuers": _issuer_facet(result, filters, body) if result else [],
            "filtered": any(getattr(filters, name) for name in FILTER_NAMES),
        },
    )


def _issuer_facet(result, filters, scope_body) -> list[dict]:
    """发文机关 as the page lists it: each body whose own documents match (an exact filter), and
    "含下级机关" — a body with its subordinate bodies — for the body in scope and for the one
    chosen, when its subordinates add documents. Each count is the total its link gives."""
    subtree = {key: count for key, _label, count in result.facets.get("body", [])}
    entries = []
    if filters.body:
        entries.append(
            dict(
                facet="body",
                key=filters.body,
                label=scope_body.name if scope_body else filters.body,
                count=subtree.get(filters.body, 0),
                subordinates=True,
                current=not filters.owner,
            )
        )
    for key, label, count in result.facets.get("owner", []):
        chosen = key == filters.owner
        entries.append(dict(facet="owner", key=key, label=label, count=count, current=chosen))
        if chosen and key != filters.body and subtree.get(key, 0) > count:
            entries.append(
                dict(
                    facet="body",
                    key=key,
                    label=label,
                    count=subtree[key],
                    subordinates=True,
                    nested=True,
                )
            )
    return entries
