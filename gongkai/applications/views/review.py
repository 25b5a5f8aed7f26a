"""The workbench's review queue (待审核, 待签发, with days left) and a body's 签发 setting.

The 审核 and 签发 steps themselves are step actions of the workflow table, served by the one
action view of `views/staff.py` from the case page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.applications.forms_staff import SignOffSettingForm
from gongkai.applications.selectors import (
    applications_awaiting_review,
    bodies_for_review_settings,
    sign_off_decisions,
)
from gongkai.applications.services.review_settings import decision_review_setting_set
from gongkai.applications.views.staff import STATE_TEXT, staff_login_required

MSG_SETTING_SAVED = "已保存{body}的答复签发设置。"


@staff_login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    """待审核 drafts for the body's reviewers and office head, 待签发 ones for the office head."""
    rows = applications_awaiting_review(request.user)
    return render(
        request,
        "applications/staff/review_queue.html",
        {
            "rows": rows,
            "state_text": STATE_TEXT,
            "may_configure": bodies_for_review_settings(request.user).exists(),
        },
    )


@staff_login_required
def sign_off_setting(request: HttpRequest) -> HttpResponse:
    bodies = bodies_for_review_settings(request.user)
    if not bodies.exists():
        raise Http404("只有站点管理员或政府信息公开工作机构负责人可以修改签发设置")
    code = request.GET.get("body") or request.POST.get("body")
    # A body named that the user may not set is a 404, never a silent change of another one.
    body = get_object_or_404(bodies, code=code) if code else bodies.first()
    initial = {"sign_off_decisions": sorted(sign_off_decisions(body))}
    form = SignOffSettingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision_review_setting_set(
                user=request.user, body=body, decisions=form.cleaned_data["sign_off_decisions"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, MSG_SETTING_SAVED.format(body=body.name))
            return redirect(f"{request.path}?body={body.code}")
    return render(
        request,
        "applications/staff/sign_off_setting.html",
        {"form": form, "body": body, "bodies": bodies},
    )
