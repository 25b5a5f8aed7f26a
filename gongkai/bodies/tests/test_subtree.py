"""A site admin (站点管理员) acts on the pages and attachments of every body of its subtree through
Wagtail's own permissions; editors and reviewers stay inside their own body."""

from io import StringIO

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission
from wagtail.permissions import policy_registry

from gongkai.bodies.models import BodyReviewTask, BodyRole
from gongkai.bodies.services import body_rights_sync, group_name
from gongkai.documents.models import Attachment
from gongkai.testing.personas import COUNTY, column, make_body

REFUSED = (302, 403, 404)


def edit(page):
    return reverse("wagtailadmin_pages:edit", args=(page.pk,))


def test_the_province_site_admin_edits_and_publishes_the_office_and_city_pages(
    client, province, office, city, province_admin
):
    client.force_login(province_admin)
    for page in (office.home_page, column(city, "art20-1")):
        rights = page.permissions_for_user(province_admin)
        assert rights.can_edit() and rights.can_publish() and rights.can_add_subpage()
        response = client.get(edit(page))
        assert response.status_code == 200
        assert 'name="action-publish"' in response.content.decode()


def test_the_province_site_admin_explores_the_office_pages(client, office, province_admin):
    client.force_login(province_admin)
    response = client.get(reverse("wagtailadmin_explore", args=(office.home_page.pk,)))
    assert response.status_code == 200
    child = office.home_page.get_children().first()
    assert edit(child) in response.content.decode()


def test_a_city_site_admin_gets_nothing_of_the_province_or_office(
    client, province, office, city_admin
):
    client.force_login(city_admin)
    for page in (province.home_page, office.home_page, column(office, "art20-1")):
        assert not page.permissions_for_user(city_admin).can_edit()
        assert client.get(edit(page)).status_code in REFUSED


def test_an_office_editor_gets_nothing_of_the_province_pages(client, province, office, editor):
    client.force_login(editor)
    page = column(province, "art20-1")
    assert not page.permissions_for_user(editor).can_edit()
    assert client.get(edit(page)).status_code in REFUSED
    assert client.get(edit(province.home_page)).status_code in REFUSED
    # … while its own body's pages stay its own
    assert client.get(edit(column(office, "art20-1"))).status_code == 200


def test_a_city_reviewer_has_no_rights_on_the_body_below(city, other_body_reviewer):
    county = make_body(parent=city, **COUNTY)
    assert not county.home_page.permissions_for_user(other_body_reviewer).can_edit()


def test_a_body_created_later_is_editable_by_the_site_admins_above(
    client, province, city, province_admin, city_admin
):
    county = make_body(parent=city, **COUNTY)
    for admin in (province_admin, city_admin):
        assert county.home_page.permissions_for_user(admin).can_publish()
        client.force_login(admin)
        assert client.get(edit(column(county, "art20-1"))).status_code == 200


def test_site_admins_see_and_add_attachments_in_the_subtree_collections(
    client, office, city, province_admin, city_admin
):
    permission_policy = policy_registry.get_by_type(get_document_model())
    assert {office.collection, city.collection} <= set(
        permission_policy.collections_user_has_permission_for(province_admin, "choose")
    )
    city_may_add = set(permission_policy.collections_user_has_permission_for(city_admin, "add"))
    assert city.collection in city_may_add and office.collection not in city_may_add
    attachment = Attachment(title="办公厅附件", collection=office.collection)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    attachment.save()
    for admin, sees in ((province_admin, True), (city_admin, False)):
        client.force_login(admin)
        assert ("办公厅附件" in client.get(reverse("wagtaildocs:index")).content.decode()) is sees


def test_only_a_reviewer_of_the_page_body_approves_not_the_site_admin_above(
    office, province_admin, reviewer
):
    task = BodyReviewTask.objects.first() or BodyReviewTask(name="本机关审核")
    page = office.home_page
    assert task.get_actions(page, province_admin) == []
    assert task.get_actions(page, reviewer) != []


def test_sync_rebuilds_missing_rights_and_removes_stale_ones(province, office, city):
    admin_group = Group.objects.get(name=group_name(province, BodyRole.SITE_ADMIN))
    GroupPagePermission.objects.filter(group=admin_group, page=office.home_page).delete()
    GroupCollectionPermission.objects.filter(group=admin_group, collection=city.collection).delete()
    # a right the tree does not give: the city's editors on the province's home page
    editors = Group.objects.get(name=group_name(city, BodyRole.EDITOR))
    GroupPagePermission.objects.create(
        group=editors,
        page=province.home_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    out = StringIO()
    call_command("sync_body_permissions", stdout=out)
    assert "新增 13 项，移除 1 项" in out.getvalue()
    assert GroupPagePermission.objects.filter(group=admin_group, page=office.home_page).count() == 6
    assert not GroupPagePermission.objects.filter(group=editors, page=province.home_page).exists()
    assert body_rights_sync() == (0, 0)


@pytest.mark.parametrize("role", [BodyRole.EDITOR, BodyRole.REVIEWER])
def test_editor_and_reviewer_groups_hold_rights_on_their_own_body_only(province, role):
    group = Group.objects.get(name=group_name(province, role))
    pages = set(GroupPagePermission.objects.filter(group=group).values_list("page_id", flat=True))
    assert pages == {province.home_page_id}
    collections = set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection", flat=True)
    )
    assert collections == {province.collection_id}
    assert Collection.objects.filter(pk__in=collections).count() == 1
