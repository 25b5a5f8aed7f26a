from __future__ import annotations

from django.contrib import admin

from gongkai.workdays.models import CalendarYear, WorkdayOverride


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "reason", "created_at"]
    list_filter = ["is_workday"]
    search_fields = ["reason"]
    date_hierarchy = "day"


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ["year", "note", "created_at"]
