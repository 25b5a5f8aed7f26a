"""Send the messages to letters' writers (receipts, new query codes, the notice of the answer)
still pending a while after they were queued: the task worker sends each at once; this catches
what a dead worker or a gateway that was down left behind. Run by the timer (docs/configuration.md)."""

from django.core.management.base import BaseCommand

from gongkai.participation.letter_messages import writer_messages_retry


class Command(BaseCommand):
    help = "补发未能及时发出的来信回执、查询码和办理结果通知"

    def handle(self, *args, **options):
        sent = writer_messages_retry()
        if options["verbosity"] > 1 or sent:
            self.stdout.write(f"已补发{sent}条消息")
