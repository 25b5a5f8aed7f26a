"""The working-day calendar in the staff workbench: platform operators (superusers) only.

Every statutory deadline of every body is computed from these rows, so no body's staff may change
them; the permission policy is registered before the viewsets so Wagtail never falls back to model
permissions that a group could be granted by mistake.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from gongkai.workdays.models import CalendarYear, WorkdayOverride


class SuperuserOnlyPermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)


register_permission_policy(WorkdayOverride, SuperuserOnlyPermissionPolicy(WorkdayOverride))
register_permission_policy(CalendarYear, SuperuserOnlyPermissionPolicy(CalendarYear))


class WorkdayOverrideViewSet(SnippetViewSet):
    model = WorkdayOverride
    icon = "date"
    menu_label = "工作日调整"
    list_display = ["day", "is_workday", "reason"]
    list_filter = ["is_workday"]
    ordering = ["-day"]


class CalendarYearViewSet(SnippetViewSet):
    model = CalendarYear
    icon = "calendar"
    menu_label = "已录入节假日安排的年度"
    list_display = ["year", "note"]


class WorkCalendarViewSetGroup(SnippetViewSetGroup):
    items = (WorkdayOverrideViewSet, CalendarYearViewSet)
    menu_icon = "date"
    menu_label = "工作日历"
    menu_order = 810


register_snippet(WorkCalendarViewSetGroup)
