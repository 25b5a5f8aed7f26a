"""The access matrix's shared parts: the personas, the cells of a row, a URL family, the world of
office and city objects it probes (built once per test module: the office's draft in review with
its attachment, a live office document, the office's report draft and case in 审核, the city's
published document, attachment and report), and the probe of one persona's row. The tables
themselves are in `test_access_pages.py` (pages, choosers), `test_access_admin.py` (attachments,
images, reports, snippets, settings, the admin's API, issue 12's admin screens) and
`test_access_workbench_api.py` (the public API, attachment downloads, the workbench);
`test_access_routes.py` checks that every URL is classified by one of them (docs/testing.md).

Each family is probed over HTTP with the Django test client, through Wagtail's own permission checks
and ours (bodies/admin_scoping.py, documents/serving.py). A cell reads `ok` (200), `login` (sent
to log in), `away` (sent on to another address) or `no` (403, 404, 405, or sent back to the
dashboard); a cell holding `LEAK` showed the office draft's title, URL, edit link or attachment to
someone who may not see it, whatever the status — or, for a family that `hides` another of the
world's secrets (the office itself, its case), that secret — and "(… is missing)" says that a
listing meant to show it to those entitled did not (so the leak check looks at a real listing).
On a failure the persona's whole row is printed beside what was expected.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import TaskState, WorkflowState

from gongkai.applications.models import ApplicationStatus
from gongkai.applications.tests.factories import ApplicationFactory
from gongkai.bodies.models import Body, BodyMembership, BodyRole
from gongkai.documents.models import Attachment, DocumentAttachment, PolicyDocumentPage
from gongkai.documents.services import document_create
from gongkai.reports.services import annual_report_page_create
from gongkai.testing import personas

# "matrixdoc" is one word to every search backend (a Chinese run is not, on SQLite's FTS).
DRAFT_TITLE = "办公厅草稿文件 matrixdoc"
DRAFT_ATTACHMENT_TITLE = "办公厅草稿附件 matrixdoc"
PUBLIC_TITLE = "兰州市公开文件 matrixdoc"
OFFICE_NAME = "甘肃省人民政府办公厅"
CASE_NUMBER = "MATRIX-2025-00001"
REPORT_YEAR = 2025
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PERSONAS = (
    "anonymous",
    "editor",
    "reviewer",
    "clerk",
    "office_head",
    "other_editor",
    "other_reviewer",
    "other_clerk",
    "city_admin",
    "province_admin",
    "operator",
)
STAFF = set(PERSONAS) - {"anonymous"}
# Page and collection rights on the office's section. The province's site admin acts on the pages
# of the bodies below it (issue 12 item 1, subtree rights).
OFFICE_PAGES = {"editor", "reviewer", "province_admin", "operator"}
OFFICE_PUBLISH = {"reviewer", "province_admin", "operator"}
# Tasks of the 本机关审核 workflow go to the body's reviewers (BodyReviewTask).
OFFICE_REVIEW = {"reviewer", "operator"}
# Staff with page rights somewhere (their own section).
PAGE_STAFF = OFFICE_PAGES | {"other_editor", "other_reviewer", "city_admin"}
SITE_ADMINS = {"city_admin", "province_admin", "operator"}
# Staff of the office's body (bodies_for_user): its draft's attachment downloads for them.
OFFICE_BODY = OFFICE_PAGES | {"clerk", "office_head"}
OPERATOR = {"operator"}
# Who opens the annual reports' supervision (the openness office heads, site admins).
SUPERVISORS = {"office_head", "city_admin", "province_admin", "operator"}
# ... and of the office's report in particular (the province's subtree holds it, not the city's).
OFFICE_SUPERVISORS = {"office_head", "province_admin", "operator"}
# Who manages the office (机关管理): the province's site admin (its subtree) and the operator.
OFFICE_MANAGERS = {"province_admin", "operator"}
# Who handles the office's cases (applications.selectors.HANDLER_ROLES; editors do not).
CASE_HANDLERS = {"reviewer", "clerk", "office_head", "province_admin", "operator"}

# The world's guarded things: who may see each. The draft's secrets are looked for in every
# response; the others where a family `hides` them.
SEEN_BY = {"draft": OFFICE_PAGES, "office": OFFICE_BODY | OFFICE_MANAGERS, "case": CASE_HANDLERS}


def only(
    allowed: set[str], anonymous: str = "login", others: str = "no", ok: str = "ok"
) -> dict[str, str]:
    return {p: ok if p in allowed else anonymous if p == "anonymous" else others for p in PERSONAS}


def but(base: dict[str, str], **cells: str) -> dict[str, str]:
    return {**base, **cells}


PUBLIC = dict.fromkeys(PERSONAS, "ok")
NOBODY = only(set())
ANY_STAFF = only(STAFF)


@dataclass(frozen=True)
class Family:
    name: str
    routes: tuple[str, ...]  # regular expressions over the resolver's route strings
    probe: str | None  # a URL template (str.format over the world's ids); None: not probed
    expect: dict[str, str] | None = None
    why: str = ""  # for a family not probed: why
    # Those who may see the draft find it here (so that the leak check looks at a real listing).
    finds_draft: bool = False
    hides: str = ""  # another secret of SEEN_BY this family must not show to anyone else
    finders: frozenset[str] | None = None  # those who find `hides` here (those who get ok)
    post: dict | None = None  # probed with a POST of this data (formatted like the URL)


def family(
    name,
    routes,
    probe=None,
    expect=None,
    why="",
    finds_draft=False,
    hides="",
    finders=None,
    post=None,
):
    if isinstance(routes, str):
        routes = (routes,)
    finders = frozenset(finders) if finders is not None else None
    return Family(name, tuple(routes), probe, expect, why, finds_draft, hides, finders, post)


# --- The world of the matrix, built once per test module ----------------------------------------


@dataclass
class World:
    ids: dict
    users: dict
    media: object


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            # As every test has them (gongkai/conftest.py): the tasks (search index, reference
            # index) run at once.
            with override_settings(MEDIA_ROOT=media, TASKS=IMMEDIATE_TASKS):
                built = _build(media)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def _media_of_the_world(settings, world):
    settings.MEDIA_ROOT = world.media


def _pdf(title: str, name: str, collection) -> Attachment:
    att = Attachment(title=title, collection=collection)
    att.file.save(name, ContentFile(PDF), save=False)
    att.save()
    return att


def _published_report(body: Body, user):
    """The body's report for REPORT_YEAR, its placeholders filled in, published (figures frozen)."""
    report, _ = annual_report_page_create(body=body, year=REPORT_YEAR, user=user)
    for field in ("general", "problems", "other_matters"):
        setattr(report, field, re.sub(r"【[^】]*】", "已按要求填写。", getattr(report, field)))
    report.save_revision(user=user).publish(user=user)
    report.refresh_from_db()
    assert report.live and report.frozen_tables is not None
    return report


