"""The public lists of consultations (意见征集), province-wide or of one body with the bodies under
it: 征集中 (the soonest to close first), 已截止、待反馈 (with the days since closing: the public sees
how long a body takes to answer), 已反馈 (the latest first, paginated); and the open consultations
as Atom and JSON, for other sites and readers to follow."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.bodies.models import Body
from gongkai.core.dates import today as local_today
from gongkai.participation.models import ConsultationPage
from gongkai.participation.selectors import (
    consultations_awaiting_feedback,
    consultations_concluded,
    consultations_open,
)

CONCLUDED_PER_PAGE = 20
FEED_TITLE = "正在征求意见"
FEED_TITLE_OF = "{body}正在征求意见"


@dataclass(frozen=True)
class OpenConsultation:
    page: ConsultationPage
    days_left: int  # calendar days after today up to the closing day; 0 on the closing day


def _scope(request) -> Body | None:
    """`?body=<code>`: that body and the bodies under it; none: the whole province."""
    code = request.GET.get("body", "").strip()
    if not code:
        return None
    body = Body.objects.filter(code=code).first()
    if body is None:
        raise Http404("没有这个机关")
    return body


def _open(body: Body | None) -> list[OpenConsultation]:
    today = local_today()
    pages = consultations_open(body, subordinates=True, today=today).public()
    return [OpenConsultation(page, (page.closes_on - today).days) for page in pages]


@require_GET
def consultation_list(request):
    body = _scope(request)
    public = set(ConsultationPage.objects.live().public().values_list("pk", flat=True))
    awaiting = [
        item
        for item in consultations_awaiting_feedback(body, subordinates=True)
        if item.page.pk in public
    ]
    concluded = Paginator(
        consultations_concluded(body, subordinates=True).public(), CONCLUDED_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/public/consultation_list.html",
        {
            "scope_body": body,
            "open_items": _open(body),
            "awaiting": awaiting,
            "page_obj": concluded,
        },
    )


def _absolute(request, page: ConsultationPage) -> str:
    return page.get_full_url(request) or request.build_absolute_uri(page.get_url(request))


@require_GET
def consultations_open_atom(request):
    body = _scope(request)
    feed = Atom1Feed(
        title=FEED_TITLE_OF.format(body=body.name) if body else FEED_TITLE,
        link=request.build_absolute_uri(request.path.rsplit("/", 2)[0] + "/"),
        description=FEED_TITLE,
        language="zh-cn",
        feed_url=request.build_absolute_uri(),
    )
    for item in _open(body):
        page = item.page
        feed.add_item(
            title=page.title,
            link=_absolute(request, page),
            description=(
                f"{page.drafting_body_name}；征求意见期间：{page.opens_on:%Y-%m-%d}至{page.closes_on:%Y-%m-%d}"
            ),
            unique_id=_absolute(request, page),
            pubdate=page.first_published_at,
            updateddate=page.last_published_at,
            author_name=page.body.name if page.body else "",
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


@require_GET
def consultations_open_json(request):
    body = _scope(request)
    items = [
        {
            "id": item.page.pk,
            "title": item.page.title,
            "url": _absolute(request, item.page),
            "body": item.page.body.code if item.page.body else "",
            "body_name": item.page.body.name if item.page.body else "",
            "drafting_body": item.page.drafting_body_name,
            "kinds": [kind.value for kind in item.page.kind_list],
            "opens_on": item.page.opens_on.isoformat(),
            "closes_on": item.page.closes_on.isoformat(),
            "days_left": item.days_left,
            "shortened_reason": item.page.shortened_reason,
        }
        for item in _open(body)
    ]
    return JsonResponse(
        {"body": body.code if body else "", "consultations": items},
        json_dumps_params={"ensure_ascii": False},
    )
