from django.core.management.base import BaseCommand

from gongkai.search import index


class Command(BaseCommand):
    help = "应用检索待更新记录（索引不存在时先重建）；由定时任务每分钟运行"

    def handle(self, *args, **options):
        applied = index.catch_up()
        if options["verbosity"] > 0:
            self.stdout.write(f"已应用检索变更 {applied} 条。")