def _build(media) -> World:
    office = Body.objects.get(code="gs-bgt")
    city = Body.objects.get(code="lanzhou")
    province = Body.objects.get(code="gansu")
    users = {"anonymous": None, "operator": personas.operator()}
    for fixture, (username, body_name, role) in personas.STAFF.items():
        name = fixture.replace("other_body_", "other_")
        body = {"office": office, "city": city}[body_name]
        users[name] = personas.staff(username, body, role)
    users["city_admin"] = personas.staff("lz_admin", city, BodyRole.SITE_ADMIN)
    users["province_admin"] = personas.staff("gansu_admin", province, BodyRole.SITE_ADMIN)
    # One whose role 机关管理 grants and revokes (not a persona: its rights change in a row).
    spare = personas.staff("matrix_spare", office, BodyRole.EDITOR)

    col = personas.column(office, "art20-1")
    # Ready for review (BodyReviewTask offers 审核通过 only then): 发文字号, 成文日期, attachment.
    draft = document_create(
        col,
        user=users["editor"],
        title=DRAFT_TITLE,
        slug="matrix-draft-page",
        doc_type="normative",
        issuer_names=office.name,
        doc_number="甘政办发〔2025〕1号",
        written_on=date(2025, 1, 2),
    )
    att = _pdf(DRAFT_ATTACHMENT_TITLE, "matrix-att.pdf", office.collection)
    DocumentAttachment.objects.create(page=draft, attachment=att)
    draft = PolicyDocumentPage.objects.get(pk=draft.pk)
    revision = draft.save_revision(user=users["editor"])
    workflow_state = draft.get_workflow().start(draft, users["editor"])
    task_state = TaskState.objects.get(workflow_state=workflow_state)

    public = personas.publish_document(city, title=PUBLIC_TITLE, slug="matrix-public")
    public_att = _pdf("兰州市矩阵公开附件", "matrix-public.pdf", city.collection)
    DocumentAttachment.objects.create(page=public, attachment=public_att)
    PolicyDocumentPage.objects.get(pk=public.pk).save_revision().publish()
    office_live = personas.publish_document(office, title="办公厅已发布文件", slug="matrix-live")
    report, _ = annual_report_page_create(body=office, year=REPORT_YEAR, user=users["editor"])
    city_report = _published_report(city, users["operator"])
    case = ApplicationFactory(
        body=office, case_number=CASE_NUMBER, status=ApplicationStatus.REVIEWING
    )

    image = get_image_model()(title="办公厅图片", collection=office.collection)
    png = io.BytesIO()
    PILImage.new("RGB", (1, 1)).save(png, "PNG")
    image.file.save("matrix.png", ContentFile(png.getvalue()), save=False)
    image.width = image.height = 1  # the file field leaves them empty until it is read
    image.save()
    assert WorkflowState.objects.filter(pk=workflow_state.pk).exists()
    ids = dict(
        draft=draft.pk,
        column=col.pk,
        revision=revision.pk,
        workflow_state=workflow_state.pk,
        task_state=task_state.pk,
        task=task_state.task_id,
        attachment=att.pk,
        attachment_name=quote(att.filename),
        public=public.pk,
        public_attachment=public_att.pk,
        public_attachment_name=quote(public_att.filename),
        image=image.pk,
        office=office.pk,
        office_code=office.code,
        office_home=office.home_page_id,
        office_live=office_live.pk,
        report=report.pk,
        city_code=city.code,
        city_report=city_report.pk,
        year=REPORT_YEAR,
        case=case.pk,
        spare_membership=BodyMembership.objects.get(user=spare, body=office).pk,
    )
    return World(ids=ids, users=users, media=media)


