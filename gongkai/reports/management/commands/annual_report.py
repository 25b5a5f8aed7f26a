"""`manage.py annual_report`: show, import and validate annual-report tables (docs/annual_report.md).

annual_report --body CODE --year YYYY [--json] [--region]
annual_report import FILE.json --body CODE --year YYYY [--note TEXT] [--user NAME] [--replace]
annual_report validate FILE.json [--previous FILE.json] [--json]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.reports import format as fmt
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    AnnualReport,
    annual_report,
    region_report,
    report_year_range,
    year_in_range,
)
from gongkai.reports.services import imported_report_store
from gongkai.reports.tables import ReportTables, TablesFormatError, fee_text, tables_from_json
from gongkai.reports.validate import Violation, validate

MSG_FILE_MISSING = "文件不存在：{path}"
MSG_FILE_REQUIRED = "请指定 JSON 文件"
MSG_NOT_JSON = "{path} 不是有效的 JSON：第{line}行第{column}列：{error}"
MSG_BODY_REQUIRED = "请用 --body 指定机关代码，用 --year 指定年度"
MSG_BODY_UNKNOWN = "机关代码“{code}”不存在"
MSG_USER_UNKNOWN = "用户不存在：{name}"
MSG_FORMAT = "{path} 不符合年度报告 JSON 格式：\n{errors}"
MSG_PASSED = "校验通过：未发现问题"
MSG_SUMMARY = "校验结果：{errors}个错误，{warnings}个警告"
MSG_FAILED = "校验未通过：{errors}个错误，{warnings}个警告（错误须更正后才能发布）"
MSG_IMPORTED = "已导入{body}{year}年度的历史年度报告"


def _read_json(path_text: str) -> Any:
    path = Path(path_text)
    if not path.is_file():
        raise CommandError(MSG_FILE_MISSING.format(path=path_text))
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise CommandError(
            MSG_NOT_JSON.format(path=path_text, line=exc.lineno, column=exc.colno, error=exc.msg)
        ) from exc
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path_text} 不是 UTF-8 编码：{exc}") from exc


def _read_tables(path_text: str) -> ReportTables:
    try:
        return tables_from_json(_read_json(path_text))
    except TablesFormatError as exc:
        raise CommandError(MSG_FORMAT.format(path=path_text, errors=str(exc))) from exc


def _counts(violations: list[Violation]) -> tuple[int, int]:
    errors = sum(1 for v in violations if v.severity == "error")
    return errors, len(violations) - errors


def render_text(report: AnnualReport) -> str:
    """A plain-text view of the tables for the terminal (the official layout comes later)."""
    t = report.tables
    scope = f"（{fmt.REGION_SCOPE}）" if t.region else ""
    lines = [f"{t.body_name}（{t.body_code}）{t.year}年度政府信息公开工作年度报告 表格部分{scope}"]
    if t.source:
        lines.append(f"{fmt.KEY_SOURCE}：{t.source}")
    lines += ["", fmt.SECTION_PROACTIVE]
    for table in fmt.PROACTIVE_TABLES:
        lines.append(f"  {table.caption}")
        for row in table.rows:
            cells = "，".join(
                f"{c.label} "
                + (
                    fee_text(t.proactive[row.key][c.key])
                    if c is fmt.AMOUNT
                    else str(t.proactive[row.key][c.key])
                )
                for c in table.columns
            )
            lines.append(f"    {row.label}：{cells}")
    lines += ["", fmt.SECTION_APPLICATIONS]
    lines.append("  （列：" + "、".join(c.label for c in fmt.APPLICATION_COLUMNS) + "）")
    for row in fmt.APPLICATION_ROWS:
        label = " ".join(row.path)
        values = " ".join(str(t.applications[row.key][c.key]) for c in fmt.APPLICATION_COLUMNS)
        lines.append(f"  {label}：{values}")
    lines += ["", fmt.SECTION_REMEDIES]
    lines.append("  （列：" + "、".join(c.label for c in fmt.REMEDY_COLUMNS) + "）")
    for group in fmt.REMEDY_GROUPS:
        values = " ".join(str(t.remedies[group.key][c.key]) for c in fmt.REMEDY_COLUMNS)
        lines.append(f"  {' '.join(group.path)}：{values}")
    lines += ["", *_violation_lines(report.violations)]
    return "\n".join(lines)


def _violation_lines(violations: list[Violation]) -> list[str]:
    if not violations:
        return [MSG_PASSED]
    errors, warnings = _counts(violations)
    return [*(str(v) for v in violations), MSG_SUMMARY.format(errors=errors, warnings=warnings)]


class Command(BaseCommand):
    help = (
        "政府信息公开工作年度报告：按平台记录计算某机关某年度的报表（--body --year，--json 输出 JSON，"
        "--region 为下级机关区域汇总）；import 导入历史年度报告 JSON；validate 校验 JSON 文件"
        "（有错误时以非零状态退出）"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "action", nargs="?", choices=["show", "import", "validate"], default="show"
        )
        parser.add_argument("file", nargs="?", help="import / validate 的 JSON 文件")
        parser.add_argument("--body", help="机关代码")
        parser.add_argument("--year", type=int, help="年度，如 2024")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument(
            "--region", action="store_true", help="该机关及全部下级机关的区域汇总（非法定年度报告）"
        )
        parser.add_argument("--previous", help="validate：上一年度的报告 JSON，用于跨年度校验")
        parser.add_argument("--note", default="", help="import：来源说明（如原报告的网址）")
        parser.add_argument("--user", help="import：导入人用户名")
        parser.add_argument("--replace", action="store_true", help="import：替换已导入的同年度报告")

    def handle(self, *args, action: str, file: str | None, **options):
        if action == "validate":
            return self._validate(file, options)
        body, year = self._body_and_year(options)
        if action == "import":
            return self._import(file, body, year, options)
        if file:
            raise CommandError(f"无法识别的参数：{file}")
        report = region_report(body, year) if options["region"] else annual_report(body, year)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write(render_text(report))

    def _body_and_year(self, options) -> tuple[Body, int]:
        if not options["body"] or options["year"] is None:
            raise CommandError(MSG_BODY_REQUIRED)
        body = Body.objects.filter(code=options["body"]).select_related("home_page").first()
        if body is None:
            raise CommandError(MSG_BODY_UNKNOWN.format(code=options["body"]))
        if not year_in_range(options["year"]):
            first, last = report_year_range()
            raise CommandError(MSG_YEAR_RANGE.format(first=first, last=last))
        return body, options["year"]

    def _validate(self, file: str | None, options) -> None:
        if not file:
            raise CommandError(MSG_FILE_REQUIRED)
        tables = _read_tables(file)
        previous = _read_tables(options["previous"]) if options["previous"] else None
        try:
            violations = validate(tables, previous)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            payload = {fmt.KEY_CHECKS: [v.as_json() for v in violations]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(_violation_lines(violations)))
        errors, warnings = _counts(violations)
        if errors:
            raise CommandError(MSG_FAILED.format(errors=errors, warnings=warnings))

    def _import(self, file: str | None, body: Body, year: int, options) -> None:
        if not file:
            raise CommandError(MSG_FILE_REQUIRED)
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(MSG_USER_UNKNOWN.format(name=options["user"]))
        data = _read_json(file)
        try:
            _, _, violations = imported_report_store(
                body=body,
                year=year,
                data=data,
                source_note=options["note"] or Path(file).name,
                user=user,
                replace=options["replace"],
            )
        except TablesFormatError as exc:
            raise CommandError(MSG_FORMAT.format(path=file, errors=str(exc))) from exc
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(MSG_IMPORTED.format(body=body.name, year=year))
        if violations:
            # History is stored as it was published; its inconsistencies are shown, not fixed.
            self.stdout.write("\n".join(_violation_lines(violations)))
