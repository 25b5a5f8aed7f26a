"""A column shared between bodies (A11): the city's health column shows the province's, kept by the
province; named by its public address, refused in Chinese when unknown, itself, or a sharing
column; static publishing renders the sharing column when the source's documents change."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from gongkai.columns.models import MSG_SHARED_CHAIN, MSG_SHARED_SELF, MSG_SHARED_UNKNOWN, ColumnPage
from gongkai.publishing.facts import facts_of_document
from gongkai.testing.personas import column, publish_document

pytestmark = pytest.mark.django_db


def _edit(client, page: ColumnPage, shared: str):
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": rich_text(""),
            "listing": page.listing,
            "doc_types": page.doc_types,
            "shared_source": shared,
            "comments": inline_formset([]),
        }
    )
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), {**data, "action-publish": "1"}
    )


def test_a_city_column_shows_the_province_s_column(client, province, city, other_body_editor):
    source = column(province, "art20-1")
    notice = publish_document(province, title="传染病防控知识", slug="health")
    target = column(city, "art20-1")
    client.force_login(other_body_editor)
    refused = _edit(client, target, "/no/such/column/")
    assert refused.status_code == 200 and MSG_SHARED_UNKNOWN in refused.content.decode()
    assert _edit(client, target, target.url).content.decode().count(MSG_SHARED_SELF) == 1
    done = _edit(client, target, "http://example.cn" + source.url)
    assert done.status_code == 302, done.content.decode()[:500]
    target.revisions.order_by(
        "-pk"
    ).first().publish()  # the body's review approves the editor's change
    target.refresh_from_db()
    assert target.shared_from_id == source.pk
    page = client.get(target.url).content.decode()
    assert "传染病防控知识" in page and "本栏目内容由甘肃省人民政府维护" in page
    # The source's documents reach the sharing column's published file.
    assert target.pk in facts_of_document(notice).columns
    # A column cannot share one that shares another.
    other = ColumnPage.objects.child_of(city.home_page).exclude(pk=target.pk).live().first()
    chained = _edit(client, other, target.url)
    assert MSG_SHARED_CHAIN in chained.content.decode()
