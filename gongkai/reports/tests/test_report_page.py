"""The annual report as a page: drafted by staff, reviewed like documents, published with its
tables frozen, downloadable, listed in the body's 年报 column (docs/annual_report.md, "年度报告页面")."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import TaskState
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from gongkai.applications.models import ApplicantType
from gongkai.reports.compute import compute_report
from gongkai.reports.narrative import narrative_draft
from gongkai.reports.pages import AnnualReportPage, ReportNotPublishable
from gongkai.reports.services import annual_report_page_create
from gongkai.reports.tests.factories import case, write_narrative
from gongkai.testing import personas
from gongkai.testing.personas import column

pytestmark = pytest.mark.django_db

YEAR = 2025
NEW = ("三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量", "总计")


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def cjk_fonts_installed() -> bool:
    """The PDF's text is only readable back when a Chinese font is installed (fonts-noto-cjk)."""
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=10
        ).stdout
    except OSError:
        return False
    return bool(found.strip())


def received_total(tables_json) -> int:
    section, row, col = NEW
    return tables_json[section][row][col]


def draft(office, editor) -> AnnualReportPage:
    """The office's draft with its placeholders written (ready to publish)."""
    page, _ = annual_report_page_create(body=office, year=YEAR, user=editor)
    return write_narrative(page, editor)


def submit(page, user):
    return page.get_workflow().start(page, user)


def approve_url(page, state):
    return reverse(
        "wagtailadmin_pages:workflow_action",
        args=(page.pk, "approve", state.current_task_state.pk),
    )


def publish_through_review(client, page, editor, reviewer):
    state = submit(page, editor)
    client.force_login(reviewer)
    client.post(approve_url(page, state), {"comment": ""})
    page.refresh_from_db()
    return page


