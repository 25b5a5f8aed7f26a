"""Hot topics (热点回应; docs/mailbox.md "Hot topics"): the public list and page under
/mailbox/topics/, and the staff screens under /workbench/letters/topics/.

Public: only published topics, and of their letters and Q&A only what is itself public. Staff:
every read scoped by `topic_selectors.topics_for_user` (another body's topic is a 404), every
write one `topic_workflow` function whose Chinese refusal is shown with what was typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.bodies.selectors import bodies_in_official_order
from gongkai.participation import topic_workflow as flow
from gongkai.participation.forms_qa import ReviewNoteForm
from gongkai.participation.forms_topics import TopicForm
from gongkai.participation.models import PolicyQuestion, QuestionStatus, TopicAction
from gongkai.participation.topic_selectors import (
    bodies_writing_topics,
    topic_public_parts,
    topics_for_user,
    topics_published,
    user_may_review_topic,
    user_may_write_topic,
)

staff_login_required = login_required(login_url="wagtailadmin_login")
A = TopicAction
PER_PAGE = 20
MSG_NOT_FOUND = "没有找到该热点回应，或您无权查看"
MSG_DONE = {
    A.CREATE: "热点回应已保存为草稿。",
    A.EDIT: "热点回应已保存。",
    A.PUBLISH: "热点回应已发布。",
    A.WITHDRAW: "热点回应已撤回，公众不再能看到。",
}
STEPS = {A.PUBLISH: flow.topic_publish, A.WITHDRAW: flow.topic_withdraw}


def _crumbs(*extra: tuple[str, str]) -> list[dict]:
    return [
        {"title": "领导信箱", "url": reverse("mailbox:index")},
        {"title": "热点回应", "url": reverse("mailbox:topics")},
        *({"title": t, "url": u} for t, u in extra),
    ]


# --- Public ------------------------------------------------------------------------------------


@require_GET
def topic_list(request):
    code = request.GET.get("body", "")
    body = next((b for b in bodies_in_official_order() if b.code == code), None) if code else None
    page_obj = Paginator(topics_published(body), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "participation/topics/list.html",
        {"page_obj": page_obj, "scope": body, "crumbs": _crumbs()[:1]},
    )


@require_GET
def topic_detail(request, pk: int):
    topic = topics_published().filter(pk=pk).first()
    if topic is None:
        raise Http404("没有这条热点回应")
    letters, questions = topic_public_parts(topic)
    return render(
        request,
        "participation/topics/topic.html",
        {"topic": topic, "letters": letters, "questions": questions, "crumbs": _crumbs()},
    )


# --- Staff -------------------------------------------------------------------------------------


def _question_choices(user):
    return PolicyQuestion.objects.filter(
        body__in=bodies_writing_topics(user).values("pk"), status=QuestionStatus.PUBLISHED
    ).order_by("-published_at")


def _save(form: TopicForm, call) -> object | None:
    try:
        return call()
    except ValidationError as error:
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except flow.WorkflowError as error:
        form.add_error(None, error.message)
    return None


@staff_login_required
def staff_list(request):
    topics = topics_for_user(request.user).order_by("-updated_at", "-pk")
    return render(
        request,
        "participation/topics/staff_list.html",
        {"topics": topics[:200], "may_write": bodies_writing_topics(request.user).exists()},
    )


@staff_login_required
def staff_new(request):
    bodies = list(bodies_writing_topics(request.user).order_by("path"))
    if not bodies:
        raise Http404(MSG_NOT_FOUND)
    form = TopicForm(request.POST or None, bodies=bodies, questions=_question_choices(request.user))
    if request.method == "POST" and form.is_valid():
        topic = _save(
            form,
            lambda: flow.topic_create(
                user=request.user,
                body=form.chosen_body(),
                title=form.cleaned_data["title"],
                answer=form.cleaned_data["answer"],
                letters=form.letter_numbers(),
                questions=form.cleaned_data["questions"],
            ),
        )
        if topic is not None:
            messages.success(request, MSG_DONE[A.CREATE])
            return redirect("letters:topic", pk=topic.pk)
    return render(request, "participation/topics/staff_topic.html", {"form": form, "topic": None})


def _topic(user, pk: int):
    topic = topics_for_user(user).filter(pk=pk).first()
    if topic is None:
        raise Http404(MSG_NOT_FOUND)
    return topic


def _page(request, topic, *, form=None, note_forms=None):
    user = request.user
    editable = topic.status in flow.TRANSITIONS[A.EDIT].sources and user_may_write_topic(
        user, topic
    )
    if form is None and editable:
        form = TopicForm(
            initial=TopicForm.initial_for(topic), bodies=None, questions=_question_choices(user)
        )
    actions = []
    if user_may_review_topic(user, topic):
        for action in STEPS:
            if topic.status in flow.TRANSITIONS[action].sources:
                note = (note_forms or {}).get(action) or ReviewNoteForm(action=action)
                actions.append((action, A(action).label, note))
    return render(
        request,
        "participation/topics/staff_topic.html",
        {
            "topic": topic,
            "form": form if editable else None,
            "actions": actions,
            "events": topic.events.select_related("actor"),
            "own": topic.author_id == user.pk and not user.is_superuser,
        },
    )


@staff_login_required
def staff_topic(request, pk: int):
    topic = _topic(request.user, pk)
    if request.method != "POST":
        return _page(request, topic)
    form = TopicForm(request.POST, bodies=None, questions=_question_choices(request.user))
    if form.is_valid():
        saved = _save(
            form,
            lambda: flow.topic_edit(
                topic,
                user=request.user,
                title=form.cleaned_data["title"],
                answer=form.cleaned_data["answer"],
                letters=form.letter_numbers(),
                questions=form.cleaned_data["questions"],
            ),
        )
        if saved is not None:
            messages.success(request, MSG_DONE[A.EDIT])
            return redirect("letters:topic", pk=topic.pk)
    return _page(request, topic, form=form)


@staff_login_required
@require_POST
def staff_action(request, pk: int, action: str):
    topic = _topic(request.user, pk)
    note_form = ReviewNoteForm(request.POST, action=action)
    note_form.is_valid()
    note = note_form.cleaned_data.get("note", "")
    if _save(note_form, lambda: STEPS[action](topic, user=request.user, note=note)) is not None:
        messages.success(request, MSG_DONE[action])
        return redirect("letters:topic", pk=topic.pk)
    topic.refresh_from_db()
    return _page(request, topic, note_forms={action: note_form})
