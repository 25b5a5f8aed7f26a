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
