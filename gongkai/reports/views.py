"""Staff views of the annual report in the Wagtail admin: 生成年度报告草稿 (/admin/reports/annual/)
and 填报执法和收费数据 (/admin/reports/figures/<body>/<year>/, table 二's entered figures).

The staff member picks one of the bodies they may act for and a year; the report page is created
as a draft under the body's 年报 column (or the existing one is opened) and they land in Wagtail's
editor, where they write the text and submit it for review like any page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.bodies.models import Body
from gongkai.bodies.selectors import bodies_for_user
from gongkai.reports.models import EnforcementFigures
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.selectors import bodies_for_report_staff, report_year_range, year_in_range
from gongkai.reports.services import (
    FIELD_LABELS,
    annual_report_page_create,
    enforcement_figures_set,
)

MSG_CREATED = "已生成{title}草稿，请修改文字后提交审核。"
MSG_OPENED = "{title}已存在，已为您打开。"


class ReportDraftForm(forms.Form):
    body = forms.ModelChoiceField(label="机关", queryset=Body.objects.none(), empty_label=None)
    year = forms.TypedChoiceField(label="年度", coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies_for_report_staff(user).order_by("path")
        first, last = report_year_range()
        self.fields["year"].choices = [(y, f"{y}年") for y in range(last, first - 1, -1)]
        # The report of a year is written in the first months of the next (条例 Art. 49: by 31
        # January for a department's, 15 March for a government's).
        self.fields["year"].initial = last - 1


def report_draft(request):
    form = ReportDraftForm(request.POST or None, user=request.user)
    if not form.fields["body"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            page, created = annual_report_page_create(
                body=form.cleaned_data["body"], year=form.cleaned_data["year"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = MSG_CREATED if created else MSG_OPENED
            messages.success(request, message.format(title=page.title))
            return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    reports = (
        AnnualReportPage.objects.filter(body__in=form.fields["body"].queryset)
        .select_related("body")
        .order_by("body__path", "-year")
    )
    return TemplateResponse(
        request, "reports/admin/report_draft.html", {"form": form, "reports": reports}
    )


# --- 填报执法和收费数据 (table 二's entered figures) ----------------------------------------------

MSG_FIGURES_SAVED = "已保存{body}{year}年度的行政许可、行政处罚、行政强制和行政事业性收费数据。"
MSG_FIGURES_ERRORS = "填写的数据有误，请按提示更正后再保存；已填写的内容保留在表单中。"


class EnforcementFiguresForm(forms.Form):
    """The four entered figures of table 二 (条例 Art. 20 (五)(六)(八)). Every field is text so
    that whatever was typed comes back unchanged beside its message; the checks are the import's
    (`services.enforcement_figures_set`)."""

    licensing = forms.CharField(label=FIELD_LABELS["licensing"], max_length=40)
    penalties = forms.CharField(label=FIELD_LABELS["penalties"], max_length=40)
    coercion = forms.CharField(label=FIELD_LABELS["coercion"], max_length=40)
    fees_wan_yuan = forms.CharField(label=FIELD_LABELS["fees_wan_yuan"], max_length=40)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写“{field.label}”（没有请填 0）"
            field.widget.attrs["inputmode"] = "decimal"


def _figures_scope(request, code: str, year: int):
    """The body (one the user acts for: bodies_for_user) and year, else 404."""
    body = bodies_for_user(request.user).filter(code=code).first()
    if body is None or not year_in_range(year):
        raise Http404("没有找到该机关，或您无权填报其数据")
    return body


def enforcement_figures_choose(request):
    """Pick a body the user acts for and a year; then the form for that body and year."""
    bodies = bodies_for_user(request.user).order_by("path")
    if not bodies.exists():
        raise PermissionDenied
    first, last = report_year_range()
    code, year = request.GET.get("body"), request.GET.get("year")
    if code and year and year.isdigit():
        return redirect(reverse("reports_enforcement_figures", args=(code, int(year))))
    figures = (
        EnforcementFigures.objects.filter(body__in=bodies)
        .select_related("body")
        .order_by("body__path", "-year")
    )
    return TemplateResponse(
        request,
        "reports/admin/enforcement_choose.html",
        {
            "bodies": bodies,
            "years": range(last, first - 1, -1),
            "default_year": last - 1,
            "figures": figures,
        },
    )


def enforcement_figures_edit(request, code: str, year: int):
    body = _figures_scope(request, code, year)
    current = EnforcementFigures.objects.filter(body=body, year=year).first()
    initial = {
        key: (getattr(current, key) if current else 0)
        for key in ("licensing", "penalties", "coercion", "fees_wan_yuan")
    }
    form = EnforcementFiguresForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            enforcement_figures_set(body=body, year=year, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, messages_ in error.message_dict.items():
                form.add_error(field if field in form.fields else None, messages_)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, MSG_FIGURES_SAVED.format(body=body.name, year=year))
            return redirect(reverse("reports_enforcement_figures", args=(body.code, year)))
    if form.errors:
        messages.error(request, MSG_FIGURES_ERRORS)
    return TemplateResponse(
        request,
        "reports/admin/enforcement_form.html",
        {"form": form, "body": body, "year": year, "current": current},
    )
