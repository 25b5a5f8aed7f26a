"""栏目完整性 across a subtree (A2): which bodies have empty or stale required columns, for the
bodies a user acts for and no others, every one of them, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from gongkai.bodies.models import Body, BodyRole
from gongkai.columns import views
from gongkai.columns.models import CatalogueEntry
from gongkai.columns.selectors import completeness_of_bodies, empty_required_columns
from gongkai.documents.models import DocType
from gongkai.testing import personas
from gongkai.testing.personas import column, publish_document

REPORT_URL = "/admin/columns/completeness/"


def bodies(*items):
    return list(Body.objects.select_related("home_page").filter(pk__in=[b.pk for b in items]))


def report(client, user, query=""):
    client.force_login(user)
    response = client.get(REPORT_URL + query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_report_agrees_with_each_bodys_own_empty_columns(province, office, city, county):
    publish_document(office, "art20-2", title="机构职能", slug="jgzn", doc_type=DocType.OTHER)
    for row in completeness_of_bodies(bodies(province, office, city, county)):
        assert {c.pk for c in row.empty} == {
            c.pk for c in empty_required_columns(row.body.home_page)
        }


def test_the_number_of_queries_does_not_grow_with_the_bodies(province, office, city, county):
    with CaptureQueriesContext(connection) as one:
        completeness_of_bodies(bodies(office))
    with CaptureQueriesContext(connection) as four:
        completeness_of_bodies(bodies(province, office, city, county))
    assert len(one) == len(four) <= 6


@pytest.mark.parametrize("age_days, stale", [(10, False), (179, False), (181, True), (800, True)])
def test_a_column_with_no_new_document_within_its_period_is_stale(office, age_days, stale):
    assert CatalogueEntry.objects.get(key="art20-1").update_period_days == 180
    document = publish_document(office, title="规范性文件", slug="gf", doc_type=DocType.NORMATIVE)
    published = timezone.now() - timedelta(days=age_days)
    Page.objects.filter(pk=document.pk).update(first_published_at=published)
    [row] = completeness_of_bodies(bodies(office))
    assert [c.title for c in row.stale] == (["行政法规、规章和规范性文件"] if stale else [])
    if stale:
        assert row.stale[0].period_days == 180
        assert row.stale[0].last_update == published


def test_a_column_without_a_period_is_never_stale(office):
    CatalogueEntry.objects.filter(key="art20-1").update(update_period_days=None)
    document = publish_document(office, title="规范性文件", slug="gf", doc_type=DocType.NORMATIVE)
    Page.objects.filter(pk=document.pk).update(
        first_published_at=timezone.now() - timedelta(days=3000)
    )
    [row] = completeness_of_bodies(bodies(office))
    assert row.stale == []


def test_the_operator_sees_every_body_with_links_to_the_columns(client, operator, office, city):
    html = report(client, operator)
    for body in Body.objects.all():
        assert body.name in html
    guide = column(office, "guide")
    assert f"/admin/pages/{guide.pk}/edit/" in html


def test_the_report_pages_through_bodies_without_a_cap(client, operator, monkeypatch):
    monkeypatch.setattr(views, "BODIES_PER_PAGE", 2)
    names = list(Body.objects.order_by("path").values_list("name", flat=True))
    assert len(names) > 2
    seen = []
    for number in range(1, (len(names) + 1) // 2 + 1):
        html = report(client, operator, f"?p={number}")
        seen += [name for name in names if f">{name}</a></th>" in html]
    assert seen == names


def test_a_city_site_admin_sees_its_subtree_only(client, province, office, city, county):
    city_admin = personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)
    html = report(client, city_admin)
    assert city.name in html and county.name in html
    assert f">{province.name}</a>" not in html and office.name not in html


def test_an_editor_of_another_body_sees_nothing_of_this_one(client, office, other_body_editor):
    html = report(client, other_body_editor)
    assert office.name not in html
    assert str(column(office, "guide").pk) + "/edit/" not in html


def test_a_user_acting_for_no_body_is_refused(client, db):
    stranger = personas.user("stranger")
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(stranger)
    response = client.get(REPORT_URL)
    # Wagtail answers the view's PermissionDenied with a redirect to the dashboard.
    assert response.status_code == 302 and response.url == "/admin/"


def test_the_dashboard_panel_lists_one_bodys_columns_and_links_to_the_report(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "栏目完整性" in html and "政府信息公开指南" in html
    assert REPORT_URL in html


def test_the_operator_gets_the_panel_too(client, operator):
    client.force_login(operator)
    html = client.get("/admin/").content.decode()
    assert "查看栏目完整性报告" in html and REPORT_URL in html
