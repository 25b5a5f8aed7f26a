"""A reply deadline that runs into a year whose holiday schedule is not published yet, as the
applicant and the case handler see it (docs/workdays.md, "A year without data")."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications.models import Application, Delivery, ProvisionForm
from gongkai.applications.selectors import application_deadline
from gongkai.applications.tests.factories import applicant_data
from gongkai.workdays.models import CalendarYear, WorkdayOverride
from gongkai.workdays.selectors import calendar_current

FORM = "/apply/gs-bgt/"
RECEIPT = "/apply/receipt/"
NOTE = "国务院尚未公布2027年节假日安排（或本平台尚未载入），期限按法定节假日推算，公布后可能调整。"


@pytest.fixture
def late_december(time_machine):
    time_machine.move_to(datetime(2026, 12, 28, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def apply_online(citizen):
    response = citizen.client.post(
        FORM,
        {
            **applicant_data(),
            "provision_form": ProvisionForm.ELECTRONIC,
            "delivery": Delivery.EMAIL,
            "consent": "on",
        },
    )
    assert response.status_code == 302 and response["Location"] == RECEIPT
    return citizen.client.get(RECEIPT).content.decode()


def test_a_receipt_of_2026_12_28_skips_yuandan_and_says_the_date_may_move(
    citizen, office, late_december
):
    # 20 working days from Monday 2026-12-28: 12-29…12-31, then 2027 by the law's holidays, so
    # 2027-01-01 (元旦) is skipped; Monday to Friday alone would give 2027-01-25.
    page = apply_online(citizen)

    assert re.search(
        r'<th scope="row">答复期限</th><td>\s*<p class="due"><strong>2027年1月26日</strong>'
        r'<span class="provisional">（暂定）</span></p>',
        page,
    )
    assert "答复期限：" not in page  # the row's header is the label, said once
    assert NOTE in page
    assert "跳过1个非工作日（（暂定）法定节假日（元旦））：2027年1月1日" in page


def test_the_date_becomes_exact_when_the_schedule_is_loaded(citizen, office, late_december):
    # Nothing stores a due date: every page recomputes it with the calendar of the moment, so an
    # open case follows the schedule as soon as the operator (or a new package) loads it.
    apply_online(citizen)
    app = Application.objects.get()
    before = application_deadline(app, calendar_current(provisional=True))
    assert (before.due, before.provisional) == (date(2027, 1, 26), True)

    # A schedule that differs from the guess: a 调休 Saturday 2027-01-09 is a working day.
    WorkdayOverride.objects.create(day=date(2027, 1, 1), is_workday=False, reason="元旦")
    WorkdayOverride.objects.create(day=date(2027, 1, 9), is_workday=True, reason="调休上班")
    CalendarYear.objects.create(year=2027, note="国务院办公厅关于2027年部分节假日安排的通知")

    after = application_deadline(app, calendar_current(provisional=True))
    assert (after.due, after.provisional) == (date(2027, 1, 25), False)
    assert after.provisional_note == ""
