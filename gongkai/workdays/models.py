"""The operator's additions to the working-day calendar (see calendar.py for how they are used)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class WorkdayOverride(models.Model):
    """One day whose status the operator sets, winning over the `chinesecalendar` package.

    For a 调休 announced after the installed package was released, a correction, or an office
    closure the platform must honour (e.g. a local emergency).
    """

    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField(
        "是否为工作日", help_text="勾选表示这一天按工作日计算；不勾选表示这一天不计入工作日"
    )
    reason = models.CharField(
        "调整原因",
        max_length=200,
        help_text="向办理人员和申请人说明为何调整，如“国办发明电〔2026〕×号：调休上班”",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["day"]
        verbose_name = "工作日调整"
        verbose_name_plural = "工作日调整"

    def __str__(self) -> str:
        kind = "工作日" if self.is_workday else "休息日"
        return f"{self.day:%Y-%m-%d}：{kind}（{self.reason}）"


class CalendarYear(models.Model):
    """A year whose official holiday schedule the operator has entered as `WorkdayOverride` rows.

    Only needed for a year the installed `chinesecalendar` package does not know yet: once the
    year is declared here, Monday–Friday plus the overrides is taken as exact for that year, and
    deadlines in it are no longer an error or provisional.
    """

    year = models.PositiveSmallIntegerField(
        "年度",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    note = models.CharField(
        "说明",
        max_length=200,
        blank=True,
        help_text="依据的通知，如“国务院办公厅关于2027年部分节假日安排的通知”",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        ordering = ["year"]
        verbose_name = "已录入节假日安排的年度"
        verbose_name_plural = "已录入节假日安排的年度"

    def __str__(self) -> str:
        return f"{self.year}年"
