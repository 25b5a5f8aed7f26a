"""Validation: each rule R1–R8 catches a report that breaks it, with the rule and the numbers;
a consistent report passes; and any report computed from records passes R1–R6."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import ApplicantType, Application, ApplicationStatus, Channel
from gongkai.reports import format as fmt
from gongkai.reports.compute import compute_report
from gongkai.reports.tables import ReportTables
from gongkai.reports.validate import RULES, has_errors, validate

Y = 2025


def consistent(year: int = Y) -> ReportTables:
    t = ReportTables("甘肃省人民政府办公厅", "gs-bgt", year)
    apps = t.applications
    for i, column in enumerate(fmt.APPLICANT_COLUMNS):
        apps["new"][column.key] = 10 + i
        apps["carried_over"][column.key] = 2
        apps["disclosed"][column.key] = 5
        apps["withheld_4"][column.key] = 3 + i
        apps["other_3"][column.key] = 2
        apps["carried_forward"][column.key] = 2
    t.proactive["rules"].update(made=1, repealed=0, in_force=6)
    t.proactive["normative"].update(made=12, repealed=3, in_force=40)
    t.proactive["fees"]["amount"] = Decimal("3.25")
    t.remedies["reconsideration"].update(upheld=1, pending=2)
    t.remedies["direct"].update(corrected=1)
    return t.fill_totals()


def previous_of(t: ReportTables) -> ReportTables:
    """Last year's tables that agree with `t` on R7 and R8."""
    p = consistent(t.year - 1)
    for column in fmt.APPLICATION_COLUMNS:
        p.applications["carried_forward"][column.key] = t.applications["carried_over"][column.key]
    for key in ("rules", "normative"):
        cells = t.proactive[key]
        p.proactive[key]["in_force"] = cells["in_force"] - cells["made"] + cells["repealed"]
    return p


def rules(violations) -> set[str]:
    return {v.rule for v in violations}


def test_a_consistent_report_passes():
    t = consistent()
    assert validate(t) == []
    assert validate(t, previous_of(t)) == []


def test_r1_new_plus_carried_over_equals_results_plus_carried_forward():
    t = consistent()
    t.applications["new"]["commercial"] += 1
    t.applications["new"]["total"] += 1
    found = validate(t)
    assert rules(found) == {"R1"}
    first = found[0]
    assert first.severity == "error" and first.where.endswith("商业企业")
    assert "（12）" in first.message and "= 14" in first.message and "= 13" in first.message


def test_r2_the_total_column_is_the_sum_of_the_six_columns():
    t = consistent()
    t.applications["withheld_4"]["total"] += 1
    t.applications["results_total"]["total"] += 1
    t.applications["carried_forward"]["total"] -= 1
    found = validate(t)
    assert "R2" in rules(found)
    r2 = [v for v in found if v.rule == "R2"]
    assert {v.where for v in r2} == {
        "三、收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （三）不予公开 / 4.保护第三方合法权益",
        "三、收到和处理政府信息公开申请情况 / 三、本年度办理结果 / （七）总计",
        "三、收到和处理政府信息公开申请情况 / 四、结转下年度继续办理",
    }


def test_r3_the_results_total_is_the_sum_of_the_result_rows():
    t = consistent()
    t.applications["results_total"]["research"] += 1
    t.applications["results_total"]["total"] += 1
    t.applications["carried_forward"]["research"] -= 1
    t.applications["carried_forward"]["total"] -= 1
    found = validate(t)
    assert rules(found) == {"R3"}
    assert "（13）不等于（一）至（六）各项之和（12）" in found[0].message


def test_r4_an_application_is_counted_under_one_result_only():
    t = consistent()
    # A partly disclosed application also counted under 不予公开 (the （二） label forbids it).
    for column in ("natural_person", "total"):
        t.applications["partial"][column] += 1
        t.applications["withheld_4"][column] += 1
        t.applications["results_total"][column] += 2
        t.applications["carried_forward"][column] -= 1
    found = validate(t)
    assert "R4" in rules(found)
    r4 = next(v for v in found if v.rule == "R4")
    assert "一件申请只能计入一种办理结果" in r4.message and r4.where.endswith("自然人")


