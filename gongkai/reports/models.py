"""What the annual report needs besides the platform's own records (docs/annual_report.md).

- `EnforcementFigures`: the yearly numbers of table 二 that no record on the platform holds —
  行政许可, 行政处罚, 行政强制 decisions and 行政事业性收费 — entered by staff or imported from CSV.
- `ImportedReport`: the tables of a report published before the body's records were on the
  platform, used for the cross-year checks (R7, R8) and shown for that year.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models


class EnforcementFigures(models.Model):
    """条例 Art. 20 (五), (六), (八) figures of one body for one year (report table 二)."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可：本年处理决定数量", default=0)
    penalties = models.PositiveIntegerField("行政处罚：本年处理决定数量", default=0)
    coercion = models.PositiveIntegerField("行政强制：本年处理决定数量", default=0)
    fees_wan_yuan = models.DecimalField(
        "行政事业性收费：本年收费金额（单位：万元）",
        max_digits=16,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填报人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "执法和收费数据"
        verbose_name_plural = "执法和收费数据"
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_enforcement_figures")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}"


class ImportedReport(models.Model):
    """The tables of a historic annual report, in the JSON format of docs/annual_report.md.

    For a year before the body's first case on the platform these tables *are* that year's
    report (shown, and used as "last year" by R7/R8); from the first year with records on, the
    computed report wins and this row is kept for reference only.
    """

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    tables = models.JSONField("报表数据")
    source_note = models.CharField("来源说明", max_length=500, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入人",
    )
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        verbose_name = "历史年度报告"
        verbose_name_plural = "历史年度报告"
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="unique_imported_report")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}"


class ReportCheck(models.Model):
    """The latest checks (R1–R8) of a body's unpublished report for a year, kept for the
    openness office's supervision page; refreshed by `check_annual_reports` (daily) and on demand
    (`supervision.report_check_refresh`)."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    errors = models.PositiveIntegerField("错误数")
    warnings = models.PositiveIntegerField("警告数")
    violations = models.JSONField("校验结果", default=list)
    checked_at = models.DateTimeField("校验时间")

    class Meta:
        verbose_name = "年度报告校验结果"
        verbose_name_plural = "年度报告校验结果"
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="unique_report_check")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}"


class ReportReminder(models.Model):
    """催办: the openness office reminded a body of its report for a year (supervision.py) — one
    row per reminder, mailed to the body's 站点管理员 and 政府信息公开工作机构负责人."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="+", verbose_name="机关"
    )
    year = models.PositiveIntegerField("年度")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="催办人",
    )
    sent_at = models.DateTimeField("催办时间")
    recipients = models.JSONField("收件人", default=list)  # e-mail addresses written to

    class Meta:
        verbose_name = "年度报告催办"
        verbose_name_plural = "年度报告催办"
        indexes = [models.Index(fields=["body", "year"], name="report_reminder_body_year")]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}"


# The report page (a Wagtail page) lives in its own module; imported here so Django finds it.
from gongkai.reports.pages import AnnualReportPage  # noqa: E402, F401
