"""The case library (典型案例及答复文书, B6): a handler proposes a delivered case with an anonymised
summary and reply letter, the head of the openness office (政府信息公开工作机构负责人) publishes it or
returns it with a reason, and either may withdraw it from the public library.

Nothing is published with personal data in it: the title, summary, reply points and letter are
checked with `core.personal_data` (the applicant's name and address as known values; any ID
number, phone number or e-mail address, the applicant's or a third party's); the body's own
public contact details are allowed, since the reply letter names them (条例 Art. 12).
"""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.applications import workflow
from gongkai.applications.models import (
    Application,
    ApplicationStatus,
    Notice,
    NoticeKind,
    TypicalCase,
    TypicalStatus,
)
from gongkai.applications.notices import RenderedNotice, notice_pdf
from gongkai.applications.selectors import user_may_handle, user_may_review_typical_case
from gongkai.core.audit import audit_log
from gongkai.core.dates import today as local_today
from gongkai.core.personal_data import (
    Kind,
    find_personal_data,
    finding_message,
    mask_personal_data,
)
from gongkai.core.printing import PrintFontError

# 已答复 means the reply was delivered (送达); only then is the case's handling a fact to publish.
DELIVERED = (ApplicationStatus.REPLIED, ApplicationStatus.ARCHIVED)

LETTER_TITLE = "政府信息公开申请答复书"
APPLICANT_PLACEHOLDER = "申请人某某"
FIELDS = {"title": "标题", "summary": "案情摘要", "reply_text": "答复要点", "letter_text": "答复书"}

MSG_TYPICAL_NOT_DELIVERED = "只有答复已送达（已答复）或已归档的申请可以编为典型案例"
MSG_TYPICAL_REQUIRED = "请填写标题、案情摘要、答复要点和去除个人信息后的答复书"
MSG_TYPICAL_PERSONAL_DATA = "典型案例中不得出现申请人的姓名、证件号码或联系方式，请先去除个人信息"
MSG_TYPICAL_ALREADY_PUBLISHED = "该申请的典型案例已经发布；如需修改，请先撤回"
MSG_TYPICAL_NOT_HEAD = "只有本机关的政府信息公开工作机构负责人可以审核发布典型案例"
MSG_TYPICAL_NOT_PROPOSED = "该典型案例不在待审核状态"
MSG_TYPICAL_NOT_PUBLISHED = "该典型案例未发布"
MSG_TYPICAL_REASON_REQUIRED = "请填写退回理由"

AUDIT_TYPICAL_PROPOSE = "gongkai.typical_case.propose"
AUDIT_TYPICAL_RETURN = "gongkai.typical_case.return"
AUDIT_TYPICAL_PUBLISH = "gongkai.typical_case.publish"
AUDIT_TYPICAL_UNPUBLISH = "gongkai.typical_case.unpublish"


def _known(app: Application) -> dict[Kind, list[str]]:
    return {
        Kind.NAME: [app.applicant_name, app.contact_person],
        Kind.ADDRESS: [app.address],
    }


def _allowed(app: Application) -> list[str]:
    body = app.body
    return [body.phone, body.fax, body.email]


def typical_case_letter_draft(app: Application) -> str:
    """The delivered reply letter of the case with the applicant's and third parties' personal
    data replaced (申请人某某, ×××): the text the handler proposes and the office head reviews.
    Empty when the case has no stored letter (an imported historic case): staff paste it then."""
    notice = (
        Notice.objects.filter(application=app, kind=NoticeKind.REPLY)
        .order_by("-created_at")
        .first()
    )
    if notice is None:
        return ""
    return letter_anonymise(app, notice.body_text)


def letter_anonymise(app: Application, text: str) -> str:
    """`text` with the applicant named 申请人某某, their identifiers, phone numbers, e-mail and
    address and any third party's ID or phone number replaced by ×××; the case number too,
    which would lead back to the applicant."""
    if app.case_number:
        text = text.replace(app.case_number, "×××")
    for value in (app.id_number, app.phone, app.email):
        if value:
            text = text.replace(value, "×××")
    findings = find_personal_data(text, known=_known(app), allowed=_allowed(app))
    text = mask_personal_data(text, findings, {Kind.NAME: APPLICANT_PLACEHOLDER})
    return re.sub("申请人" + APPLICANT_PLACEHOLDER, APPLICANT_PLACEHOLDER, text)


def typical_case_problems(app: Application, texts: dict[str, str]) -> dict[str, list[str]]:
    """Field → the personal data it still holds, in words; empty when it may be published."""
    problems: dict[str, list[str]] = {}
    for field, text in texts.items():
        findings = find_personal_data(text, known=_known(app), allowed=_allowed(app))
        if findings:
            problems[field] = [finding_message(f, FIELDS.get(field, field)) for f in findings]
    return problems


def _check(app: Application, texts: dict[str, str]) -> None:
    if not all(texts.values()):
        raise ValidationError(MSG_TYPICAL_REQUIRED)
    problems = typical_case_problems(app, texts)
    if problems:
        problems.setdefault("__all__", []).insert(0, MSG_TYPICAL_PERSONAL_DATA)
        raise ValidationError(problems)


