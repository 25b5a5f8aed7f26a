"""Typical cases done properly (B6): only delivered cases, proposed by a handler, approved by the
office head, published with the anonymised reply letter, withdrawn from the staff screen."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from gongkai.applications import workflow
from gongkai.applications.models import ApplicationStatus as S
from gongkai.applications.models import TypicalCase, TypicalStatus
from gongkai.applications.services import (
    MSG_TYPICAL_NOT_DELIVERED,
    MSG_TYPICAL_NOT_HEAD,
    MSG_TYPICAL_PERSONAL_DATA,
    typical_case_approve,
    typical_case_propose,
    typical_case_return,
    typical_case_unpublish,
)
from gongkai.applications.services.typical import (
    AUDIT_TYPICAL_PROPOSE,
    AUDIT_TYPICAL_PUBLISH,
    AUDIT_TYPICAL_RETURN,
    AUDIT_TYPICAL_UNPUBLISH,
    typical_case_letter_draft,
)
from gongkai.applications.tests.factories import case_in
from gongkai.bodies.models import BodyRole
from gongkai.testing import personas

pytestmark = pytest.mark.django_db

WRITE_UP = {
    "title": "申请公开已主动公开的信息，告知获取途径",
    "summary": "申请人申请公开某老旧小区改造项目的立项批复。",
    "reply_text": "该信息已主动公开，告知申请人获取的方式和途径。",
    "letter_text": "申请人某某：\n该信息已主动公开。\n特此答复。",
}


@pytest.fixture(autouse=True)
def _day(time_machine):
    # A day whose following working days the calendar holds (fee notices, extensions).
    time_machine.move_to(datetime(2024, 12, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False)


@pytest.fixture
def delivered(clerk, django_capture_on_commit_callbacks):
    """A case whose reply letter was issued (on commit, as in production) and delivered."""
    with django_capture_on_commit_callbacks(execute=True):
        return case_in(S.REPLIED, clerk=clerk)


def _login(client, username):
    assert client.login(username=username, password=personas.PASSWORD)


def _actions(case) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(TypicalCase), object_id=str(case.pk)
        )
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (S.REGISTERED, False),
        (S.CLARIFICATION, False),
        (S.HANDLING, False),
        (S.CONSULTING, False),
        (S.AWAITING_FEE, False),
        (S.DECIDED, False),
        (S.TRANSFERRED, False),
        (S.WITHDRAWN, False),
        (S.REPLIED, True),
        (S.ARCHIVED, True),
    ],
)
def test_only_a_delivered_or_archived_case_may_be_proposed(clerk, city, status, allowed):
    app = case_in(status, clerk=clerk, to_body=city)
    if allowed:
        case = typical_case_propose(user=clerk, application=app, **WRITE_UP)
        assert case.status == TypicalStatus.PROPOSED and not case.published
    else:
        with pytest.raises(workflow.WorkflowError) as refused:
            typical_case_propose(user=clerk, application=app, **WRITE_UP)
        assert refused.value.message == MSG_TYPICAL_NOT_DELIVERED
        assert not TypicalCase.objects.exists()


def test_the_office_head_approves_publication_and_a_handler_cannot(
    client, delivered, clerk, office_head
):
    case = typical_case_propose(user=clerk, application=delivered, **WRITE_UP)
    assert client.get("/apply/cases/").content.decode().count(WRITE_UP["title"]) == 0
    with pytest.raises(workflow.WorkflowError) as refused:
        typical_case_approve(case, user=clerk)
    assert refused.value.message == MSG_TYPICAL_NOT_HEAD
    # Over HTTP the handler is not even offered the form, and a forged POST is refused.
    _login(client, "clerk")
    page = client.get(reverse("workbench:typical_case", args=[delivered.pk])).content.decode()
    assert "审核通过并发布" not in page and "待审核" in page
    forged = client.post(
        reverse("workbench:typical_case_approve", args=[delivered.pk, case.pk]),
        {"letter_text": WRITE_UP["letter_text"]},
    )
    assert MSG_TYPICAL_NOT_HEAD in forged.content.decode()
    case.refresh_from_db()
    assert case.status == TypicalStatus.PROPOSED

    _login(client, "office_head")
    response = client.post(
        reverse("workbench:typical_case_approve", args=[delivered.pk, case.pk]),
        {"letter_text": WRITE_UP["letter_text"] + "\n（已审核）"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.published and case.reviewed_by == office_head
    assert case.letter_text.endswith("（已审核）") and case.letter_pdf
    assert WRITE_UP["title"] in client.get("/apply/cases/").content.decode()
    assert _actions(case) == [AUDIT_TYPICAL_PROPOSE, AUDIT_TYPICAL_PUBLISH]


def test_the_office_head_returns_a_proposal_with_a_reason_and_the_handler_revises_it(
    client, delivered, clerk, office_head
):
    case = typical_case_propose(user=clerk, application=delivered, **WRITE_UP)
    _login(client, "office_head")
    url = reverse("workbench:typical_case_return", args=[delivered.pk, case.pk])
    assert "退回理由" in client.post(url, {"reason": " "}).content.decode()
    client.post(url, {"reason": "摘要过于简单，请写明检索经过"})
    case.refresh_from_db()
    assert case.status == TypicalStatus.RETURNED
    _login(client, "clerk")
    page = client.get(reverse("workbench:typical_case", args=[delivered.pk])).content.decode()
    assert "摘要过于简单" in page and "修改后重新提交" in page
    client.post(
        reverse("workbench:typical_case", args=[delivered.pk]),
        {**WRITE_UP, "summary": "申请人申请公开立项批复；经检索，该批复已于门户网站公开。"},
    )
    case.refresh_from_db()
    assert case.status == TypicalStatus.PROPOSED and "经检索" in case.summary
    assert TypicalCase.objects.count() == 1
    assert _actions(case) == [AUDIT_TYPICAL_PROPOSE, AUDIT_TYPICAL_RETURN, AUDIT_TYPICAL_PROPOSE]


def test_another_bodys_office_head_gets_nothing(client, delivered, clerk, city):
    personas.staff("other_head", city, BodyRole.OFFICE_HEAD)
    case = typical_case_propose(user=clerk, application=delivered, **WRITE_UP)
    _login(client, "other_head")
    assert client.get(reverse("workbench:typical_case", args=[delivered.pk])).status_code == 404
    for name in ("typical_case_approve", "typical_case_return", "typical_case_unpublish"):
        url = reverse(f"workbench:{name}", args=[delivered.pk, case.pk])
        assert client.post(url, {"letter_text": "x", "reason": "x"}).status_code == 404, name
    assert (
        client.post(reverse("workbench:typical_case", args=[delivered.pk]), WRITE_UP).status_code
        == 404
    )
    case.refresh_from_db()
    assert case.status == TypicalStatus.PROPOSED


def test_the_reply_letter_is_anonymised_published_with_the_case_and_withdrawn_with_it(
    client, delivered, clerk, office_head
):
    draft = typical_case_letter_draft(delivered)
    assert draft.startswith("申请人某某：")
    for personal in (delivered.applicant_name, delivered.id_number, delivered.phone):
        assert personal not in draft
    case = typical_case_propose(
        user=clerk, application=delivered, **{**WRITE_UP, "letter_text": draft}
    )
    letter_url = reverse("apply:typical_case_letter", args=[case.pk])
    assert client.get(letter_url).status_code == 404  # not before approval
    typical_case_approve(case, user=office_head)

    page = client.get(f"/apply/cases/{case.pk}/").content.decode()
    assert letter_url in page and "下载答复书" in page
    response = client.get(letter_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(response.content)).pages)
    compact = "".join(text.split())
    assert "申请人某某" in compact and "特此答复" in compact
    for personal in (delivered.applicant_name, delivered.id_number, delivered.phone):
        assert personal not in compact

    _login(client, "clerk")
    client.post(reverse("workbench:typical_case_unpublish", args=[delivered.pk, case.pk]))
    case.refresh_from_db()
    assert case.status == TypicalStatus.UNPUBLISHED and not case.letter_pdf
    client.logout()
    assert client.get(letter_url).status_code == 404
    assert client.get(f"/apply/cases/{case.pk}/").status_code == 404
    assert _actions(case)[-1] == AUDIT_TYPICAL_UNPUBLISH


@pytest.mark.parametrize(
    ("field", "text", "label"),
    [
        ("summary", "第三人李四（电话138-1234-5678）不同意公开", "手机号码"),
        ("summary", "申请人张·三申请公开立项批复", "姓名"),
        ("letter_text", "申请人某某：\n身份证号62010219900307123x。", "身份证号码"),
        ("reply_text", "请联系 zhangsan@example.invalid", "电子邮箱"),
    ],
)
def test_personal_data_left_in_the_write_up_is_refused_and_the_text_kept(
    client, delivered, clerk, field, text, label
):
    _login(client, "clerk")
    response = client.post(
        reverse("workbench:typical_case", args=[delivered.pk]), {**WRITE_UP, field: text}
    )
    page = response.content.decode()
    assert MSG_TYPICAL_PERSONAL_DATA in page and label in page
    assert text.splitlines()[-1] in page
    assert not TypicalCase.objects.exists()


def test_the_bodys_own_contact_number_may_stay_in_the_letter(delivered, clerk, office):
    office.phone = "0931-8123456"
    office.save(update_fields=["phone"])
    letter = WRITE_UP["letter_text"] + "\n联系电话：0931-8123456。"
    case = typical_case_propose(
        user=clerk, application=delivered, **{**WRITE_UP, "letter_text": letter}
    )
    assert "0931-8123456" in case.letter_text


def test_a_returned_or_published_case_cannot_be_approved_twice(delivered, clerk, office_head):
    case = typical_case_propose(user=clerk, application=delivered, **WRITE_UP)
    typical_case_return(case, user=office_head, reason="请补充")
    with pytest.raises(workflow.WorkflowError):
        typical_case_approve(case, user=office_head)
    with pytest.raises(workflow.WorkflowError):
        typical_case_unpublish(case, user=clerk)
