"""The access matrix (access.py): attachments and images in the admin, Wagtail's reports and
workflows, snippets, settings, users, the admin's own API, and issue 12's screens (机关管理, 栏目完整性,
文件库 and 发布修订版本, 生成年度报告草稿, 填报执法和收费数据), for every persona."""

from __future__ import annotations

import pytest

from gongkai.bodies.models import BodyMembership, BodyRole
from gongkai.web.tests import access
from gongkai.web.tests.access import (
    ANY_STAFF,
    OFFICE_BODY,
    OFFICE_MANAGERS,
    OFFICE_PAGES,
    OPERATOR,
    PAGE_STAFF,
    PERSONAS,
    SITE_ADMINS,
    body_of,
    but,
    family,
    only,
    probe_row,
)

# The world of office and city objects, built once for this module (access.py).
world = access.world
_media_of_the_world = access._media_of_the_world

Q = "?q=matrixdoc"  # the draft's and the public document's titles hold it
FAMILIES = [
    # --- Documents (attachments) and images -----------------------------------------------------
    family(
        "document listing",
        (r"admin/documents/$", r"admin/documents/results/"),
        "/admin/documents/" + Q,
        only(PAGE_STAFF),
        finds_draft=True,
    ),
    family(
        "document upload",
        (r"admin/documents/add/", r"admin/documents/multiple/add/"),
        "/admin/documents/add/",
        only(PAGE_STAFF),
    ),
    family(
        "document edit / delete",
        (r"admin/documents/edit/", r"admin/documents/delete/", r"admin/documents/multiple/"),
        "/admin/documents/edit/{attachment}/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "document usage",
        r"admin/documents/usage/",
        "/admin/documents/usage/{attachment}/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "image listing",
        (r"admin/images/$", r"admin/images/results/"),
        "/admin/images/",
        only(PAGE_STAFF),
    ),
    family(
        "image upload",
        (r"admin/images/add/", r"admin/images/multiple/add/"),
        "/admin/images/add/",
        only(PAGE_STAFF),
    ),
    # Changing an image is the site admins' (bodies.services.COLLECTION_PERMISSIONS).
    family(
        "image edit",
        (r"admin/images/<int:image_id>/", r"admin/images/multiple/"),
        "/admin/images/{image}/",
        only({"province_admin", "operator"}),
    ),
    family(
        "image usage",
        r"admin/images/usage/",
        "/admin/images/usage/{image}/",
        only({"province_admin", "operator"}),
    ),
    family("collections", r"admin/collections/", "/admin/collections/", only(OPERATOR)),
    # --- Reports, workflows ---------------------------------------------------------------------
    family(
        "locked pages report", r"admin/reports/locked/", "/admin/reports/locked/", only(SITE_ADMINS)
    ),
    family(
        "aging pages report",
        r"admin/reports/aging-pages/",
        "/admin/reports/aging-pages/",
        only(PAGE_STAFF),
    ),
    family(
        "workflow report",
        r"admin/reports/workflow/",
        "/admin/reports/workflow/",
        only(PAGE_STAFF),
        finds_draft=True,
    ),
    family(
        "workflow tasks report",
        r"admin/reports/workflow_tasks/",
        "/admin/reports/workflow_tasks/",
        only(PAGE_STAFF),
        finds_draft=True,
    ),
    family(
        "site history (operator only)",
        r"admin/reports/site-history/",
        "/admin/reports/site-history/",
        only(OPERATOR),
    ),
    family(
        "page types usage (operator only)",
        r"admin/reports/page-types-usage/",
        "/admin/reports/page-types-usage/",
        only(OPERATOR),
    ),
    # 生成年度报告草稿: the bodies whose pages the user edits; the office's draft is listed.
    family(
        "annual report draft",
        r"admin/reports/annual/",
        "/admin/reports/annual/",
        only(PAGE_STAFF),
        hides="office",
        finders=OFFICE_PAGES,
    ),
    family(
        "workflows",
        (
            r"admin/workflows/list/",
            r"admin/workflows/add/",
            r"admin/workflows/enable/",
            r"admin/workflows/disable/",
            r"admin/workflows/edit/",
            r"admin/workflows/usage/",
            r"admin/workflows/remove/",
        ),
        "/admin/workflows/list/",
        only(OPERATOR),
    ),
    family(
        "workflow tasks", r"admin/workflows/tasks/", "/admin/workflows/tasks/index/", only(OPERATOR)
    ),
    # --- Snippets, settings, users, sites, redirects, forms -------------------------------------
    family(
        "snippets",
        r"admin/snippets/(?!choose/)",
        "/admin/snippets/columns/catalogueentry/",
        only(OPERATOR),
    ),
    family(
        "settings",
        r"admin/settings/",
        "/admin/settings/sites/sitefootersettings/",
        but(only(set()), operator="away"),  # on to the default site's settings
    ),
    family("users", r"admin/users/", "/admin/users/", only(OPERATOR)),
    family("groups", r"admin/groups/", "/admin/groups/", only(OPERATOR)),
    family("sites", r"admin/sites/", "/admin/sites/", only(OPERATOR)),
    family("redirects", r"admin/redirects/", "/admin/redirects/", only(OPERATOR)),
    family("form submissions", r"admin/forms/", "/admin/forms/", only(PAGE_STAFF)),
    # --- The admin's own API and shell ----------------------------------------------------------
    family(
        "admin API: pages",
        r"admin/api/main/\^pages/",
        "/admin/api/main/pages/?search=matrixdoc",
        ANY_STAFF,
        finds_draft=True,
    ),
    family(
        "admin API: the draft",
        (),
        "/admin/api/main/pages/{draft}/",
        only(OFFICE_PAGES),
        finds_draft=True,
    ),
    family(
        "admin API: documents and images",
        (r"admin/api/main/\^documents/", r"admin/api/main/\^images/"),
        "/admin/api/main/documents/",
        ANY_STAFF,
    ),
    family("dashboard", r"admin/$", "/admin/", ANY_STAFF),
    family("account", (r"admin/account/", r"admin/logout/"), "/admin/account/", ANY_STAFF),
    # 二次验证 (accounts/twofactor.py): every staff member's own; without a device its page is
    # the enrolment, the second step sends back, new backup codes and turning off send to it.
    family("二次验证", r"admin/twofactor/$", "/admin/twofactor/", ANY_STAFF),
    family(
        "二次验证: second step", r"admin/twofactor/verify/", "/admin/twofactor/verify/", only(set())
    ),
    family(
        "二次验证: new backup codes, turning it off",
        (r"admin/twofactor/backup-codes/", r"admin/twofactor/disable/"),
        "/admin/twofactor/backup-codes/",
        only(set(), others="away"),
        post={},
    ),
    # 三员分立 (accounts/roles*.py): the security and the audit administrator's screens, theirs
    # alone — a 403 to every persona here, the operator too (accounts/tests/test_roles_separation.py
    # has the table of the three roles).
    family("安全管理", r"admin/security/", "/admin/security/", only(set())),
    family(
        "安全管理: unlock",
        r"admin/security/unlock/",
        "/admin/security/unlock/",
        only(set()),
        post={"username": "editor"},
    ),
    family("审计日志", (r"admin/audit/$", r"admin/audit/verify/"), "/admin/audit/", only(set())),
    family("审计日志: CSV export", r"admin/audit/export", "/admin/audit/export.csv", only(set())),
    family(
        "sign in, password reset",
        (r"admin/login/", r"admin/password_reset/"),
        "/admin/login/",
        only(set(), anonymous="ok"),  # the signed-in are sent to the dashboard
    ),
    family(
        "admin chrome (icons, translations, dismissibles, editing sessions, block preview)",
        (
            r"admin/sprite/",
            r"admin/jsi18n/",
            r"admin/dismissibles/",
            r"admin/editing-sessions/",
            r"admin/block-preview/",
        ),
        None,
        why="no content of any body",
    ),
    family(
        "test views and the catch-all",
        (r"admin/test404/", r"admin/failwhale/", r"admin/\^\.\*/\$"),
        None,
        why="Wagtail's error pages",
    ),
    # --- Issue 12's admin screens ---------------------------------------------------------------
    # 机关管理: a site admin manages its subtree, the operator every body (sites/admin_views.py).
    family(
        "bodies: list",
        r"admin/bodies/$",
        "/admin/bodies/",
        only(SITE_ADMINS),
        hides="office",
        finders=OFFICE_MANAGERS,
    ),
    family(
        "bodies: add a body under the office",
        r"admin/bodies/<int:parent_pk>/add/",
        "/admin/bodies/{office}/add/",
        only(OFFICE_MANAGERS),
        hides="office",
        finders=OFFICE_MANAGERS,
    ),
    family(
        "bodies: edit the office",
        r"admin/bodies/<int:pk>/edit/",
        "/admin/bodies/{office}/edit/",
        only(OFFICE_MANAGERS),
        hides="office",
        finders=OFFICE_MANAGERS,
    ),
    family(
        "bodies: the office's people",
        r"admin/bodies/<int:pk>/people/$",
        "/admin/bodies/{office}/people/",
        only(OFFICE_MANAGERS),
        hides="office",
        finders=OFFICE_MANAGERS,
    ),
    family(
        "bodies: grant a role in the office (POST)",
        (),
        "/admin/bodies/{office}/people/",
        only(OFFICE_MANAGERS, ok="away"),  # on to the people page, granted
        post={"role": BodyRole.CLERK, "username": "matrix_spare"},
    ),
    family(
        "bodies: revoke a role in the office (POST)",
        r"admin/bodies/<int:pk>/people/<int:membership_pk>/revoke/",
        "/admin/bodies/{office}/people/{spare_membership}/revoke/",
        only(OFFICE_MANAGERS, ok="away"),
        post={},
    ),
    # 栏目完整性 of the bodies the user acts for (a site admin: its subtree); the template applied
    # to every body by the operator alone.
    family(
        "columns: completeness",
        r"admin/columns/completeness/",
        "/admin/columns/completeness/",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_BODY | OFFICE_MANAGERS,
    ),
    family(
        "columns: apply the catalogue to every body",
        r"admin/columns/catalogue/apply/",
        "/admin/columns/catalogue/apply/",
        only(OPERATOR),
    ),
    # 文件库 (Wagtail's page listing: the pages the user may explore) and 发布修订版本 of a live
    # document of the office (those who may edit it and add pages beside it).
    family(
        "policy documents library",
        r"admin/policy_documents/",
        "/admin/policy_documents/" + Q,
        only(PAGE_STAFF),
        finds_draft=True,
    ),
    family(
        "policy document: new version",
        r"admin/documents/<int:page_id>/new-version/",
        "/admin/documents/{office_live}/new-version/",
        only(OFFICE_PAGES),
    ),
    # 填报执法和收费数据: any body the user acts for (bodies_for_user), the office's for its staff.
    family(
        "enforcement figures: choose",
        r"admin/reports/figures/$",
        "/admin/reports/figures/",
        ANY_STAFF,
        hides="office",
        finders=OFFICE_BODY | OFFICE_MANAGERS,
    ),
    family(
        "enforcement figures: the office's",
        r"admin/reports/figures/<str:code>/<int:year>/",
        "/admin/reports/figures/{office_code}/{year}/",
        only(OFFICE_BODY | OFFICE_MANAGERS),
        hides="office",
        finders=OFFICE_BODY | OFFICE_MANAGERS,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_what_each_persona_gets(client, db, world, _media_of_the_world, persona):
    probe_row(client, world, FAMILIES, persona)


def test_the_operator_only_reports_are_not_offered_to_staff(client, db, world, _media_of_the_world):
    client.force_login(world.users["city_admin"])
    dashboard = body_of(client.get("/admin/"))
    assert "/admin/reports/site-history/" not in dashboard
    assert "/admin/reports/page-types-usage/" not in dashboard
    assert "/admin/reports/aging-pages/" in dashboard
    client.force_login(world.users["operator"])
    assert "/admin/reports/site-history/" in body_of(client.get("/admin/"))


def test_the_admin_api_lists_the_documents_of_the_users_collections(
    client, db, world, _media_of_the_world
):
    client.force_login(world.users["other_editor"])
    listed = client.get("/admin/api/main/documents/").json()["items"]
    assert [d["id"] for d in listed] == [world.ids["public_attachment"]]


def test_a_site_admin_grants_and_revokes_only_inside_its_subtree(
    client, db, world, _media_of_the_world
):
    people = "/admin/bodies/{office}/people/".format(**world.ids)
    client.force_login(world.users["city_admin"])
    assert client.post(people, {"role": BodyRole.CLERK, "username": "lz_admin"}).status_code == 404
    assert not BodyMembership.objects.filter(user__username="lz_admin", body_id=world.ids["office"])
    client.force_login(world.users["province_admin"])
    client.post(people, {"role": BodyRole.CLERK, "username": "matrix_spare"})
    granted = BodyMembership.objects.filter(user__username="matrix_spare", role=BodyRole.CLERK)
    assert granted.get().body_id == world.ids["office"]
