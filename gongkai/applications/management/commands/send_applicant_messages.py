"""Send the applicant messages (receipts, new query codes) still pending a while after they were
queued: the task worker sends each at once; this catches what a dead worker or a gateway that was
down left behind. Run by the timer every 15 seconds (docs/configuration.md)."""

from django.core.management.base import BaseCommand

from gongkai.applications.services.messages import applicant_messages_retry


class Command(BaseCommand):
    help = "补发未能及时发出的申请回执和查询码消息"

    def handle(self, *args, **options):
        sent = applicant_messages_retry()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"已补发{sent}条消息")
