from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import Body
from gongkai.columns.services import catalogue_apply_all


class Command(BaseCommand):
    help = (
        "将公开目录模板应用到已有机关：补建缺少的栏目，安全时更新或移动栏目，从不删除栏目；"
        "--dry-run 只报告将要进行的变化"
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="只报告，不作修改")
        parser.add_argument("--body", metavar="CODE", help="只处理该机关（机关代码，如 gs-bgt）")

    def handle(self, *args, dry_run=False, body=None, **options):
        bodies = Body.objects.select_related("home_page").order_by("path")
        if body is not None:
            bodies = bodies.filter(code=body)
            if not bodies.exists():
                raise CommandError(f"机关不存在：{body}")
        changes = catalogue_apply_all(bodies, dry_run=dry_run)
        for change in changes:
            self.stdout.write(f"{change.body.name}（{change.body.code}）：{change.summary()}")
        changed = sum(1 for c in changes if c.changed)
        verb = "将有变化（预览，未作修改）" if dry_run else "有变化"
        self.stdout.write(f"共{len(changes)}个机关，其中{changed}个机关的栏目{verb}。")
