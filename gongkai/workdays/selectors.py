"""Reads of the working-day calendar."""

from __future__ import annotations

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.models import CalendarYear, WorkdayOverride


def calendar_current(provisional: bool = False) -> WorkCalendar:
    """The calendar as the operator has set it: the package data plus every override.

    Built per call (two small queries) rather than cached, so that a newly entered override takes
    effect on the next computation in every process.
    """
    overrides = {}
    reasons = {}
    for day, is_workday, reason in WorkdayOverride.objects.values_list(
        "day", "is_workday", "reason"
    ):
        overrides[day] = is_workday
        reasons[day] = reason
    years = frozenset(CalendarYear.objects.values_list("year", flat=True))
    return WorkCalendar(
        overrides=overrides,
        override_reasons=reasons,
        loaded_years=years,
        provisional=provisional,
    )
