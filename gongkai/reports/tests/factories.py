"""Factories for the report tests: cases, remedies, documents and enforcement figures as the
records the report counts. Cases are bare rows (fast, any date); `tests/test_compute_*` also take
cases through the real workflow where the workflow decides what is recorded (transfer, withdrawal).
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from factory.django import DjangoModelFactory

from gongkai.applications.models import (
    ApplicantType,
    Application,
    ApplicationStatus,
    RemedyCase,
    RemedyKind,
    RemedyOutcome,
)
from gongkai.applications.tests.factories import ApplicationFactory
from gongkai.core.dates import local_tz
from gongkai.documents.models import DocType, PolicyDocumentPage
from gongkai.reports.models import EnforcementFigures
from gongkai.testing.personas import publish_document

_serial = itertools.count(1)


def case(
    body,
    received_on: date,
    *,
    applicant_type: str = ApplicantType.NATURAL_PERSON,
    decision: str = "",
    decided_on: date | None = None,
) -> Application:
    """A case of `body` received on `received_on`; decided (with `decision`) on `decided_on`."""
    assert bool(decision) == bool(decided_on), "a decision has a date and a date a decision"
    return ApplicationFactory(
        body=body,
        case_number=f"RPT-{next(_serial):07d}",
        applicant_type=applicant_type,
        received_on=received_on,
        decision=decision,
        decided_on=decided_on,
        status=ApplicationStatus.DECIDED if decision else ApplicationStatus.HANDLING,
    )


class RemedyCaseFactory(DjangoModelFactory):
    class Meta:
        model = RemedyCase

    kind = RemedyKind.RECONSIDERATION
    litigation_route = ""
    filed_on = date(2025, 3, 1)
    outcome = RemedyOutcome.PENDING
    concluded_on = None


def remedy(
    application: Application,
    filed_on: date,
    *,
    route: str = "",
    outcome: str = RemedyOutcome.PENDING,
    concluded_on: date | None = None,
) -> RemedyCase:
    """A reconsideration (no `route`) or a lawsuit (`route` = direct / after_reconsideration)."""
    return RemedyCaseFactory(
        application=application,
        kind=RemedyKind.LITIGATION if route else RemedyKind.RECONSIDERATION,
        litigation_route=route,
        filed_on=filed_on,
        outcome=outcome,
        concluded_on=concluded_on,
    )


def policy_document(
    body,
    *,
    doc_type: str = DocType.NORMATIVE,
    written_on: date | None,
    published_on: date | None = None,
    effective_on: date | None = None,
    **fields,
) -> PolicyDocumentPage:
    """A published document in the body's section, as if published on `published_on` (default:
    three days after it was written)."""
    n = next(_serial)
    published_on = published_on or (written_on + timedelta(days=3) if written_on else None)
    doc = publish_document(
        body,
        title=fields.pop("title", f"测试文件{n}"),
        slug=f"doc-{n}",
        doc_type=doc_type,
        written_on=written_on,
        effective_on=effective_on,
        **fields,
    )
    if published_on is not None:
        moment = datetime.combine(published_on, time(10), tzinfo=local_tz())
        PolicyDocumentPage.objects.filter(pk=doc.pk).update(
            first_published_at=moment, last_published_at=moment
        )
        doc.refresh_from_db()
    return doc


class EnforcementFiguresFactory(DjangoModelFactory):
    class Meta:
        model = EnforcementFigures

    year = 2025
    licensing = 120
    penalties = 35
    coercion = 4
    fees_wan_yuan = Decimal("12.5")


def write_narrative(page, user=None):
    """Replace the drafted placeholders (【请填写…】) of 一、五、六 with text, as staff would, and
    save a revision: a report with a placeholder left is not published (quality.narrative_gaps)."""
    import re

    for name in ("general", "problems", "other_matters"):
        text = re.sub(r"【[^】]*】", "已按要求填写。", getattr(page, name))
        setattr(page, name, text or "已按要求填写。")
    page.save_revision(user=user)
    return page
