"""Django's `flush` (erase the whole database), which the audit log's triggers let through: the
audit table is emptied with every other table, never on its own (accounts/audit_triggers.py).

On PostgreSQL Django's flush is one TRUNCATE of every table, which costs about 0.6 s even when
they are all but empty (each table gets new files). The test suite flushes after every test that
commits (about a hundred per run, docs/testing.md), so a flush that is not interactive, keeps
the sequences and runs as a superuser deletes the rows instead, with triggers and foreign-key
checks off for the transaction (`session_replication_role = replica`, superuser only): 0.04 s.
Everything else (an operator's interactive flush, a role that is not a superuser) is Django's.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, transaction

from gongkai.accounts.audit_triggers import erasing


def _superuser(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


class Command(FlushCommand):
    def handle(self, **options):
        database = options["database"]
        connection = connections[database]
        quick = (
            connection.vendor == "postgresql"
            and not options["interactive"]
            and not options.get("reset_sequences", True)
            and not options.get("allow_cascade", False)
            and _superuser(connection)
        )
        with erasing(database):
            if not quick:
                return super().handle(**options)
            tables = connection.introspection.django_table_names(
                only_existing=True, include_views=False
            )
            with transaction.atomic(using=database), connection.cursor() as cursor:
                cursor.execute("SET LOCAL session_replication_role = replica")
                for table in tables:
                    cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")
        if not options.get("inhibit_post_migrate", False):
            emit_post_migrate_signal(options["verbosity"], options["interactive"], database)
        return None
