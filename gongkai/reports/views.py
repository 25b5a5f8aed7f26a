"""Staff view of the annual report: 生成年度报告草稿 (in the Wagtail admin, /admin/reports/annual/).

The staff member picks one of the bodies they may act for and a year; the report page is created
as a draft under the body's 年报 column (or the existing one is opened) and they land in Wagtail's
editor, where they write the text and submit it for review like any page.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.bodies.models import Body
from gongkai.reports.pages import AnnualReportPage
from gongkai.reports.selectors import bodies_for_report_staff, report_year_range
from gongkai.reports.services import annual_report_page_create

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
