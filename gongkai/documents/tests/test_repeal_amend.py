"""立改废 from the editor (issue 12 item 3): a repeal, a new version and an expiry are decided like
any other change of the page — reviewed by the body's 审核 and effective on publication — and the
public page, the 规章 / 行政规范性文件 columns and the staff library follow at once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from gongkai.core.dates import today
from gongkai.documents.models import (
    MSG_REPEAL_BASIS_REQUIRED,
    MSG_REPEAL_DATE_REQUIRED,
    DocumentRepeal,
    PolicyDocumentPage,
)
from gongkai.documents.services import AUDIT_NEW_VERSION, AUDIT_REPEAL
from gongkai.documents.tests.test_editor_readiness import admin_form
from gongkai.testing.personas import column, publish_document

TITLE = "关于规范行政事业性收费管理的通知"
DECISION = "甘肃省人民政府办公厅关于废止部分行政规范性文件的决定"


@pytest.fixture
def rule(office):
    return publish_document(
        office,
        title=TITLE,
        slug="2020-5",
        doc_number="甘政办发〔2020〕5号",
        written_on=date(2020, 3, 1),
        body="<p>正文</p>",
    )


def edit_form(page, **overrides):
    fields = {
        "title": page.title,
        "slug": page.slug,
        "doc_number": page.doc_number,
        "written_on": page.written_on.isoformat(),
        "issuer_names": page.issuer_names,
    }
    return admin_form(**{**fields, **overrides})


def edit(client, page, **overrides):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)), edit_form(page, **overrides)
    )


def approve(client, reviewer, page):
    page = PolicyDocumentPage.objects.get(pk=page.pk)
    task_state = page.current_workflow_state.current_task_state
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url, {"comment": ""})


def public_text(client, url) -> str:
    client.logout()
    return client.get(url).content.decode()


def test_a_repeal_goes_through_review_and_the_column_drops_the_document(
    client, office, editor, reviewer, rule
):
    in_force = column(office, "normative-in-force").url
    retired = column(office, "repealed").url
    assert TITLE in public_text(client, in_force)

    client.force_login(editor)
    response = edit(
        client,
        rule,
        repealed_on=today().isoformat(),
        repealing_title=DECISION,
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    # Submitted, not yet approved: nothing public has changed.
    assert not DocumentRepeal.objects.filter(document=rule).exists()
    assert TITLE in public_text(client, in_force)
    assert "已废止" not in public_text(client, rule.url)

    assert approve(client, reviewer, rule).status_code in (200, 302)
    repeal = DocumentRepeal.objects.get(document=rule)
    assert (repeal.repealed_on, repeal.repealing_title) == (today(), DECISION)
    assert repeal.recorded_by == editor
    assert PageLogEntry.objects.filter(page=rule, action=AUDIT_REPEAL).exists()
    page = public_text(client, rule.url)
    assert "本文件已废止" in page and DECISION in page
    assert TITLE not in public_text(client, in_force)
    assert TITLE in public_text(client, retired)


def test_a_repeal_saved_as_a_draft_changes_nothing_public(client, office, editor, rule):
    client.force_login(editor)
    response = edit(client, rule, repealed_on=today().isoformat(), repealing_title=DECISION)
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.get_latest_revision_as_object().repealed_on == today()
    assert rule.repealed_on is None
    assert not DocumentRepeal.objects.filter(document=rule).exists()
    editing = client.get(reverse("wagtailadmin_pages:edit", args=(rule.pk,))).content.decode()
    assert "本修改经审核发布后" in editing
    assert TITLE in public_text(client, column(office, "normative-in-force").url)
    assert "已废止" not in public_text(client, rule.url)


def test_the_repealing_document_is_chosen_and_linked_from_the_banner(office, editor, rule):
    decision = publish_document(office, title=DECISION, slug="2024-9", body="<p>决定</p>")
    rule.repealed_on = date(2024, 6, 1)
    rule.repealing_document = decision
    rule.save_revision(user=editor).publish()
    repeal = DocumentRepeal.objects.get(document=rule)
    assert (repeal.repealing_document, repeal.repealing_title) == (decision, DECISION)
    # A later revision corrects the date: the record follows the published revision.
    rule.repealed_on = date(2024, 7, 1)
    rule.save_revision(user=editor).publish()
    assert DocumentRepeal.objects.get(document=rule).repealed_on == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"repealing_title": DECISION}, "repealed_on", MSG_REPEAL_DATE_REQUIRED),
        ({"repealed_on": "2025-01-01"}, "repealing_document", MSG_REPEAL_BASIS_REQUIRED),
    ],
)
def test_an_incomplete_repeal_is_refused_with_what_is_missing(
    client, editor, rule, fields, field, message
):
    client.force_login(editor)
    response = edit(client, rule, **fields)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]


def test_an_editor_of_another_body_cannot_repeal(client, other_body_editor, rule):
    client.force_login(other_body_editor)
    revisions = rule.revisions.count()
    response = edit(
        client,
        rule,
        repealed_on=today().isoformat(),
        repealing_title=DECISION,
        **{"action-submit": "1"},
    )
    assert response.status_code in (302, 403)
    assert rule.revisions.count() == revisions
    assert not DocumentRepeal.objects.filter(document=rule).exists()
    # Wagtail's admin answers a PermissionDenied with a redirect to the dashboard.
    assert client.get(reverse("documents_new_version", args=(rule.pk,))).status_code in (302, 403)
    assert client.post(reverse("documents_new_version", args=(rule.pk,))).status_code in (302, 403)
    assert not PolicyDocumentPage.objects.filter(previous_version=rule).exists()


def test_a_new_version_is_a_linked_draft_until_it_is_reviewed(
    client, office, editor, reviewer, rule
):
    client.force_login(editor)
    url = reverse("documents_new_version", args=(rule.pk,))
    assert "创建修订版本草稿" in client.get(url).content.decode()
    response = client.post(url)
    draft = PolicyDocumentPage.objects.get(previous_version=rule)
    assert response.url == reverse("wagtailadmin_pages:edit", args=(draft.pk,))
    assert not draft.live
    assert (draft.title, draft.body, draft.doc_number) == (rule.title, rule.body, rule.doc_number)
    assert draft.get_parent().pk == rule.get_parent().pk
    assert PageLogEntry.objects.filter(page=draft, action=AUDIT_NEW_VERSION).exists()
    assert "已修改" not in public_text(client, rule.url)

    client.force_login(editor)
    new_title = f"{TITLE}（2025年修订）"
    response = edit(
        client,
        draft,
        title=new_title,
        doc_number="甘政办发〔2025〕7号",
        written_on="2025-01-02",
        effective_on=today().isoformat(),
        previous_version=str(rule.pk),
        **{"action-submit": "1"},
    )
    assert response.status_code == 302
    approve(client, reviewer, draft)
    old = public_text(client, rule.url)
    assert "本文件已修改" in old and new_title in old
    assert TITLE in public_text(client, draft.url)  # the new one links the old
    listed = public_text(client, column(office, "normative-in-force").url)
    assert new_title in listed and f"{TITLE}</a>" not in listed


def test_an_expiry_date_takes_effect_by_itself(client, office, time_machine, rule):
    rule.expires_on = date(2030, 1, 1)
    rule.save_revision().publish()
    in_force = column(office, "normative-in-force").url
    time_machine.move_to(datetime(2029, 12, 31, 23, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert TITLE in public_text(client, in_force)
    time_machine.move_to(datetime(2030, 1, 1, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    assert TITLE not in public_text(client, in_force)
    assert "本文件失效" in public_text(client, rule.url)


def test_the_staff_library_lists_what_was_in_force_on_a_date_and_only_ones_own(
    client, office, city, editor, other_body_editor, rule
):
    later = publish_document(
        office,
        title="二〇三〇年施行的办法",
        slug="2029-1",
        effective_on=date(2030, 1, 1),
        body="<p>正文</p>",
    )
    publish_document(city, title="兰州市的文件", slug="lz-1", body="<p>正文</p>")
    url = reverse("policy_documents:index")
    client.force_login(editor)
    listing = client.get(url).content.decode()
    assert TITLE in listing and later.title in listing and "兰州市的文件" not in listing
    assert "在某日有效" in listing
    on_date = client.get(url, {"in_force_on": today().isoformat()}).content.decode()
    assert TITLE in on_date and later.title not in on_date
    # Published today: it was in force on no earlier day.
    yesterday = (today() - timedelta(days=1)).isoformat()
    assert TITLE not in client.get(url, {"in_force_on": yesterday}).content.decode()
    on_later = client.get(url, {"in_force_on": (date(2030, 1, 1) + timedelta(days=1)).isoformat()})
    assert later.title in on_later.content.decode()

    client.force_login(other_body_editor)
    theirs = client.get(url, {"in_force_on": today().isoformat()}).content.decode()
    assert TITLE not in theirs and "兰州市的文件" in theirs
