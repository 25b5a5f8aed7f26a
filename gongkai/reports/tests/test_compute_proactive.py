"""Table 二 from the document library (规章, 行政规范性文件) and the figures staff enter."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.documents.models import DocType
from gongkai.documents.services import document_repeal
from gongkai.reports.compute import compute_region, compute_report
from gongkai.reports.services import enforcement_figures_set
from gongkai.reports.tests.factories import EnforcementFiguresFactory, policy_document
from gongkai.reports.validate import validate

pytestmark = pytest.mark.django_db

Y = 2025
RULE, NORMATIVE = DocType.RULE, DocType.NORMATIVE


def documents_row(tables, key: str) -> tuple[int, int, int]:
    cells = tables.proactive[key]
    return cells["made"], cells["repealed"], cells["in_force"]


@pytest.fixture
def library(office, city):
    """The office's documents: what each one is for is said beside it."""
    d = {}
    # Made in Y-1, still in force at the end of Y.
    d["old_rule"] = policy_document(office, doc_type=RULE, written_on=date(Y - 1, 5, 1))
    d["old_normative"] = policy_document(office, written_on=date(Y - 1, 6, 1))
    # Made in Y (成文日期), in force.
    d["rule"] = policy_document(office, doc_type=RULE, written_on=date(Y, 3, 1))
    d["normative"] = policy_document(office, written_on=date(Y, 4, 1))
    # Without 成文日期: made when published (in Y).
    d["undated"] = policy_document(office, written_on=None, published_on=date(Y, 5, 10))
    # Written on 31 Dec of Y, published and effective in Y+1: made in Y, not yet in force.
    d["late"] = policy_document(office, written_on=date(Y, 12, 31), published_on=date(Y + 1, 1, 5))
    # Made in Y-1, repealed in Y: counted as 本年废止, not in force.
    d["repealed"] = policy_document(office, written_on=date(Y - 1, 2, 1))
    document_repeal(d["repealed"], repealed_on=date(Y, 9, 1))
    # Repealed on an unknown date (historic import): in no year's 废止, never in force.
    d["repealed_undated"] = policy_document(office, written_on=date(Y - 1, 3, 1))
    document_repeal(d["repealed_undated"], repealed_on=None, date_required=False)
    # Repealed in Y+1: in force at the end of Y.
    d["repealed_later"] = policy_document(office, doc_type=RULE, written_on=date(Y - 1, 4, 1))
    document_repeal(d["repealed_later"], repealed_on=date(Y + 1, 2, 1))
    # Expired during Y (有效期至 Y-10-31 → 失效日期 Y-11-01).
    d["expired"] = policy_document(office, written_on=date(Y - 1, 1, 10), expires_on=date(Y, 11, 1))
    # Amended in Y: the new version (made in Y) replaces the old one in force.
    d["amended"] = policy_document(office, written_on=date(Y - 1, 7, 1))
    d["amendment"] = policy_document(
        office, written_on=date(Y, 8, 1), previous_version=d["amended"]
    )
    # Neither 规章 nor 行政规范性文件, and another body's documents: not counted.
    policy_document(office, doc_type=DocType.OTHER, written_on=date(Y, 2, 1))
    policy_document(city, doc_type=RULE, written_on=date(Y, 2, 1))
    policy_document(city, written_on=date(Y, 2, 2))
    return d


def test_documents_made_repealed_and_in_force(office, library):
    tables = compute_report(office, Y)
    # 规章: made rule; in force old_rule, rule, repealed_later.
    assert documents_row(tables, "rules") == (1, 0, 3)
    # 行政规范性文件: made normative, undated, late, amendment; repealed one; in force
    # old_normative, normative, undated, amendment.
    assert documents_row(tables, "normative") == (4, 1, 4)


def test_the_year_before_and_r8(office, library):
    before, now = compute_report(office, Y - 1), compute_report(office, Y)
    # Y-1: rules old_rule, repealed_later; normative old_normative, repealed, repealed_undated
    # (made, but never in force: its repeal date is unknown), expired, amended.
    assert documents_row(before, "rules") == (2, 0, 2)
    assert documents_row(before, "normative") == (5, 0, 4)
    warnings = validate(now, before)
    # 规章: 2 + 1 − 0 = 3 ✓. 行政规范性文件: 4 + 4 − 1 = 7 ≠ 4: the expiry, the amendment and the
    # document made in Y but effective in Y+1 break R8 — a warning, never an error.
    assert [(v.rule, v.severity) for v in warnings] == [("R8", "warning")]
    assert "行政规范性文件" in warnings[0].where and "（4）" in warnings[0].message


