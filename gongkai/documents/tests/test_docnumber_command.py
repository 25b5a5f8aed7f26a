"""`manage.py docnumber "<raw>"`: one JSON object on stdout, exit code 0 whether valid or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command, load_command_class

PROJECT_ROOT = Path(__file__).resolve().parents[3]
KEYS = ["input", "valid", "normalized", "agency_code", "year", "serial", "kind", "error"]


def run(raw: str) -> tuple[dict, str]:
    out = StringIO()
    call_command("docnumber", raw, stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    assert len(lines) == 1, text
    return json.loads(lines[0]), text


def test_it_normalizes_a_messy_standard_number():
    result, _ = run("甘政办发[2021] 48 号")

    assert result == {
        "input": "甘政办发[2021] 48 号",
        "valid": True,
        "normalized": "甘政办发〔2021〕48号",
        "agency_code": "甘政办发",
        "year": 2021,
        "serial": 48,
        "kind": "standard",
        "error": None,
    }


def test_it_prints_the_keys_in_a_fixed_order():
    result, _ = run("甘政办发〔2021〕48号")

    assert list(result) == KEYS


def test_it_prints_chinese_as_is_not_as_escapes():
    _, text = run("发文字号：晋政发（2013）035号")

    assert "晋政发〔2013〕35号" in text
    assert "\\u" not in text


def test_it_recognises_an_order_number():
    result, _ = run("重庆市人民政府令第 359 号")

    assert result["valid"] is True
    assert result["normalized"] == "重庆市人民政府令第359号"
    assert result["kind"] == "order"
    assert result["agency_code"] == "重庆市人民政府"
    assert result["year"] is None
    assert result["serial"] == 359


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        ("", "发文字号为空"),
        ("   ", "发文字号为空"),
        ("无", "发文字号为占位内容：无"),
        ("2023-06-14", "这是日期，不是发文字号：2023-06-14"),
        ("不是字号", "无法识别的发文字号格式"),
        ("#$%^&*", "无法识别的发文字号格式"),
        ("甘政办发〔2021〕", "缺少序号"),
    ],
)
def test_it_reports_an_invalid_number_with_a_chinese_error(raw, error):
    result, _ = run(raw)

    assert list(result) == KEYS
    assert result["input"] == raw
    assert result["valid"] is False
    assert result["error"] == error
    assert result["normalized"] is None
    assert result["agency_code"] is None
    assert result["year"] is None
    assert result["serial"] is None
    assert result["kind"] is None


def test_it_prints_one_line_even_for_input_with_line_breaks():
    result, text = run("甘政办发〔2021〕\n48号\r\n")

    assert text.count("\n") == 1
    assert result["valid"] is True
    assert result["normalized"] == "甘政办发〔2021〕48号"
    assert result["input"] == "甘政办发〔2021〕\n48号\r\n"


def test_it_has_chinese_help():
    command = load_command_class("gongkai.documents", "docnumber")

    assert "发文字号" in command.help
    assert "JSON" in command.help


@pytest.mark.parametrize(
    ("raw", "valid"), [("甘政办发[2021] 48 号", True), ("", False), ("胡言乱语", False)]
)
def test_it_exits_with_0_whether_valid_or_not(raw, valid):
    completed = subprocess.run(
        [sys.executable, "manage.py", "docnumber", raw],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    lines = completed.stdout.splitlines()
    assert len(lines) == 1, completed.stdout
    result = json.loads(lines[0])
    assert result["valid"] is valid
    assert result["input"] == raw
    assert (result["error"] is None) is valid
