"""The commands (`annual_report`, `import_enforcement_figures`) and `GET /api/v1/reports/…`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import ApplicantType
from gongkai.core.dates import local_date, today
from gongkai.reports.compute import compute_report
from gongkai.reports.models import EnforcementFigures, ImportedReport
from gongkai.reports.selectors import annual_report, report_tables
from gongkai.reports.tables import ReportTables
from gongkai.reports.tests.factories import case

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
A = "三、收到和处理政府信息公开申请情况"


@pytest.fixture
def cases(office):
    case(office, date(2025, 3, 2), decision=DecisionCode.DISCLOSED, decided_on=date(2025, 3, 9))
    case(office, date(2025, 12, 31), applicant_type=ApplicantType.OTHER)


def run(*args) -> str:
    out = StringIO()
    call_command("annual_report", *args, stdout=out)
    return out.getvalue()


def write(tmp_path: Path, name: str, data) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


# --- annual_report --body --year ------------------------------------------------------------------


def test_json_prints_the_computed_report_and_its_checks(office, cases):
    data = json.loads(run("--body", "gs-bgt", "--year", "2025", "--json"))
    checks = data.pop("校验")
    assert checks == []
    assert data == json.loads(json.dumps(compute_report(office, 2025).as_json()))
    assert data[A]["四、结转下年度继续办理"]["其他"] == 1


def test_the_text_view_lists_every_section_and_the_result_of_the_checks(office, cases):
    text = run("--body", "gs-bgt", "--year", "2025")
    assert "甘肃省人民政府办公厅（gs-bgt）2025年度" in text
    assert "第二十条第（八）项" in text and "三、本年度办理结果 （七）总计：1 0 0 0 0 0 1" in text
    assert text.rstrip().endswith("校验通过：未发现问题")


def test_region_marks_the_overview(province, office, cases):
    data = json.loads(run("--body", "gansu", "--year", "2025", "--json", "--region"))
    assert data["统计口径"] == "区域汇总（非法定年度报告）"
    assert data[A]["一、本年新收政府信息公开申请数量"]["总计"] == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--body", "nowhere", "--year", "2025"), "机关代码“nowhere”不存在"),
        (("--body", "gs-bgt", "--year", "2007"), "年度应在2008年至"),
        (("--year", "2025"), "请用 --body 指定机关代码"),
    ],
)
def test_bad_arguments_are_refused_in_chinese(office, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


# --- annual_report validate -----------------------------------------------------------------------


def consistent(year=2025) -> dict:
    t = ReportTables("某机关", "some-body", year)
    t.applications["new"]["natural_person"] = 3
    t.applications["disclosed"]["natural_person"] = 2
    t.applications["carried_forward"]["natural_person"] = 1
    return t.fill_totals().as_json()


def test_validate_passes_a_consistent_file(tmp_path):
    assert "校验通过" in run("validate", write(tmp_path, "r.json", consistent()))


def test_validate_fails_on_an_error_and_prints_every_violation(tmp_path):
    data = consistent()
    data[A]["四、结转下年度继续办理"]["自然人"] = 0
    out = StringIO()
    with pytest.raises(CommandError, match="校验未通过：2个错误，0个警告"):
        call_command("annual_report", "validate", write(tmp_path, "r.json", data), stdout=out)
    printed = out.getvalue()
    assert "[R1 错误] 三、收到和处理政府信息公开申请情况 / 自然人" in printed
    assert "[R2 错误]" in printed


def test_validate_exits_non_zero_from_the_shell(tmp_path):
    data = consistent()
    data["四、政府信息公开行政复议、行政诉讼情况"]["行政复议"]["总计"] = 9
    path = write(tmp_path, "r.json", data)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.settings"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "annual_report", "validate", path],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 1
    assert "[R5 错误]" in result.stdout and "校验未通过" in result.stderr


def test_validate_with_the_previous_year_warns_on_r7_without_failing(tmp_path):
    previous = consistent(2024)
    current = consistent()
    current[A]["二、上年结转政府信息公开申请数量"]["自然人"] = 1
    current[A]["二、上年结转政府信息公开申请数量"]["总计"] = 1
    current[A]["四、结转下年度继续办理"]["自然人"] = 2
    current[A]["四、结转下年度继续办理"]["总计"] = 2
    previous[A]["四、结转下年度继续办理"]["自然人"] = 4
    previous[A]["四、结转下年度继续办理"]["总计"] = 4
    previous[A]["一、本年新收政府信息公开申请数量"]["自然人"] = 6
    previous[A]["一、本年新收政府信息公开申请数量"]["总计"] = 6
    printed = run(
        "validate",
        write(tmp_path, "now.json", current),
        "--previous",
        write(tmp_path, "before.json", previous),
        "--json",
    )
    checks = json.loads(printed)["校验"]
    assert {c["规则"] for c in checks} == {"R7"}
    assert {c["级别"] for c in checks} == {"警告"}


def test_validate_names_the_format_errors(tmp_path):
    data = consistent()
    del data[A]["三、本年度办理结果"]["（七）总计"]
    with pytest.raises(CommandError, match="缺少“（七）总计”"):
        run("validate", write(tmp_path, "r.json", data))
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="不是有效的 JSON"):
        run("validate", str(broken))


# --- annual_report import, and the historic report in the cross-year checks ---------------------


def historic(carried_forward: int) -> dict:
    """A consistent published 2024 report that carried `carried_forward` cases into 2025."""
    data = consistent(2024)
    data.pop("机关代码")  # taken from --body
    for row, value in (
        ("一、本年新收政府信息公开申请数量", 2 + carried_forward),
        ("四、结转下年度继续办理", carried_forward),
    ):
        data[A][row]["自然人"] = data[A][row]["总计"] = value
    return data


def test_an_imported_report_is_last_year_for_r7(tmp_path, office, cases):
    path = write(tmp_path, "2024.json", historic(carried_forward=3))
    printed = run("import", path, "--body", "gs-bgt", "--year", "2024", "--note", "2024年报网页")
    assert "已导入甘肃省人民政府办公厅2024年度的历史年度报告" in printed
    stored = ImportedReport.objects.get(body=office, year=2024)
    assert stored.source_note == "2024年报网页" and stored.tables["机关代码"] == "gs-bgt"
    # The office's records start in 2025: the imported tables are 2024's report…
    tables_2024 = report_tables(office, 2024)
    assert tables_2024.source == "导入的历史年度报告（2024年报网页）"
    # …and the computed 2025 report (no case carried over) disagrees with it: an R7 warning.
    report = annual_report(office, 2025)
    assert report.previous == tables_2024
    assert [(v.rule, v.where) for v in report.violations] == [
        ("R7", f"{A} / 二、上年结转政府信息公开申请数量 / 自然人"),
        ("R7", f"{A} / 二、上年结转政府信息公开申请数量 / 总计"),
    ]
    assert report.publishable  # warnings do not block
    data = json.loads(run("--body", "gs-bgt", "--year", "2025", "--json"))
    assert {c["规则"] for c in data["校验"]} == {"R7"}


def test_computed_records_win_from_the_first_year_of_records(tmp_path, office, cases):
    data = consistent()
    data["机关代码"] = "gs-bgt"
    run("import", write(tmp_path, "2025.json", data), "--body", "gs-bgt", "--year", "2025")
    assert report_tables(office, 2025) == compute_report(office, 2025)
    case(office, date(2023, 5, 5))  # records now start in 2023: 2024 is computed too
    run("import", write(tmp_path, "2024.json", historic(3)), "--body", "gs-bgt", "--year", "2024")
    assert report_tables(office, 2024).source == "平台记录"


def test_import_refuses_a_second_copy_a_wrong_body_and_a_bad_format(tmp_path, office, city):
    path = write(tmp_path, "2024.json", historic(1))
    run("import", path, "--body", "gs-bgt", "--year", "2024")
    with pytest.raises(CommandError, match="已导入；如需替换，请使用 --replace"):
        run("import", path, "--body", "gs-bgt", "--year", "2024")
    run(
        "import",
        write(tmp_path, "new.json", historic(2)),
        "--body",
        "gs-bgt",
        "--year",
        "2024",
        "--replace",
    )
    stored = ImportedReport.objects.get(body=office, year=2024)
    assert stored.tables[A]["四、结转下年度继续办理"]["自然人"] == 2
    other = historic(1)
    other["机关代码"] = "lanzhou"
    with pytest.raises(CommandError, match="机关代码“lanzhou”与指定的机关“gs-bgt”不一致"):
        run(
            "import",
            write(tmp_path, "o.json", other),
            "--body",
            "gs-bgt",
            "--year",
            "2024",
            "--replace",
        )
    with pytest.raises(CommandError, match="年度“2024”与指定的年度“2023”不一致"):
        run("import", path, "--body", "gs-bgt", "--year", "2023")
    bad = historic(1)
    del bad["四、政府信息公开行政复议、行政诉讼情况"]
    with pytest.raises(CommandError, match="缺少“四、政府信息公开行政复议、行政诉讼情况”"):
        run("import", write(tmp_path, "b.json", bad), "--body", "lanzhou", "--year", "2024")
    assert not ImportedReport.objects.filter(body=city).exists()


def test_an_inconsistent_historic_report_is_stored_as_published_with_its_violations(
    tmp_path, office
):
    data = historic(1)
    data[A]["四、结转下年度继续办理"]["总计"] = 7
    printed = run("import", write(tmp_path, "h.json", data), "--body", "gs-bgt", "--year", "2024")
    assert "[R1 错误]" in printed and "[R2 错误]" in printed
    assert ImportedReport.objects.filter(body=office, year=2024).exists()


# --- import_enforcement_figures ------------------------------------------------------------------

HEADER = "机关代码,年度,行政许可,行政处罚,行政强制,行政事业性收费（万元）\n"


def figures(tmp_path: Path, text: str) -> str:
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8-sig")
    return str(path)


def test_figures_import_creates_and_updates(tmp_path, office, city):
    EnforcementFigures.objects.create(body=office, year=2025, licensing=1)
    out = StringIO()
    csv = HEADER + "gs-bgt,2025,120,35,4,12.5\nlanzhou,2025,800,0,2,0.0350\n,,,,,\n"
    call_command("import_enforcement_figures", figures(tmp_path, csv), stdout=out)
    assert "已导入2条执法和收费数据（新增1条，更新1条）" in out.getvalue()
    tables = compute_report(office, 2025)
    assert tables.proactive["licensing"]["decisions"] == 120
    assert EnforcementFigures.objects.get(body=city).fees_wan_yuan == Decimal("0.035")


def test_figures_import_is_all_or_nothing_with_numbered_errors(tmp_path, office, city):
    csv = (
        HEADER
        + "gs-bgt,2025,120,35,4,12.5\n"
        + "lanzhou,2025,八百,0,2,1\n"
        + "nowhere,2025,1,1,1,1\n"
        + "gs-bgt,2025,1,1,1,1\n"
        + "lanzhou,1999,1,1,1,-1\n"
    )
    with pytest.raises(CommandError) as caught:
        call_command("import_enforcement_figures", figures(tmp_path, csv))
    message = str(caught.value)
    assert message.splitlines() == [
        "文件有错误，未导入任何记录",
        "第3行：“行政许可”应为非负整数，实际为“八百”",
        "第4行：机关代码“nowhere”不存在",
        "第5行：机关“甘肃省人民政府办公厅”2025年度的数据与第2行重复",
        "第6行：年度应在2008年至" + str(today().year) + "年之间",
        "第6行：“行政事业性收费（万元）”应为非负数（单位：万元，最多4位小数），实际为“-1”",
    ]
    assert not EnforcementFigures.objects.exists()


def test_figures_import_checks_the_header(tmp_path, office):
    with pytest.raises(CommandError, match="第1行（表头）：缺少必需的列：行政强制"):
        call_command(
            "import_enforcement_figures",
            figures(
                tmp_path,
                "机关代码,年度,行政许可,行政处罚,行政事业性收费（万元）\ngs-bgt,2025,1,1,1\n",
            ),
        )


def test_figures_import_as_a_user_only_for_their_bodies(tmp_path, office, city, other_body_clerk):
    csv = HEADER + "gs-bgt,2025,1,1,1,1\nlanzhou,2025,1,1,1,1\n"
    with pytest.raises(CommandError, match="第2行：您无权填报机关“甘肃省人民政府办公厅”的数据"):
        call_command("import_enforcement_figures", figures(tmp_path, csv), "--user", "other_clerk")


# --- GET /api/v1/reports/{body}/{year} -----------------------------------------------------------


@pytest.fixture
def api() -> Client:
    return Client(raise_request_exception=False)


def published(body, year=2025):
    """The body's report page, its narrative written, published (tables frozen)."""
    from gongkai.reports.services import annual_report_page_create
    from gongkai.reports.tests.factories import write_narrative
    from gongkai.testing.personas import operator

    page, _ = annual_report_page_create(body=body, year=year, user=operator())
    write_narrative(page).get_latest_revision().publish()
    page.refresh_from_db()
    return page