def test_a_document_counts_when_it_was_made_not_when_it_was_published(office):
    policy_document(office, written_on=date(Y - 1, 12, 30), published_on=date(Y, 1, 3))
    assert compute_report(office, Y - 1).proactive["normative"]["made"] == 1
    assert compute_report(office, Y).proactive["normative"]["made"] == 0


def test_an_unpublished_document_is_not_counted(office):
    doc = policy_document(office, written_on=date(Y, 3, 1))
    doc.unpublish()
    assert documents_row(compute_report(office, Y), "normative") == (0, 0, 0)


def test_enforcement_figures_fill_their_rows(office):
    EnforcementFiguresFactory(body=office, year=Y)
    EnforcementFiguresFactory(body=office, year=Y - 1, licensing=1)
    tables = compute_report(office, Y)
    assert tables.proactive["licensing"] == {"decisions": 120}
    assert tables.proactive["penalties"] == {"decisions": 35}
    assert tables.proactive["coercion"] == {"decisions": 4}
    assert tables.proactive["fees"] == {"amount": Decimal("12.5")}
    fees = tables.as_json()["二、主动公开政府信息情况"]["第二十条第（八）项"]
    assert fees == {"行政事业性收费": {"本年收费金额（单位：万元）": "12.5000"}}


def test_without_entered_figures_the_rows_are_zero(office):
    tables = compute_report(office, Y)
    assert tables.proactive["licensing"]["decisions"] == 0
    assert tables.proactive["fees"]["amount"] == Decimal(0)


def test_the_region_sums_documents_and_figures(province, office, city, county, library):
    policy_document(county, doc_type=RULE, written_on=date(Y, 6, 1))
    EnforcementFiguresFactory(body=office, year=Y)
    EnforcementFiguresFactory(body=county, year=Y, fees_wan_yuan=Decimal("0.0150"))
    region = compute_region(province, Y)
    parts = [compute_report(b, Y) for b in (province, office, city, county)]
    for key, cells in region.proactive.items():
        for column, value in cells.items():
            assert value == sum(p.proactive[key][column] for p in parts), (key, column)
    assert region.proactive["fees"]["amount"] == Decimal("12.5150")
    assert compute_region(city, Y).proactive["rules"]["made"] == 2  # city's and county's


# --- Entering the figures ---------------------------------------------------------------------


def test_staff_enter_and_correct_the_figures(office, clerk):
    enforcement_figures_set(
        body=office, year=Y, licensing=3, penalties="4", coercion=0, fees_wan_yuan="0.5", user=clerk
    )
    figures = enforcement_figures_set(
        body=office, year=Y, licensing=5, penalties=4, coercion=0, fees_wan_yuan="0.75", user=clerk
    )
    assert (figures.licensing, figures.fees_wan_yuan, figures.entered_by) == (
        5,
        Decimal("0.75"),
        clerk,
    )
    assert compute_report(office, Y).proactive["licensing"]["decisions"] == 5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("licensing", -1, "“行政许可”应为非负整数"),
        ("penalties", "三", "“行政处罚”应为非负整数"),
        ("coercion", 1.5, "“行政强制”应为非负整数"),
        ("fees_wan_yuan", "-2", "“行政事业性收费（万元）”应为非负数"),
        ("fees_wan_yuan", "0.00001", "最多4位小数"),
        ("year", 2007, "年度应在2008年至"),
    ],
)
def test_bad_figures_are_refused_in_chinese(office, field, value, message):
    values = {"licensing": 1, "penalties": 1, "coercion": 1, "fees_wan_yuan": "1", "year": Y}
    values[field] = value
    with pytest.raises(ValidationError) as caught:
        enforcement_figures_set(body=office, **values)
    assert message in " ".join(caught.value.messages)


def test_staff_of_another_body_may_not_enter_figures(office, other_body_clerk):
    with pytest.raises(PermissionDenied, match="无权填报"):
        enforcement_figures_set(
            body=office,
            year=Y,
            licensing=1,
            penalties=1,
            coercion=1,
            fees_wan_yuan=1,
            user=other_body_clerk,
        )
