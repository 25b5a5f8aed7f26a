"""Factories for the applications tests: applicant data, and cases brought to any status through
the real workflow (never by setting `status`)."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    ApplicantType,
    Application,
    ApplicationStatus,
    Channel,
    FeeMethod,
    IdType,
    OpinionKind,
    OpinionReply,
    query_code_hash,
)
from gongkai.applications.services import application_register
from gongkai.bodies.models import BodyMembership, BodyRole
from gongkai.core.identifiers import credit_code_check_char, id_number_check_char
from gongkai.testing import personas


def id_number(birth: str = "19900307", region: str = "620102", seq: str = "123") -> str:
    first17 = f"{region}{birth}{seq}"
    return first17 + id_number_check_char(first17)


def credit_code(serial: int = 7) -> str:
    first17 = f"91620100{serial:09d}"
    return first17 + credit_code_check_char(first17)


def applicant_data(**overrides) -> dict:
    """What a natural person fills in on the public form."""
    data = {
        "applicant_type": ApplicantType.NATURAL_PERSON,
        "applicant_name": "张三",
        "id_type": IdType.RESIDENT_ID,
        "id_number": id_number(),
        "phone": "13912345678",
        "email": "zhangsan@example.invalid",
        "address": "兰州市城关区某路1号",
        "postcode": "730030",
        "description": "2023年城关区老旧小区改造项目的立项批复文件",
        "document_reference": "",
        "purpose": "",
    }
    data.update(overrides)
    return data


def organisation_data(**overrides) -> dict:
    data = applicant_data(
        applicant_type=ApplicantType.COMMERCIAL,
        applicant_name="甘肃某某建设有限公司",
        id_type=IdType.CREDIT_CODE,
        id_number=credit_code(),
        contact_person="李四",
    )
    data.update(overrides)
    return data


class ApplicationFactory(DjangoModelFactory):
    """A bare case row (no events) for selector tests that need many cases quickly."""

    class Meta:
        model = Application

    case_number = factory.Sequence(lambda n: f"TEST-2024-{n:05d}")
    query_code_hash = factory.LazyFunction(lambda: query_code_hash("ABCDEFGHJK"))
    applicant_type = ApplicantType.NATURAL_PERSON
    applicant_name = "王五"
    id_type = IdType.RESIDENT_ID
    id_number = factory.LazyFunction(id_number)
    phone = "13800000000"
    description = "某项政府信息"
    channel = Channel.IN_PERSON
    received_on = date(2024, 10, 8)
    status = ApplicationStatus.HANDLING


def register_case(
    user, body, *, channel: str = Channel.IN_PERSON, received_on: date | None = None, **data
) -> tuple[Application, str]:
    return application_register(
        user=user, body=body, channel=channel, data=applicant_data(**data), received_on=received_on
    )


def case_in(status: str, *, clerk, to_body=None) -> Application:
    """A case registered in person today by `clerk` and taken to `status` by workflow actions."""
    app, _ = register_case(clerk, clerk.body_memberships.first().body)
    S = ApplicationStatus
    if status == S.REGISTERED:
        return app
    if status == S.CLARIFICATION:
        return workflow.application_request_clarification(app, user=clerk, items="请写明文件名称")
    if status == S.WITHDRAWN:
        return workflow.application_withdraw(app, user=clerk, reason="申请人电话要求撤回")
    workflow.application_accept(app, user=clerk)
    if status == S.HANDLING:
        return app
    if status == S.CONSULTING:
        workflow.application_consult(
            app, user=clerk, kind=OpinionKind.THIRD_PARTY, addressee="某公司"
        )
        return app
    if status == S.AWAITING_FEE:
        workflow.application_issue_fee_notice(
            app, user=clerk, method=FeeMethod.PER_VOLUME, units=100
        )
        return app
    if status == S.TRANSFERRED:
        workflow.application_transfer(app, user=clerk, to_body=to_body, reasons="不属于本机关职责")
        app.refresh_from_db()
        return app
    if status in (S.REVIEWING, S.SIGNING):
        # 部分公开 needs 签发 by default: approved by the reviewer it waits for the office head.
        workflow.application_decide(
            app, user=clerk, decision=DecisionCode.PARTIAL, reasons="第二项涉及商业秘密"
        )
        reviewer = case_reviewer(app.body)
        if status == S.SIGNING:
            workflow.application_review_approve(app, user=reviewer)
        return app
    decide_and_approve(app, user=clerk)
    if status == S.DECIDED:
        return app
    workflow.application_deliver_reply(app, user=clerk)
    if status == S.REPLIED:
        return app
    workflow.application_archive(app, user=clerk)
    assert app.status == S.ARCHIVED
    return app


def case_reviewer(body, role: str = BodyRole.REVIEWER):
    """A second person of the body who reviews (审核) or, with OFFICE_HEAD, signs off (签发)."""
    membership = (
        BodyMembership.objects.filter(body=body, role=role, user__username__startswith="case_")
        .select_related("user")
        .first()
    )
    if membership is not None:
        return membership.user
    return personas.staff(f"case_{role}_{body.code}", body, role)


def decide_and_approve(app, *, user, decision=DecisionCode.DISCLOSED, reasons="", **kwargs):
    """提交审核, 审核通过 and, where the body needs it, 签发, all on the same day (`on`): the case
    ends 已决定 and its reply letter is issued (as a decision was made in one step before review
    existed)."""
    on = kwargs.get("on")
    workflow.application_decide(app, user=user, decision=decision, reasons=reasons, **kwargs)
    workflow.application_review_approve(app, user=case_reviewer(app.body), on=on)
    if isinstance(app, int):
        app = Application.objects.get(pk=app)
    app.refresh_from_db()
    if app.status == ApplicationStatus.SIGNING:
        workflow.application_sign_off(
            app, user=case_reviewer(app.body, BodyRole.OFFICE_HEAD), on=on
        )
        app.refresh_from_db()
    return app


# One valid call of every step action; `p` holds the personas: clerk, office_head, city (the body
# to transfer to). Used by the table walk and the permission tests.
def _open_opinion(app):
    opinion = app.opinions.filter(closed_on__isnull=True).first()
    return opinion if opinion is not None else 0


CALLS = {
    Action.ACCEPT: lambda app, p: workflow.application_accept(app, user=p["clerk"]),
    Action.REQUEST_CLARIFICATION: lambda app, p: workflow.application_request_clarification(
        app, user=p["clerk"], items="请写明所需文件的名称或文号"
    ),
    Action.RECEIVE_CORRECTION: lambda app, p: workflow.application_receive_correction(
        app, user=p["clerk"]
    ),
    Action.CLARIFICATION_LAPSE: lambda app, p: workflow.application_clarification_lapse(
        app, user=p["clerk"]
    ),
    Action.CONSULT: lambda app, p: workflow.application_consult(
        app, user=p["clerk"], kind=OpinionKind.THIRD_PARTY, addressee="某某公司"
    ),
    Action.RECORD_OPINION: lambda app, p: workflow.application_record_opinion(
        app, _open_opinion(app), user=p["clerk"], reply=OpinionReply.CONSENT
    ),
    Action.ISSUE_FEE_NOTICE: lambda app, p: workflow.application_issue_fee_notice(
        app, user=p["clerk"], method=FeeMethod.PER_VOLUME, units=100
    ),
    Action.RECORD_PAYMENT: lambda app, p: workflow.application_record_payment(app, user=p["clerk"]),
    Action.FEE_LAPSE: lambda app, p: workflow.application_fee_lapse(app, user=p["clerk"]),
    Action.EXTEND: lambda app, p: workflow.application_extend(
        app, user=p["office_head"], days=10, reason="需要调取档案"
    ),
    Action.DECIDE: lambda app, p: workflow.application_decide(
        app, user=p["clerk"], decision=DecisionCode.PARTIAL, reasons="第二项涉及商业秘密"
    ),
    # The office head may review too (the drafter is the clerk).
    Action.REVIEW_APPROVE: lambda app, p: workflow.application_review_approve(
        app, user=p["office_head"]
    ),
    Action.REVIEW_RETURN: lambda app, p: workflow.application_review_return(
        app, user=p["office_head"], reason="理由不充分"
    ),
    Action.SIGN_OFF: lambda app, p: workflow.application_sign_off(app, user=p["office_head"]),
    Action.SIGN_OFF_RETURN: lambda app, p: workflow.application_sign_off_return(
        app, user=p["office_head"], reason="请补充法律依据"
    ),
    Action.REPLY_ON_THE_SPOT: lambda app, p: workflow.application_reply_on_the_spot(
        app, user=p["clerk"], decision=DecisionCode.DISCLOSED
    ),
    Action.DELIVER_REPLY: lambda app, p: workflow.application_deliver_reply(app, user=p["clerk"]),
    Action.ARCHIVE: lambda app, p: workflow.application_archive(app, user=p["clerk"]),
    Action.TRANSFER: lambda app, p: workflow.application_transfer(
        app, user=p["clerk"], to_body=p["city"], reasons="该信息由兰州市人民政府制作"
    ),
    Action.WITHDRAW: lambda app, p: workflow.application_withdraw(
        app, user=p["clerk"], reason="申请人来电要求撤回"
    ),
}
