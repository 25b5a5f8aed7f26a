"""Applying the catalogue template to existing bodies (A2): what an operator's change to the
template does to every body's columns, from the service, the command and the admin."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import ModelLogEntry, Revision

from gongkai.bodies.models import Body
from gongkai.columns import views
from gongkai.columns.models import CatalogueEntry, ColumnPage
from gongkai.columns.services import (
    AUDIT_CATALOGUE_APPLY,
    REASON_EDITED,
    REASON_HAS_CONTENT,
    catalogue_apply_all,
)
from gongkai.documents.models import DocType
from gongkai.testing.personas import column, publish_document

APPLY_URL = "/admin/columns/catalogue/apply/"


def all_bodies():
    return Body.objects.select_related("home_page").exclude(home_page=None).order_by("path")


def denied(response) -> bool:
    """Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == "/admin/"
    )


def add_entry(key="hot-topics", title="重点领域信息公开", slug="zdly", parent="statutory"):
    return CatalogueEntry.objects.create(
        key=key, title=title, slug=slug, parent=CatalogueEntry.objects.get(key=parent), position=99
    )


def columns_snapshot():
    return sorted(ColumnPage.objects.values_list("pk", "title", "path", "slug", "required", "live"))


def test_a_new_template_entry_reaches_every_existing_body(province, office, city, county):
    add_entry()
    changes = catalogue_apply_all(all_bodies())
    assert {c.body for c in changes} >= {province, office, city, county}
    for body in all_bodies():
        assert column(body, "hot-topics").title == "重点领域信息公开"
    assert all(c.added == ["重点领域信息公开"] for c in changes)
    assert changes[0].summary().startswith("新增1个栏目，保留")
    assert ModelLogEntry.objects.filter(action=AUDIT_CATALOGUE_APPLY).count() == len(changes)


def test_a_second_run_changes_nothing(office, city):
    add_entry()
    CatalogueEntry.objects.filter(key="art20-3").update(title="规划计划信息")
    catalogue_apply_all(all_bodies())
    before, revisions = columns_snapshot(), Revision.objects.count()
    changes = catalogue_apply_all(all_bodies())
    assert not any(c.changed for c in changes)
    assert columns_snapshot() == before and Revision.objects.count() == revisions


def test_a_dry_run_reports_the_changes_and_makes_none(office):
    add_entry()
    CatalogueEntry.objects.filter(key="art20-3").update(title="规划计划信息")
    before = columns_snapshot()
    [change] = catalogue_apply_all([office], dry_run=True)
    assert change.added == ["重点领域信息公开"]
    assert change.updated == ["规划信息→规划计划信息"]
    assert columns_snapshot() == before
    assert not ModelLogEntry.objects.filter(action=AUDIT_CATALOGUE_APPLY).exists()


def test_a_column_with_content_is_never_deleted(office):
    publish_document(office, "art20-2", title="机构职能", slug="jgzn", doc_type=DocType.OTHER)
    CatalogueEntry.objects.filter(key__in=["art20-2", "art20-3"]).delete()
    [change] = catalogue_apply_all([office])
    assert change.dropped_with_content == ["机构职能"]
    assert change.dropped_empty == ["规划信息"]  # reported, not deleted either
    functions, planning = column(office, "art20-2"), column(office, "art20-3")
    assert functions.live and planning.live
    assert not functions.required  # the report no longer asks for it
    assert "模板中已删除但栏目有内容、未删除1个（机构职能）" in change.summary()


def test_a_renamed_entry_renames_the_columns_no_one_edited(office, editor):
    guide = column(office, "guide")
    guide.title = "本机关的公开指南"
    guide.save_revision(user=editor).publish()
    CatalogueEntry.objects.filter(key="guide").update(title="政府信息公开指南（2026）")
    CatalogueEntry.objects.filter(key="art20-3").update(title="规划计划信息")
    [change] = catalogue_apply_all([office])
    assert column(office, "art20-3").title == "规划计划信息"
    assert column(office, "guide").title == "本机关的公开指南"
    assert f"本机关的公开指南：{REASON_EDITED}" in change.not_changed


def test_an_entry_moved_moves_only_empty_columns(office, city):
    publish_document(office, "interpretations", title="通知", slug="tz", doc_type=DocType.OTHER)
    CatalogueEntry.objects.filter(key="interpretations").update(
        parent=CatalogueEntry.objects.get(key="statutory")
    )
    changes = {c.body: c for c in catalogue_apply_all([office, city])}
    statutory = column(city, "statutory")
    assert column(city, "interpretations").get_parent().pk == statutory.pk
    assert changes[city].moved == ["政策解读"]
    assert column(office, "interpretations").get_parent().pk == column(office, "art20-1").pk
    assert f"政策解读：{REASON_HAS_CONTENT}" in changes[office].not_changed


def test_the_command_previews_and_applies(office):
    add_entry()
    out = StringIO()
    call_command("apply_catalogue", "--dry-run", "--body", office.code, stdout=out)
    assert "甘肃省人民政府办公厅（gs-bgt）：新增1个栏目" in out.getvalue()
    assert "预览，未作修改" in out.getvalue()
    assert not ColumnPage.objects.filter(catalogue_key="hot-topics").exists()
    call_command("apply_catalogue", "--body", office.code, stdout=StringIO())
    assert column(office, "hot-topics")
    out = StringIO()
    call_command("apply_catalogue", "--body", office.code, stdout=out)
    assert "新增0个栏目" in out.getvalue()
    with pytest.raises(CommandError, match="机关不存在"):
        call_command("apply_catalogue", "--body", "nowhere")


def test_the_operator_previews_then_applies_from_the_admin(client, operator, office, city):
    add_entry()
    client.force_login(operator)
    index = client.get("/admin/snippets/columns/catalogueentry/").content.decode()
    assert "应用到所有机关" in index and APPLY_URL in index
    preview = client.get(APPLY_URL).content.decode()
    assert "确认应用到所有机关" in preview and office.name in preview
    assert not ColumnPage.objects.filter(catalogue_key="hot-topics").exists()
    result = client.post(APPLY_URL, follow=True).content.decode()
    assert "新增1个栏目" in result
    assert column(office, "hot-topics") and column(city, "hot-topics")


def test_a_large_tree_is_applied_by_the_task_worker(client, operator, office, monkeypatch):
    monkeypatch.setattr(views, "SYNC_LIMIT", 1)
    add_entry()
    client.force_login(operator)
    assert "后台执行" in client.get(APPLY_URL).content.decode()
    response = client.post(APPLY_URL)
    assert response.status_code == 302
    assert column(office, "hot-topics")  # the tests' immediate backend ran the task
    entry = ModelLogEntry.objects.filter(action=AUDIT_CATALOGUE_APPLY, object_id=str(office.pk))
    assert entry.get().user == operator


@pytest.mark.parametrize("persona", ["editor", "reviewer", "office_head"])
def test_only_the_operator_applies_the_template(client, persona, request, db):
    client.force_login(request.getfixturevalue(persona))
    add_entry()
    assert denied(client.get(APPLY_URL))
    assert denied(client.post(APPLY_URL))
    assert not ColumnPage.objects.filter(catalogue_key="hot-topics").exists()
