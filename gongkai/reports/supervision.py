"""Supervision of annual reports by an openness office (政务公开办): who has published, who is late,
whose report fails the checks, and the region overview of a subtree.

Statutory dates (条例 Art. 49; ../shared/docs/regulations.md §1.6):
- a department of a government at county level or above publishes the previous year's report
  by **31 January**;
- a government at county level or above (through its openness office) by **31 March**;
- townships, sub-districts and public enterprises and institutions: no date in the 条例 (local
  rules vary; regulations.md marks this UNCONFIRMED) — shown as 无法定期限, never as late.

A report counts as published on the day its page was first published (`first_published_at`, in
the platform's time zone). The checks of unpublished reports come from `ReportCheck` rows,
refreshed daily by `check_annual_reports` (computing 2,000 reports takes minutes, too long for a
page) and on demand for one body from the supervision page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.bodies.models import Body, BodyLevel, BodyMembership, BodyRole
from gongkai.core.dates import today
from gongkai.reports.models import ReportCheck
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.selectors import annual_report

# Roles that supervise the bodies below their own: the head of the openness office, and the site
# administrator (who already acts for the subtree).
SUPERVISOR_ROLES = (BodyRole.OFFICE_HEAD, BodyRole.SITE_ADMIN)
COUNTY_AND_ABOVE = (BodyLevel.PROVINCE, BodyLevel.PREFECTURE, BodyLevel.COUNTY)


class PublicationState(models.TextChoices):
    ON_TIME = "on_time", "已按期发布"
    PUBLISHED_LATE = "published_late", "逾期发布"
    PUBLISHED = "published", "已发布"  # no statutory date to compare with
    PENDING = "pending", "未发布"  # not yet, and not yet due
    OVERDUE = "overdue", "逾期未发布"


LATE_STATES = (PublicationState.PUBLISHED_LATE, PublicationState.OVERDUE)


def statutory_deadline(body: Body, year: int) -> date | None:
    """The last day to publish `body`'s report for `year` (条例 Art. 49), None when the 条例 sets
    none for this kind of body."""
    if body.level in COUNTY_AND_ABOVE:
        return date(year + 1, 3, 31)
    if body.level == BodyLevel.DEPARTMENT and body.government_level in COUNTY_AND_ABOVE:
        return date(year + 1, 1, 31)
    return None


def publication_state(deadline: date | None, published_on: date | None, on: date) -> str:
    if published_on is not None:
        if deadline is None:
            return PublicationState.PUBLISHED
        return (
            PublicationState.ON_TIME
            if published_on <= deadline
            else PublicationState.PUBLISHED_LATE
        )
    if deadline is not None and on > deadline:
        return PublicationState.OVERDUE
    return PublicationState.PENDING


def supervised_roots(user) -> QuerySet[Body]:
    """The bodies whose whole subtree the user supervises (superusers: the roots of the tree)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Body.objects.none()
    if user.is_superuser:
        return Body.get_root_nodes()
    ids = BodyMembership.objects.filter(user=user, role__in=SUPERVISOR_ROLES).values("body_id")
    return Body.objects.filter(pk__in=ids).order_by("path")


def supervised_body(user, code: str) -> Body | None:
    """The body `code` if the user supervises it (it lies in one of their subtrees), else None."""
    body = Body.objects.filter(code=code).first()
    if body is None:
        return None
    for root in supervised_roots(user):
        if body.path.startswith(root.path):
            return body
    return None


@dataclass
class ReportStatus:
    body: Body
    deadline: date | None
    published_on: date | None
    state: str
    report_page: object | None  # the AnnualReportPage, live or draft
    errors: int | None  # None: not checked yet
    warnings: int | None
    checked_at: object | None

    @property
    def state_label(self) -> str:
        return PublicationState(self.state).label

    @property
    def late(self) -> bool:
        return self.state in LATE_STATES

    @property
    def failing(self) -> bool:
        return bool(self.errors)


def report_statuses(root: Body, year: int, on: date | None = None) -> list[ReportStatus]:
    """One row per body of `root`'s subtree (root first, tree order): its statutory date, whether
    and when its report for `year` was published, and the latest checks."""
    on = on or today()
    bodies = list(Body.objects.filter(path__startswith=root.path).order_by("path"))
    ids = [b.pk for b in bodies]
    pages = {p.body_id: p for p in AnnualReportPage.objects.filter(body_id__in=ids, year=year)}
    checks = {c.body_id: c for c in ReportCheck.objects.filter(body_id__in=ids, year=year)}
    rows = []
    for body in bodies:
        page = pages.get(body.pk)
        published_on = None
        if page is not None and page.live and page.first_published_at is not None:
            published_on = timezone.localdate(page.first_published_at)
        deadline = statutory_deadline(body, year)
        check = checks.get(body.pk)
        if published_on is not None:
            # Published reports passed R1–R6 when they were frozen; their warnings were kept.
            frozen = page.frozen_checks or []
            errors, warnings, checked_at = 0, len(frozen), None
        elif check is not None:
            errors, warnings, checked_at = check.errors, check.warnings, check.checked_at
        else:
            errors = warnings = checked_at = None
        rows.append(
            ReportStatus(
                body=body,
                deadline=deadline,
                published_on=published_on,
                state=publication_state(deadline, published_on, on),
                report_page=page,
                errors=errors,
                warnings=warnings,
                checked_at=checked_at,
            )
        )
    return rows


def summary(rows: list[ReportStatus]) -> dict[str, int]:
    return {
        "bodies": len(rows),
        "published": sum(r.published_on is not None for r in rows),
        "late": sum(r.late for r in rows),
        "overdue": sum(r.state == PublicationState.OVERDUE for r in rows),
        "failing": sum(r.failing for r in rows),
        "unchecked": sum(r.errors is None for r in rows),
    }


def report_check_refresh(body: Body, year: int):
    """Compute `body`'s report for `year`, check it, and keep the outcome (one row per body/year)."""
    report = annual_report(body, year)
    violations = [v.as_json() for v in report.violations]
    errors = sum(v.severity == "error" for v in report.violations)
    with transaction.atomic():
        check, _ = ReportCheck.objects.update_or_create(
            body=body,
            year=year,
            defaults={
                "errors": errors,
                "warnings": len(violations) - errors,
                "violations": violations,
                "checked_at": timezone.now(),
            },
        )
    return check


def report_checks_refresh(root: Body, year: int) -> int:
    """Refresh the checks of the bodies of `root`'s subtree whose report for `year` is not
    published (a published report was checked when its figures were frozen); returns how many
    were checked."""
    published = AnnualReportPage.objects.filter(year=year, live=True).values("body_id")
    bodies = Body.objects.filter(path__startswith=root.path).exclude(pk__in=published)
    count = 0
    for body in bodies.order_by("path").iterator():
        report_check_refresh(body, year)
        count += 1
    return count
