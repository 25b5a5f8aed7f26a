"""Django admin (/django-admin/, platform operators only): the entered figures and the imported
historic reports, read-only — they are written through `services.py` (checks, permissions) and
the import commands."""

from django.contrib import admin

from gongkai.reports.models import EnforcementFigures, ImportedReport


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EnforcementFigures)
class EnforcementFiguresAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "body",
        "year",
        "licensing",
        "penalties",
        "coercion",
        "fees_wan_yuan",
        "updated_at",
    )
    list_filter = ("year",)
    search_fields = ("body__name", "body__code")


@admin.register(ImportedReport)
class ImportedReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("body", "year", "source_note", "imported_by", "imported_at")
    list_filter = ("year",)
    search_fields = ("body__name", "body__code")
