"""Dates as a person in China sees them: every date shown or compared is in Asia/Shanghai."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today() -> date:
    return timezone.localdate()


def local_date(moment: datetime | None) -> date | None:
    return timezone.localtime(moment, local_tz()).date() if moment else None


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_tz())


def end_of_day_exclusive(day: date) -> datetime:
    """The first instant after `day` ends, for `moment < end_of_day_exclusive(day)` comparisons."""
    if day >= date.max:
        return datetime.max.replace(tzinfo=local_tz())
    return start_of_day(day + timedelta(days=1))


def cn_date(value: date | datetime | None) -> str:
    """`2026年11月26日`: the one way the platform writes a date, on pages, in letters and reports.

    Arabic numerals without leading zeros, as GB/T 9704-2012 (党政机关公文格式) writes the
    成文日期. An aware datetime is first taken to the platform's time zone; None is "".
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date(value) if value.tzinfo is not None else value.date()
        assert value is not None
    return f"{value.year}年{value.month}月{value.day}日"
