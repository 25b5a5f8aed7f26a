"""`manage.py annual_report_export`: write a body's annual report in the official layout.

annual_report_export --body CODE --year YYYY --format html|docx|pdf|xlsx [--region] -o FILE
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.reports import format as fmt
from gongkai.reports.narrative import narrative_draft
from gongkai.reports.render import (
    report_document_html,
    report_docx,
    report_pdf,
    report_xlsx,
)
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    annual_report,
    region_report,
    report_year_range,
    year_in_range,
)
from gongkai.reports.tables import ReportTables

FORMATS = ("html", "docx", "pdf", "xlsx")
MSG_BODY_REQUIRED = "请用 --body 指定机关代码，用 --year 指定年度"
MSG_BODY_UNKNOWN = "机关代码“{code}”不存在"
MSG_FORMAT_REQUIRED = "请用 --format 指定输出格式：{formats}"
MSG_FORMAT_UNKNOWN = "不支持的输出格式“{format}”，可选：{formats}"
MSG_OUTPUT_REQUIRED = "请用 -o 指定输出文件"
MSG_OUTPUT_DIR = "输出目录不存在：{path}"
MSG_OUTPUT_FAILED = "无法写入文件 {path}：{error}"
MSG_WRITTEN = "已写入 {path}（{size}字节）"
TITLE = "{body}{year}年度政府信息公开工作年度报告"


def report_title(tables: ReportTables) -> str:
    title = TITLE.format(body=tables.body_name, year=tables.year)
    return f"{title}（{fmt.REGION_SCOPE}）" if tables.region else title


def export(tables: ReportTables, output_format: str, narrative: dict | None = None) -> bytes:
    """The file of `tables` in `output_format`, with the narrative sections given (none: empty)."""
    title = report_title(tables)
    narrative = narrative or {}
    if output_format == "html":
        return report_document_html(tables, narrative, title=title).encode("utf-8")
    if output_format == "docx":
        return report_docx(tables, narrative, title=title)
    if output_format == "pdf":
        return report_pdf(tables, narrative, title=title)
    return report_xlsx(tables)


class Command(BaseCommand):
    help = (
        "按法定格式导出某机关某年度政府信息公开工作年度报告的表格（html、docx、pdf 或 xlsx；"
        "--region 为下级机关区域汇总）"
    )

    def add_arguments(self, parser):
        parser.add_argument("--body", help="机关代码")
        parser.add_argument("--year", type=int, help="年度，如 2024")
        parser.add_argument(
            "--format", dest="output_format", help="输出格式：html、docx、pdf、xlsx"
        )
        parser.add_argument(
            "--region", action="store_true", help="该机关及全部下级机关的区域汇总（非法定年度报告）"
        )
        parser.add_argument("-o", "--output", help="输出文件")

    def handle(self, *args, body, year, output_format, region, output, **options):
        formats = "、".join(FORMATS)
        if not body or year is None:
            raise CommandError(MSG_BODY_REQUIRED)
        if not output_format:
            raise CommandError(MSG_FORMAT_REQUIRED.format(formats=formats))
        output_format = output_format.lower()
        if output_format not in FORMATS:
            raise CommandError(MSG_FORMAT_UNKNOWN.format(format=output_format, formats=formats))
        if not output:
            raise CommandError(MSG_OUTPUT_REQUIRED)
        path = Path(output)
        if not path.parent.is_dir():
            raise CommandError(MSG_OUTPUT_DIR.format(path=path.parent))
        found = Body.objects.filter(code=body).select_related("home_page").first()
        if found is None:
            raise CommandError(MSG_BODY_UNKNOWN.format(code=body))
        if not year_in_range(year):
            first, last = report_year_range()
            raise CommandError(MSG_YEAR_RANGE.format(first=first, last=last))
        if region:  # a statistical overview: tables only
            content = export(region_report(found, year).tables, output_format)
        else:  # the narrative sections start from the platform's facts (reports.narrative)
            report = annual_report(found, year)
            content = export(report.tables, output_format, narrative_draft(found, year))
        try:
            path.write_bytes(content)
        except OSError as exc:
            raise CommandError(MSG_OUTPUT_FAILED.format(path=path, error=exc)) from exc
        self.stdout.write(MSG_WRITTEN.format(path=path, size=len(content)))
