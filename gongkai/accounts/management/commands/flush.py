"""Django's `flush` (erase the whole database), which the audit log's triggers let through: the
audit table is emptied with every other table, never on its own (accounts/audit_triggers.py)."""

from django.core.management.commands.flush import Command as FlushCommand

from gongkai.accounts.audit_triggers import erasing


class Command(FlushCommand):
    def handle(self, **options):
        with erasing(options["database"]):
            return super().handle(**options)
