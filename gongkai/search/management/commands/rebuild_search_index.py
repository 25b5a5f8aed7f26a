from django.core.management.base import BaseCommand

from gongkai.search import index


class Command(BaseCommand):
    help = "从数据库重建本服务器的全文检索索引，然后补上重建期间的变更"

    def handle(self, *args, **options):
        count = index.rebuild()
        applied = index.catch_up()
        self.stdout.write(f"已重建检索索引：{count} 条记录，另应用变更 {applied} 条。")
