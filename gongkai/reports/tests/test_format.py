"""format.py is the 2021 format exactly (regulations.md §2), and agrees with the case model."""

from __future__ import annotations

from gongkai.applications.decisions import DECISION_ROWS, DecisionCode, DecisionGroup
from gongkai.applications.models import ApplicantType, LitigationRoute, RemedyKind, RemedyOutcome
from gongkai.reports import format as fmt


def test_the_six_section_headings():
    assert fmt.SECTIONS == (
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    )


def test_table_two_has_four_sub_tables_with_their_captions_rows_and_columns():
    shape = [
        (t.caption, [r.label for r in t.rows], [c.label for c in t.columns])
        for t in fmt.PROACTIVE_TABLES
    ]
    assert shape == [
        (
            "第二十条第（一）项",
            ["规章", "行政规范性文件"],
            ["本年制发件数", "本年废止件数", "现行有效件数"],
        ),
        ("第二十条第（五）项", ["行政许可"], ["本年处理决定数量"]),
        ("第二十条第（六）项", ["行政处罚", "行政强制"], ["本年处理决定数量"]),
        ("第二十条第（八）项", ["行政事业性收费"], ["本年收费金额（单位：万元）"]),
    ]


def test_table_three_has_seven_columns_in_the_order_of_the_format():
    assert [c.label for c in fmt.APPLICATION_COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [(c.key, c.label) for c in fmt.APPLICANT_COLUMNS] == [
        (t.value, t.label) for t in ApplicantType
    ]


def test_table_three_has_twenty_five_rows_and_a_result_block_of_twenty_two():
    assert len(fmt.APPLICATION_ROWS) == 25
    assert fmt.RESULTS_ROWSPAN == 22
    paths = [row.path for row in fmt.APPLICATION_ROWS]
    assert paths[0] == ("一、本年新收政府信息公开申请数量",)
    assert paths[1] == ("二、上年结转政府信息公开申请数量",)
    assert paths[2] == ("三、本年度办理结果", "（一）予以公开")
    assert paths[3] == (
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    )
    assert paths[4] == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert paths[22] == ("三、本年度办理结果", "（六）其他处理", "3.其他")
    assert paths[23] == ("三、本年度办理结果", "（七）总计")
    assert paths[24] == ("四、结转下年度继续办理",)
    groups = [(g, len(rows)) for g, rows in fmt.RESULT_GROUPS]
    assert [n for _, n in groups] == [1, 1, 8, 3, 5, 3]


def test_the_result_rows_are_the_decision_codes_with_their_report_labels():
    rows = {row.key: row for row in fmt.RESULT_ROWS}
    assert list(rows) == [code.value for code in DecisionCode]
    for decision in DECISION_ROWS:
        row = rows[decision.code.value]
        assert row.path[1] == DecisionGroup(decision.group).label
        assert row.path[2:] == ((decision.report_label,) if decision.report_label else ())


def test_table_four_has_fifteen_cells_in_three_groups():
    assert [g.path for g in fmt.REMEDY_GROUPS] == [
        ("行政复议",),
        ("行政诉讼", "未经复议直接起诉"),
        ("行政诉讼", "复议后起诉"),
    ]
    assert [c.label for c in fmt.REMEDY_COLUMNS] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert len(fmt.REMEDY_GROUPS) * len(fmt.REMEDY_COLUMNS) == 15
    # The keys are the model's values, so computation needs no mapping table.
    assert [c.key for c in fmt.REMEDY_OUTCOMES] == [o.value for o in RemedyOutcome]
    assert [c.label for c in fmt.REMEDY_OUTCOMES] == [o.label for o in RemedyOutcome]
    assert fmt.REMEDY_GROUPS[0].key == RemedyKind.RECONSIDERATION
    assert [g.key for g in fmt.REMEDY_GROUPS[1:]] == [r.value for r in LitigationRoute]
    assert [g.label for g in fmt.REMEDY_GROUPS[1:]] == [r.label for r in LitigationRoute]


def test_the_header_note_is_the_format_s_statement_of_r1():
    assert (
        fmt.CONSISTENCY_NOTE
        == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    )
