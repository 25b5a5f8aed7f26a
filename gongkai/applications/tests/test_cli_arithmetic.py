"""`manage.py deadline` and `manage.py fee`: one JSON object on stdout, Chinese errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.workdays.models import CalendarYear, WorkdayOverride

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def run(command: str, *args: str) -> dict:
    out = StringIO()
    call_command(command, *args, stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1, out.getvalue()
    return json.loads(lines[0])


# --- deadline ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_deadline_prints_the_due_date_and_how_it_was_reached():
    result = run("deadline", "--received", "2024-09-27")

    assert result["due"] == "2024-10-30"
    assert len(result["counted"]) == 20
    assert result["counted"][:3] == ["2024-09-29", "2024-09-30", "2024-10-08"]
    assert {"day": "2024-10-01", "reason": "法定节假日（国庆节）"} in result["skipped"]
    assert result["excluded"] == []
    assert result["provisional"] is False
    assert result["paused"] is False
    assert result["explanation"][-1] == "截止日为2024年10月30日（第20个工作日）"
    assert list(result)[:5] == ["due", "counted", "excluded", "skipped", "provisional"]


@pytest.mark.django_db
def test_deadline_takes_pauses_an_extension_and_a_correction():
    result = run(
        "deadline",
        "--received",
        "2024-09-02",
        "--clarification-received",
        "2024-09-27",
        "--pause",
        "2024-10-08:2024-10-10:征求第三方意见",
        "--pause",
        "2024-10-09:2024-10-14",
        "--extend",
        "5",
    )

    assert result["start"] == "2024-09-27"
    assert result["days_total"] == 25
    assert result["excluded"][:2] == [
        {"day": "2024-10-09", "reason": "征求第三方意见"},
        {"day": "2024-10-10", "reason": "征求第三方意见、暂停计算"},
    ]
    assert len(result["excluded"]) == 5
    assert result["due"] == "2024-11-13"


@pytest.mark.django_db
def test_deadline_with_a_running_pause_has_no_due_date():
    result = run("deadline", "--received", "2024-09-27", "--pause", "2024-10-08:")

    assert result["due"] is None
    assert result["paused"] is True
    assert result["counted"] == ["2024-09-29", "2024-09-30", "2024-10-08"]


@pytest.mark.django_db
def test_deadline_uses_the_operators_overrides():
    WorkdayOverride.objects.create(day=date(2024, 10, 29), is_workday=False, reason="台风停止办公")

    result = run("deadline", "--received", "2024-09-27")

    assert result["due"] == "2024-10-31"
    assert {"day": "2024-10-29", "reason": "运营方调整：台风停止办公"} in result["skipped"]


@pytest.mark.django_db
def test_deadline_in_a_year_without_data_can_be_provisional():
    result = run("deadline", "--received", "2026-12-10", "--provisional")

    assert result["due"] == "2027-01-08"  # 2027-01-01 is 元旦 by law
    assert result["provisional"] is True
    assert {"day": "2027-01-01", "reason": "（暂定）法定节假日（元旦）"} in result["skipped"]


@pytest.mark.django_db
def test_deadline_in_a_year_the_operator_has_entered_is_exact():
    CalendarYear.objects.create(year=2027, note="测试")
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, reason="元旦")

    result = run("deadline", "--received", "2026-12-10")

    assert result["due"] == "2027-01-08"
    assert result["provisional"] is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "缺少 --received"),
        (["--received", "2024-02-30"], "收到申请之日不是有效日期：“2024-02-30”"),
        (["--received", "昨天"], "收到申请之日不是有效日期"),
        (
            ["--received", "2024-09-27", "--clarification-received", "2024/10/01"],
            "收到补正后申请之日不是有效日期",
        ),
        (
            ["--received", "2024-09-27", "--clarification-received", "2024-09-01"],
            "补正后申请的收到日（2024年9月1日）早于原申请的收到日（2024年9月27日）",
        ),
        (
            ["--received", "2024-09-27", "--pause", "2024-10-10:2024-10-08"],
            "暂停计算的结束日（2024年10月8日）早于开始日（2024年10月10日）",
        ),
        (["--received", "2024-09-27", "--pause", "2024-10-10"], "暂停计算的格式应为"),
        (["--received", "2024-09-27", "--pause", "x:2024-10-08"], "暂停计算的开始日不是有效日期"),
        (["--received", "2024-09-27", "--extend", "21"], "延长答复期限最长为20个工作日"),
        (["--received", "2024-09-27", "--extend", "-1"], "延长的工作日数不能为负数：-1"),
        (["--received", "2024-09-27", "--extend", "三"], "延长的工作日数应为整数"),
        (
            ["--received", "2026-12-10"],
            "2027年的国家法定节假日安排尚未载入，无法按工作日计算期限",
        ),
    ],
)
def test_deadline_refuses_bad_input_in_chinese(args, message):
    with pytest.raises(CommandError) as error:
        call_command("deadline", *args, stdout=StringIO())

    assert message in str(error.value)


# --- fee --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "amount", "method"),
    [
        (["--items-this-month", "35"], 3_000, "per_item"),
        (["--items-this-month", "5", "--earlier", "28"], 800, "per_item"),
        (["--items-this-month", "10"], 0, "per_item"),
        (["--pages", "250"], 4_700, "per_volume"),
        (["--pages", "30"], 0, "per_volume"),
    ],
)
def test_fee_prints_the_quote(args, amount, method):
    result = run("fee", *args)

    assert list(result) == ["amount", "tiers", "method"]
    assert result["amount"] == amount
    assert result["method"] == method
    assert result["amount"] == sum(t["amount"] for t in result["tiers"])


def test_fee_prints_every_tier():
    result = run("fee", "--pages", "250")

    assert result["tiers"] == [
        {"label": "第1—30页", "units": 30, "rate": 0, "amount": 0},
        {"label": "第31—100页", "units": 70, "rate": 10, "amount": 700},
        {"label": "第101—200页", "units": 100, "rate": 20, "amount": 2000},
        {"label": "第201页及以上", "units": 50, "rate": 40, "amount": 2000},
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "请在 --items-this-month（按件计收）与 --pages（按量计收）中选一项"),
        (["--items-this-month", "3", "--pages", "40"], "同一申请不得同时按两种标准计收"),
        (["--pages", "40", "--earlier", "3"], "--earlier 只用于按件计收"),
        (["--pages", "-3"], "页数不能为负数：-3"),
        (["--items-this-month", "-1"], "申请件数不能为负数：-1"),
        (["--items-this-month", "2", "--earlier", "-1"], "本月此前已申请的件数不能为负数：-1"),
        (["--pages", "十"], "页数应为整数：“十”"),
    ],
)
def test_fee_refuses_bad_input_in_chinese(args, message):
    with pytest.raises(CommandError) as error:
        call_command("fee", *args, stdout=StringIO())

    assert message in str(error.value)


# --- from the shell: a message on stderr, no traceback, a non-zero exit ----------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["fee", "--pages", "-3"], "页数不能为负数：-3"),
        (["deadline", "--received", "2024-13-01"], "收到申请之日不是有效日期"),
    ],
)
def test_bad_input_from_the_shell_exits_non_zero_without_a_traceback(args, message):
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )

    assert completed.returncode != 0
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr
    assert completed.stdout == ""
