"""审计日志 (accounts/audit_views.py): the audit administrator reads the log with filters by date,
user, action and kind, exports it as CSV (the export itself recorded), and checks the chain."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from gongkai.accounts.audit import LOGIN_FAILURE, audit_append
from gongkai.accounts.audit_selectors import AUDIT_EXPORT, CSV_HEADER
from gongkai.accounts.models import AuditRecord, AuditSource

pytestmark = pytest.mark.django_db

INDEX = "/admin/audit/"
EXPORT = "/admin/audit/export.csv"


@pytest.fixture
def records(operator):
    """An old act of the operator's, a recent login failure with a formula for a user name."""
    old = audit_append(
        AuditSource.ROLES,
        "gongkai.platform_role.grant",
        user=operator,
        object_label="老记录对象",
        timestamp=timezone.now() - timedelta(days=40),
    )
    failure = audit_append(
        AuditSource.LOGIN,
        LOGIN_FAILURE,
        object_label='=HYPERLINK("http://x")',
        ip_address="10.7.0.1",
    )
    return old, failure


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_log_lists_and_filters(client, audit_admin, records):
    client.force_login(audit_admin)
    page = client.get(INDEX).content.decode()
    assert "老记录对象" in page and "10.7.0.1" in page and "授予平台角色" in page
    page = client.get(INDEX, {"actor": "operator"}).content.decode()
    assert "老记录对象" in page and "10.7.0.1" not in page
    page = client.get(INDEX, {"action": LOGIN_FAILURE}).content.decode()
    assert "10.7.0.1" in page and "老记录对象" not in page
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    page = client.get(INDEX, {"start": since}).content.decode()
    assert "10.7.0.1" in page and "老记录对象" not in page
    page = client.get(INDEX, {"source": "roles", "text": "老记录"}).content.decode()
    assert "老记录对象" in page and "共 1 条" in page


def test_a_bad_filter_says_so_and_keeps_what_was_typed(client, audit_admin, records):
    client.force_login(audit_admin)
    page = client.get(
        INDEX, {"start": "2026-05-02", "end": "2026-05-01", "actor": "operator"}
    ).content.decode()
    assert "结束日期不能早于开始日期" in page
    assert 'value="2026-05-02"' in page and 'value="operator"' in page
    assert "没有符合条件的记录" in page


def test_the_export_is_csv_of_the_filtered_log_and_is_itself_recorded(client, audit_admin, records):
    old, failure = records
    client.force_login(audit_admin)
    response = client.get(EXPORT, {"action": LOGIN_FAILURE})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    rows = _csv(response)
    assert rows[0] == CSV_HEADER
    body = {row[0]: row for row in rows[1:]}
    assert str(old.seq) not in body
    row = body[str(failure.seq)]
    assert row[3:5] == [LOGIN_FAILURE, "登录失败"] and row[10] == "10.7.0.1"
    assert row[9] == '\'=HYPERLINK("http://x")'  # shown as text, never run as a formula
    assert row[12] == failure.hash
    export = AuditRecord.objects.get(action=AUDIT_EXPORT)
    assert export.actor == "audit_admin"
    assert f'"action":"{LOGIN_FAILURE}"' in export.data and '"rows":' in export.data


def test_the_chain_check_is_on_the_screen(client, audit_admin, records):
    client.force_login(audit_admin)
    page = client.get("/admin/audit/verify/").content.decode()
    head = AuditRecord.objects.order_by("-seq").first()  # the audit admin's own login
    assert "哈希链完整" in page and f"第 {head.seq} 条，哈希 <code>{head.hash}</code>" in page
