"""`manage.py import_applications FILE.csv`: historic cases, all or nothing (docs/workflow.md)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.services.csv_import import IMPORT_COLUMNS, applications_import_csv


class Command(BaseCommand):
    help = (
        "导入历史依申请公开案件（CSV，首行为表头："
        + "、".join(IMPORT_COLUMNS)
        + "）；任何一行有错误则全部不导入"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--encoding", default="utf-8-sig", help="默认 utf-8-sig；Excel 另存的可用 gb18030"
        )
        parser.add_argument("--user", help="以该用户身份导入（只能导入其可办理机关的案件）")

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
                report = applications_import_csv(stream, user=actor, source=path.name)
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"无法按 {encoding} 读取文件：{exc}；请用 --encoding 指定编码"
            ) from exc
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
