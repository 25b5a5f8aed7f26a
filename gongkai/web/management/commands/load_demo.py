from django.core.management.base import BaseCommand

from gongkai.web.demo import DEMO_PASSWORD, load_demo_all


class Command(BaseCommand):
    help = (
        "加载演示数据（机关及其公开指南、账号、各类文件、法律法规库样本、申请案例、年度报告）；"
        "重复运行不会改变已有数据"
    )

    def handle(self, *args, **options):
        accounts = load_demo_all()
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role in accounts:
            self.stdout.write(f"  {username:<14} {role}")