@transaction.atomic
def typical_case_propose(
    *,
    user,
    application: Application,
    title: str,
    summary: str,
    reply_text: str,
    letter_text: str,
) -> TypicalCase:
    """A handler proposes a delivered case for the library (or revises a returned or withdrawn
    proposal); it waits for the office head (`typical_case_approve`)."""
    app = Application.objects.select_for_update().select_related("body").get(pk=application.pk)
    if user is None or not user_may_handle(user, app.body):
        raise workflow.WorkflowError(workflow.MSG_NOT_HANDLER)
    if app.status not in DELIVERED:
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_DELIVERED)
    if app.typical_cases.filter(status=TypicalStatus.PUBLISHED).exists():
        raise workflow.WorkflowError(MSG_TYPICAL_ALREADY_PUBLISHED)
    texts = {
        "title": title.strip(),
        "summary": summary.strip(),
        "reply_text": reply_text.strip(),
        "letter_text": letter_text.strip(),
    }
    _check(app, texts)
    case = app.typical_cases.order_by("-pk").first() or TypicalCase(
        application=app, created_by=user
    )
    for field, value in texts.items():
        setattr(case, field, value)
    case.status = TypicalStatus.PROPOSED
    case.return_reason = ""
    case.save()
    audit_log(case, AUDIT_TYPICAL_PROPOSE, user=user, data={"case": app.case_number})
    return case


def _locked(typical_case: TypicalCase) -> TypicalCase:
    return (
        TypicalCase.objects.select_for_update()
        .select_related("application__body")
        .get(pk=typical_case.pk)
    )


def _letter_pdf(case: TypicalCase) -> bytes:
    rendered = RenderedNotice(
        title=LETTER_TITLE,
        paragraphs=[line for line in case.letter_text.splitlines() if line.strip()],
        kind=NoticeKind.REPLY,
        body_name=case.application.body.name,
    )
    try:
        return notice_pdf(rendered)
    except PrintFontError as exc:
        raise ValidationError({"letter_text": exc.message}) from exc


@transaction.atomic
def typical_case_approve(
    typical_case: TypicalCase,
    *,
    user,
    letter_text: str | None = None,
    published_on: date | None = None,
) -> TypicalCase:
    """The office head publishes a proposed case with its anonymised letter (as reviewed, and
    edited, by them), laid out as a PDF with the bundled fonts (core.printing)."""
    case = _locked(typical_case)
    app = case.application
    if not user_may_review_typical_case(user, app.body):
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_HEAD)
    if case.status != TypicalStatus.PROPOSED:
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_PROPOSED)
    if app.status not in DELIVERED:
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_DELIVERED)
    if letter_text is not None:
        case.letter_text = letter_text.strip()
    _check(
        app,
        {f: getattr(case, f) for f in ("title", "summary", "reply_text", "letter_text")},
    )
    case.letter_pdf.delete(save=False)
    case.letter_pdf.save(f"typical-{case.pk}.pdf", ContentFile(_letter_pdf(case)), save=False)
    case.status = TypicalStatus.PUBLISHED
    case.published_on = published_on or local_today()
    case.reviewed_by = user
    case.save()
    audit_log(case, AUDIT_TYPICAL_PUBLISH, user=user, data={"case": app.case_number})
    return case


@transaction.atomic
def typical_case_return(typical_case: TypicalCase, *, user, reason: str) -> TypicalCase:
    """The office head sends a proposal back to the handler, saying why."""
    case = _locked(typical_case)
    if not user_may_review_typical_case(user, case.application.body):
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_HEAD)
    if case.status != TypicalStatus.PROPOSED:
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_PROPOSED)
    if not reason.strip():
        raise ValidationError({"reason": MSG_TYPICAL_REASON_REQUIRED})
    case.status = TypicalStatus.RETURNED
    case.return_reason = reason.strip()
    case.reviewed_by = user
    case.save(update_fields=["status", "return_reason", "reviewed_by", "updated_at"])
    audit_log(case, AUDIT_TYPICAL_RETURN, user=user, data={"reason": case.return_reason})
    return case


@transaction.atomic
def typical_case_unpublish(typical_case: TypicalCase, *, user) -> TypicalCase:
    """Withdraw a case from the public library at once, its letter with it. Any handler of the
    body may: taking something down must not wait for a second person."""
    case = _locked(typical_case)
    if user is None or not user_may_handle(user, case.application.body):
        raise workflow.WorkflowError(workflow.MSG_NOT_HANDLER)
    if case.status != TypicalStatus.PUBLISHED:
        raise workflow.WorkflowError(MSG_TYPICAL_NOT_PUBLISHED)
    case.status = TypicalStatus.UNPUBLISHED
    case.letter_pdf.delete(save=False)
    case.save(update_fields=["status", "letter_pdf", "updated_at"])
    audit_log(case, AUDIT_TYPICAL_UNPUBLISH, user=user)
    return case
