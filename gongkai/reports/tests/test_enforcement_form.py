"""填报执法和收费数据: the staff form of table 二's entered figures (行政许可, 行政处罚, 行政强制,
行政事业性收费) per body and year — the import's checks, Chinese messages, what was typed kept,
audited, and scoped to the bodies the user acts for."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.reports.compute import compute_report
from gongkai.reports.models import EnforcementFigures
from gongkai.reports.services import AUDIT_FIGURES_SET

pytestmark = pytest.mark.django_db

GOOD = {"licensing": "120", "penalties": "7", "coercion": "0", "fees_wan_yuan": "12.5"}


def url(body, year=2025):
    return reverse("reports_enforcement_figures", args=(body.code, year))


def test_the_editor_enters_the_figures_and_the_report_counts_them(client, office, editor):
    client.force_login(editor)
    assert "行政许可" in client.get(url(office)).content.decode()
    response = client.post(url(office), GOOD, follow=True)
    assert "已保存甘肃省人民政府办公厅2025年度" in response.content.decode()
    figures = EnforcementFigures.objects.get(body=office, year=2025)
    assert (figures.licensing, figures.penalties, figures.fees_wan_yuan) == (
        120,
        7,
        Decimal("12.5"),
    )
    assert figures.entered_by == editor
    assert compute_report(office, 2025).proactive["licensing"]["decisions"] == 120
    entry = ModelLogEntry.objects.get(action=AUDIT_FIGURES_SET)
    assert entry.user == editor and entry.data == {"year": 2025}
    # Opened again, the form shows what is stored.
    assert 'value="120"' in client.get(url(office)).content.decode()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("licensing", "十二", "“行政许可”应为非负整数，实际为“十二”"),
        ("penalties", "-3", "“行政处罚”应为非负整数"),
        ("fees_wan_yuan", "1.23456", "最多4位小数"),
        ("fees_wan_yuan", "abc", "应为非负数（单位：万元"),
        ("coercion", "", "请填写“行政强制”（没有请填 0）"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_what_was_typed_stays(
    client, office, editor, field, typed, message
):
    client.force_login(editor)
    response = client.post(url(office), {**GOOD, field: typed})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "已填写的内容保留在表单中" in html
    kept = 'value="12.5"' if field != "fees_wan_yuan" else 'value="120"'
    assert kept in html  # the other fields keep what was typed
    if typed:
        assert f'value="{typed}"' in html
    assert not EnforcementFigures.objects.exists()
    assert not ModelLogEntry.objects.filter(action=AUDIT_FIGURES_SET).exists()


def test_a_year_outside_the_range_is_404(client, office, editor):
    client.force_login(editor)
    assert client.get(url(office, 2007)).status_code == 404


def test_staff_of_another_body_get_nothing(
    client, office, city, other_body_editor, other_body_clerk
):
    EnforcementFigures.objects.create(body=office, year=2025, licensing=5)
    for user in (other_body_editor, other_body_clerk):
        client.force_login(user)
        assert client.get(url(office)).status_code == 404
        assert client.post(url(office), GOOD).status_code == 404
        listing = client.get(reverse("reports_enforcement_choose")).content.decode()
        assert "甘肃省人民政府办公厅" not in listing
        assert "兰州市人民政府" in listing
    assert EnforcementFigures.objects.get(body=office).licensing == 5
    client.logout()
    assert client.get(url(office)).status_code == 302  # to the admin's login


def test_the_chooser_lists_the_users_bodies_and_opens_the_form(client, office, editor):
    client.force_login(editor)
    response = client.get(reverse("reports_enforcement_choose"), {"body": "gs-bgt", "year": "2025"})
    assert response.url == url(office)
    assert reverse("reports_enforcement_choose") in client.get("/admin/").content.decode()
