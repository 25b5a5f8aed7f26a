"""`manage.py deadline --received YYYY-MM-DD ...`: the reply deadline of an application, as JSON."""

from __future__ import annotations

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.applications.deadlines import Deadline, Pause, reply_due
from gongkai.workdays.calendar import CalendarDataMissing
from gongkai.workdays.selectors import calendar_current

DEFAULT_PAUSE_REASON = "暂停计算"


def parse_day(raw: str, what: str) -> date:
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise CommandError(
            f"{what}不是有效日期：“{raw}”（应为 YYYY-MM-DD，如 2024-09-27）"
        ) from None


def parse_pause(raw: str) -> Pause:
    # START:END[:原因]; an empty END is a pause still running.
    parts = raw.split(":", 2)
    if len(parts) < 2:
        raise CommandError(
            f"暂停计算的格式应为 开始日:结束日（如 2024-10-08:2024-10-15），收到“{raw}”"
        )
    start = parse_day(parts[0], "暂停计算的开始日")
    end = parse_day(parts[1], "暂停计算的结束日") if parts[1].strip() else None
    reason = parts[2].strip() if len(parts) == 3 and parts[2].strip() else DEFAULT_PAUSE_REASON
    try:
        return Pause(start=start, end=end, reason=reason)
    except ValueError as error:
        raise CommandError(str(error)) from None


def as_json(deadline: Deadline) -> dict:
    return {
        "due": deadline.due.isoformat() if deadline.due else None,
        "counted": [d.isoformat() for d in deadline.counted],
        "excluded": [{"day": e.day.isoformat(), "reason": e.reason} for e in deadline.excluded],
        "skipped": [{"day": s.day.isoformat(), "reason": s.reason} for s in deadline.skipped],
        "provisional": deadline.provisional,
        "paused": deadline.paused,
        "start": deadline.start.isoformat(),
        "days_total": deadline.days_total,
        "explanation": deadline.explain(),
    }


class Command(BaseCommand):
    help = (
        "按工作日计算依申请公开的答复期限（《政府信息公开条例》第三十、三十二、三十三、三十四条），"
        "使用数据库中的工作日调整，在标准输出打印一行 JSON：due、counted、excluded、skipped、"
        "provisional、paused、start、days_total、explanation。输入有误时在标准错误输出中文说明，退出码非 0"
    )

    def add_arguments(self, parser):
        parser.add_argument("--received", help="收到申请之日，YYYY-MM-DD（必填）")
        parser.add_argument(
            "--clarification-received",
            help="收到补正后申请之日，YYYY-MM-DD；自该日重新起算 20 个工作日",
        )
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START:END[:原因]",
            help="暂停计算（征求意见、缴费）：开始日之后至结束日（含）的工作日不计入；"
            "结束日留空表示仍在暂停。可重复",
        )
        parser.add_argument("--extend", default="0", help="延长的工作日数，0—20")
        parser.add_argument(
            "--provisional",
            action="store_true",
            help="节假日安排尚未载入的年度按法定节假日推算（《全国年节及纪念日放假办法》第二条，"
            "不推测调休），结果标为暂定（否则报错）",
        )

    def handle(self, *args, **options):
        if not options["received"]:
            raise CommandError("缺少 --received（收到申请之日，YYYY-MM-DD）")
        received = parse_day(options["received"], "收到申请之日")
        clarified = options["clarification_received"]
        clarified_on = parse_day(clarified, "收到补正后申请之日") if clarified else None
        pauses = [parse_pause(raw) for raw in options["pause"]]
        try:
            extension = int(str(options["extend"]).strip())
        except ValueError:
            raise CommandError(f"延长的工作日数应为整数：“{options['extend']}”") from None

        calendar = calendar_current(provisional=options["provisional"])
        try:
            deadline = reply_due(
                received,
                calendar=calendar,
                clarification_received=clarified_on,
                pauses=pauses,
                extension_days=extension,
            )
        except CalendarDataMissing as error:
            raise CommandError(f"{error}（可加 --provisional 按法定节假日推算暂定日期）") from None
        except ValueError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(json.dumps(as_json(deadline), ensure_ascii=False))