def test_the_api_serves_no_draft_and_no_missing_report(api, office, cases, operator):
    from gongkai.reports.services import annual_report_page_create

    missing = api.get("/api/v1/reports/gs-bgt/2025")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "甘肃省人民政府办公厅2025年度政府信息公开工作年度报告尚未发布"
    }
    annual_report_page_create(body=office, year=2025, user=operator)  # a draft
    assert api.get("/api/v1/reports/gs-bgt/2025").status_code == 404


def test_the_api_returns_the_frozen_figures_of_the_published_report(api, office, cases):
    page = published(office)
    case(office, date(2025, 6, 1))  # recorded after publication: not in the published figures
    response = api.get("/api/v1/reports/gs-bgt/2025")
    assert response.status_code == 200
    data = response.json()
    assert data["校验"] == []
    assert data[A]["三、本年度办理结果"]["（一）予以公开"]["总计"] == 1
    assert data[A]["一、本年新收政府信息公开申请数量"]["总计"] == 2  # frozen, not the live 3
    # The date in Beijing, as everywhere a person reads one (between 16:00 and 24:00 UTC it is the
    # next day's).
    assert data["发布日期"] == local_date(page.first_published_at).isoformat()
    assert (
        json.loads(run("--body", "gs-bgt", "--year", "2025", "--json"))[A][
            "一、本年新收政府信息公开申请数量"
        ]["总计"]
        == 3
    )  # the live computation (command, staff endpoint) moves on


