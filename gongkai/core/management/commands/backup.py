"""`manage.py backup <archive>`: the database, media, private media and SECRET_KEY in one archive
(docs/backup.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "备份数据库、上传文件、案件文书和密钥到一个归档文件（以 .tar.gz 结尾则压缩）"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = backup_create(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = manifest["counts"]
        self.stdout.write(
            f"已备份到 {archive}：{len(manifest['members'])} 个成员，"
            f"文件 {counts['documents']} 件、申请 {counts['applications']} 件、"
            f"办理记录 {counts['events']} 条（{manifest['created_at']}）。"
            "归档内含密钥和个人信息，请加密保管。"
        )
