"""Supervision of annual reports: statutory dates (条例 Art. 49), publication state, the checks,
the region overview, and that only the openness office of a subtree sees it."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.bodies.models import BodyLevel, BodyRole
from gongkai.reports.models import ReportCheck
from gongkai.reports.services import annual_report_page_create
from gongkai.reports.supervision import (
    PublicationState,
    publication_state,
    report_check_refresh,
    report_statuses,
    statutory_deadline,
    summary,
)
from gongkai.reports.tests.factories import case, write_narrative
from gongkai.testing import personas
from gongkai.testing.personas import make_body

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = PublicationState


@pytest.fixture
def township(county):
    return make_body("dongguan", "东岗街道办事处", BodyLevel.TOWNSHIP, parent=county, serial=5)


@pytest.fixture
def county_bureau(county):
    return make_body("cg-jyj", "城关区教育局", BodyLevel.DEPARTMENT, parent=county, serial=6)


@pytest.fixture
def supervisor(province):
    return personas.staff("supervisor", province, BodyRole.OFFICE_HEAD)


@pytest.fixture
def city_supervisor(city):
    return personas.staff("city_supervisor", city, BodyRole.OFFICE_HEAD)


def test_statutory_dates_follow_article_49(province, office, city, county, county_bureau, township):
    assert statutory_deadline(province, 2025) == date(2026, 3, 31)
    assert statutory_deadline(city, 2025) == date(2026, 3, 31)
    assert statutory_deadline(county, 2025) == date(2026, 3, 31)
    assert statutory_deadline(office, 2025) == date(2026, 1, 31)  # a department of the province
    assert statutory_deadline(county_bureau, 2025) == date(2026, 1, 31)
    assert statutory_deadline(township, 2025) is None  # the 条例 sets no date for townships


@pytest.mark.parametrize(
    ("deadline", "published_on", "on", "expected"),
    [
        (date(2026, 1, 31), date(2026, 1, 31), date(2026, 2, 1), S.ON_TIME),  # the last day counts
        (date(2026, 1, 31), date(2026, 2, 1), date(2026, 2, 1), S.PUBLISHED_LATE),
        (date(2026, 1, 31), None, date(2026, 1, 31), S.PENDING),
        (date(2026, 1, 31), None, date(2026, 2, 1), S.OVERDUE),
        (date(2026, 3, 31), None, date(2026, 2, 1), S.PENDING),
        (None, None, date(2027, 1, 1), S.PENDING),  # no statutory date: never late
        (None, date(2026, 6, 1), date(2027, 1, 1), S.PUBLISHED),
    ],
)
def test_publication_state(deadline, published_on, on, expected):
    assert publication_state(deadline, published_on, on) == expected


def _publish(page, when: datetime):
    write_narrative(page).get_latest_revision().publish()
    page.refresh_from_db()
    type(page).objects.filter(pk=page.pk).update(first_published_at=when)
    page.refresh_from_db()
    return page


def test_statuses_of_a_subtree(province, office, city, county, operator, time_machine):
    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False)
    page, _ = annual_report_page_create(body=office, year=2025, user=operator)
    # Published at 07:00 on 1 Feb in China (23:00 on 31 Jan UTC): one day late, by China's date.
    _publish(page, datetime(2026, 2, 1, 7, 0, tzinfo=SHANGHAI))
    rows = {r.body.code: r for r in report_statuses(province, 2025, on=date(2026, 2, 10))}

    assert list(rows) == [
        b.code for b in sorted([province, office, city, county], key=lambda b: b.path)
    ]
    assert rows["gs-bgt"].state == S.PUBLISHED_LATE
    assert rows["gs-bgt"].published_on == date(2026, 2, 1)
    assert rows["gansu"].state == S.PENDING  # governments have until 31 March
    assert rows["gansu"].errors is None  # not checked yet
    city_rows = report_statuses(city, 2025, on=date(2026, 4, 1))
    assert {r.body.code: r.state for r in city_rows} == {
        "lanzhou": S.OVERDUE,
        "chengguan": S.OVERDUE,
    }


def test_checks_are_kept_and_failing_reports_counted(province, office, city):
    # The records cannot produce an inconsistent table 三 (it is computed), so a stored check
    # with errors is made by hand below, as a report imported with errors would give.
    case(office, date(2025, 12, 30))  # open at 31 Dec 2025: 结转下年度 1
    check = report_check_refresh(office, 2025)
    assert (check.errors, check.warnings) == (0, 0)
    stored = ReportCheck.objects.get(body=office, year=2025)
    assert stored.checked_at is not None
    rows = report_statuses(province, 2025, on=date(2026, 1, 5))
    by_code = {r.body.code: r for r in rows}
    assert by_code["gs-bgt"].errors == 0
    assert summary(rows)["unchecked"] == len(rows) - 1
    ReportCheck.objects.filter(pk=stored.pk).update(errors=2)
    rows = report_statuses(province, 2025, on=date(2026, 1, 5))
    assert summary(rows)["failing"] == 1
    assert [r.body.code for r in rows if r.failing] == ["gs-bgt"]


@pytest.mark.django_db
def test_the_supervision_page_lists_the_subtree(client, supervisor, office, city, time_machine):
    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False)
    client.force_login(supervisor)
    response = client.get(reverse("report_supervision:list"), {"year": 2025})
    assert response.status_code == 200
    text = response.content.decode()
    assert "甘肃省人民政府办公厅" in text and "兰州市人民政府" in text
    assert "逾期未发布" in text  # the office's report was due on 31 January
    assert "2026年1月31日" in text and "2026年3月31日" in text
    late = client.get(reverse("report_supervision:list"), {"year": 2025, "state": "overdue"})
    assert "甘肃省人民政府办公厅" in late.content.decode()
    assert "兰州市人民政府</th>" not in late.content.decode()


@pytest.mark.django_db
def test_recheck_from_the_page(client, supervisor, office):
    client.force_login(supervisor)
    response = client.post(
        reverse("report_supervision:recheck"), {"body": "gs-bgt", "year": 2025}, follow=True
    )
    assert response.status_code == 200
    assert "已重新校验甘肃省人民政府办公厅2025年度报告" in response.content.decode()
    assert ReportCheck.objects.filter(body=office, year=2025).exists()


@pytest.mark.django_db
def test_bad_year_gets_a_chinese_message(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("report_supervision:list"), {"year": "二〇二五"})
    assert response.status_code == 200
    assert "年度应为四位数字" in response.content.decode()
    response = client.get(reverse("report_supervision:list"), {"year": 1990})
    assert "年度应在2008年至" in response.content.decode()


@pytest.mark.django_db
def test_other_bodies_and_other_roles_get_nothing(
    client, city_supervisor, office, city, editor, clerk
):
    client.force_login(city_supervisor)
    # The city's office supervises the city's subtree, not the province's department.
    assert client.get(reverse("report_supervision:list"), {"body": "gs-bgt"}).status_code == 404
    assert client.get(reverse("report_supervision:region"), {"body": "gansu"}).status_code == 404
    response = client.post(reverse("report_supervision:recheck"), {"body": "gs-bgt", "year": 2025})
    assert response.status_code == 404
    assert not ReportCheck.objects.exists()
    own = client.get(reverse("report_supervision:list"))
    assert own.status_code == 200 and "甘肃省人民政府办公厅" not in own.content.decode()
    for user in (editor, clerk):  # page editors and case clerks supervise nothing
        client.force_login(user)
        assert client.get(reverse("report_supervision:list")).status_code == 404
    client.logout()
    response = client.get(reverse("report_supervision:list"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_region_overview_sums_the_subtree_and_says_what_it_is(
    client, supervisor, office, city, county
):
    for body in (office, city, county):
        case(body, date(2025, 3, 2))
    case(county, date(2025, 4, 2))
    client.force_login(supervisor)
    response = client.get(reverse("report_supervision:region"), {"body": "lanzhou", "year": 2025})
    text = response.content.decode()
    assert response.status_code == 200
    assert "本页为统计汇总，不是法定的政府信息公开工作年度报告" in text
    assert "兰州市人民政府及所属机关2025年度" in text


@pytest.mark.django_db
def test_the_admin_menu_links_supervisors_only(client, supervisor, editor):
    client.force_login(supervisor)
    assert reverse("report_supervision:list") in client.get("/admin/").content.decode()
    client.force_login(editor)
    assert reverse("report_supervision:list") not in client.get("/admin/").content.decode()


# --- 未发布, quality, links, 催办 (issue 12 item 8) ------------------------------------------------


def _row(html: str, name: str) -> str:
    return html.split(f"{name}</th>", 1)[1].split("</tr>", 1)[0]


@pytest.mark.django_db
def test_an_unpublished_or_missing_report_is_never_shown_as_passed(
    client, supervisor, office, city, operator, time_machine
):
    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False)
    report_check_refresh(office, 2025)  # no errors, but no report either
    draft, _ = annual_report_page_create(body=city, year=2025, user=operator)
    client.force_login(supervisor)
    html = client.get(reverse("report_supervision:list"), {"year": 2025}).content.decode()
    office_row = _row(html, "甘肃省人民政府办公厅")
    assert "未发布" in office_row and "尚无报告草稿" in office_row
    assert "通过" not in office_row
    city_row = _row(html, "兰州市人民政府")
    assert "未发布" in city_row and "通过" not in city_row
    # The draft is linked for staff (Wagtail's editor checks their page rights).
    assert reverse("wagtailadmin_pages:edit", args=(draft.pk,)) in city_row


@pytest.mark.django_db
def test_a_published_report_shows_its_quality_and_public_page(
    client, supervisor, office, operator, time_machine
):
    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False)
    page, _ = annual_report_page_create(body=office, year=2025, user=operator)
    _publish(page, datetime(2026, 1, 20, 9, 0, tzinfo=SHANGHAI))
    client.force_login(supervisor)
    html = client.get(reverse("report_supervision:list"), {"year": 2025}).content.decode()
    row = _row(html, "甘肃省人民政府办公厅")
    assert "已按期发布" in row and "通过" in row
    assert "达标" in row  # the 质量考核指标 of what was published
    assert f'href="{page.url}"' in row and "催办" not in row


@pytest.mark.django_db
def test_a_reminder_is_mailed_recorded_audited_and_shown(
    client, supervisor, office, office_head, editor, mailoutbox, time_machine
):
    from wagtail.models import ModelLogEntry

    from gongkai.reports.models import ReportReminder
    from gongkai.reports.supervision import AUDIT_REPORT_REMIND

    time_machine.move_to(datetime(2026, 2, 10, 10, tzinfo=SHANGHAI), tick=False)
    client.force_login(supervisor)
    response = client.post(
        reverse("report_supervision:remind"),
        {"body": "gs-bgt", "year": 2025, "root": "gansu"},
        follow=True,
    )
    html = response.content.decode()
    assert "已向甘肃省人民政府办公厅催办2025年度报告（office_head@example.invalid）" in html
    assert "已催办（2026年2月10日）" in _row(html, "甘肃省人民政府办公厅")
    reminder = ReportReminder.objects.get()
    assert (reminder.body, reminder.year, reminder.sent_by) == (office, 2025, supervisor)
    assert ModelLogEntry.objects.filter(action=AUDIT_REPORT_REMIND, user=supervisor).exists()
    [mail] = mailoutbox
    assert mail.to == ["office_head@example.invalid"]  # the office head; not the editor
    assert "逾期未发布" in mail.body and "2026年1月31日" in mail.body


@pytest.mark.django_db
def test_only_the_supervising_office_may_remind(
    client, city_supervisor, editor, office, mailoutbox
):
    from gongkai.reports.models import ReportReminder

    for user in (city_supervisor, editor):
        client.force_login(user)
        response = client.post(
            reverse("report_supervision:remind"), {"body": "gs-bgt", "year": 2025}
        )
        assert response.status_code == 404
    assert not ReportReminder.objects.exists() and not mailoutbox


@pytest.mark.django_db
def test_staff_get_the_draft_tables_of_their_own_bodies_only(
    client, office, editor, supervisor, other_body_editor, city_supervisor
):
    case(office, date(2025, 3, 2))
    url = reverse("report_supervision:tables_json", args=("gs-bgt", 2025))
    for user in (editor, supervisor):  # the body's own staff, the province's openness office
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        data = response.json()
        assert (
            data["三、收到和处理政府信息公开申请情况"]["一、本年新收政府信息公开申请数量"]["总计"]
            == 1
        )
        assert data["校验"] == []
    for user in (other_body_editor, city_supervisor):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(editor)
    assert (
        client.get(reverse("report_supervision:tables_json", args=("gs-bgt", 2007))).status_code
        == 404
    )
