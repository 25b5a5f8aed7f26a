from django.urls import path

from gongkai.reports import staff_views

app_name = "report_supervision"

urlpatterns = [
    path("", staff_views.report_supervision, name="list"),
    path("recheck/", staff_views.report_recheck, name="recheck"),
    path("region/", staff_views.region_overview, name="region"),
]
