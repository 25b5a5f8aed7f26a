"""Staff of one body get nothing of another's: pages, attachments, the admin explorer, moderation."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from gongkai.bodies.models import BodyLevel, BodyRole
from gongkai.bodies.selectors import bodies_for_user
from gongkai.bodies.services import body_grant_role
from gongkai.documents.models import Attachment, PolicyDocumentPage
from gongkai.testing.personas import column, make_body, publish_document


@pytest.fixture
def office_doc(office):
    return publish_document(office, title="办公厅文件", slug="bgt-doc")


@pytest.fixture
def office_attachment(office):
    att = Attachment(title="办公厅附件", collection=office.collection)
    att.file.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    att.save()
    return att


def test_an_editor_acts_for_their_own_body_only(office, city, editor):
    assert list(bodies_for_user(editor)) == [office]


def test_a_site_admin_acts_for_the_whole_subtree(province, office, city):
    from gongkai.testing import personas

    admin = personas.user("gansu_admin")
    body_grant_role(admin, province, BodyRole.SITE_ADMIN)
    assert set(bodies_for_user(admin)) == {province, office, city}
    city_admin = personas.user("lz_admin")
    body_grant_role(city_admin, city, BodyRole.SITE_ADMIN)
    county = make_body("chengguan", "城关区人民政府", BodyLevel.COUNTY, parent=city, serial=9)
    assert set(bodies_for_user(city_admin)) == {city, county}


def test_anonymous_and_operator_scopes(db, operator, office, city):
    from django.contrib.auth.models import AnonymousUser

    assert not bodies_for_user(AnonymousUser()).exists()
    assert set(bodies_for_user(operator)) == {office.get_parent(), office, city}


def test_another_bodys_editor_cannot_open_or_change_a_page(client, office_doc, other_body_editor):
    client.force_login(other_body_editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(office_doc.pk,)))
    assert edit.status_code in (302, 403)
    post = client.post(
        reverse("wagtailadmin_pages:edit", args=(office_doc.pk,)), {"title": "被篡改"}
    )
    assert post.status_code in (302, 403)
    office_doc.refresh_from_db()
    assert office_doc.title == "办公厅文件"
    delete = client.post(reverse("wagtailadmin_pages:delete", args=(office_doc.pk,)))
    assert delete.status_code in (302, 403)
    assert PolicyDocumentPage.objects.filter(pk=office_doc.pk).exists()


def test_another_bodys_editor_cannot_add_pages_under_its_columns(client, office, other_body_editor):
    client.force_login(other_body_editor)
    parent = column(office, "art20-1")
    url = reverse("wagtailadmin_pages:add", args=("documents", "policydocumentpage", parent.pk))
    assert client.get(url).status_code in (302, 403)


def test_another_bodys_editor_does_not_see_its_pages_in_the_explorer(
    client, office, city, office_doc, other_body_editor
):
    client.force_login(other_body_editor)
    response = client.get(reverse("wagtailadmin_explore", args=(office.home_page.pk,)))
    assert response.status_code in (302, 403, 404)
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "办公厅文件"})
    assert reverse("wagtailadmin_pages:edit", args=(office_doc.pk,)) not in search.content.decode()


def test_the_own_editor_can_open_and_find_the_page(client, office_doc, editor):
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(office_doc.pk,))
    assert client.get(edit_url).status_code == 200
    search = client.get(reverse("wagtailadmin_pages:search"), {"q": "办公厅文件"})
    assert edit_url in search.content.decode()


def test_another_bodys_editor_cannot_see_or_choose_its_attachments(
    client, office_attachment, editor, other_body_editor
):
    client.force_login(other_body_editor)
    listing = client.get(reverse("wagtaildocs:index"))
    assert "办公厅附件" not in listing.content.decode()
    chooser = client.get(reverse("wagtaildocs_chooser:choose"))
    assert "办公厅附件" not in chooser.content.decode()
    edit = client.get(reverse("wagtaildocs:edit", args=(office_attachment.pk,)))
    assert edit.status_code in (302, 403)
    client.force_login(editor)
    assert "办公厅附件" in client.get(reverse("wagtaildocs:index")).content.decode()
