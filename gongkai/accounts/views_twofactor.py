"""二次验证's pages: the login's second step, enrolment with its backup codes, new backup codes and
turning the second factor off (twofactor.py does the work). Wagtail's admin access check wraps
them (twofactor_hooks.py); the gate (middleware_twofactor.py) sends staff here."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.accounts import twofactor

MSG_ENROLLED = "已启用二次验证。"
MSG_VERIFIED = "二次验证通过。"
MSG_DISABLED = "已关闭二次验证。"
MSG_NOT_ENABLED = "您尚未启用二次验证。"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="验证码",
        max_length=32,
        error_messages={"required": twofactor.MSG_CODE_EMPTY},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def refuse(self, message: str) -> None:
        self.add_error("code", message)


class EnrolForm(CodeForm):
    code = forms.CharField(
        label="身份验证器显示的6位验证码",
        max_length=32,
        error_messages={"required": twofactor.MSG_CODE_EMPTY},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _error_of(form: forms.Form) -> str:
    return " ".join(form.errors.get("code", [])) if form.is_bound else ""


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return reverse("wagtailadmin_home")


def verify(request):
    """The login's second step: a code from the authenticator or a backup code."""
    user = request.user
    if user.is_verified() or not twofactor.twofactor_enabled(user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = twofactor.twofactor_verify(request, form.cleaned_data["code"])
        if result.device is not None:
            messages.success(request, MSG_VERIFIED)
            if result.backup:
                left = twofactor.backup_codes_left(user)
                messages.warning(
                    request,
                    f"您使用了一个备用验证码，还剩{left}个。请尽快在“二次验证”页面重新生成备用验证码。",
                )
            return redirect(_next_url(request))
        form.refuse(result.error)
    context = {"form": form, "next": _next_url(request), "page_error": _error_of(form)}
    return render(request, "accounts/twofactor/verify.html", context)


def setup(request):
    """二次验证: the state and its actions when enabled; otherwise enrolment (QR code, the secret
    in text, the first code), which ends on the backup codes, shown this once."""
    user = request.user
    if twofactor.twofactor_enabled(user):
        return _overview(request, CodeForm())
    device = twofactor.enrolment_device(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes, error = twofactor.twofactor_enrol(request, device, form.cleaned_data["code"])
        if not error:
            messages.success(request, MSG_ENROLLED)
            return _codes_page(request, codes, next_url=_next_url(request))
        form.refuse(error)
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "secret": twofactor.secret_text(device),
        "required": twofactor.totp_required(user),
        "next": _next_url(request),
        "page_error": _error_of(form),
    }
    return render(request, "accounts/twofactor/enrol.html", context)


def _overview(request, disable_form: CodeForm, status: int = 200):
    user = request.user
    context = {
        "device": twofactor.totp_device(user),
        "backup_left": twofactor.backup_codes_left(user),
        "required": twofactor.totp_required(user),
        "disable_form": disable_form,
        "page_error": _error_of(disable_form),
    }
    return render(request, "accounts/twofactor/overview.html", context, status=status)


def _codes_page(request, codes: list[str], next_url: str):
    context = {"codes": codes, "next": next_url}
    response = render(request, "accounts/twofactor/backup_codes.html", context)
    # Shown once: never from a cache or the browser's history.
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def backup_codes(request):
    if not twofactor.twofactor_enabled(request.user):
        messages.error(request, MSG_NOT_ENABLED)
        return redirect("twofactor:setup")
    codes = twofactor.backup_codes_regenerate(request.user)
    return _codes_page(request, codes, next_url=reverse("twofactor:setup"))


@require_POST
def disable(request):
    if not twofactor.twofactor_enabled(request.user):
        messages.error(request, MSG_NOT_ENABLED)
        return redirect("twofactor:setup")
    form = CodeForm(request.POST)
    if form.is_valid():
        error = twofactor.twofactor_disable(request, form.cleaned_data["code"])
        if not error:
            messages.success(request, MSG_DISABLED)
            return redirect("twofactor:setup")
        form.refuse(error)
    return _overview(request, form, status=400)
