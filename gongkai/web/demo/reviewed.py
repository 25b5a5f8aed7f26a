"""This year's cases of the General Office walked through the workflow, so that the demo shows a
decision's 审核 and 签发 (docs/workflow.md, "Review and 签发"): one drafted by `bgt_clerk`,
reviewed by `bgt_reviewer`, signed off by `bgt_head` and delivered; one reviewed and waiting for
`bgt_head`'s 签发 (in the review queue). Received and handled today, in person. The imported
cases of last year (`cases.py`) are historic: they predate the platform and its review.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import ApplicantType, Application, Channel, IdType
from gongkai.applications.services.intake import application_register
from gongkai.bodies.models import Body
from gongkai.core.dates import today
from gongkai.core.identifiers import id_number_check_char

BODY = "gs-bgt"

# (applicant, ID stub, description, decision, reasons, delivered?)
REVIEWED_CASES = [
    (
        "赵明",
        "62010219880415123",
        "省政府办公厅2024年政府信息公开工作年度报告所列依申请公开案件的答复文书",
        DecisionCode.PARTIAL,
        "答复文书中申请人的姓名、证件号码和联系方式属于个人隐私，依据条例第十五条不予公开，其余部分予以公开。",
        True,
    ),
    (
        "孙静",
        "62010319920822123",
        "某建设项目环境影响评价审批过程中的内部讨论记录",
        DecisionCode.WITHHELD_PROCESS_INFORMATION,
        "所申请信息属于行政机关在履行职责过程中形成的讨论记录，依据条例第十六条第二款可以不予公开。",
        False,
    ),
]


def load_demo_reviewed_cases() -> None:
    """Runs outside any transaction: registration commits on its own (as online submission)."""
    body = Body.objects.get(code=BODY)
    users = get_user_model().objects.in_bulk(
        ["bgt_clerk", "bgt_reviewer", "bgt_head"], field_name="username"
    )
    clerk, reviewer, head = users["bgt_clerk"], users["bgt_reviewer"], users["bgt_head"]
    for name, stub, description, decision, reasons, delivered in REVIEWED_CASES:
        if Application.objects.filter(body=body, description=description).exists():
            continue
        app, _ = application_register(
            user=clerk,
            body=body,
            channel=Channel.IN_PERSON,
            data={
                "applicant_type": ApplicantType.NATURAL_PERSON,
                "applicant_name": name,
                "id_type": IdType.RESIDENT_ID,
                "id_number": stub + id_number_check_char(stub),
                "phone": "13900000000",
                "address": "甘肃省兰州市城关区示例路2号",
                "description": description,
            },
            received_on=today(),
        )
        workflow.application_accept(app, user=clerk)
        workflow.application_decide(app, user=clerk, decision=decision, reasons=reasons)
        workflow.application_review_approve(app, user=reviewer)
        if delivered:
            workflow.application_sign_off(app, user=head)
            workflow.application_deliver_reply(app, user=clerk)
