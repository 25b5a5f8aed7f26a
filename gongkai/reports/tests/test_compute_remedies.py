"""Table 四 from the reconsideration and litigation records of the body's cases."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import RemedyCase, RemedyOutcome
from gongkai.reports import format as fmt
from gongkai.reports.compute import compute_region, compute_report
from gongkai.reports.tests.factories import case, remedy
from gongkai.reports.validate import validate

pytestmark = pytest.mark.django_db

Y = 2025
ROUTES = {
    "reconsideration": "",
    "direct": "direct",
    "after_reconsideration": "after_reconsideration",
}
CONCLUDED = [RemedyOutcome.UPHELD, RemedyOutcome.CORRECTED, RemedyOutcome.OTHER]


def expected(remedies: list[RemedyCase], year: int) -> dict[str, dict[str, int]]:
    """Filed in the year; the outcome as it stood on 31 December."""
    end = date(year, 12, 31)
    table = {g.key: {c.key: 0 for c in fmt.REMEDY_COLUMNS} for g in fmt.REMEDY_GROUPS}
    for r in remedies:
        if r.filed_on.year != year:
            continue
        group = r.litigation_route or "reconsideration"
        concluded = r.concluded_on is not None and r.concluded_on <= end
        outcome = r.outcome if concluded else RemedyOutcome.PENDING
        table[group][outcome] += 1
        table[group]["total"] += 1
    return table


@pytest.fixture
def remedies(office, city):
    app = case(
        office, date(Y - 1, 10, 8), decision=DecisionCode.PARTIAL, decided_on=date(Y - 1, 11, 1)
    )
    made = []
    for n, route in enumerate(ROUTES.values()):
        for i, outcome in enumerate(CONCLUDED):
            for _ in range(n + i + 1):
                made.append(
                    remedy(
                        app,
                        date(Y, 2, 1 + i),
                        route=route,
                        outcome=outcome,
                        concluded_on=date(Y, 6, 1),
                    )
                )
        made.append(remedy(app, date(Y, 11, 20), route=route))  # pending
        # Concluded the next year: 尚未审结 in Y's report.
        made.append(
            remedy(
                app,
                date(Y, 12, 1),
                route=route,
                outcome=RemedyOutcome.CORRECTED,
                concluded_on=date(Y + 1, 2, 1),
            )
        )
        # Filed the year before (counted there) and the year after: not in Y.
        made.append(
            remedy(
                app,
                date(Y - 1, 12, 20),
                route=route,
                outcome=RemedyOutcome.UPHELD,
                concluded_on=date(Y, 3, 1),
            )
        )
        made.append(remedy(app, date(Y + 1, 1, 10), route=route))
    # Another body's remedies.
    other = case(city, date(Y, 1, 3), decision=DecisionCode.DISCLOSED, decided_on=date(Y, 1, 9))
    remedy(other, date(Y, 3, 1))
    remedy(
        other,
        date(Y, 4, 1),
        route="direct",
        outcome=RemedyOutcome.UPHELD,
        concluded_on=date(Y, 5, 1),
    )
    return made


def test_every_cell_of_table_four_matches_an_independent_count(office, remedies):
    tables = compute_report(office, Y)
    assert tables.remedies == expected(remedies, Y)
    assert tables.remedies["direct"] == {
        "upheld": 2,
        "corrected": 3,
        "other": 4,
        "pending": 2,
        "total": 11,
    }
    assert validate(tables) == []


def test_a_remedy_filed_in_one_year_is_counted_in_that_year_only(office, remedies):
    before = compute_report(office, Y - 1)
    assert before.remedies == expected(remedies, Y - 1)
    assert before.remedies["reconsideration"]["pending"] == 1  # concluded only in Y
    assert compute_report(office, Y + 1).remedies["after_reconsideration"]["total"] == 1


def test_the_json_groups_litigation_by_route(office, remedies):
    section = compute_report(office, Y).as_json()["四、政府信息公开行政复议、行政诉讼情况"]
    assert list(section) == ["行政复议", "行政诉讼"]
    assert list(section["行政诉讼"]) == ["未经复议直接起诉", "复议后起诉"]
    assert list(section["行政复议"]) == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def test_the_region_adds_the_other_bodies(province, office, city, remedies):
    region = compute_region(province, Y).remedies
    office_only = compute_report(office, Y).remedies
    assert region["reconsideration"]["pending"] == office_only["reconsideration"]["pending"] + 1
    assert region["direct"]["upheld"] == office_only["direct"]["upheld"] + 1
    assert compute_region(city, Y).remedies["reconsideration"]["total"] == 1