# --- Probing ------------------------------------------------------------------------------------


def _escaped(plain: list[str]) -> list[str]:
    # JSON (the admin's API, Wagtail's modals) escapes Chinese.
    return plain + [json.dumps(s)[1:-1] for s in plain if not s.isascii()]


def secrets(world: World, name: str = "draft") -> list[str]:
    """What of a guarded thing must not show, as HTML or as JSON holds it."""
    if name == "draft":
        return _escaped(
            [
                DRAFT_TITLE,
                DRAFT_ATTACHMENT_TITLE,
                f"/admin/pages/{world.ids['draft']}/edit/",
                "matrix-draft-page",
            ]
        )
    return _escaped({"office": [OFFICE_NAME], "case": [CASE_NUMBER]}[name])


def outcome(response) -> str:
    """ok: 200; login: sent to log in; away: sent on to another address (the explorer's root to
    the user's own section, the sign-in page to the dashboard, a form to its result); no: refused,
    not found, or sent back to the dashboard (Wagtail's "no permission")."""
    if response.status_code == 200:
        return "ok"
    location = response.get("Location", "")
    if response.status_code == 302 and "login" in location:
        return "login"
    if response.status_code == 302 and location not in ("/admin/", "/"):
        return "away"
    return "no"


def body_of(response) -> str:
    if getattr(response, "streaming", False):
        return ""
    return response.content.decode("utf-8", "replace")


def _cell(fam: Family, persona: str, got: str, text: str, world: World) -> str:
    cell = got
    for name, finds in (("draft", fam.finds_draft), (fam.hides, fam.finders is not None)):
        if not name:
            continue
        shown = [s for s in secrets(world, name) if s in text]
        may_see = persona in SEEN_BY[name]
        must_find = persona in (SEEN_BY[name] if name == "draft" else fam.finders or ())
        if shown and not may_see:
            cell += " LEAK " + ",".join(shown)
        elif finds and must_find and got == "ok" and not shown:
            cell += f" (the {name} is missing)"
    return cell


def probe_row(client, world: World, families: list[Family], persona: str) -> None:
    """Probe every family as the persona; fail with the whole row beside what was expected."""
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    rows, wrong = [], []
    for fam in families:
        if not fam.probe:
            continue
        url = fam.probe.format(**world.ids)
        if fam.post is not None:
            data = {k: str(v).format(**world.ids) for k, v in fam.post.items()}
            response = client.post(url, data)
        else:
            response = client.get(url)
        cell = _cell(fam, persona, outcome(response), body_of(response), world)
        expected = fam.expect[persona]
        rows.append(f"{fam.name:<55} {url:<62} expected {expected:<5} got {cell}")
        if cell != expected:
            wrong.append(rows[-1])
    assert not wrong, f"{persona}:\n" + "\n".join(wrong) + "\n\nthe whole row:\n" + "\n".join(rows)


# --- Every URL is classified ----------------------------------------------------------------------

SCOPE = re.compile(r"^(admin/|api/v1/|documents/|workbench/)")


def routes(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)
