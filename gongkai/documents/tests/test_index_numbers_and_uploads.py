"""索引号 assignment, and attachments: checked by content on upload, text extracted on publication."""

import threading

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from gongkai.documents.attachments import MISMATCH_TEMPLATE, UNSUPPORTED_TYPE
from gongkai.documents.models import Attachment, DocumentAttachment, IndexNumber, PolicyDocumentPage
from gongkai.documents.services import document_create
from gongkai.documents.tests.fixtures import samples
from gongkai.testing.personas import column, publish_document


def test_index_numbers_follow_the_default_format_and_count_up(office):
    a = publish_document(office, title="甲", slug="a")
    b = publish_document(office, title="乙", slug="b")
    year = a.first_published_at.year
    assert a.index_number_record.value == f"{office.index_code}/{year}-00001"
    assert b.index_number_record.value == f"{office.index_code}/{year}-00002"


def test_each_body_has_its_own_serial(office, city):
    a = publish_document(office, title="甲", slug="a")
    c = publish_document(city, title="丙", slug="c")
    assert a.index_number_record.serial == c.index_number_record.serial == 1


def test_republishing_keeps_the_index_number(office):
    doc = publish_document(office, title="甲", slug="a")
    first = doc.index_number_record.value
    doc.title = "甲（更正）"
    doc.save_revision().publish()
    assert IndexNumber.objects.get(document=doc).value == first
    assert IndexNumber.objects.count() == 1


def test_a_deleted_documents_number_is_never_reused(office):
    doc = publish_document(office, title="甲", slug="a")
    taken = doc.index_number_record.value
    doc.delete()
    assert IndexNumber.objects.filter(value=taken, document=None).exists()
    again = publish_document(office, title="乙", slug="b")
    assert again.index_number_record.value != taken
    assert again.index_number_record.serial == 2


@override_settings(GONGKAI_INDEX_NUMBER_FORMAT="{body_code}-{year}-{serial:06d}")
def test_the_format_is_configurable(office):
    doc = publish_document(office, title="甲", slug="a")
    assert doc.index_number_record.value.endswith("-000001")


def test_a_draft_has_no_index_number(office):
    doc = document_create(
        column(office, "art20-1"), title="草稿", slug="d", doc_type="normative", issuer_names="x"
    )
    assert not IndexNumber.objects.filter(document=doc).exists()


@pytest.mark.skipif(
    "sqlite" in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite serialises writers; the row lock is what PostgreSQL needs",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publications_never_share_a_number(office):
    drafts = [
        document_create(
            column(office, "art20-1"),
            title=f"文{i}",
            slug=f"c{i}",
            doc_type="normative",
            issuer_names="x",
        )
        for i in range(8)
    ]
    errors = []

    def publish(page):
        try:
            page.get_latest_revision().publish()
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(p,)) for p in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    serials = sorted(
        IndexNumber.objects.filter(prefix=office.index_code).values_list("serial", flat=True)
    )
    assert serials == list(range(1, 9))


def upload(client, name, data, collection):
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": SimpleUploadedFile(name, data), "collection": collection.pk},
    )


def test_an_upload_is_checked_by_its_content(client, office, editor):
    client.force_login(editor)
    fake = upload(client, "notice.pdf", b"<html><body>not a pdf</body></html>", office.collection)
    assert fake.context["form"].errors["file"] == [
        MISMATCH_TEMPLATE.format(filename="notice.pdf", label="PDF 文件")
    ]
    renamed = upload(client, "table.docx", samples.xlsx_bytes(), office.collection)
    assert MISMATCH_TEMPLATE.split("{")[0] in renamed.content.decode()
    script = upload(client, "run.exe", b"MZ\x90\x00", office.collection)
    assert script.context["form"].errors["file"] == [UNSUPPORTED_TYPE]
    assert not Attachment.objects.exists()
    good = upload(client, "notice.pdf", samples.pdf_bytes(), office.collection)
    assert good.status_code == 302
    assert Attachment.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("notice.pdf", samples.pdf_bytes),
        ("notice.docx", samples.docx_bytes),
        ("table.xlsx", samples.xlsx_bytes),
    ],
)
def test_publication_extracts_the_attachment_text(office, name, make):
    att = Attachment(title=name, collection=office.collection)
    att.file.save(name, SimpleUploadedFile(name, make()), save=False)
    att.save()
    doc = publish_document(office, title="带附件", slug="fj")
    DocumentAttachment.objects.create(page=doc, attachment=att)
    PolicyDocumentPage.objects.get(pk=doc.pk).save_revision().publish()
    att.refresh_from_db()
    assert att.kind == name.rsplit(".", 1)[1]
    assert att.extracted_text.strip()
    assert att.extracted_from_hash == att.file_hash
