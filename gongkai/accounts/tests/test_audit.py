"""The audit log (accounts/audit.py): append-only in the model and in the database (raw SQL on
SQLite and PostgreSQL), the hash chain that finds a changed or removed row, the mirror of Wagtail's
log entries, and the logins."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.accounts import audit_triggers
from gongkai.accounts.audit import (
    GENESIS,
    LOCKOUT,
    LOGIN_FAILURE,
    LOGIN_SUCCESS,
    LOGOUT,
    audit_append,
    audit_verify,
)
from gongkai.accounts.models import AuditRecord, AuditRecordChanged, AuditSource
from gongkai.bodies.models import BodyRole
from gongkai.bodies.services import AUDIT_ROLE_GRANT
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

TABLE = audit_triggers.TABLE


def _three(user=None) -> list[AuditRecord]:
    return [
        audit_append(AuditSource.SECURITY, "gongkai.test", user=user, data={"n": n, "名": "值"})
        for n in range(3)
    ]


def _raw(sql: str) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)


def test_records_form_a_chain_that_verifies(operator):
    start = AuditRecord.objects.count()
    first, second, third = _three(operator)
    assert (second.seq, third.seq) == (first.seq + 1, first.seq + 2)
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    if start == 0:
        assert first.prev_hash == GENESIS and first.seq == 1
    report = audit_verify()
    assert report.ok and report.checked == start + 3
    assert (report.head_seq, report.head_hash) == (third.seq, third.hash)


def test_the_model_refuses_to_change_or_delete_a_record():
    record = _three()[0]
    record.action = "changed"
    with pytest.raises(AuditRecordChanged, match="审计记录只能追加，不能修改或删除"):
        record.save()
    with pytest.raises(AuditRecordChanged):
        record.delete()
    with pytest.raises(AuditRecordChanged):
        AuditRecord.objects.filter(pk=record.pk).update(action="changed")
    with pytest.raises(AuditRecordChanged):
        AuditRecord.objects.filter(pk=record.pk).delete()


def test_the_database_refuses_a_raw_update_or_delete():
    record = _three()[0]
    for sql in (
        f"UPDATE {TABLE} SET action = 'changed' WHERE id = {record.pk}",
        f"UPDATE {TABLE} SET hash = hash",
        f"DELETE FROM {TABLE} WHERE id = {record.pk}",
        f"DELETE FROM {TABLE}",
    ):
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(sql)
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _raw(f"TRUNCATE {TABLE}")
    assert AuditRecord.objects.get(pk=record.pk).action == "gongkai.test"


def test_only_a_flush_of_the_whole_database_empties_it():
    _three()
    with audit_triggers.erasing():
        if connection.vendor == "postgresql":
            with pytest.raises(DatabaseError, match="append-only"):
                _raw(f"DELETE FROM {TABLE}")  # a DELETE never passes
            _raw(f"TRUNCATE {TABLE}")  # what Django's flush sends
        else:
            _raw(f"DELETE FROM {TABLE}")  # what Django's flush sends
    assert not AuditRecord.objects.exists()
    _three()
    with pytest.raises(DatabaseError, match="append-only"):
        _raw(f"DELETE FROM {TABLE}")  # refused again once the flush is done


def _without_triggers(sql: str) -> None:
    """What someone holding the database could do: drop the triggers, change, put them back."""
    with connection.cursor() as cursor:
        for statement in audit_triggers.statements(connection.vendor, drop=True):
            cursor.execute(statement)
        cursor.execute(sql)
    audit_triggers.triggers_ensure()


def test_the_chain_finds_a_changed_row(capsys):
    _, second, _ = _three()
    _without_triggers(f"UPDATE {TABLE} SET actor = 'someone' WHERE id = {second.pk}")
    report = audit_verify()
    assert report.problems == [f"第 {second.seq} 条：内容与哈希不符（已被改动）"]
    with pytest.raises(CommandError, match="审计记录哈希链校验未通过"):
        call_command("audit_verify")
    assert f"第 {second.seq} 条：内容与哈希不符（已被改动）" in capsys.readouterr().err


def test_the_chain_finds_a_removed_row():
    _, second, third = _three()
    _without_triggers(f"DELETE FROM {TABLE} WHERE id = {second.pk}")
    assert audit_verify().problems == [
        f"第 {second.seq}–{second.seq} 条缺失",
        f"第 {third.seq} 条：与前一条的链接不符",
    ]


def test_the_command_prints_the_head_to_note_down(capsys):
    last = _three()[-1]
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "审计记录哈希链完整" in out and f"第 {last.seq} 条，哈希 {last.hash}" in out


def test_wagtail_log_entries_are_mirrored(operator, office):
    person = personas.user("jingshou")
    personas.staff("jingshou2", office, BodyRole.EDITOR)
    from gongkai.bodies.services import body_grant_role

    body_grant_role(person, office, BodyRole.REVIEWER, by=operator)
    entry = ModelLogEntry.objects.filter(action=AUDIT_ROLE_GRANT).latest("pk")
    record = AuditRecord.objects.get(source_ref=f"model:{entry.pk}")
    assert record.source == AuditSource.MODEL and record.action == AUDIT_ROLE_GRANT
    assert (record.actor_id, record.actor) == (operator.pk, "operator")
    assert record.object_type == "bodies.body" and record.object_id == str(office.pk)
    assert '"user":"jingshou"' in record.data and record.timestamp == entry.timestamp
    # A page: published by the platform itself.
    page = personas.publish_document(office, title="审计镜像测试文件", slug="audit-mirror")
    published = AuditRecord.objects.filter(source=AuditSource.PAGE, object_id=str(page.pk))
    assert "wagtail.publish" in set(published.values_list("action", flat=True))
    assert audit_verify().ok


def _login(client, username, password, address):
    return client.post(
        reverse("wagtailadmin_login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_logins_and_their_failures_are_recorded_without_the_password(client, editor, settings):
    from gongkai.testing.personas import PASSWORD

    settings.AXES_ENABLED = True
    assert _login(client, "editor", "wrong-secret-1", "10.9.0.1").status_code == 200
    failure = AuditRecord.objects.filter(action=LOGIN_FAILURE).latest("seq")
    assert (failure.object_label, failure.ip_address) == ("editor", "10.9.0.1")
    assert "wrong-secret-1" not in failure.data
    assert _login(client, "editor", PASSWORD, "10.9.0.2").status_code == 302
    success = AuditRecord.objects.filter(action=LOGIN_SUCCESS).latest("seq")
    assert (success.actor, success.ip_address) == ("editor", "10.9.0.2")
    client.post(reverse("wagtailadmin_logout"), REMOTE_ADDR="10.9.0.2")
    assert AuditRecord.objects.filter(action=LOGOUT, actor="editor").exists()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "editor", "wrong-secret-2", "10.9.0.3")
    lockout = AuditRecord.objects.get(action=LOCKOUT)
    assert (lockout.object_label, lockout.ip_address) == ("editor", "10.9.0.3")
    assert audit_verify().ok
