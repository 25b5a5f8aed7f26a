"""`publish`: the full rebuild of the publish tree; `--check` the drift report (exit 1 on
drift), `--repair` the repair, `--pending` the outbox only (docs/publishing.md)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import services

MAX_LISTED = 20


class Command(BaseCommand):
    help = "静态发布：全部重新生成公开页面文件；--check 检查与数据库不一致之处，--repair 修复"

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--check", action="store_true", help="只检查，不一致时退出码为 1")
        mode.add_argument("--repair", action="store_true", help="检查并修复不一致之处")
        mode.add_argument("--pending", action="store_true", help="只处理待更新记录")
        parser.add_argument("--root", help="生成到另一目录（完整重建时；不记录）")
        parser.add_argument(
            "--min-interval",
            type=int,
            default=0,
            help="距上次检查不足该秒数时跳过（定时任务用）",
        )

    def handle(self, *args, check, repair, pending, root, min_interval, **options):
        if not settings.PUBLISH_ENABLED and not root:
            if options["verbosity"] > 0:
                self.stdout.write("静态发布未启用（GONGKAI_PUBLISH=0），未做任何处理。")
            return
        if pending:
            counts = services.publish_pending()
            self._counts("已处理待更新记录", counts, options)
            return
        if check or repair:
            if min_interval and not services.check_due(min_interval):
                return
            drift = services.publish_check()
            self._drift(drift, options if check else {"verbosity": options["verbosity"]})
            if check:
                if drift.any:
                    raise CommandError("发布目录与数据库不一致")
                return
            counts = services.publish_repair(drift)
            self._counts("已修复", counts, options)
            return
        counts = services.publish_full(Path(root) if root else None)
        self._counts("完整重建完成", counts, options)

    def _counts(self, what, counts, options):
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            f"{what}：页面 {counts.pages} 个（写入 {counts.written}，未变 {counts.unchanged}，"
            f"删除 {counts.removed}，不发布 {counts.skipped}），用时 {counts.seconds:.1f} 秒，"
            f"每秒 {counts.per_second:.1f} 页。"
        )

    def _drift(self, drift, options):
        if options["verbosity"] < 1:
            return
        if not drift.any:
            self.stdout.write("发布目录与数据库一致。")
            return
        if drift.templates_changed:
            self.stdout.write("模板已变更（或从未完整生成）：需要完整重建。")
        for label, items in (
            ("缺少的文件", drift.missing),
            ("多余的文件", drift.extra),
            ("过期的文件", drift.stale),
        ):
            if items:
                self.stdout.write(f"{label} {len(items)} 个：")
                for site_dir, path in items[:MAX_LISTED]:
                    self.stdout.write(f"  {site_dir}{path}")
        if drift.dated:
            self.stdout.write(f"因日期变化需更新有效性的文件 {len(drift.dated)} 份。")
