"""The JSON form: official labels as keys, a lossless round trip, and Chinese errors that name the
path of every missing, unknown or malformed key."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

import pytest

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import ApplicantType
from gongkai.reports.compute import compute_region, compute_report
from gongkai.reports.tables import ReportTables, TablesFormatError, tables_from_json
from gongkai.reports.tests.factories import EnforcementFiguresFactory, case, remedy

A = "三、收到和处理政府信息公开申请情况"
RESULTS = "三、本年度办理结果"


@pytest.fixture
def computed(office):
    case(office, date(2024, 12, 30), applicant_type=ApplicantType.RESEARCH)
    app = case(
        office,
        date(2025, 2, 3),
        applicant_type=ApplicantType.COMMERCIAL,
        decision=DecisionCode.WITHHELD_STATE_SECRET,
        decided_on=date(2025, 2, 20),
    )
    remedy(app, date(2025, 3, 1), route="after_reconsideration")
    EnforcementFiguresFactory(body=office, year=2025, fees_wan_yuan=Decimal("0.0123"))
    return compute_report(office, 2025)


def through_text(data: dict) -> dict:
    return json.loads(json.dumps(data, ensure_ascii=False))


@pytest.mark.django_db
def test_the_json_uses_the_official_labels(computed):
    data = computed.as_json()
    assert list(data) == [
        "机关",
        "机关代码",
        "年度",
        "数据来源",
        "二、主动公开政府信息情况",
        A,
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    assert data["机关代码"] == "gs-bgt" and data["年度"] == 2025
    section = data[A]
    assert section["二、上年结转政府信息公开申请数量"]["科研机构"] == 1
    assert section[RESULTS]["（三）不予公开"]["1.属于国家秘密"] == {
        "自然人": 0,
        "商业企业": 1,
        "科研机构": 0,
        "社会公益组织": 0,
        "法律服务机构": 0,
        "其他": 0,
        "总计": 1,
    }
    assert list(section[RESULTS])[-1] == "（七）总计"
    assert data["二、主动公开政府信息情况"]["第二十条第（八）项"]["行政事业性收费"] == {
        "本年收费金额（单位：万元）": "0.0123"
    }
    litigation = data["四、政府信息公开行政复议、行政诉讼情况"]["行政诉讼"]
    assert litigation["复议后起诉"]["尚未审结"] == 1


@pytest.mark.django_db
def test_round_trip(computed, province):
    assert tables_from_json(through_text(computed.as_json())) == computed
    region = compute_region(province, 2025)
    back = tables_from_json(through_text(region.as_json()))
    assert back == region and back.region


@pytest.mark.django_db
def test_the_checks_and_narrative_sections_are_ignored_when_read(computed):
    data = through_text(computed.as_json())
    data["校验"] = [{"规则": "R7", "级别": "警告", "位置": "…", "说明": "…"}]
    data["一、总体情况"] = "本年度……"
    assert tables_from_json(data) == computed


def errors_of(data) -> list[str]:
    with pytest.raises(TablesFormatError) as caught:
        tables_from_json(data)
    return caught.value.errors


@pytest.fixture
def blank() -> dict:
    return ReportTables("某机关", "some-body", 2025).fill_totals().as_json()


def test_a_missing_key_is_named_with_its_path(blank):
    data = copy.deepcopy(blank)
    del data[A][RESULTS]["（五）不予处理"]["2.重复申请"]
    del data["四、政府信息公开行政复议、行政诉讼情况"]["行政复议"]["总计"]
    del data["年度"]
    assert errors_of(data) == [
        "缺少“年度”（位置：最外层）",
        f"缺少“2.重复申请”（位置：{A} / {RESULTS} / （五）不予处理）",
        "缺少“总计”（位置：四、政府信息公开行政复议、行政诉讼情况 / 行政复议）",
    ]


def test_an_unknown_key_is_named_with_its_path(blank):
    data = copy.deepcopy(blank)
    data[A][RESULTS]["（三）不予公开"]["小计"] = {}
    data["二、主动公开政府信息情况"]["第二十条第（九）项"] = {}
    data[A]["一、本年新收政府信息公开申请数量"]["法人或其他组织"] = 3
    assert errors_of(data) == [
        "无法识别的“第二十条第（九）项”（位置：二、主动公开政府信息情况）",
        f"无法识别的“小计”（位置：{A} / {RESULTS} / （三）不予公开）",
        f"无法识别的“法人或其他组织”（位置：{A} / 一、本年新收政府信息公开申请数量）",
    ]


def test_malformed_values_are_named(blank):
    data = copy.deepcopy(blank)
    data[A][RESULTS]["（一）予以公开"]["自然人"] = "三"
    data["二、主动公开政府信息情况"]["第二十条第（八）项"]["行政事业性收费"][
        "本年收费金额（单位：万元）"
    ] = "十二万"
    data["四、政府信息公开行政复议、行政诉讼情况"]["行政诉讼"] = []
    data["统计口径"] = "全省"
    errors = errors_of(data)
    assert "“统计口径”的值只能是“区域汇总（非法定年度报告）”" in errors
    assert f"“{A} / {RESULTS} / （一）予以公开 / 自然人”的值应为数字，实际为 “三”" in errors
    assert any("本年收费金额（单位：万元）”的值应为金额" in e for e in errors)
    assert "“四、政府信息公开行政复议、行政诉讼情况 / 行政诉讼”应为对象（{…}）" in errors


def test_negative_and_fractional_numbers_are_read_for_r6_to_report(blank):
    data = copy.deepcopy(blank)
    data[A][RESULTS]["（一）予以公开"]["自然人"] = -1
    data[A][RESULTS]["（一）予以公开"]["其他"] = 2.5
    tables = tables_from_json(data)
    assert tables.applications["disclosed"]["natural_person"] == -1
    assert tables.applications["disclosed"]["other"] == 2.5


def test_the_top_level_must_be_an_object():
    assert errors_of([1, 2]) == ["年度报告 JSON 的最外层应为对象（{…}）"]
