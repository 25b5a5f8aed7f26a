"""审计日志 (/admin/audit/): the audit administrator's screen — the audit log with filters by date,
user, action and kind, its CSV export, and the check of its hash chain. Read-only: nothing here
writes but the record that an export was made.

Only an audit administrator opens it (`accounts.roles.platform_role`); the system and security
administrators get a 403 like everyone else.
"""

from __future__ import annotations

import csv
from functools import wraps

from django import forms
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone

from gongkai.accounts import audit_selectors as selectors
from gongkai.accounts.audit import audit_append, audit_verify
from gongkai.accounts.models import AuditRecord, AuditSource, PlatformRoleName
from gongkai.accounts.roles import platform_role
from gongkai.accounts.roles_middleware import forbidden

PAGE_SIZE = 50
MSG_BAD_RANGE = "结束日期不能早于开始日期"


def audit_admin_only(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if platform_role(request.user) != PlatformRoleName.AUDIT:
            # A 403, not Wagtail's "no permission" redirect to the dashboard.
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapped


class AuditFilterForm(forms.Form):
    start = forms.DateField(
        label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="结束日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    actor = forms.CharField(label="操作人（用户名）", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False)
    source = forms.ChoiceField(
        label="类别", required=False, choices=[("", "全部"), *AuditSource.choices]
    )
    text = forms.CharField(label="对象包含", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *selectors.action_choices()]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", MSG_BAD_RANGE)
        return data

    def audit_filter(self) -> selectors.AuditFilter | None:
        """The filter asked for; None when the form has errors (nothing is listed then)."""
        if not self.is_bound:
            return selectors.AuditFilter()
        if not self.is_valid():
            return None
        d = self.cleaned_data
        return selectors.AuditFilter(
            start=d["start"],
            end=d["end"],
            actor=d["actor"].strip(),
            action=d["action"],
            source=d["source"],
            text=d["text"].strip(),
        )


def _records(form: AuditFilterForm):
    audit_filter = form.audit_filter()
    if audit_filter is None:
        return None, AuditRecord.objects.none()
    return audit_filter, selectors.audit_records(audit_filter)


@audit_admin_only
def index(request):
    form = AuditFilterForm(request.GET or None)
    _, records = _records(form)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("p"))
    sources = dict(AuditSource.choices)
    rows = [
        {
            "record": r,
            "source": sources.get(r.source, r.source),
            "label": selectors.action_label(r.action),
            "details": selectors.details(r),
        }
        for r in page
    ]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "accounts/audit/index.html",
        {"form": form, "page": page, "rows": rows, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value):
        return value


@audit_admin_only
def export(request):
    """The filtered log as CSV (UTF-8 with a byte-order mark, so that a spreadsheet reads it);
    the export itself goes into the log."""
    form = AuditFilterForm(request.GET or None)
    audit_filter, records = _records(form)
    if audit_filter is None:
        return index(request)
    audit_append(
        AuditSource.AUDIT,
        selectors.AUDIT_EXPORT,
        user=request.user,
        data={"filter": audit_filter.as_data(), "rows": records.count()},
    )
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in selectors.csv_rows(records))
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response


def _with_bom(lines):
    yield "\ufeff"
    yield from lines


@audit_admin_only
def verify(request):
    report = audit_verify()
    return TemplateResponse(request, "accounts/audit/verify.html", {"report": report})
