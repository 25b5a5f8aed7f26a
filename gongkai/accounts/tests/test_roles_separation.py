"""三员分立's separation table: for the security administrator, the audit administrator, the system
administrator (the operator) and an ordinary editor, which staff addresses answer (ok), refuse
(no: 403, 404 or back to the dashboard) or send elsewhere (away). None can do another's work; the
security and audit administrators reach only their own screen, and see only its menu item."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.admin.menu import admin_menu

from gongkai.accounts.audit_selectors import AUDIT_EXPORT
from gongkai.accounts.models import AuditRecord

pytestmark = pytest.mark.django_db

PERSONAS = ("security", "audit", "operator", "editor")


def row(security: str, audit: str, operator: str, editor: str) -> dict[str, str]:
    return dict(zip(PERSONAS, (security, audit, operator, editor), strict=True))


OWN = "ok"
TABLE = {
    # Their own screens, and nobody else's.
    "/admin/security/": row(OWN, "no", "no", "no"),
    "/admin/security/twofactor/?username=editor": row(OWN, "no", "no", "no"),
    "/admin/audit/": row("no", OWN, "no", "no"),
    "/admin/audit/?actor=operator": row("no", OWN, "no", "no"),
    "/admin/audit/export.csv": row("no", OWN, "no", "no"),
    "/admin/audit/verify/": row("no", OWN, "no", "no"),
    # What everyone signed in has: the dashboard, one's own account, the second factor.
    "/admin/": row("ok", "ok", "ok", "ok"),
    "/admin/account/": row("ok", "ok", "ok", "ok"),
    "/admin/twofactor/": row("ok", "ok", "ok", "ok"),
    # The system administrator's work: content, bodies, accounts, configuration.
    "/admin/pages/": row("no", "no", "ok", "away"),
    "/admin/pages/search/?q=matrix": row("no", "no", "ok", "ok"),
    "/admin/documents/": row("no", "no", "ok", "ok"),
    "/admin/bodies/": row("no", "no", "ok", "no"),
    "/admin/users/": row("no", "no", "ok", "no"),
    "/admin/groups/": row("no", "no", "ok", "no"),
    "/admin/sites/": row("no", "no", "ok", "no"),
    "/admin/reports/site-history/": row("no", "no", "ok", "no"),
    "/admin/reports/aging-pages/": row("no", "no", "ok", "ok"),
    "/admin/api/main/pages/": row("no", "no", "ok", "ok"),
    "/admin/choose-page/": row("no", "no", "ok", "ok"),
    "/django-admin/": row("no", "no", "ok", "login"),
    "/workbench/applications/": row("no", "no", "ok", "ok"),
}


def outcome(response) -> str:
    if response.status_code == 200:
        return "ok"
    location = response.get("Location", "")
    if response.status_code == 302 and "login" in location:
        return "login"
    if response.status_code == 302 and location not in ("/admin/", "/"):
        return "away"
    return "no"


@pytest.fixture
def people(security_admin, audit_admin, operator, editor):
    return {
        "security": security_admin,
        "audit": audit_admin,
        "operator": operator,
        "editor": editor,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_separation_table(client, people, persona):
    client.force_login(people[persona])
    got = {url: outcome(client.get(url)) for url in TABLE}
    wrong = {
        url: (TABLE[url][persona], cell) for url, cell in got.items() if cell != TABLE[url][persona]
    }
    assert not wrong, f"{persona}: (expected, got) " + repr(wrong)


def test_the_screens_refuse_with_a_chinese_403_and_nothing_is_done(client, people):
    for persona in ("audit", "operator", "editor"):
        client.force_login(people[persona])
        response = client.get("/admin/security/")
        assert response.status_code == 403
        assert "按照“三员分立”的要求" in response.content.decode()  # in Chinese, and why
        assert client.post("/admin/security/unlock/", {"username": "x"}).status_code == 403
        assert client.post("/admin/security/twofactor/", {"username": "x"}).status_code == 403
    for persona in ("security", "operator", "editor"):
        client.force_login(people[persona])
        assert client.get("/admin/audit/export.csv").status_code == 403
    assert not AuditRecord.objects.filter(action=AUDIT_EXPORT).exists()
    # The gate: the security administrator asking for a page of the system administrator's.
    client.force_login(people["security"])
    response = client.get("/admin/pages/")
    assert response.status_code == 403 and "无权访问" in response.content.decode()


@pytest.mark.parametrize(
    "persona, menu",
    [("security", ["security-admin"]), ("audit", ["audit-admin"])],
)
def test_their_menu_and_dashboard_show_their_screen_only(client, people, persona, menu):
    request = RequestFactory().get("/admin/")
    request.user = people[persona]
    assert [item.name for item in admin_menu.menu_items_for_request(request)] == menu
    client.force_login(people[persona])
    page = client.get("/admin/").content.decode()
    screen = {"security": "进入安全管理", "audit": "查看审计日志"}[persona]
    other = {"security": "查看审计日志", "audit": "进入安全管理"}[persona]
    assert screen in page and other not in page


def test_the_operators_menu_has_neither_screen(people):
    request = RequestFactory().get("/admin/")
    request.user = people["operator"]
    names = {item.name for item in admin_menu.menu_items_for_request(request)}
    assert "security-admin" not in names and "audit-admin" not in names
    assert "body-admin" in names  # and the system administrator's own work
