"""Public views that are not pages: the province-wide library, health, and error pages."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import pages_of_body
from gongkai.documents.filters import filtered_list
from gongkai.documents.selectors import documents_public
from gongkai.search.forms import SearchForm
from gongkai.search.selectors import search


def library(request):
    """政策文件库: every body's documents in one list (the province-wide library)."""
    documents = documents_public().order_by("-first_published_at", "-pk")
    body_code = request.GET.get("body", "").strip()
    body = (
        Body.objects.filter(code=body_code).select_related("home_page").first()
        if body_code
        else None
    )
    if body is not None:
        documents = documents.filter(pk__in=pages_of_body(body).values("pk"))
    context = filtered_list(request, documents)
    context.update(bodies=Body.objects.order_by("path"), selected_body=body)
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


def search_page(request):
    """全文检索: one box, facets with counts, 只看现行有效, sort, pages; `body` scopes to a body."""
    form = SearchForm(request.GET)
    filters = form.filters()
    valid_only = bool(form.value("valid_only"))
    q = form.value("q") or ""
    result = search(q, filters) if q.strip() else None
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
        },
    )
