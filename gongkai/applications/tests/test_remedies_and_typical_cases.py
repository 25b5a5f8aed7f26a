"""Reconsideration and litigation records (report table 四); typical cases: test_typical_cases.py."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import LitigationRoute, RemedyKind, RemedyOutcome
from gongkai.applications.services import (
    MSG_REMEDY_CONCLUDED_BEFORE_FILED,
    MSG_REMEDY_CONCLUDED_ON_REQUIRED,
    MSG_REMEDY_ROUTE_FOR_RECONSIDERATION,
    MSG_REMEDY_ROUTE_REQUIRED,
    remedy_case_conclude,
    remedy_case_record,
)
from gongkai.applications.tests.factories import decide_and_approve, register_case
from gongkai.applications.workflow import WorkflowError


@pytest.fixture(autouse=True)
def _day(time_machine):
    time_machine.move_to(datetime(2024, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def decided(office, clerk):
    app, _ = register_case(clerk, office)
    return decide_and_approve(
        app, user=clerk, decision=DecisionCode.WITHHELD_PROCESS_INFORMATION, reasons="过程性信息"
    )


def test_a_lawsuit_records_its_route_and_is_concluded_later(decided, clerk):
    remedy = remedy_case_record(
        user=clerk,
        application=decided,
        kind=RemedyKind.LITIGATION,
        litigation_route=LitigationRoute.DIRECT,
        filed_on=date(2024, 11, 1),
    )
    assert remedy.outcome == RemedyOutcome.PENDING and remedy.concluded_on is None
    with pytest.raises(ValidationError) as no_date:
        remedy_case_conclude(remedy, user=clerk, outcome=RemedyOutcome.UPHELD, concluded_on=None)
    assert no_date.value.message_dict == {"concluded_on": [MSG_REMEDY_CONCLUDED_ON_REQUIRED]}
    remedy_case_conclude(
        remedy, user=clerk, outcome=RemedyOutcome.UPHELD, concluded_on=date(2024, 11, 29)
    )
    remedy.refresh_from_db()
    assert (remedy.outcome, remedy.concluded_on) == (RemedyOutcome.UPHELD, date(2024, 11, 29))


@pytest.mark.parametrize(
    ("kind", "route", "outcome", "concluded_on", "field", "message"),
    [
        (
            RemedyKind.LITIGATION,
            "",
            RemedyOutcome.PENDING,
            None,
            "litigation_route",
            MSG_REMEDY_ROUTE_REQUIRED,
        ),
        (
            RemedyKind.RECONSIDERATION,
            LitigationRoute.DIRECT,
            RemedyOutcome.PENDING,
            None,
            "litigation_route",
            MSG_REMEDY_ROUTE_FOR_RECONSIDERATION,
        ),
        (
            RemedyKind.RECONSIDERATION,
            "",
            RemedyOutcome.CORRECTED,
            date(2024, 10, 1),
            "concluded_on",
            MSG_REMEDY_CONCLUDED_BEFORE_FILED,
        ),
    ],
)
def test_remedy_records_are_checked(
    decided, clerk, kind, route, outcome, concluded_on, field, message
):
    with pytest.raises(ValidationError) as refused:
        remedy_case_record(
            user=clerk,
            application=decided,
            kind=kind,
            litigation_route=route,
            filed_on=date(2024, 11, 1),
            outcome=outcome,
            concluded_on=concluded_on,
        )
    assert refused.value.message_dict == {field: [message]}


def test_another_bodys_staff_cannot_record_a_remedy(decided, other_body_clerk):
    with pytest.raises(WorkflowError):
        remedy_case_record(
            user=other_body_clerk,
            application=decided,
            kind=RemedyKind.RECONSIDERATION,
            filed_on=date(2024, 11, 1),
        )
