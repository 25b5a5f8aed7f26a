"""The narrative drafts start from the platform's facts: documents published, applications, fees."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from gongkai.applications import workflow
from gongkai.applications.models import FeeMethod
from gongkai.applications.tests.factories import register_case
from gongkai.documents.models import DocType
from gongkai.reports.narrative import fees_collected, narrative_draft, published_by_type
from gongkai.reports.tests.factories import policy_document

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2025, 6, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


def test_the_draft_counts_what_the_body_published_in_the_year(office, city):
    policy_document(office, doc_type=DocType.NORMATIVE, written_on=date(2025, 3, 1))
    policy = policy_document(office, doc_type=DocType.NORMATIVE, written_on=date(2025, 4, 1))
    policy_document(
        office, doc_type=DocType.INTERPRETATION, written_on=date(2025, 4, 2), interprets=policy
    )
    policy_document(office, doc_type=DocType.NORMATIVE, written_on=date(2024, 5, 1))  # last year
    policy_document(city, doc_type=DocType.NORMATIVE, written_on=date(2025, 3, 1))  # other body
    counts = published_by_type(office, 2025)
    assert counts == {DocType.NORMATIVE.label: 2, DocType.INTERPRETATION.label: 1}
    draft = narrative_draft(office, 2025)
    assert f"主动公开政府信息3件，其中{DocType.NORMATIVE.label}2件" in draft["一"]
    assert "发布政策解读1件" in draft["一"]


def test_the_draft_reports_applications_and_the_fees_collected(office, clerk):
    app, _ = register_case(clerk, office, received_on=date(2025, 5, 6))
    workflow.application_accept(app, user=clerk)
    fee = workflow.application_issue_fee_notice(
        app, user=clerk, method=FeeMethod.PER_VOLUME, units=50, on=date(2025, 5, 8)
    )
    workflow.application_record_payment(app, user=clerk, on=date(2025, 5, 12))
    register_case(clerk, office, received_on=date(2025, 5, 7))
    assert fee.amount == 200  # pages 31–50 at 10 yuan (国办函〔2020〕109号 Art. 5)
    assert fees_collected(office, 2025) == 200
    assert fees_collected(office, 2024) == 0
    draft = narrative_draft(office, 2025)
    assert "全年新收政府信息公开申请2件" in draft["一"]
    assert "本年度共收取信息处理费200元" in draft["六"]
    assert "未收取信息处理费" in narrative_draft(office, 2024)["六"]


def test_the_exported_report_carries_the_drafts(office, tmp_path):
    from django.core.management import call_command

    policy_document(office, doc_type=DocType.NORMATIVE, written_on=date(2025, 3, 1))
    out = tmp_path / "report.html"
    call_command(
        "annual_report_export", body=office.code, year=2025, output_format="html", output=str(out)
    )
    html = out.read_text(encoding="utf-8")
    assert "主动公开政府信息1件" in html
    assert "本年度未收取信息处理费" in html
