"""`manage.py check_annual_reports [--year Y] [--body CODE]`: compute and check the annual reports
of every body (or of one body's subtree) and keep the outcome for the supervision page. Run daily
by `run_timers` for last year's reports (docs/annual_report.md, "Supervision")."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.core.dates import today
from gongkai.reports.selectors import MSG_YEAR_RANGE, report_year_range, year_in_range
from gongkai.reports.supervision import report_checks_refresh


class Command(BaseCommand):
    help = "校验各机关的政府信息公开工作年度报告（默认上一年度、全部机关），结果供年报督查页面使用"

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="报告年度，默认上一年度")
        parser.add_argument("--body", help="只校验该机关及其所属机关")

    def handle(self, *args, year: int | None, body: str | None, **options):
        year = year or today().year - 1
        if not year_in_range(year):
            first, last = report_year_range()
            raise CommandError(MSG_YEAR_RANGE.format(first=first, last=last))
        if body:
            root = Body.objects.filter(code=body).first()
            if root is None:
                raise CommandError(f"机关不存在：{body}")
            roots = [root]
        else:
            roots = list(Body.get_root_nodes())
        count = sum(report_checks_refresh(root, year) for root in roots)
        self.stdout.write(f"已校验{year}年度报告 {count} 份")
