"""`manage.py restore <archive>`: onto an empty installation of the same database engine, after
every checksum is verified (docs/backup.md)."""

import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from gongkai.core.backup import (
    BackupError,
    backup_verify,
    database_restore,
    installation_check_empty,
    key_row_counts,
    restore_files,
    restore_key,
)


class Command(BaseCommand):
    help = "从备份归档恢复到空的安装：先校验，再恢复数据库和文件，写出密钥文件，重建检索索引"

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument("--force", action="store_true", help="当前安装已有数据时仍然覆盖")
        parser.add_argument(
            "--key-file",
            type=Path,
            default=None,
            help="写出 SECRET_KEY 的文件（默认 $GONGKAI_DATA_DIR/restored-secret-key.env）",
        )
        parser.add_argument(
            "--no-search-index", action="store_true", help="不重建检索索引（稍后手动重建）"
        )

    def handle(self, *args, archive: Path, force: bool, key_file: Path | None, **options):
        key_file = key_file or Path(settings.DATA_DIR) / "restored-secret-key.env"
        try:
            manifest = backup_verify(archive)
            self.stdout.write(
                f"校验通过：{len(manifest['members'])} 个成员（{manifest['created_at']}）。"
            )
            installation_check_empty(force=force)
            with tarfile.open(archive, "r:*") as tar:
                database_restore(tar, manifest)
                files = restore_files(tar, manifest)
                key_differs = restore_key(tar, key_file)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        counts = key_row_counts()
        if counts != manifest["counts"]:  # rows written while a live backup ran
            self.stdout.write(
                f"注意：恢复后的数据行数 {counts} 与备份清单 {manifest['counts']} 不同。"
            )
        self.stdout.write(
            f"已恢复数据库（文件 {counts['documents']} 件、申请 {counts['applications']} 件、"
            f"办理记录 {counts['events']} 条）和 {files} 个文件。"
        )
        if not options["no_search_index"]:
            call_command("rebuild_search_index", stdout=self.stdout)
        # The key itself is never printed: it would end up in a log.
        if key_differs:
            self.stdout.write(
                f"必须设置：备份时的 SECRET_KEY 已写入 {key_file}（仅所有者可读）。"
                "请让平台的运行环境读取它（systemd：EnvironmentFile=），然后重启服务；"
                "否则已加密保存的内容无法读取。"
            )
        else:
            self.stdout.write(f"当前 SECRET_KEY 与备份时相同；副本已写入 {key_file}。")
        self.stdout.write("静态发布目录（建成后）也需重建。")
