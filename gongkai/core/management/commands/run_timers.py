"""The platform's timer in development (`make run`): periodic jobs every 15 seconds, and daily
jobs once per local (Asia/Shanghai) day, the first time the timer runs on that day.

In production each job is a systemd timer or cron entry calling the command itself (docs/configuration.md).
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.core.dates import today

JOBS = [
    ("publish_scheduled", {}),  # Wagtail: scheduled publication and unpublication
    ("update_search_index", {}),  # apply the search outbox to this server's index
    ("send_applicant_messages", {}),  # receipts and new query codes still pending
    ("send_writer_messages", {}),  # the same for letters' writers (participation)
    ("clear_throttles", {}),  # throttle counters whose window has ended (core/throttle.py)
    # static publishing: the tree compared with the database and repaired, at most every 5 min
    ("publish", {"repair": True, "min_interval": 300}),
]
DAILY_JOBS = [
    # 依申请公开: cases due within 3 working days and overdue ones (idempotent within a day)
    ("application_reminders", {}),
    # 领导信箱: letters due by the next working day, overdue, or near the 3-month line
    ("letter_reminders", {}),
    # 年度报告: last year's reports of every body checked for the supervision page
    ("check_annual_reports", {}),
]


class Command(BaseCommand):
    help = "每分钟运行定时任务（定时发布等）；生产环境请改用 systemd 定时器"

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=int, default=15)
        parser.add_argument("--once", action="store_true")
        # Production (deploy/): the daily jobs are systemd timers at their hour (--no-daily); an
        # app server that is not the jobs server runs only its search index (--only).
        parser.add_argument("--no-daily", action="store_true", help="不运行每日任务")
        parser.add_argument("--only", action="append", default=[], help="只运行这些任务")

    def handle(self, *args, interval: int, once: bool, **options):
        last_day = None
        only = set(options["only"])
        while True:
            jobs = list(JOBS)
            if today() != last_day and not options["no_daily"]:
                jobs += DAILY_JOBS
                last_day = today()
            if only:
                jobs = [job for job in jobs if job[0] in only]
            for name, kwargs in jobs:
                try:
                    call_command(name, verbosity=0, **kwargs)
                except Exception as exc:  # keep the timer alive; the next run retries
                    self.stderr.write(f"{name} 失败：{exc}")
            if once:
                return
            time.sleep(interval)
