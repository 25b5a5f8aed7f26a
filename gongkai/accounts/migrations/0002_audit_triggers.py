"""Database triggers that refuse any UPDATE or DELETE of an audit record (accounts/audit_triggers.py)."""

from django.db import migrations

from gongkai.accounts import audit_triggers


def _run(drop: bool):
    def run(apps, schema_editor):
        for sql in audit_triggers.statements(schema_editor.connection.vendor, drop=drop):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(_run(drop=False), _run(drop=True))]
