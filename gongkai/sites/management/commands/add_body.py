from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from gongkai.bodies.models import CONTACT_FIELDS, Body, BodyLevel
from gongkai.sites.services import body_create


class Command(BaseCommand):
    help = "新增机关：创建机关、其站点栏目（按公开目录模板）和角色组"

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help="机关代码（站点路径 /<代码>/）")
        parser.add_argument("--name", required=True, help="全称")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--level", required=True, choices=[v for v, _ in BodyLevel.choices])
        parser.add_argument("--parent", default=None, help="上级机关代码")
        parser.add_argument("--index-code", required=True, help="索引号前缀")
        parser.add_argument("--credit-code", default="", help="统一社会信用代码")
        parser.add_argument("--region-code", default="")
        parser.add_argument("--region-name", default="")
        parser.add_argument("--hostname", default="", help="独立域名（可选）")
        parser.add_argument("--site-id-code", default="", help="网站标识码（可选）")
        parser.add_argument(
            "--sort-order", type=int, default=0, help="排序：同级机关按此数字从小到大排列（可选）"
        )
        for name in CONTACT_FIELDS:
            label = Body._meta.get_field(name).verbose_name
            parser.add_argument(f"--{name.replace('_', '-')}", default="", help=f"{label}（可选）")

    def handle(self, *args, **o):
        parent = None
        if o["parent"]:
            parent = Body.objects.filter(code=o["parent"]).first()
            if parent is None:
                raise CommandError(f"上级机关不存在：{o['parent']}")
        try:
            body = body_create(
                parent=parent,
                code=o["code"],
                name=o["name"],
                short_name=o["short_name"],
                level=o["level"],
                index_code=o["index_code"],
                credit_code=o["credit_code"],
                region_code=o["region_code"],
                region_name=o["region_name"],
                hostname=o["hostname"],
                site_id_code=o["site_id_code"],
                sort_order=o["sort_order"],
                **{name: o[name] for name in CONTACT_FIELDS},
            )
        except ValidationError as exc:
            raise CommandError(
                "；".join(f"{k}：{'，'.join(v)}" for k, v in exc.message_dict.items())
            ) from exc
        self.stdout.write(f"已创建机关：{body.name}（/{body.code}/）")
