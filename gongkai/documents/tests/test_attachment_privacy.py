"""An attachment is public only once a live public page uses it; before, only its body's staff get it,
and everyone else a 404 (documents/serving.py)."""

import pytest
from django.core.files.base import ContentFile
from wagtail.models import Page, PageViewRestriction

from gongkai.documents.models import Attachment, DocumentAttachment, PolicyDocumentPage
from gongkai.documents.services import document_create
from gongkai.testing.personas import column, publish_document

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def attachment(body, name="draft-fj.pdf", title="草稿附件"):
    att = Attachment(title=title, collection=body.collection)
    att.file.save(name, ContentFile(PDF), save=False)
    att.save()
    return att


@pytest.fixture
def draft_with_attachment(office):
    """A draft document with an attachment, as the admin saves a new page (the rows exist)."""
    draft = document_create(
        column(office, "art20-1"),
        title="草稿文件",
        slug="draft-doc",
        doc_type="normative",
        issuer_names=office.name,
    )
    att = attachment(office)
    DocumentAttachment.objects.create(page=draft, attachment=att)
    return draft, att


def status(client, url):
    return client.get(url).status_code


def test_a_drafts_attachment_is_not_found_by_the_public_nor_by_another_body(
    client, draft_with_attachment, other_body_editor, other_body_clerk
):
    _draft, att = draft_with_attachment
    assert status(client, att.url) == 404
    for person in (other_body_editor, other_body_clerk):
        client.force_login(person)
        assert status(client, att.url) == 404


def test_the_bodys_staff_and_the_operator_get_a_drafts_attachment(
    client, draft_with_attachment, editor, reviewer, operator
):
    _draft, att = draft_with_attachment
    for person in (editor, reviewer, operator):
        client.force_login(person)
        response = client.get(att.url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
        # Only for staff: no cache on the way may keep it.
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_attachments_are_never_served_from_media(client, draft_with_attachment, operator, settings):
    _draft, att = draft_with_attachment
    name = att.file.name  # documents/draft-fj.pdf
    client.force_login(operator)
    for url in (
        f"/media/{name}",
        f"/media/images/../{name}",
        "/media/documents/",
        "/media/documents",
    ):
        assert status(client, url) == 404, url
    other = settings.MEDIA_ROOT / "original_images" / "logo.txt"
    other.parent.mkdir(parents=True)
    other.write_text("not an attachment")
    assert status(client, "/media/original_images/logo.txt") == 200


def test_publication_makes_it_public_and_unpublication_private_again(client, draft_with_attachment):
    draft, att = draft_with_attachment
    page = PolicyDocumentPage.objects.get(pk=draft.pk)
    page.save_revision().publish()
    response = client.get(att.url)
    assert response.status_code == 200 and "private" not in response.get("Cache-Control", "")
    page.refresh_from_db()
    page.unpublish()
    assert status(client, att.url) == 404


def test_a_new_attachment_in_a_live_documents_draft_stays_private(client, office):
    doc = publish_document(office, title="已发布文件", slug="live-doc")
    att = attachment(office, "new-fj.pdf", "新附件")
    # Added in the admin to the live page's draft: only the revision holds it.
    page = PolicyDocumentPage.objects.get(pk=doc.pk)
    page.attachments.add(DocumentAttachment(attachment=att))
    page.save_revision()
    assert status(client, att.url) == 404
    PolicyDocumentPage.objects.get(pk=doc.pk).get_latest_revision().publish()
    assert status(client, att.url) == 200


def test_a_live_page_in_an_unpublished_section_or_a_private_page_keeps_it_private(client, office):
    doc = publish_document(office, title="已发布文件", slug="live-doc")
    att = attachment(office)
    DocumentAttachment.objects.create(page=doc, attachment=att)
    assert status(client, att.url) == 200
    restriction = PageViewRestriction.objects.create(
        page=doc, restriction_type=PageViewRestriction.LOGIN
    )
    assert status(client, att.url) == 404
    restriction.delete()
    Page.objects.filter(pk=office.home_page_id).update(live=False)
    assert status(client, att.url) == 404


def test_a_link_in_a_live_pages_text_makes_it_public(client, office):
    att = attachment(office)
    assert status(client, att.url) == 404
    publish_document(
        office,
        title="正文链接附件",
        slug="linked",
        body=f'<p><a linktype="document" id="{att.pk}">附件</a></p>',
    )
    assert status(client, att.url) == 200
