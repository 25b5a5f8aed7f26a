"""The security headers (core/security_headers.py): every public page type carries exactly
`static_page_headers()` — the values nginx adds to the published files — the admin its own policy,
every response the Permissions-Policy, and no public template holds what the policy refuses.
The browser's view of the same policies: test_browser_csp.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from gongkai.core import security_headers
from gongkai.core.security_headers import (
    PERMISSIONS_POLICY,
    STAFF_DIRECTIVES,
    csp_header,
    ordered_policy,
    static_page_headers,
)
from gongkai.testing import PROJECT_ROOT
from gongkai.testing.personas import column, publish_document
from gongkai.web.tests.test_browser_accessibility import _published_report

pytestmark = pytest.mark.django_db

# Templates that are never served as a page: the sources of PDFs (WeasyPrint reads their <style>).
NOT_SERVED = {"reports/report_print.html", "applications/public/receipt_print.html"}
# What a strict policy refuses: an inline script, an event handler attribute, inline style.
REFUSED = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= handler"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _public_templates() -> list[Path]:
    """The templates of the public site: everything but the admin's, the workbench's and the
    PDF sources."""
    found = []
    for path in sorted((PROJECT_ROOT / "gongkai").glob("*/templates/**/*.html")):
        name = path.as_posix().split("/templates/", 1)[1]
        parts = set(name.split("/"))
        if parts & {"admin", "staff", "wagtailadmin"} or name in NOT_SERVED:
            continue
        found.append(path)
    return found


def test_no_public_template_holds_what_the_public_policy_refuses():
    templates = _public_templates()
    assert any(p.name == "base.html" for p in templates) and len(templates) > 30
    faults = [
        f"{path.relative_to(PROJECT_ROOT)}: {what}"
        for path in templates
        for pattern, what in REFUSED
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert faults == []


def test_every_public_page_type_sends_exactly_the_static_page_headers(client, office, editor):
    document = publish_document(office, title="关于政务公开的通知", slug="csp-doc")
    report = _published_report(office, editor)
    expected = static_page_headers()
    pages = {
        "portal": "/",
        "body home": office.home_page.url,
        "column": column(office, "art20-1").url,
        "document": document.url,
        "document print view": document.url + "print/",
        "library": "/library/",
        "search": "/search/?q=政务公开",
        "application form": f"/apply/{office.code}/",
        "tracking": "/apply/track/",
        "typical cases": "/apply/cases/",
        "annual report": report.url,
        "not found": "/no-such-page/",
    }
    wrong = {}
    for name, path in pages.items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not found" else 200), name
        assert response["Content-Type"].startswith("text/html"), name
        sent = {header: response.get(header) for header in expected}
        if sent != expected:
            wrong[name] = sent
    assert wrong == {}


def test_the_headers_are_what_the_settings_say():
    headers = static_page_headers()
    assert settings.CONTENT_SECURITY_POLICY is security_headers.CONTENT_SECURITY_POLICY
    assert headers["Referrer-Policy"] == settings.SECURE_REFERRER_POLICY
    assert headers["Cross-Origin-Opener-Policy"] == settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    assert headers["X-Frame-Options"] == settings.X_FRAME_OPTIONS
    assert "gongkai.core.security_headers.SecurityHeadersMiddleware" in settings.MIDDLEWARE
    policy = dict(d.split(" ", 1) for d in headers["Content-Security-Policy"].split("; "))
    assert policy == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self'",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    # One order, whatever order django-csp joined the directives in.
    shuffled = "; ".join(reversed(headers["Content-Security-Policy"].split("; ")))
    assert ordered_policy(shuffled) == headers["Content-Security-Policy"]


def test_the_admin_has_its_own_policy_and_every_response_the_permissions_policy(client):
    staff = csp_header(STAFF_DIRECTIVES)
    assert "'unsafe-inline'" in staff and "frame-ancestors 'self'" in staff
    for path in ("/admin/login/", "/django-admin/login/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Security-Policy"] == staff, path
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, path
    # The workbench is ours: no inline script or style, the public policy (after the login).
    response = client.get("/workbench/applications/")
    assert response.status_code == 302
    assert response["Content-Security-Policy"] == static_page_headers()["Content-Security-Policy"]
    for path in ("/healthz", "/static/web/site.css", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Permissions-Policy"] == PERMISSIONS_POLICY, path