def edit_form(**overrides):
    data = {
        "slug": str(YEAR),
        "general": "一段总体情况。",
        "problems": "存在的问题。",
        "other_matters": "其他事项。",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def decided_before_received(body):
    """A case that breaks R1 in YEAR: received in YEAR but decided in the year before."""
    return case(body, date(YEAR, 3, 1), decision="disclose", decided_on=date(YEAR - 1, 12, 1))


# --- Creating -------------------------------------------------------------------------------------


def test_a_draft_is_made_under_the_annual_reports_column_with_the_narrative_drafted(office, editor):
    case(office, date(YEAR, 2, 1))
    page, created = annual_report_page_create(body=office, year=YEAR, user=editor)
    assert created
    assert page.get_parent().pk == column(office, "annual-reports").pk
    assert page.title == "甘肃省人民政府办公厅2025年政府信息公开工作年度报告"
    assert not page.live
    drafted = narrative_draft(office, YEAR)
    assert page.general == drafted["一"]
    assert "全年新收政府信息公开申请1件" in page.general
    assert page.problems == drafted["五"]
    assert page.other_matters == drafted["六"]
    assert page.get_latest_revision() is not None


def test_the_staff_action_opens_the_existing_report_instead_of_a_second(client, office, editor):
    client.force_login(editor)
    url = reverse("reports_annual_draft")
    assert client.get(url).status_code == 200
    first = client.post(url, {"body": office.pk, "year": YEAR})
    second = client.post(url, {"body": office.pk, "year": YEAR})
    page = AnnualReportPage.objects.get(body=office, year=YEAR)
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert first.url == second.url == edit
    assert AnnualReportPage.objects.count() == 1
    assert annual_report_page_create(body=office, year=YEAR, user=editor) == (page, False)


def test_the_editor_shows_the_computed_tables_and_the_checks(client, office, editor):
    page = draft(office, editor)
    decided_before_received(office)
    client.force_login(editor)
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content.decode()
    assert "report-applications" in html  # table 三 in the official layout
    assert "[R1 错误]" in html
    assert "不能发布" in html


# --- Scoping --------------------------------------------------------------------------------------


def test_staff_of_another_body_cannot_create_see_edit_or_approve_the_report(
    client, office, city, editor, other_body_editor, other_body_reviewer
):
    with pytest.raises(PermissionDenied):
        annual_report_page_create(body=office, year=YEAR, user=other_body_editor)

    client.force_login(other_body_editor)
    response = client.post(reverse("reports_annual_draft"), {"body": office.pk, "year": YEAR})
    assert response.status_code == 200  # the form refuses a body outside the choices
    assert not AnnualReportPage.objects.filter(body=office).exists()

    page = draft(office, editor)
    listing = client.get(reverse("reports_annual_draft")).content.decode()
    assert page.title not in listing
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    assert client.get(edit).status_code in (302, 403)
    client.post(edit, edit_form(general="改写"))
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().general != "改写"

    state = submit(page, editor)
    task_state = state.current_task_state
    assert task_state.task.specific.get_actions(page, other_body_reviewer) == []
    client.force_login(other_body_reviewer)
    client.post(approve_url(page, state), {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS


def test_a_clerk_who_edits_no_pages_gets_no_report_action(client, office):
    clerk = personas.staff("report_clerk", office, "clerk")
    with pytest.raises(PermissionDenied):
        annual_report_page_create(body=office, year=YEAR, user=clerk)
    client.force_login(clerk)
    assert client.get(reverse("reports_annual_draft")).status_code in (302, 403)


# --- Review and publication -----------------------------------------------------------------------


def test_the_editor_cannot_publish_and_the_reviewer_approves(client, office, editor, reviewer):
    page = draft(office, editor)
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        edit_form(general="修改后的总体情况。", **{"action-publish": "1"}),
    )
    page.refresh_from_db()
    assert not page.live
    page = publish_through_review(client, page, editor, reviewer)
    assert page.live
    assert page.general == "修改后的总体情况。"
    assert page.frozen_at is not None


def test_publication_is_blocked_while_the_tables_have_errors(client, office, editor, reviewer):
    decided_before_received(office)
    page = draft(office, editor)
    client.force_login(editor)
    client.post(
        reverse("wagtailadmin_pages:edit", args=(page.pk,)),
        edit_form(general="已改好的文字。", **{"action-submit": "1"}),
    )
    page.refresh_from_db()
    assert page.workflow_in_progress
    task_state = page.current_workflow_task_state

    # Approval from the dashboard / workflow modal: refused, the approval rolled back.
    client.force_login(reviewer)
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    client.post(url, {"comment": ""})
    page.refresh_from_db()
    assert not page.live
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS

    # Approval or publication from the editor: refused with the rules named, nothing lost.
    edit = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    html = client.get(edit).content.decode()
    assert 'name="action-publish"' not in html  # the buttons are not offered
    for action in (
        {"action-workflow-action": "1", "workflow-action-name": "approve"},
        {"action-publish": "1"},
    ):
        response = client.post(edit, edit_form(general="已改好的文字。", **action), follow=True)
        page.refresh_from_db()
        assert not page.live
        assert "不能发布" in response.content.decode()
        assert "R1 错误" in response.content.decode()
    assert page.get_latest_revision_as_object().general == "已改好的文字。"

    # Any other path (scheduled, bulk) goes through the model and is refused too.
    with pytest.raises(ReportNotPublishable):
        page.get_latest_revision().publish(user=reviewer)
    page.refresh_from_db()
    assert not page.live


# --- Freezing ----------------------------------------------------------------------------------


def test_a_published_report_keeps_its_figures_when_records_change(client, office, editor, reviewer):
    case(office, date(YEAR, 2, 1))
    page = publish_through_review(client, draft(office, editor), editor, reviewer)
    assert received_total(page.frozen_tables) == 1

    case(office, date(YEAR, 5, 1), applicant_type=ApplicantType.COMMERCIAL)  # recorded late
    assert received_total(compute_report(office, YEAR).as_json()) == 2
    client.logout()
    html = client.get(page.url).content.decode()
    page.refresh_from_db()
    assert received_total(page.frozen_tables) == 1
    row = html.split("一、本年新收政府信息公开申请数量", 1)[1].split("</tr>", 1)[0]
    assert row.rstrip().endswith('<td class="num">1</td>')

    # Republishing a new revision refreezes with the records as they now stand.
    page.save_revision(user=editor)
    page = publish_through_review(client, page, editor, reviewer)
    assert received_total(page.frozen_tables) == 2


def test_the_public_page_shows_the_six_sections_in_order_and_escapes_the_text(
    client, office, editor, reviewer
):
    page = draft(office, editor)
    page.general = "第一段<script>alert(1)</script>\n第二段"
    page.save_revision(user=editor)
    page = publish_through_review(client, page, editor, reviewer)
    client.logout()
    html = client.get(page.url).content.decode()
    positions = [html.index(f'id="report-section-{i}"') for i in range(1, 7)]
    assert positions == sorted(positions)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html
    assert "<p>第二段</p>" in html
    for kind in ("docx", "pdf", "xlsx"):
        assert f'href="{page.url}{kind}/"' in html


def test_a_draft_is_not_public(client, office, editor):
    page = draft(office, editor)
    assert client.get(page.url or f"/{office.code}/nb/{YEAR}/").status_code == 404
    assert client.get(f"/{office.code}/nb/{YEAR}/docx/").status_code == 404


# --- Downloads ------------------------------------------------------------------------------------


def test_the_downloads_hold_the_frozen_figures_and_the_text(client, office, editor, reviewer):
    for day in (1, 2, 3):
        case(office, date(YEAR, 2, day))
    page = draft(office, editor)
    page.problems = "问题一：网站栏目更新不及时。"
    page.save_revision(user=editor)
    page = publish_through_review(client, page, editor, reviewer)
    for day in (4, 5):
        case(office, date(YEAR, 2, day))  # after publication: not in the downloads
    client.logout()

    response = client.get(f"{page.url}docx/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    document = docx.Document(BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert "问题一：网站栏目更新不及时。" in texts
    table_three = document.tables[1]
    row = next(r for r in table_three.rows if "一、本年新收政府信息公开申请数量" in r.cells[0].text)
    assert row.cells[-1].text == "3"

    response = client.get(f"{page.url}xlsx/")
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[0] == "报告正文"
    text = [c.value for c in book["报告正文"]["A"] if c.value]
    assert "问题一：网站栏目更新不及时。" in text
    sheet = book["三、收到和处理政府信息公开申请情况"]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    new_row = next(r for r in values if "一、本年新收政府信息公开申请数量" in r)
    assert new_row[-1] == 3

    response = client.get(f"{page.url}pdf/")
    if response.status_code == 503:
        pytest.skip("WeasyPrint cannot render here (Pango or the CJK fonts missing)")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    if cjk_fonts_installed():
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
        assert "网站栏目更新不及时" in text

    assert client.get(f"{page.url}doc/").status_code == 404


# --- The column -----------------------------------------------------------------------------------


def test_the_annual_reports_column_lists_published_reports_only(
    client, office, city, editor, reviewer, other_body_editor
):
    published = publish_through_review(client, draft(office, editor), editor, reviewer)
    annual_report_page_create(body=office, year=YEAR - 1, user=editor)  # a draft
    annual_report_page_create(body=city, year=YEAR, user=other_body_editor)
    client.logout()
    html = client.get(column(office, "annual-reports").url).content.decode()
    assert f'href="{published.url}"' in html
    assert published.title in html
    assert "2024年政府信息公开工作年度报告" not in html
    assert "兰州市" not in html.split("<main", 1)[1]


def test_a_report_can_be_neither_copied_nor_moved(client, office, editor, reviewer):
    page = draft(office, editor)
    assert not page.can_move_to(column(office, "art20-1"))
    client.force_login(reviewer)
    response = client.post(
        reverse("wagtailadmin_pages:copy", args=(page.pk,)),
        {"new_title": "副本", "new_slug": "copy", "new_parent_page": page.get_parent().pk},
        follow=True,
    )
    assert "年度报告不能复制" in response.content.decode()
    assert AnnualReportPage.objects.count() == 1
