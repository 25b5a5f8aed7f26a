"""`manage.py application_reminders`: daily mail about cases due within 3 working days or overdue.

Idempotent per day: run it as often as you like, a person gets a case once a day.
"""

from django.core.management.base import BaseCommand

from gongkai.applications.services.reminders import application_reminders_send


class Command(BaseCommand):
    help = "向承办人（无承办人的，向本机关依申请公开承办人）发送即将到期和已超期申请的提醒邮件"

    def handle(self, *args, **options):
        report = application_reminders_send()
        self.stdout.write(f"发送提醒邮件{report.emails}封，涉及申请{report.cases}件")
        if report.without_recipient:
            self.stderr.write(
                "以下申请没有可提醒的人员（无承办人，机关也没有设置依申请公开承办人或其未填写邮箱）："
                + "、".join(report.without_recipient)
            )
