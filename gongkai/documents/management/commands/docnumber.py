import json

from django.core.management.base import BaseCommand

from gongkai.documents.docnumber import parse_doc_number


class Command(BaseCommand):
    help = (
        "解析并规范化一个发文字号，在标准输出打印一行 JSON："
        "input、valid、normalized、agency_code、year、serial、kind、error。"
        "无论字号是否有效，退出码均为 0（结果见 valid 与 error）"
    )
    # A pure text utility: no database, nothing for the system checks to guard.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("raw", help="待解析的发文字号，如 “甘政办发[2021] 48 号”")

    def handle(self, *args, raw: str, **options):
        result = parse_doc_number(raw).as_dict()
        self.stdout.write(json.dumps(result, ensure_ascii=False))
