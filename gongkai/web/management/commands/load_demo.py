from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.web.demo import DEMO_PASSWORD, load_demo, load_demo_applications

SEED = Path(__file__).resolve().parents[4] / ".." / "shared" / "seed" / "000_1a7aff5cb3f06ed9.txt"


class Command(BaseCommand):
    help = "加载演示数据（机关、账号、示例文件）；重复运行不会改变已有数据"

    def handle(self, *args, **options):
        # The founding notice is used as a demo body text when the shared folder is beside the
        # project; the platform runs without it.
        seed_text = SEED.read_text(encoding="utf-8") if SEED.exists() else None
        accounts = load_demo(seed_text=seed_text)
        load_demo_applications()
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role in accounts:
            self.stdout.write(f"  {username:<14} {role}")
