"""审核: nothing goes live without approval by a reviewer of the page's own body."""

from datetime import date, timedelta

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from gongkai.documents.models import IndexNumber, PolicyDocumentPage
from gongkai.documents.services import document_create
from gongkai.testing.editor import document_add_url, document_form
from gongkai.testing.personas import column


def admin_form(**overrides):
    # A 发文字号 as people type it: the form normalises it.
    return document_form(**{"slug": "tongzhi", "doc_number": "甘政办发[2024] 3 号", **overrides})


def add_url(parent):
    return document_add_url(parent)


def draft(office, editor, slug="draft"):
    return document_create(
        column(office, "art20-1"),
        user=editor,
        title="草稿文件",
        slug=slug,
        doc_type="normative",
        issuer_names="甘肃省人民政府办公厅",
        doc_number="甘政办发〔2024〕1号",
        written_on=date(2024, 1, 2),
        body="<p>正文。</p>",
    )


def submit(page, user):
    return page.get_workflow().start(page, user)


def test_an_editor_cannot_publish_directly_from_the_admin(client, office, editor):
    client.force_login(editor)
    response = client.post(
        add_url(column(office, "art20-1")), admin_form(**{"action-publish": "1"})
    )
    assert response.status_code == 302
    page = PolicyDocumentPage.objects.get(slug="tongzhi")
    assert not page.live
    assert not IndexNumber.objects.filter(document=page).exists()


def test_an_editor_submits_for_review_and_the_page_waits(client, office, editor):
    client.force_login(editor)
    response = client.post(add_url(column(office, "art20-1")), admin_form(**{"action-submit": "1"}))
    assert response.status_code == 302
    page = PolicyDocumentPage.objects.get(slug="tongzhi")
    assert not page.live
    assert page.workflow_in_progress
    # the admin form normalised the 发文字号 on save
    assert page.get_latest_revision_as_object().doc_number == "甘政办发〔2024〕3号"


def test_the_body_reviewer_approves_and_the_page_goes_live_with_an_index_number(
    client, office, editor, reviewer
):
    page = draft(office, editor)
    state = submit(page, editor)
    task_state = state.current_task_state
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert IndexNumber.objects.get(document=page).value.startswith(f"{office.index_code}/")


def test_an_incomplete_document_cannot_be_approved_from_the_dashboard_only_sent_back(
    client, office, editor, reviewer
):
    page = document_create(
        column(office, "art20-1"),
        user=editor,
        title="没有正文的文件",
        slug="bare-dashboard",
        doc_type="normative",
        issuer_names=office.name,
    )
    task_state = submit(page, editor).current_task_state
    assert [a[0] for a in task_state.task.specific.get_actions(page, reviewer)] == ["reject"]
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    response = client.post(url, {"comment": ""})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    back = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "reject", task_state.pk))
    client.post(back, {"comment": "请补充正文"})
    page.refresh_from_db()
    assert page.current_workflow_state.status == "needs_changes"


def test_a_reviewer_of_another_body_cannot_approve(client, office, editor, other_body_reviewer):
    page = draft(office, editor)
    state = submit(page, editor)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(page, other_body_reviewer) == []
    assert not task.get_task_states_user_can_moderate(other_body_reviewer).exists()
    client.force_login(other_body_reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_the_editor_who_submitted_cannot_approve_their_own_page(office, editor):
    page = draft(office, editor)
    state = submit(page, editor)
    assert state.current_task_state.task.specific.get_actions(page, editor) == []


def test_a_reviewer_sees_only_their_bodys_pages_to_moderate(
    office, city, editor, reviewer, other_body_editor
):
    own = draft(office, editor, slug="own")
    submit(own, editor)
    theirs = document_create(
        column(city, "art20-1"),
        user=other_body_editor,
        title="兰州文件",
        slug="lz",
        doc_type="normative",
        issuer_names="兰州市人民政府",
    )
    submit(theirs, other_body_editor)
    task = own.get_workflow().tasks.first().specific
    moderated = {
        ts.workflow_state.content_object.pk
        for ts in task.get_task_states_user_can_moderate(reviewer)
    }
    assert moderated == {own.pk}


def test_scheduled_publication_waits_for_its_time(office, editor, reviewer):
    page = draft(office, editor)
    go_live = timezone.now() + timedelta(days=2)
    page.go_live_at = go_live
    page.save_revision(user=editor)
    state = submit(page, editor)
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
    page.refresh_from_db()
    assert not page.live  # approved, but scheduled
    call_command("publish_scheduled", verbosity=0)
    page.refresh_from_db()
    assert not page.live
    with time_machine.travel(go_live + timedelta(minutes=1)):
        call_command("run_timers", once=True)
    page.refresh_from_db()
    assert page.live
    assert IndexNumber.objects.filter(document=page).exists()
