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

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gongkai.bodies.models import Body, BodyLevel, BodyMembership, BodyRole
from gongkai.core.audit import audit_log
from gongkai.core.dates import cn_date, today
from gongkai.reports.models import ReportCheck, ReportReminder
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.quality import (
    Indicator,
    quality_summary,
    report_quality,
    statutory_deadline_for,
)
from gongkai.reports.selectors import annual_report

# Roles that supervise the bodies below their own: the head of the openness office, and the site
# administrator (who already acts for the subtree).
SUPERVISOR_ROLES = (BodyRole.OFFICE_HEAD, BodyRole.SITE_ADMIN)


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
    if body.level != BodyLevel.DEPARTMENT:
        return statutory_deadline_for(body.level, None, year)
    return statutory_deadline_for(body.level, body.government_level, year)


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
    quality: list[Indicator] | None = None  # published reports: the 质量考核指标 of what was frozen
    reminded_on: date | None = None  # the latest 催办

    @property
    def state_label(self) -> str:
        return PublicationState(self.state).label

    @property
    def quality_text(self) -> str:
        return quality_summary(self.quality) if self.quality else ""

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
    reminded = {
        r["body_id"]: timezone.localdate(r["last"])
        for r in ReportReminder.objects.filter(body_id__in=ids, year=year)
        .values("body_id")
        .annotate(last=models.Max("sent_at"))
    }
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
            quality = published_quality(page, deadline, published_on)
        elif check is not None:
            errors, warnings, checked_at = check.errors, check.warnings, check.checked_at
        else:
            errors = warnings = checked_at = None
        if published_on is None:
            quality = None
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
                quality=quality,
                reminded_on=reminded.get(body.pk),
            )
        )
    return rows


@dataclass(frozen=True)
class _FrozenCheck:
    rule: str
    severity: str


def published_quality(page, deadline: date | None, published_on: date | None) -> list[Indicator]:
    """The 质量考核指标 of a published report, from what was frozen at publication (no query).
    The fees collected are not compared here (that needs the records); the editor's panel does."""
    frozen = page.frozen()
    checks = [
        _FrozenCheck(c.get("规则", ""), "error" if c.get("级别") == "错误" else "warning")
        for c in page.frozen_checks or []
    ]
    if frozen is None:  # published before figures were frozen (not through the admin)
        return []
    return report_quality(
        narrative=page.narrative,
        tables=frozen,
        violations=checks,
        deadline=deadline,
        published_on=published_on,
    )


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


# --- 催办 ----------------------------------------------------------------------------------------

AUDIT_REPORT_REMIND = "gongkai.annual_report.remind"
REMINDER_ROLES = (BodyRole.SITE_ADMIN, BodyRole.OFFICE_HEAD)
REMINDER_SUBJECT = "年度报告催办：{body}{year}年政府信息公开工作年度报告"
REMINDER_TEXT = (
    "{body}：\n\n{sender}提醒：贵机关{year}年政府信息公开工作年度报告{state}。"
    "{deadline}请尽快编写、审核并发布（《中华人民共和国政府信息公开条例》第四十九条、第五十条）。\n\n"
    "本邮件由政务公开平台发送。"
)


def report_reminder_send(*, body: Body, year: int, user) -> ReportReminder:
    """催办: mail the body's 站点管理员 and 政府信息公开工作机构负责人 (those with an e-mail) about its
    report for `year`, record the reminder and audit it. The caller checks that `user`
    supervises the body (staff_views: `supervised_body`)."""
    status = report_statuses_for(body, year)
    recipients = sorted(
        set(
            BodyMembership.objects.filter(body=body, role__in=REMINDER_ROLES, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    deadline = status.deadline
    text = REMINDER_TEXT.format(
        body=body.name,
        sender=f"{user.get_full_name() or user.get_username()}（年度报告督查）",
        year=year,
        state=status.state_label,
        deadline=f"法定公布期限为{cn_date(deadline)}。" if deadline else "",
    )
    if recipients:
        subject = REMINDER_SUBJECT.format(body=body.name, year=year)
        send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    # Recorded after the mail went out (a failure leaves nothing recorded and can be retried);
    # without a recipient the reminder is still recorded, and the page says no one was mailed.
    with transaction.atomic():
        reminder = ReportReminder.objects.create(
            body=body, year=year, sent_by=user, sent_at=timezone.now(), recipients=recipients
        )
        audit_log(reminder, AUDIT_REPORT_REMIND, user=user, data={"year": year, "to": recipients})
    return reminder


def report_statuses_for(body: Body, year: int) -> ReportStatus:
    """The one row of `body` itself (not its subtree)."""
    page = AnnualReportPage.objects.filter(body=body, year=year).first()
    published_on = None
    if page is not None and page.live and page.first_published_at is not None:
        published_on = timezone.localdate(page.first_published_at)
    deadline = statutory_deadline(body, year)
    return ReportStatus(
        body=body,
        deadline=deadline,
        published_on=published_on,
        state=publication_state(deadline, published_on, today()),
        report_page=page,
        errors=None,
        warnings=None,
        checked_at=None,
    )
