"""The public pages of the policy Q&A (简明问答, under /qa/; docs/policy_qa.md): the list of
published entries by body, topic and keyword, and one entry with the policies it rests on.
Nothing unpublished is ever shown: a draft's address is a 404 like an unknown one."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from gongkai.bodies.selectors import bodies_in_official_order
from gongkai.documents.selectors import document_validity
from gongkai.participation.forms_qa import QuestionFilterForm
from gongkai.participation.qa_search import question_title
from gongkai.participation.qa_selectors import question_public, questions_published

TITLE = "简明问答"
PER_PAGE = 20


def _crumbs(*extra: tuple[str, str]) -> list[dict]:
    return [{"title": TITLE, "url": reverse("qa:list")}] + [
        {"title": title, "url": url} for title, url in extra
    ]


@require_GET
def question_list(request):
    """简明问答: the published entries, newest first; a body's list holds its subordinates'."""
    bodies = list(bodies_in_official_order())
    form = QuestionFilterForm(request.GET or None, bodies=bodies)
    chosen = form.valid_data() if request.GET else {}
    body = next((b for b in bodies if b.code == chosen.get("body")), None)
    entries = questions_published(body=body, topic=chosen.get("topic", ""))
    if chosen.get("q"):
        entries = entries.filter(
            Q(question__icontains=chosen["q"]) | Q(answer__icontains=chosen["q"])
        )
    page_obj = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(entry, question_title(entry.question)) for entry in page_obj.object_list]
    return render(
        request,
        "participation/qa/list.html",
        {
            "filter_form": form,
            "page_obj": page_obj,
            "rows": rows,
            "filtered": bool(chosen),
            "keyword": chosen.get("q", ""),
            "crumbs": [],
        },
    )


@require_GET
def question_detail(request, pk: int):
    """One entry: the question, the answer, the body, the date, and each policy it rests on with
    the article and the policy's validity today (a repealed basis is marked, not hidden)."""
    entry = question_public(pk)
    if entry is None:
        raise Http404("没有这条简明问答")
    bases = [(basis, document_validity(basis.document)) for basis in entry.public_bases]
    title = question_title(entry.question)
    return render(
        request,
        "participation/qa/question.html",
        {"entry": entry, "title": title, "bases": bases, "crumbs": _crumbs()},
    )
