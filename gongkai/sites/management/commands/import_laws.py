from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.documents.importers.lawrefbook import import_lawrefbook
from gongkai.sites.services import portal_ensure


class Command(BaseCommand):
    help = "导入法律法规语料（LawRefBook 的 manifest.jsonl）；重复运行不会改变已导入的数据"

    def add_arguments(self, parser):
        parser.add_argument(
            "folder", type=Path, help="语料目录，如 ../shared/corpus/lawrefbook_laws"
        )

    def handle(self, *args, folder: Path, **options):
        if not (folder / "manifest.jsonl").is_file():
            raise CommandError(f"找不到 {folder / 'manifest.jsonl'}：请指定语料目录")
        report = import_lawrefbook(folder, portal_ensure())
        self.stdout.write(report.summary())
