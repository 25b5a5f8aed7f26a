"""Ways back to a case for an applicant who lost the receipt: the receipt as a PDF right after
submission, and a new query code sent to the contact on file (services/messages.py)."""

from __future__ import annotations

import logging
import time

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.applications.forms_recovery import CodeRecoveryForm
from gongkai.applications.models import Application
from gongkai.applications.services.messages import query_code_reissue
from gongkai.applications.throttles import recovery_attempt, recovery_sent
from gongkai.applications.views.public import (
    RECEIPT_PDF_KEY,
    RECEIPT_PDF_PURPOSE,
    RECEIPT_PDF_SECONDS,
)
from gongkai.core.printing import pdf_from_html
from gongkai.core.sealing import InvalidToken, unseal

logger = logging.getLogger("gongkai.applications.views")

MSG_RECOVERY_SENT = (
    "如果申请编号与联系方式都与申请时登记的一致，新的查询码已发送至该联系方式，请查收。"
    "新查询码发出后，原查询码即失效。如长时间未收到，请与受理机关联系。"
)
MSG_RECEIPT_PDF_FAILED = "回执PDF暂时无法生成，请打印本页或抄写申请编号和查询码"
MSG_RECEIPT_PDF_GONE = (
    "回执PDF只能在提交申请后15分钟内下载。请凭申请编号和查询码查询办理情况，或申请补发查询码。"
)


@never_cache
def receipt_pdf(request):
    """申请回执 as a PDF, with the query code, for the session that just submitted."""
    held = request.session.get(RECEIPT_PDF_KEY)
    app, code = None, None
    if isinstance(held, dict) and held.get("until", 0) >= time.time():
        app = Application.objects.select_related("body").filter(pk=held.get("case")).first()
        try:
            code = unseal(
                str(held.get("code")), purpose=RECEIPT_PDF_PURPOSE, max_age=RECEIPT_PDF_SECONDS
            )
        except InvalidToken:  # older than 15 minutes, or SECRET_KEY changed
            code = None
    if app is None or code is None:
        request.session.pop(RECEIPT_PDF_KEY, None)
        return render(
            request,
            "applications/public/refused.html",
            {"message": MSG_RECEIPT_PDF_GONE},
            status=404,
        )
    html = render_to_string(
        "applications/public/receipt_print.html", {"app": app, "query_code": code}
    )
    try:
        pdf = pdf_from_html(html)
    except Exception:  # never a stack trace for the applicant
        logger.exception("receipt PDF of case %s failed", app.pk)
        return render(
            request,
            "applications/public/refused.html",
            {"message": MSG_RECEIPT_PDF_FAILED},
            status=503,
        )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        True, f"{app.case_number}-政府信息公开申请回执.pdf"
    )
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def code_recover(request):
    """补发查询码: the same answer whether or not the case and contact match (no probing); every
    attempt counts against the address's limit (with failed lookups) and the case number's
    (applications/throttles.py). A code actually sent clears the case's failed lookups."""
    form = CodeRecoveryForm(request.POST) if request.method == "POST" else CodeRecoveryForm()
    sent, status = False, 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["case_number"]
        if refused := recovery_attempt(request, number):
            form.add_error(None, refused)
            status = 429
        else:
            if query_code_reissue(number, form.cleaned_data["contact"]):
                recovery_sent(number)
            sent = True
    return render(
        request,
        "applications/public/recover.html",
        {"form": form, "sent": sent, "sent_message": MSG_RECOVERY_SENT},
        status=status,
    )
