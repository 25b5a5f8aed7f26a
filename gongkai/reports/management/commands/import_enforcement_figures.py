"""`manage.py import_enforcement_figures FILE.csv`: 行政许可/处罚/强制 and 收费 figures per body and
year for report table 二, all or nothing (docs/annual_report.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.reports.services import FIGURES_COLUMNS, enforcement_figures_import_csv


class Command(BaseCommand):
    help = (
        "导入年度报告表二的执法和收费数据（CSV，首行为表头："
        + "、".join(FIGURES_COLUMNS)
        + "）；任何一行有错误则全部不导入；已有的同机关同年度数据被更新"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--encoding", default="utf-8-sig", help="默认 utf-8-sig；Excel 另存的可用 gb18030"
        )
        parser.add_argument("--user", help="以该用户身份导入（只能导入其可操作机关的数据）")

    def handle(self, *args, file: str, encoding: str, user: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"文件不存在：{file}")
        actor = None
        if user:
            actor = get_user_model().objects.filter(username=user).first()
            if actor is None:
                raise CommandError(f"用户不存在：{user}")
        try:
            with path.open(encoding=encoding, newline="") as stream:
                report = enforcement_figures_import_csv(stream, user=actor)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"无法按 {encoding} 读取文件：{exc}；请用 --encoding 指定编码"
            ) from exc
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
