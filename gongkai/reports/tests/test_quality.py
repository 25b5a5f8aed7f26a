"""年报编写质量考核指标 (quality.py): each indicator passes and fails on plain values; the phrases
of the narrative that quote a figure; the placeholder check that also guards publication."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from gongkai.reports import format as fmt
from gongkai.reports.quality import (
    figure_mismatches,
    narrative_gaps,
    quality_summary,
    report_quality,
    statutory_deadline_for,
)
from gongkai.reports.tables import ReportTables, tables_sum

WRITTEN = {
    "一": "全年新收政府信息公开申请3件，作出答复决定2件，结转下年度1件。",
    "五": "问题：栏目更新不及时。改进：建立月度检查。",
    "六": "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。2025年政务公开工作要点已全部落实。",
}


@dataclass(frozen=True)
class Check:
    rule: str
    severity: str


def tables() -> ReportTables:
    t = ReportTables("甘肃省人民政府办公厅", "gs-bgt", 2025)
    t.applications[fmt.NEW.key][fmt.TOTAL.key] = 3
    t.applications[fmt.RESULTS_TOTAL.key][fmt.TOTAL.key] = 2
    t.applications[fmt.CARRIED_FORWARD.key][fmt.TOTAL.key] = 1
    t.remedies["reconsideration"][fmt.TOTAL.key] = 1
    t.proactive[fmt.LICENSING.key][fmt.DECISIONS.key] = 120
    return t


def quality(narrative=WRITTEN, violations=(), published_on=date(2026, 1, 20), fees_yuan=None):
    found = report_quality(
        narrative=narrative,
        tables=tables(),
        violations=violations,
        deadline=date(2026, 1, 31),
        published_on=published_on,
        fees_yuan=fees_yuan,
    )
    return {i.key: i for i in found}


def test_a_well_written_report_published_on_time_passes_every_indicator():
    found = quality()
    assert list(found) == ["sections", "tables", "figures", "work_points", "fees", "on_time"]
    assert all(i.passed for i in found.values()), [i.message for i in found.values()]
    assert quality_summary(list(found.values())) == "达标6/6"
    assert found["sections"].label == "六个部分齐全"


@pytest.mark.parametrize(
    ("key", "changes", "message"),
    [
        ("sections", {"五": ""}, "“五、存在的主要问题及改进情况”尚未填写"),
        ("sections", {"一": "（三）政府信息管理。【请填写】"}, "仍有待填写的模板内容“【请填写】”"),
        (
            "figures",
            {"一": "全年新收政府信息公开申请5件。"},
            "与表格“一、本年新收政府信息公开申请数量”（3）不一致",
        ),
        ("figures", {"一": "受理政府信息公开申请共4件。"}, "（3）不一致"),
        ("figures", {"一": "作出答复决定9件。"}, "（七）总计”（2）不一致"),
        ("figures", {"一": "发生行政复议2件。"}, "与表格“行政复议”（1）不一致"),
        ("figures", {"一": "办理行政许可事项121件。"}, "与表格“行政许可”（120）不一致"),
        (
            "work_points",
            {"六": "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。"},
            "未报告年度政务公开工作要点",
        ),
        (
            "work_points",
            {"六": "【其他需要报告的事项，如年度政务公开工作要点落实情况】信息处理费0元"},
            "未报告",
        ),
        ("fees", {"六": "2025年政务公开工作要点已全部落实。"}, "未报告信息处理费收取情况"),
    ],
)
def test_each_indicator_fails_with_its_message(key, changes, message):
    found = quality(narrative={**WRITTEN, **changes})
    assert not found[key].passed
    assert message in found[key].message
    assert found[key].state_label == "未达标"


def test_the_tables_indicator_fails_on_errors_and_names_warnings():
    assert not quality(violations=[Check("R1", "error"), Check("R3", "error")])["tables"].passed
    assert (
        "R1、R3"
        in quality(violations=[Check("R3", "error"), Check("R1", "error")])["tables"].message
    )
    warned = quality(violations=[Check("R8", "warning")])["tables"]
    assert warned.passed and "警告1项：R8" in warned.message


@pytest.mark.parametrize(
    ("other", "fees_yuan", "passed"),
    [
        ("信息处理费400元。工作要点", 400, True),
        ("本年度共收取信息处理费400元。", 300, False),  # disagrees with the payments recorded
        ("本年度未收取信息处理费。", 0, True),
        ("本年度未收取信息处理费。", 50, False),
        ("本年度未收取信息处理费。", None, True),  # not compared
    ],
)
def test_the_fees_indicator_compares_with_the_payments_recorded(other, fees_yuan, passed):
    assert quality(narrative={**WRITTEN, "六": other}, fees_yuan=fees_yuan)["fees"].passed is passed


@pytest.mark.parametrize(
    ("published_on", "passed", "message"),
    [
        (date(2026, 1, 31), True, "在法定期限2026年1月31日之前"),  # the last day counts
        (date(2026, 2, 1), False, "晚于法定期限2026年1月31日"),
        (None, False, "尚未发布（法定期限2026年1月31日）"),
    ],
)
def test_published_by_the_statutory_date(published_on, passed, message):
    found = quality(published_on=published_on)["on_time"]
    assert (found.passed, found.message) == (passed, found.message)
    assert message in found.message


def test_without_a_statutory_date_a_published_report_is_on_time():
    found = report_quality(
        narrative=WRITTEN,
        tables=tables(),
        violations=[],
        deadline=None,
        published_on=date(2026, 6, 1),
    )
    assert found[-1].passed and "条例未规定期限" in found[-1].message


@pytest.mark.parametrize(
    ("text", "mismatches"),
    [
        ("全年新收政府信息公开申请3件", 0),
        ("全年新收政府信息公开申请三件", 0),  # Chinese numerals are not checked
        ("新收申请3件；上年结转申请2件", 1),  # 上年结转 is 0 in the table
        ("结转下年度继续办理1件", 0),
        ("行政诉讼0件，行政复议1件", 0),
        ("行政处罚决定7件", 1),
        ("收到申请后10个工作日内答复", 0),  # not one of the phrases
    ],
)
def test_quoted_figures(text, mismatches):
    assert len(figure_mismatches(text, tables())) == mismatches


def test_narrative_gaps_name_each_unfinished_section_in_order():
    gaps = narrative_gaps({"一": "【请填写】", "五": " \n", "六": "已写。"})
    assert gaps == [
        "“一、总体情况”仍有待填写的模板内容“【请填写】”",
        "“五、存在的主要问题及改进情况”尚未填写",
    ]
    assert narrative_gaps(WRITTEN) == []


def test_statutory_dates():
    assert statutory_deadline_for("province", None, 2025) == date(2026, 3, 31)
    assert statutory_deadline_for("department", "county", 2025) == date(2026, 1, 31)
    assert statutory_deadline_for("township", None, 2025) is None


def test_tables_sum_adds_every_cell_and_marks_a_region():
    total = tables_sum("兰州市人民政府", "lanzhou", 2025, [tables(), tables()])
    assert total.region
    assert total.applications[fmt.NEW.key][fmt.TOTAL.key] == 6
    assert total.proactive[fmt.LICENSING.key][fmt.DECISIONS.key] == 240
