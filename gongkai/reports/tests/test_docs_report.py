"""docs/annual_report.md keeps up with the code: every label of the format, every rule, every import
column and command option is documented, and its JSON example is a valid, consistent report."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.reports import format as fmt
from gongkai.reports.services import FIGURES_COLUMNS
from gongkai.reports.tables import tables_from_json
from gongkai.reports.validate import RULES, validate

DOC = (Path(__file__).resolve().parents[3] / "docs" / "annual_report.md").read_text(
    encoding="utf-8"
)


@pytest.mark.parametrize("label", sorted(fmt.all_labels()))
def test_every_label_of_the_format_is_documented(label):
    assert label in DOC


@pytest.mark.parametrize("rule", list(RULES))
def test_every_rule_is_documented_with_its_level(rule):
    level = "错误" if rule in ("R1", "R2", "R3", "R4", "R5", "R6") else "警告"
    assert re.search(rf"^\| {rule} \| {level}", DOC, re.M)


def test_every_csv_column_is_documented():
    assert [c for c in FIGURES_COLUMNS if f"| {c} |" not in DOC] == []


@pytest.mark.parametrize(
    "text",
    [
        "--json",
        "--region",
        "--previous",
        "--replace",
        "--note",
        "import_enforcement_figures",
        "/api/v1/reports/{body}/{year}",
        fmt.REGION_SCOPE,
        fmt.KEY_CHECKS,
    ],
)
def test_the_commands_and_keys_are_documented(text):
    assert text in DOC


def test_the_json_example_is_a_complete_consistent_report():
    example = re.search(r"```json\n(\{\n.*?\n\})\n```", DOC, re.S)
    assert example is not None
    tables = tables_from_json(json.loads(example.group(1)))
    assert validate(tables) == []
    assert tables.applications["results_total"]["total"] > 0


@pytest.mark.parametrize(
    "text",
    [
        "AnnualReportPage",
        "生成年度报告草稿",
        "/admin/reports/annual/",
        "frozen_tables",
        "frozen_checks",
        "frozen_at",
        "ReportNotPublishable",
        "报告正文",
        *(f"…/<year>/{kind}/" for kind in ("docx", "pdf", "xlsx")),
    ],
)
def test_the_report_page_is_documented(text):
    assert text in DOC


def test_the_documented_downloads_are_the_routes():
    from gongkai.reports.pages import DOWNLOADS

    documented = set(re.findall(r"`…/<year>/(\w+)/`", DOC))
    assert documented == set(DOWNLOADS)
