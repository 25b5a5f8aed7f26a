"""`manage.py import_applications`: a good file imports; one bad row imports nothing."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    MSG_ID_NUMBER_CHECK,
    MSG_ID_NUMBER_LENGTH,
    Action,
    ApplicantType,
    Application,
    ApplicationStatus,
)
from gongkai.applications.services import (
    IMPORT_COLUMNS,
    MSG_IMPORT_BODY,
    MSG_IMPORT_DATE,
    MSG_IMPORT_DECIDED_BEFORE_RECEIVED,
    MSG_IMPORT_DUPLICATE_NUMBER,
    MSG_IMPORT_MISSING_COLUMNS,
    MSG_IMPORT_NOTHING,
    applications_import,
    applications_import_csv,
)
from gongkai.applications.tests.factories import id_number, register_case

HEADER = "机关代码,申请编号,申请人类型,申请人姓名或名称,证件类型,证件号码,收到日期,渠道,办理结果代码,决定日期,答复日期,备注"
GOOD = "\n".join(
    [
        HEADER,
        "gs-bgt,,自然人,张三,居民身份证,"
        + id_number()
        + ",2023-03-01,在线申请,部分公开,2023-03-20,2023-03-21,",
        "gs-bgt,,商业企业,某公司,,,2023-12-20,邮寄签收,withheld_4,2024-01-10,,",
        "lanzhou,,法律服务机构,某律所,,,2023-12-28,当面提交,,,,结转",
        "lanzhou,LZ-2023-007,其他,某协会,,,2023/06/01,传真,（六）其他处理3.其他,2023年6月2日,2023-06-02,撤回",
    ]
)


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2024, 10, 8, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def write(tmp_path, text: str, encoding: str = "utf-8-sig"):
    path = tmp_path / "cases.csv"
    path.write_text(text + "\n", encoding=encoding)
    return path


def test_a_good_file_imports_every_case_with_its_history(tmp_path, office, city):
    out = io.StringIO()
    call_command("import_applications", str(write(tmp_path, GOOD)), stdout=out)
    assert "已导入4件申请" in out.getvalue()
    cases = {a.applicant_name: a for a in Application.objects.all()}
    person = cases["张三"]
    assert (person.case_number, person.status, person.decision) == (
        "IDX-gs-bgt-2023-00001",
        ApplicationStatus.ARCHIVED,
        DecisionCode.PARTIAL,
    )
    assert (person.received_on, person.decided_on, person.replied_on) == (
        date(2023, 3, 1),
        date(2023, 3, 20),
        date(2023, 3, 21),
    )
    company = cases["某公司"]
    assert (company.applicant_type, company.status, company.decision) == (
        ApplicantType.COMMERCIAL,
        ApplicationStatus.DECIDED,
        DecisionCode.WITHHELD_THIRD_PARTY,
    )
    carried = cases["某律所"]
    assert (carried.status, carried.decision, carried.decided_on) == (
        ApplicationStatus.HANDLING,
        "",
        None,
    )
    association = cases["某协会"]
    assert association.case_number == "LZ-2023-007"
    assert association.decision == DecisionCode.OTHER and association.decided_on == date(2023, 6, 2)
    for app in cases.values():
        event = app.events.get()
        assert event.action == Action.IMPORT and event.to_status == app.status
        assert event.on_date == app.received_on and event.data["source"] == "cases.csv"


def test_one_bad_row_imports_nothing_and_names_its_line(tmp_path, office, city):
    bad = GOOD.replace("2023-12-20,邮寄签收", "2023-13-45,邮寄签收")
    with pytest.raises(CommandError) as failed:
        call_command("import_applications", str(write(tmp_path, bad)))
    message = str(failed.value)
    assert message.startswith(MSG_IMPORT_NOTHING)
    assert "第3行：" + MSG_IMPORT_DATE.format(column="收到日期", value="2023-13-45") in message
    assert Application.objects.count() == 0


def test_every_error_is_reported_by_line(office, city):
    rows = [
        {
            "机关代码": "gs-bgt",
            "申请人类型": "自然人",
            "收到日期": "2024-01-05",
            "渠道": "在线申请",
        },
        {
            "机关代码": "nowhere",
            "申请人类型": "自然人",
            "收到日期": "2024-01-05",
            "渠道": "在线申请",
        },
        {
            "机关代码": "gs-bgt",
            "申请编号": "A-1",
            "申请人类型": "外星人",
            "收到日期": "2024-01-05",
            "渠道": "飞鸽传书",
            "办理结果代码": "予以公开",
            "决定日期": "2024-01-04",
        },
        {
            "机关代码": "gs-bgt",
            "申请编号": "A-1",
            "申请人类型": "自然人",
            "收到日期": "2024-01-05",
            "渠道": "传真",
        },
    ]
    report = applications_import(rows)
    assert not report.ok and report.imported == []
    assert report.errors == [
        "第3行：" + MSG_IMPORT_BODY.format(value="nowhere"),
        "第4行：“申请人类型”的值“外星人”无效",
        "第4行：“渠道”的值“飞鸽传书”无效",
        "第4行：" + MSG_IMPORT_DECIDED_BEFORE_RECEIVED,
        "第5行：" + MSG_IMPORT_DUPLICATE_NUMBER.format(value="A-1", other=4),
    ]
    assert Application.objects.count() == 0


def test_a_missing_column_is_reported_before_any_row(office):
    report = applications_import_csv(io.StringIO("机关代码,申请人类型,渠道\ngs-bgt,自然人,传真\n"))
    assert report.errors == [MSG_IMPORT_MISSING_COLUMNS.format(columns="收到日期")]


def test_an_existing_case_number_is_an_error(office, clerk):
    app, _ = register_case(clerk, office)
    text = f"{HEADER}\ngs-bgt,{app.case_number},自然人,甲,,,2024-01-05,传真,,,,\n"
    report = applications_import_csv(io.StringIO(text))
    assert report.errors == [f"第2行：申请编号“{app.case_number}”已存在"]


def test_an_imported_number_in_the_platforms_form_is_not_given_again(office, clerk):
    text = f"{HEADER}\ngs-bgt,IDX-gs-bgt-2024-00007,自然人,甲,,,2024-01-05,传真,,,,\n"
    assert applications_import_csv(io.StringIO(text)).ok
    app, _ = register_case(clerk, office)
    assert app.case_number == "IDX-gs-bgt-2024-00008"


def test_the_documented_columns_are_the_commands_columns():
    assert set(HEADER.split(",")) <= set(IMPORT_COLUMNS)


def test_a_wrong_id_number_is_explained_by_line(office):
    number = id_number()
    row = {"机关代码": "gs-bgt", "申请人类型": "自然人", "收到日期": "2024-01-05", "渠道": "传真"}
    rows = [
        {**row, "证件类型": "居民身份证", "证件号码": number[:17]},
        {**row, "证件类型": "居民身份证", "证件号码": number[:-1] + "0"},
        {**row, "证件类型": "居民身份证", "证件号码": number.lower()},  # x for X is fine
    ]
    report = applications_import(rows)
    assert report.errors == [
        "第2行：" + MSG_ID_NUMBER_LENGTH.format(length=17),
        "第3行：" + MSG_ID_NUMBER_CHECK,
    ]
    assert Application.objects.count() == 0
