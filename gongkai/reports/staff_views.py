"""The openness office's pages for annual reports (docs/annual_report.md, "Supervision").

`/workbench/reports/` lists the bodies of a supervised subtree with their statutory date, whether
and when they published, and the checks; `/workbench/reports/region/` shows the region overview
(sums of a subtree's tables — a statistical overview, not a statutory report). Only heads of an
openness office (政府信息公开工作机构负责人) and site administrators supervise, each the subtree
of their own body; any other body is a 404.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.bodies.selectors import bodies_for_user
from gongkai.core.dates import today
from gongkai.reports import supervision
from gongkai.reports.render.html import report_tables_html
from gongkai.reports.selectors import (
    MSG_YEAR_RANGE,
    annual_report,
    region_report,
    report_year_range,
    year_in_range,
)

PAGE_SIZE = 50
staff_login_required = login_required(login_url="wagtailadmin_login")

STATE_FILTERS = [
    ("", "全部机关"),
    ("published", "已发布"),
    ("late", "逾期（逾期发布或逾期未发布）"),
    ("overdue", "逾期未发布"),
    ("failing", "校验有错误"),
    ("unchecked", "尚未校验"),
]


class SupervisionForm(forms.Form):
    body = forms.CharField(required=False, max_length=40)
    year = forms.IntegerField(
        required=False, error_messages={"invalid": "年度应为四位数字，如 2025"}
    )
    state = forms.ChoiceField(required=False, choices=STATE_FILTERS)

    def clean_year(self):
        year = self.cleaned_data.get("year")
        if year is None:
            return today().year - 1
        first, last = report_year_range()
        if not first <= year <= last:
            raise forms.ValidationError(MSG_YEAR_RANGE.format(first=first, last=last))
        return year


def _filtered(rows, state: str):
    if state == "published":
        return [r for r in rows if r.published_on is not None]
    if state == "late":
        return [r for r in rows if r.late]
    if state == "overdue":
        return [r for r in rows if r.state == supervision.PublicationState.OVERDUE]
    if state == "failing":
        return [r for r in rows if r.failing]
    if state == "unchecked":
        return [r for r in rows if r.errors is None]
    return rows


def _scope(request: HttpRequest, form: SupervisionForm):
    """(roots the user supervises, the chosen body) — 404 for a body outside them."""
    roots = list(supervision.supervised_roots(request.user))
    if not roots:
        raise Http404("您没有督查年度报告的权限")
    code = form.cleaned_data.get("body") if form.is_bound and form.is_valid() else ""
    if not code:
        return roots, roots[0]
    body = supervision.supervised_body(request.user, code)
    if body is None:
        raise Http404("没有找到该机关，或您无权查看")
    return roots, body


def _chosen(request: HttpRequest):
    """The GET form, the user's supervised roots, the chosen body and year (last year when the
    year given is not valid; the form then carries the message)."""
    form = SupervisionForm(request.GET or None)
    valid = form.is_valid() if form.is_bound else False
    roots, body = _scope(request, form)
    year = form.cleaned_data["year"] if valid else today().year - 1
    return form, roots, body, year


@staff_login_required
def report_supervision(request: HttpRequest) -> HttpResponse:
    form, roots, body, year = _chosen(request)
    state = form.cleaned_data.get("state", "") if form.is_bound and form.is_valid() else ""
    rows = supervision.report_statuses(body, year)
    page = Paginator(_filtered(rows, state), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/staff/supervision.html",
        {
            "form": form,
            "roots": roots,
            "body": body,
            "year": year,
            "state": state,
            "state_filters": STATE_FILTERS,
            "page": page,
            "rows": page.object_list,
            "summary": supervision.summary(rows),
        },
    )


@staff_login_required
@require_POST
def report_recheck(request: HttpRequest) -> HttpResponse:
    form = SupervisionForm(request.POST)
    if not form.is_valid():
        raise Http404("年度或机关无效")
    _, body = _scope(request, form)
    year = form.cleaned_data["year"]
    check = supervision.report_check_refresh(body, year)
    messages.success(
        request,
        f"已重新校验{body.name}{year}年度报告：错误{check.errors}项，警告{check.warnings}项。",
    )
    root = request.POST.get("root", "")
    url = reverse("report_supervision:list")
    return redirect(f"{url}?body={root or body.code}&year={year}")


@staff_login_required
def region_overview(request: HttpRequest) -> HttpResponse:
    form, roots, body, year = _chosen(request)
    report = region_report(body, year)
    return render(
        request,
        "reports/staff/region.html",
        {
            "form": form,
            "roots": roots,
            "body": body,
            "year": year,
            "tables_html": report_tables_html(report.tables),
            "violations": report.violations,
        },
    )


MSG_REMINDED = "已向{body}催办{year}年度报告（{to}）。"
MSG_REMINDED_NOBODY = (
    "已记录对{body}{year}年度报告的催办；该机关没有填写电子邮箱的站点管理员或"
    "政府信息公开工作机构负责人，未发送邮件。"
)


@staff_login_required
@require_POST
def report_remind(request: HttpRequest) -> HttpResponse:
    """催办 one body of a supervised subtree about its report for the year (mail + record)."""
    form = SupervisionForm(request.POST)
    if not form.is_valid():
        raise Http404("年度或机关无效")
    _, body = _scope(request, form)
    year = form.cleaned_data["year"]
    reminder = supervision.report_reminder_send(body=body, year=year, user=request.user)
    if reminder.recipients:
        text = MSG_REMINDED.format(body=body.name, year=year, to="、".join(reminder.recipients))
    else:
        text = MSG_REMINDED_NOBODY.format(body=body.name, year=year)
    messages.success(request, text)
    root = request.POST.get("root", "")
    url = reverse("report_supervision:list")
    return redirect(f"{url}?body={root or body.code}&year={year}")


MSG_NOT_YOURS = "没有找到该机关的年度报告，或您无权查看"


@staff_login_required
def report_tables_json(request: HttpRequest, code: str, year: int) -> JsonResponse:
    """The staff's own view of a report's tables as computed now (drafts included), in the JSON
    format of the public API with the checks: for the bodies the user acts for
    (`bodies_for_user`) and the subtrees they supervise; any other body is a 404."""
    body = bodies_for_user(request.user).filter(code=code).first() or supervision.supervised_body(
        request.user, code
    )
    if body is None or not year_in_range(year):
        raise Http404(MSG_NOT_YOURS)
    data = annual_report(body, year).as_json()
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
