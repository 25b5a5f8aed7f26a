"""`manage.py letter_reminders`: daily mail about letters due by the next working day, overdue,
or past the alarm before the 3-month red line (participation/letter_reminders.py).

Idempotent per day: run it as often as you like, a person gets a letter once a day.
"""

from django.core.management.base import BaseCommand

from gongkai.participation.letter_reminders import letter_reminders_send


class Command(BaseCommand):
    help = "向承办人（未分办或答复待审核的，向本机关审核人员）发送来信即将到期、已超期和临近三个月期限的提醒邮件"

    def handle(self, *args, **options):
        report = letter_reminders_send()
        self.stdout.write(f"发送提醒邮件{report.emails}封，涉及来信{report.letters}封")
        if report.without_recipient:
            self.stderr.write(
                "以下来信没有可提醒的人员（机关没有设置审核人员或其未填写邮箱）："
                + "、".join(report.without_recipient)
            )
