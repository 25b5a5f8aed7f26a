import json

from django.core.management.base import BaseCommand

from gongkai.search.registry import validity_rule
from gongkai.search.selectors import PAGE_SIZE, Filters, result_as_json, search


class Command(BaseCommand):
    help = "全文检索政策文件，输出与 /api/v1/search 相同的 JSON"

    def add_arguments(self, parser):
        parser.add_argument("query")
        parser.add_argument("--body", default="", help="机关代码（含下级机关）")
        parser.add_argument("--owner", default="", help="机关代码（仅本机关）")
        parser.add_argument("--valid-only", action="store_true", help="只看现行有效")
        parser.add_argument("--limit", type=int, default=PAGE_SIZE)
        parser.add_argument("--json", action="store_true", help="输出 JSON（默认也是 JSON）")

    def handle(self, *args, query, body, owner, valid_only, limit, **options):
        filters = Filters(
            body=body, owner=owner, validity=validity_rule().in_force if valid_only else ""
        )
        data = result_as_json(search(query, filters))
        data["hits"] = data["hits"][: max(0, limit)]
        self.stdout.write(json.dumps(data, ensure_ascii=False))
