"""`manage.py clear_throttles`: delete the throttle counters whose window has ended
(core/throttle.py); run every few minutes on one server (`run_timers` does in development)."""

from django.core.management.base import BaseCommand

from gongkai.core.throttle import throttle_cleanup


class Command(BaseCommand):
    help = "删除已过期的频率限制计数"

    def handle(self, *args, **options):
        deleted = throttle_cleanup()
        if options["verbosity"] > 0:
            self.stdout.write(f"已删除 {deleted} 条过期的频率限制计数。")
