"""Table 三 from the cases: every cell against an independent count over the created cases.

The scenario covers every result row (DecisionCode) and every applicant column, carry-over across
two years, a case decided the next year, applications received on 31 December, a transferred and
a withdrawn case (through the real workflow), and cases of another body.
"""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import ApplicantType, Application
from gongkai.applications.tests.factories import register_case
from gongkai.reports import format as fmt
from gongkai.reports.compute import compute_region, compute_report
from gongkai.reports.tests.factories import case
from gongkai.reports.validate import validate

pytestmark = pytest.mark.django_db

Y = 2025
APPLICANT_TYPES = list(ApplicantType)
DECISIONS = list(DecisionCode)


def expected_table(cases: list[Application], year: int) -> dict[str, dict[str, int]]:
    """The table by a plain count over the case objects (regulations.md §9)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    table = {row.key: {c.key: 0 for c in fmt.APPLICATION_COLUMNS} for row in fmt.APPLICATION_ROWS}

    def add(row: str, column: str) -> None:
        table[row][column] += 1
        table[row]["total"] += 1

    for app in cases:
        column = app.applicant_type
        decided = app.decided_on
        if start <= app.received_on <= end:
            add("new", column)
        if app.received_on < start and (decided is None or decided >= start):
            add("carried_over", column)
        if decided is not None and start <= decided <= end:
            add(app.decision, column)
            add("results_total", column)
        if app.received_on <= end and (decided is None or decided > end):
            add("carried_forward", column)
    return table


@pytest.fixture
def scenario(office, city, clerk):
    """Cases of `office` (returned, refreshed) and of `city` (not counted for the office)."""
    made = []
    # Every decision in every applicant column, received and decided within Y.
    for i, decision in enumerate(DECISIONS):
        for j, applicant in enumerate(APPLICANT_TYPES):
            if (i + j) % 3 == 0 or applicant == ApplicantType.NATURAL_PERSON:
                made.append(
                    case(
                        office,
                        date(Y, 1 + i % 12, 1 + j),
                        applicant_type=applicant,
                        decision=decision,
                        decided_on=date(Y, 1 + i % 12, 20),
                    )
                )
    # Carry-over: received in Y-1, decided in Y; and one still open from Y-1 through Y.
    made.append(
        case(
            office,
            date(Y - 1, 11, 5),
            applicant_type=ApplicantType.COMMERCIAL,
            decision=DecisionCode.PARTIAL,
            decided_on=date(Y, 1, 8),
        )
    )
    made.append(case(office, date(Y - 1, 12, 31), applicant_type=ApplicantType.RESEARCH))
    # Decided on 31 Dec of Y-1: in neither 上年结转 nor any result of Y.
    made.append(
        case(
            office,
            date(Y - 1, 12, 2),
            decision=DecisionCode.DISCLOSED,
            decided_on=date(Y - 1, 12, 31),
        )
    )
    # Received on 31 December of Y: new in Y; decided the next year or still open → 结转下年度.
    made.append(
        case(
            office,
            date(Y, 12, 31),
            applicant_type=ApplicantType.LEGAL_SERVICE,
            decision=DecisionCode.WITHHELD_THIRD_PARTY,
            decided_on=date(Y + 1, 1, 6),
        )
    )
    made.append(case(office, date(Y, 12, 31), applicant_type=ApplicantType.PUBLIC_WELFARE))
    # Received in Y+1: not in Y at all.
    made.append(case(office, date(Y + 1, 1, 2), applicant_type=ApplicantType.OTHER))
    # Transferred and withdrawn through the workflow: each counts as its recorded decision.
    transferred, _ = register_case(clerk, office, received_on=date(Y, 3, 3))
    workflow.application_transfer(
        transferred, user=clerk, to_body=city, reasons="该信息由兰州市制作", on=date(Y, 3, 10)
    )
    withdrawn, _ = register_case(
        clerk, office, received_on=date(Y, 4, 1), applicant_type=ApplicantType.NATURAL_PERSON
    )
    workflow.application_withdraw(withdrawn, user=clerk, reason="申请人来电撤回", on=date(Y, 4, 2))
    # Another body's cases.
    for i in range(4):
        case(city, date(Y, 5, 1 + i), decision=DecisionCode.DISCLOSED, decided_on=date(Y, 5, 20))
    case(city, date(Y - 1, 12, 30))
    return list(Application.objects.filter(body=office))


def test_every_cell_of_table_three_matches_an_independent_count(office, scenario):
    tables = compute_report(office, Y)
    assert tables.applications == expected_table(scenario, Y)


@pytest.mark.parametrize("decision", DECISIONS)
def test_every_result_row_is_counted(office, scenario, decision):
    tables = compute_report(office, Y)
    expected = sum(
        1
        for app in scenario
        if app.decision == decision and app.decided_on and app.decided_on.year == Y
    )
    assert expected > 0
    assert tables.applications[decision.value]["total"] == expected


@pytest.mark.parametrize("applicant", APPLICANT_TYPES)
def test_every_applicant_column_is_counted(office, scenario, applicant):
    tables = compute_report(office, Y)
    received = sum(
        1 for app in scenario if app.applicant_type == applicant and app.received_on.year == Y
    )
    assert received > 0
    assert tables.applications["new"][applicant.value] == received


def test_carry_over_across_two_years_satisfies_r7_and_every_error_rule(office, scenario):
    before, now = compute_report(office, Y - 1), compute_report(office, Y)
    assert now.applications["carried_over"] == before.applications["carried_forward"]
    assert now.applications["carried_over"]["total"] == 2  # the Nov and the 31 Dec case of Y-1
    assert validate(now, before) == []
    assert validate(before) == []


def test_a_case_received_on_31_december_is_new_and_carried_forward(office, scenario):
    tables = compute_report(office, Y)
    assert tables.applications["carried_forward"]["legal_service"] == 1
    assert tables.applications["carried_forward"]["public_welfare"] == 1
    assert tables.applications["new"]["legal_service"] >= 1


def test_a_case_decided_the_next_year_counts_there(office, scenario):
    next_year = compute_report(office, Y + 1)
    assert next_year.applications["carried_over"]["legal_service"] == 1
    assert next_year.applications["withheld_4"]["legal_service"] == 1
    assert next_year.applications == expected_table(scenario, Y + 1)


def test_transfer_counts_once_at_each_body_and_withdrawal_as_other(office, city, scenario):
    original = next(app for app in scenario if app.transferred_to_id)
    assert original.decision == DecisionCode.UNAVAILABLE_NOT_HELD
    received = Application.objects.get(pk=original.transferred_to_id)
    assert received.body == city and received.received_on == date(Y, 3, 10)
    withdrawn = next(app for app in scenario if app.status == "withdrawn")
    assert withdrawn.decision == DecisionCode.OTHER and withdrawn.decided_on == date(Y, 4, 2)
    # At the city the transferred case is new and still open (结转下年度), as is the city's own
    # case from the year before.
    city_table = compute_report(city, Y).applications
    assert city_table["new"]["total"] == 5
    assert city_table["carried_forward"]["total"] == 2


def test_other_bodies_cases_are_not_counted(office, city, scenario):
    office_total = compute_report(office, Y).applications["new"]["total"]
    assert office_total == sum(1 for app in scenario if app.received_on.year == Y)
    assert compute_report(city, Y).applications["carried_over"]["total"] == 1


def test_the_region_overview_is_the_sum_of_its_bodies(province, office, city, county, scenario):
    case(county, date(Y, 6, 1), applicant_type=ApplicantType.RESEARCH)
    case(province, date(Y, 7, 1), decision=DecisionCode.PARTIAL, decided_on=date(Y, 7, 9))
    region = compute_region(province, Y)
    parts = [compute_report(b, Y) for b in (province, office, city, county)]
    for row in fmt.APPLICATION_ROWS:
        for column in fmt.APPLICATION_COLUMNS:
            assert region.applications[row.key][column.key] == sum(
                p.applications[row.key][column.key] for p in parts
            )
    assert region.region and region.as_json()["统计口径"] == "区域汇总（非法定年度报告）"
    city_region = compute_region(city, Y).applications["new"]["total"]
    assert city_region == sum(
        compute_report(b, Y).applications["new"]["total"] for b in (city, county)
    )
    assert validate(region) == []


def test_table_three_is_one_query(office, scenario, django_assert_max_num_queries):
    from gongkai.reports.compute import _fill_applications, _Scope
    from gongkai.reports.tables import ReportTables

    tables = ReportTables(office.name, office.code, Y)
    with django_assert_max_num_queries(1):
        _fill_applications(tables, _Scope(office, region=False), Y)
