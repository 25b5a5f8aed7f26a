from django.core.management.base import BaseCommand

from gongkai.bodies.services import body_rights_sync


class Command(BaseCommand):
    help = (
        "按机关树重建各机关角色组的页面和文件集权限（站点管理员及于本机关及全部下级机关）；"
        "可重复运行"
    )

    def handle(self, *args, **options):
        added, removed = body_rights_sync()
        self.stdout.write(f"机关权限已同步：新增 {added} 项，移除 {removed} 项")
