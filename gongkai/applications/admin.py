"""Django admin (/django-admin/, platform operators only): cases are read-only here.

A case changes only through the `workflow` package, so the admin shows cases, events,
consultations, fee notices, notices, remedies and typical cases without add/change/delete; only the
notice templates (wording of generated documents) are edited here.
"""

from django import forms
from django.contrib import admin

from gongkai.applications.models import (
    Application,
    ApplicationEvent,
    FeeNotice,
    Notice,
    NoticeTemplate,
    Opinion,
    RemedyCase,
    TypicalCase,
)


class ReadOnlyMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = ApplicationEvent
    fields = ("at", "on_date", "action", "from_status", "to_status", "actor", "note")
    readonly_fields = fields
    extra = 0


class OpinionInline(ReadOnlyMixin, admin.TabularInline):
    model = Opinion
    fields = ("kind", "addressee", "sent_on", "replied_on", "reply", "closed_on")
    readonly_fields = fields
    extra = 0


class FeeNoticeInline(ReadOnlyMixin, admin.TabularInline):
    model = FeeNotice
    fields = ("method", "units", "amount", "issued_on", "pay_by", "paid_on", "lapsed_on")
    readonly_fields = fields
    extra = 0


@admin.register(Application)
class ApplicationAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "case_number",
        "body",
        "applicant_type",
        "channel",
        "received_on",
        "status",
        "decision",
        "decided_on",
    )
    list_filter = ("status", "decision", "applicant_type", "channel")
    search_fields = ("case_number",)
    date_hierarchy = "received_on"
    exclude = ("query_code_hash", "id_number", "phone")
    readonly_fields = ("masked_id_number", "masked_phone", "status", "decision")
    inlines = (EventInline, OpinionInline, FeeNoticeInline)
    list_select_related = ("body",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "kind", "application", "created_at")
    list_filter = ("kind",)
    exclude = ("docx", "pdf")


class NoticeTemplateForm(forms.ModelForm):
    """A template is tried before it is saved: a bad edit is refused with the problems in Chinese
    (syntax, unknown or missing variables, a failed trial render) and the stored one stays."""

    class Meta:
        model = NoticeTemplate
        fields = ["kind", "body", "title", "text"]

    def clean(self):
        from gongkai.applications.notices import notice_template_check

        data = super().clean()
        if data.get("kind") and data.get("text") is not None:
            problems = notice_template_check(data["kind"], data["text"], title=data.get("title"))
            if problems:
                raise forms.ValidationError(problems)
        return data


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    form = NoticeTemplateForm
    list_display = ("kind", "body", "title", "updated_at")
    list_filter = ("kind",)


@admin.register(RemedyCase)
class RemedyCaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "application",
        "kind",
        "litigation_route",
        "filed_on",
        "outcome",
        "concluded_on",
    )
    list_filter = ("kind", "outcome")


@admin.register(TypicalCase)
class TypicalCaseAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "application", "status", "published_on")
    list_filter = ("status",)
