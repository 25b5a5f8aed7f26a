from django.urls import path

from gongkai.reports import staff_views

app_name = "report_supervision"

urlpatterns = [
    path("", staff_views.report_supervision, name="list"),
    path("recheck/", staff_views.report_recheck, name="recheck"),
    path("region/", staff_views.region_overview, name="region"),
    path("remind/", staff_views.report_remind, name="remind"),
    path("<str:code>/<int:year>/tables.json", staff_views.report_tables_json, name="tables_json"),
]