def test_the_api_serves_an_imported_historic_report(api, tmp_path, office):
    ImportedReport.objects.create(
        body=office,
        year=2020,
        tables=ReportTables("甘肃省人民政府办公厅", "gs-bgt", 2020).as_json(),
    )
    data = api.get("/api/v1/reports/gs-bgt/2020").json()
    assert data["数据来源"] == "导入的历史年度报告"


def test_the_region_sums_published_reports_only_and_says_which(api, province, office, city, cases):
    case(city, date(2025, 4, 1))
    published(office)
    data = api.get("/api/v1/reports/gansu/2025?region=true").json()
    assert data["统计口径"] == "区域汇总（非法定年度报告）"
    assert data[A]["一、本年新收政府信息公开申请数量"]["总计"] == 2  # the office's only
    assert data["纳入汇总"] == [{"机关代码": "gs-bgt", "机关": "甘肃省人民政府办公厅"}]
    assert {"机关代码": "lanzhou", "机关": "兰州市人民政府"} in data["未纳入汇总（未发布）"]
    assert {"机关代码": "gansu", "机关": "甘肃省人民政府"} in data["未纳入汇总（未发布）"]


def test_an_unknown_body_is_404_in_chinese(api, db):
    response = api.get("/api/v1/reports/nowhere/2025")
    assert response.status_code == 404
    assert response.json() == {"error": "机关不存在：nowhere"}


@pytest.mark.parametrize("year", ["2007", str(date.today().year + 2), "abc", "99999999999"])
def test_a_year_out_of_range_is_422_in_chinese(api, office, year):
    response = api.get(f"/api/v1/reports/gs-bgt/{year}")
    assert response.status_code == 422
    data = response.json()
    assert data["error"] == "请求参数有误"
    assert data["details"][0]["参数"] == "year"
    assert data["details"][0]["说明"] in ("应为整数", "数值超出允许范围") or data["details"][0][
        "说明"
    ].startswith("年度应在2008年至")