def test_r5_each_remedy_group_totals_its_outcomes():
    t = consistent()
    t.remedies["after_reconsideration"]["total"] = 3
    found = validate(t)
    assert rules(found) == {"R5"}
    assert found[0].where == "四、政府信息公开行政复议、行政诉讼情况 / 行政诉讼 / 复议后起诉"


@pytest.mark.parametrize(
    ("place", "value"),
    [
        (("remedies", "direct", "upheld"), -1),
        (("applications", "disclosed", "research"), 1.5),
        (("proactive", "licensing", "decisions"), -3),
        (("proactive", "fees", "amount"), Decimal("-0.5")),
    ],
)
def test_r6_cells_are_non_negative_integers_and_fees_non_negative(place, value):
    t = consistent()
    table, row, column = place
    getattr(t, table)[row][column] = value
    found = validate(t)
    assert "R6" in rules(found)
    assert str(value) in next(v for v in found if v.rule == "R6").message


def test_fees_may_be_decimal():
    t = consistent()
    t.proactive["fees"]["amount"] = Decimal("0.0125")
    assert validate(t) == []


def test_r7_carried_over_should_equal_last_years_carried_forward_as_a_warning():
    t = consistent()
    p = previous_of(t)
    p.applications["carried_forward"]["other"] = 5
    p.applications["carried_forward"]["total"] += 3
    found = validate(t, p)
    assert rules(found) == {"R7"} and {v.severity for v in found} == {"warning"}
    assert not has_errors(found)
    other = next(v for v in found if v.where.endswith("其他"))
    assert other.message == "“其他”列：本年上年结转（2）与2024年结转下年度继续办理（5）不一致"


def test_r8_documents_in_force_carry_over_as_a_warning():
    t = consistent()
    p = previous_of(t)
    p.proactive["normative"]["in_force"] = 30
    found = validate(t, p)
    assert [(v.rule, v.severity) for v in found] == [("R8", "warning")]
    assert "（40）" in found[0].message and "= 39" in found[0].message


def test_errors_come_before_warnings_and_every_rule_is_described():
    t = consistent()
    p = previous_of(t)
    p.proactive["rules"]["in_force"] = 0
    t.remedies["direct"]["total"] = 0
    found = validate(t, p)
    assert [v.rule for v in found] == ["R5", "R8"]
    assert set(RULES) == {f"R{i}" for i in range(1, 9)}
    assert found[0].as_json() == {
        "规则": "R5",
        "级别": "错误",
        "位置": "四、政府信息公开行政复议、行政诉讼情况 / 行政诉讼 / 未经复议直接起诉",
        "说明": "总计（0）不等于结果维持、结果纠正、其他结果、尚未审结之和（1）",
    }


def test_the_previous_report_must_be_the_year_before():
    with pytest.raises(ValueError, match="应为2024年度，实际为2023年度"):
        validate(consistent(), consistent(2023))


# --- Any computed report passes R1–R6 (and R7 against the computed year before) ----------------

START = date(Y - 2, 1, 1)
cases_strategy = st.lists(
    st.tuples(
        st.integers(0, 3 * 365),  # received: days after 1 Jan Y-2
        st.one_of(st.none(), st.integers(0, 500)),  # decided: days after receipt, or open
        st.sampled_from(list(ApplicantType)),
        st.sampled_from(list(DecisionCode)),
    ),
    max_size=40,
)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(cases=cases_strategy)
def test_computed_reports_always_pass_the_error_rules(office, cases):
    with transaction.atomic():
        Application.objects.bulk_create(
            Application(
                body=office,
                case_number=f"HYP-{i:05d}",
                query_code_hash="x",
                applicant_type=applicant,
                applicant_name="某某",
                description="某项政府信息",
                channel=Channel.IN_PERSON,
                received_on=START + timedelta(days=received),
                decided_on=None if decided is None else START + timedelta(days=received + decided),
                decision="" if decided is None else decision,
                status=ApplicationStatus.HANDLING if decided is None else ApplicationStatus.DECIDED,
            )
            for i, (received, decided, applicant, decision) in enumerate(cases)
        )
        before, now = compute_report(office, Y - 1), compute_report(office, Y)
        assert not has_errors(validate(before))
        assert validate(now, before) == []  # no R7 warning either, and no documents for R8
        transaction.set_rollback(True)
