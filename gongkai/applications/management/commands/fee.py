"""`manage.py fee --items-this-month N [--earlier M]` / `manage.py fee --pages N`: a fee quote as JSON."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.fees import FeeQuote, per_item_fee, per_volume_fee


def parse_count(raw: str, what: str) -> int:
    try:
        return int(str(raw).strip())
    except ValueError:
        raise CommandError(f"{what}应为整数：“{raw}”") from None


def as_json(quote: FeeQuote) -> dict:
    return {
        "amount": quote.amount,
        "tiers": [
            {"label": t.label, "units": t.units, "rate": t.rate, "amount": t.amount}
            for t in quote.tiers
        ],
        "method": quote.method,
    }


class Command(BaseCommand):
    help = (
        "计算政府信息公开信息处理费（国办函〔2020〕109号第三至五条），在标准输出打印一行 JSON："
        "amount（元）、tiers、method。按件计收用 --items-this-month（可加 --earlier），"
        "按量计收用 --pages，二者只能选一"
    )
    # Pure arithmetic: no database, nothing for the system checks to guard.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--items-this-month",
            help="按件计收：本件申请的件数（按“一事一申请”拆分后）",
        )
        parser.add_argument(
            "--earlier",
            help="按件计收：同一申请人本自然月内此前向本机关已申请的件数（默认 0）",
        )
        parser.add_argument("--pages", help="按量计收：本件申请提供的页数")

    def handle(self, *args, **options):
        items, earlier, pages = options["items_this_month"], options["earlier"], options["pages"]
        if (items is None) == (pages is None):
            raise CommandError(
                "请在 --items-this-month（按件计收）与 --pages（按量计收）中选一项，"
                "同一申请不得同时按两种标准计收"
            )
        if pages is not None and earlier is not None:
            raise CommandError("--earlier 只用于按件计收（--items-this-month）")
        try:
            if items is not None:
                quote = per_item_fee(
                    parse_count(items, "件数"),
                    earlier_items_this_month=parse_count(earlier or 0, "此前已申请的件数"),
                )
            else:
                quote = per_volume_fee(parse_count(pages, "页数"))
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(as_json(quote), ensure_ascii=False))
