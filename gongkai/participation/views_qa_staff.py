"""The staff screens of the policy Q&A (简明问答), mounted at /workbench/qa/ (namespace `qa_staff`;
docs/policy_qa.md, "Staff screens").

Thin views: every read is scoped with `qa_selectors.questions_for_user` (another body's entry is a
404 for the page and every action); every write is one `qa_workflow` function, whose Chinese
refusal is shown beside the form with what was typed kept. A letter becomes an entry in one step
from the letter's page (`from_letter`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.participation import qa_workflow as flow
from gongkai.participation.forms_qa import QuestionForm, ReviewNoteForm
from gongkai.participation.letter_selectors import letters_for_user
from gongkai.participation.models import PolicyQuestion, QuestionAction, QuestionStatus
from gongkai.participation.qa_search import question_title
from gongkai.participation.qa_selectors import (
    bases_in_order,
    bodies_writing_questions,
    lapsed_bases,
    questions_for_user,
    questions_with_lapsed_bases,
    user_may_review_question,
    user_may_write_question,
)

staff_login_required = login_required(login_url="wagtailadmin_login")

PAGE_SIZE = 50
A = QuestionAction
TABS = [
    (QuestionStatus.DRAFT.value, "草稿"),
    (QuestionStatus.IN_REVIEW.value, "待审核"),
    (QuestionStatus.PUBLISHED.value, "已发布"),
    (QuestionStatus.WITHDRAWN.value, "已撤回"),
]
NOTE_ACTIONS = (A.RETURN, A.PUBLISH, A.WITHDRAW)
STAFF_ACTIONS = (A.SUBMIT, *NOTE_ACTIONS)

MSG_NOT_FOUND = "没有找到该问答，或您无权查看"
MSG_NO_BODY = "您没有可以编写简明问答的机关"
MSG_DONE = {
    A.CREATE: "问答已保存为草稿。",
    A.FROM_LETTER: "已由来信{number}生成问答草稿，请修改完善后提交审核。",
    A.EDIT: "问答已保存。",
    A.SUBMIT: "问答已提交审核。",
    A.RETURN: "问答已退回修改。",
    A.PUBLISH: "问答已发布，可在政策文件页面和全文检索中看到。",
    A.WITHDRAW: "问答已撤回，公众不再能看到。",
}


def _entry(user, pk: int) -> PolicyQuestion:
    entry = questions_for_user(user).filter(pk=pk).first()
    if entry is None:
        raise Http404(MSG_NOT_FOUND)
    return entry


@staff_login_required
def question_list(request: HttpRequest) -> HttpResponse:
    """简明问答: the entries of the user's bodies by status; a published entry resting on a policy
    no longer in force is flagged for review."""
    tab = request.GET.get("tab", QuestionStatus.DRAFT.value)
    if tab not in dict(TABS):
        tab = QuestionStatus.DRAFT.value
    mine = questions_for_user(request.user)
    counts = {status: mine.filter(status=status).count() for status, _label in TABS}
    entries = mine.filter(status=tab).order_by("-updated_at", "-pk")
    paginated = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    lapsed = questions_with_lapsed_bases(mine.filter(pk__in=[e.pk for e in paginated]))
    return render(
        request,
        "participation/qa/staff_list.html",
        {
            "tab": tab,
            "tabs": [(value, label, counts[value]) for value, label in TABS],
            "rows": [(e, question_title(e.question), e.pk in lapsed) for e in paginated],
            "paginated": paginated,
            "may_write": bodies_writing_questions(request.user).exists(),
        },
    )


@staff_login_required
def question_new(request: HttpRequest) -> HttpResponse:
    """新建问答."""
    bodies = list(bodies_writing_questions(request.user).order_by("path"))
    if not bodies:
        raise Http404(MSG_NO_BODY)
    form = QuestionForm(request.POST or None, bodies=bodies)
    if request.method == "POST" and form.is_valid():
        try:
            entry = flow.question_create(
                user=request.user,
                body=form.chosen_body(),
                question=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
                topic=form.cleaned_data["topic"],
                bases=form.bases,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, MSG_DONE[A.CREATE])
            return redirect("qa_staff:question", pk=entry.pk)
    return render(request, "participation/qa/staff_edit.html", {"form": form, "entry": None})


def _add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _page(request, entry: PolicyQuestion, *, form=None, note_forms=None, status=200):
    user = request.user
    editable = entry.status in flow.TRANSITIONS[A.EDIT].sources
    may_write = user_may_write_question(user, entry)
    may_review = user_may_review_question(user, entry)
    if form is None and editable and may_write:
        form = QuestionForm(initial=QuestionForm.initial_for(entry))
    note_forms = note_forms or {}
    actions = []
    for action in STAFF_ACTIONS:
        transition = flow.TRANSITIONS[action]
        allowed = may_review if transition.who == flow.Who.REVIEWER else may_write
        if allowed and entry.status in transition.sources:
            actions.append(
                (action, A(action).label, note_forms.get(action) or ReviewNoteForm(action=action))
            )
    return render(
        request,
        "participation/qa/staff_question.html",
        {
            "entry": entry,
            "title": question_title(entry.question),
            "bases": bases_in_order(entry),
            "lapsed": lapsed_bases(entry) if entry.status == QuestionStatus.PUBLISHED else [],
            "form": form if editable and may_write else None,
            "actions": actions,
            "events": entry.events.select_related("actor"),
            "own_submission": entry.submitted_by_id == user.pk and not user.is_superuser,
        },
        status=status,
    )


@staff_login_required
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: its text and bases, the edit form while it is a draft, the allowed steps."""
    entry = _entry(request.user, pk)
    if request.method != "POST":
        return _page(request, entry)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            flow.question_edit(
                entry,
                user=request.user,
                question_text=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
                topic=form.cleaned_data["topic"],
                bases=form.bases,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except flow.WorkflowError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, MSG_DONE[A.EDIT])
            return redirect("qa_staff:question", pk=entry.pk)
    return _page(request, entry, form=form)


@staff_login_required
@require_POST
def question_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    entry = _entry(request.user, pk)
    note_form = ReviewNoteForm(request.POST, action=action)
    note_form.is_valid()
    note = note_form.cleaned_data.get("note", "")
    try:
        if action == A.SUBMIT:
            flow.question_submit(entry, user=request.user)
        elif action == A.PUBLISH:
            flow.question_publish(entry, user=request.user, note=note)
        elif action == A.RETURN:
            flow.question_return(entry, user=request.user, note=note)
        else:
            flow.question_withdraw(entry, user=request.user, note=note)
    except flow.WorkflowError as error:
        note_form.add_error(None, error.message)
    except ValidationError as error:
        _add_errors(note_form, error)
    else:
        messages.success(request, MSG_DONE[action])
        return redirect("qa_staff:question", pk=entry.pk)
    entry.refresh_from_db()
    return _page(request, entry, note_forms={action: note_form})


@staff_login_required
@require_POST
def from_letter(request: HttpRequest, letter_pk: int) -> HttpResponse:
    """由来信生成问答: from the letter's page, one step to a draft entry."""
    letter = letters_for_user(request.user).filter(pk=letter_pk).first()
    if letter is None:
        raise Http404("没有找到该来信，或您无权查看")
    try:
        entry = flow.question_from_letter(letter, user=request.user)
    except flow.WorkflowError as error:
        messages.error(request, error.message)
        return redirect("letters:letter", pk=letter.pk)
    messages.success(request, MSG_DONE[A.FROM_LETTER].format(number=letter.number))
    return redirect("qa_staff:question", pk=entry.pk)
