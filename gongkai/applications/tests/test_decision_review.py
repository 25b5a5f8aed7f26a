"""审核 and 签发 of a decision (requirements B3): who may do each step, the clock running on, the
reply letter only from the approved draft, delivery refused before, the per-body setting, the
review queue — through the workflow and over HTTP."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.applications import workflow
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    ApplicationStatus,
    DecisionReviewSetting,
    Notice,
)
from gongkai.applications.selectors import application_deadline, sign_off_decisions
from gongkai.applications.services.review_settings import AUDIT_SIGN_OFF_SETTING
from gongkai.applications.tests.factories import case_in
from gongkai.applications.workflow import WorkflowError
from gongkai.bodies.models import BodyRole
from gongkai.testing import personas
from gongkai.testing.personas import PASSWORD

S = ApplicationStatus
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _on_a_working_day(time_machine):
    time_machine.move_to(datetime.combine(date(2024, 10, 8), time(10), tzinfo=TZ), tick=False)


@pytest.fixture
def other_head(city):
    return personas.staff("other_head", city, BodyRole.OFFICE_HEAD)


def _refused(call) -> str:
    with pytest.raises(WorkflowError) as refusal:
        call()
    return refusal.value.message


def _draft(clerk, decision=DecisionCode.PARTIAL, **kwargs):
    app = case_in(S.HANDLING, clerk=clerk)
    reasons = "" if decision == DecisionCode.DISCLOSED else "第二项涉及商业秘密"
    workflow.application_decide(app, user=clerk, decision=decision, reasons=reasons, **kwargs)
    return app


def test_the_draft_goes_through_review_and_sign_off_and_the_clock_runs_on(
    office, clerk, reviewer, office_head, time_machine, django_capture_on_commit_callbacks
):
    app = case_in(S.HANDLING, clerk=clerk)
    due = application_deadline(app).due
    with django_capture_on_commit_callbacks(execute=True):
        workflow.application_decide(
            app,
            user=clerk,
            decision=DecisionCode.PARTIAL,
            reasons="第二项涉及商业秘密",
            letter={"disclosed_part": "第一项"},
        )
    assert (app.status, app.decision, app.decided_on) == (S.REVIEWING, "", None)
    assert not Notice.objects.filter(kind="reply").exists()  # no reply before approval
    time_machine.move_to(datetime(2024, 10, 9, 10, tzinfo=TZ), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.application_review_approve(app, user=reviewer)
    assert app.status == S.SIGNING and not Notice.objects.filter(kind="reply").exists()
    assert application_deadline(app).due == due  # no pause for internal review
    time_machine.move_to(datetime(2024, 10, 10, 10, tzinfo=TZ), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.application_sign_off(app, user=office_head)
    app.refresh_from_db()
    assert (app.status, app.decision, app.decided_on) == (
        S.DECIDED,
        DecisionCode.PARTIAL,
        date(2024, 10, 10),  # decided when signed off
    )
    assert application_deadline(app).due == due
    signed = app.events.get(action=Action.SIGN_OFF)
    reply = Notice.objects.get(kind="reply")
    assert reply.event == signed and "第一项" in reply.body_text  # from the approved draft
    workflow.application_deliver_reply(app, user=clerk)
    assert app.status == S.REPLIED


# (step, who tries, the refusal)
WHO = [
    ("review", "clerk", workflow.MSG_NOT_REVIEWER),  # a handler does not review
    ("review", "other_head", workflow.MSG_NOT_REVIEWER),  # nor another body's office head
    ("sign_off", "clerk", workflow.MSG_NOT_SIGNER),  # a handler cannot 签发
    ("sign_off", "reviewer", workflow.MSG_NOT_SIGNER),  # nor the reviewer
    ("sign_off", "other_head", workflow.MSG_NOT_SIGNER),
    ("sign_off", "operator", workflow.MSG_NOT_SIGNER),  # nor the platform operator
]


@pytest.mark.parametrize(("step", "who", "message"), WHO)
def test_who_may_review_and_sign_off(step, who, message, request, office, clerk, reviewer):
    person = request.getfixturevalue(who)
    app = _draft(clerk)
    if step == "sign_off":
        workflow.application_review_approve(app, user=reviewer)
        approve, send_back = workflow.application_sign_off, workflow.application_sign_off_return
    else:
        approve, send_back = workflow.application_review_approve, workflow.application_review_return
    status, events = app.status, app.events.count()
    assert _refused(lambda: approve(app, user=person)) == message
    assert _refused(lambda: send_back(app, user=person, reason="理由不足")) == message
    assert not {Action.REVIEW_APPROVE, Action.SIGN_OFF} & set(workflow.actions_offered(app, person))
    app.refresh_from_db()
    assert (app.status, app.events.count()) == (status, events)


def test_nobody_reviews_their_own_draft_and_the_office_head_may_review(
    office, reviewer, office_head
):
    app = _draft(reviewer)  # a reviewer also handles cases
    assert workflow.actions_offered(app, reviewer) == [Action.WITHDRAW]
    assert (
        _refused(lambda: workflow.application_review_approve(app, user=reviewer))
        == workflow.MSG_REVIEW_OWN_DRAFT
    )
    assert Action.REVIEW_APPROVE in workflow.actions_offered(app, office_head)
    workflow.application_review_approve(app, user=office_head)
    workflow.application_sign_off(app, user=office_head)
    assert app.status == S.DECIDED


def test_delivery_waits_for_review_and_sign_off(office, clerk, reviewer):
    app = _draft(clerk)
    deliver = lambda: workflow.application_deliver_reply(app, user=clerk)  # noqa: E731
    assert _refused(deliver) == workflow.MSG_DELIVER_BEFORE_REVIEW
    workflow.application_review_approve(app, user=reviewer)
    assert _refused(deliver) == workflow.MSG_DELIVER_BEFORE_SIGN_OFF
    assert app.events.filter(action=Action.DELIVER_REPLY).count() == 0


def test_a_returned_draft_goes_back_to_the_handler_with_the_reason(
    client, office, clerk, reviewer, office_head
):
    app = _draft(clerk)
    assert (
        _refused(lambda: workflow.application_review_return(app, user=reviewer, reason=" "))
        == workflow.MSG_RETURN_REASON
    )
    workflow.application_review_approve(app, user=reviewer)
    workflow.application_sign_off_return(app, user=office_head, reason="请补充第三方意见")
    assert (app.status, app.decision) == (S.HANDLING, "")
    client.login(username="clerk", password=PASSWORD)
    page = client.get(reverse("workbench:case", args=[app.pk])).content.decode()
    assert "退回理由：请补充第三方意见" in page
    # Submitted again, the reason is no longer shown as pending.
    workflow.application_decide(app, user=clerk, decision="partial", reasons="补充后的理由")
    page = client.get(reverse("workbench:case", args=[app.pk])).content.decode()
    assert 'id="returned"' not in page and "补充后的理由" in page


def test_by_default_a_plain_disclosure_needs_no_sign_off(office, clerk, reviewer):
    assert DecisionCode.DISCLOSED not in sign_off_decisions(office)
    assert DecisionCode.PARTIAL in sign_off_decisions(office)
    app = _draft(clerk, DecisionCode.DISCLOSED)
    workflow.application_review_approve(app, user=reviewer)
    assert (app.status, app.decision) == (S.DECIDED, DecisionCode.DISCLOSED)
    workflow.application_deliver_reply(app, user=clerk)
    assert app.status == S.REPLIED


def test_the_office_head_sets_which_decisions_need_sign_off(
    client, office, city, clerk, reviewer, office_head, other_body_clerk
):
    url = reverse("workbench:sign_off_setting")
    client.login(username="clerk", password=PASSWORD)
    assert client.get(url).status_code == 404  # a handler may not
    client.login(username="other_clerk", password=PASSWORD)
    assert client.get(url).status_code == 404
    # Naming a body one may not set is a 404, never a change to one's own body.
    outsider = personas.staff("city_head", city, BodyRole.OFFICE_HEAD)
    client.force_login(outsider)
    assert client.get(url, {"body": office.code}).status_code == 404
    assert client.post(url, {"body": office.code, "sign_off_decisions": []}).status_code == 404
    assert not DecisionReviewSetting.objects.exists()
    client.login(username="office_head", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "须经政府信息公开工作机构负责人签发的办理结果" in page and office.name in page
    response = client.post(url, {"body": office.code, "sign_off_decisions": ["disclosed"]})
    assert response.status_code == 302
    assert DecisionReviewSetting.objects.get(body=office).sign_off_decisions == ["disclosed"]
    assert ModelLogEntry.objects.filter(action=AUDIT_SIGN_OFF_SETTING).count() == 1
    # Now 部分公开 is delivered after review alone, 予以公开 waits for 签发.
    partial = _draft(clerk)
    workflow.application_review_approve(partial, user=reviewer)
    assert partial.status == S.DECIDED
    disclosed = _draft(clerk, DecisionCode.DISCLOSED)
    workflow.application_review_approve(disclosed, user=reviewer)
    assert disclosed.status == S.SIGNING


def test_the_review_queue_shows_each_person_their_drafts_with_days_left(
    client, office, clerk, reviewer, office_head, other_head
):
    reviewing = _draft(clerk)
    signing = _draft(clerk)
    workflow.application_review_approve(signing, user=reviewer)
    url = reverse("workbench:review_queue")
    client.login(username="reviewer", password=PASSWORD)
    page = client.get(url).content.decode()
    assert reviewing.case_number in page and signing.case_number not in page
    assert "待审核" in page and "<td>20</td>" in page  # 20 working days left, counting on
    client.login(username="office_head", password=PASSWORD)
    page = client.get(url).content.decode()
    assert reviewing.case_number in page and signing.case_number in page
    client.login(username="other_head", password=PASSWORD)
    page = client.get(url).content.decode()
    assert "没有等待您审核或签发的答复" in page
    # …and another body's office head gets nothing of the case, nor can act on it.
    assert client.get(reverse("workbench:case", args=[signing.pk])).status_code == 404
    response = client.post(reverse("workbench:sign_off", args=[signing.pk]), {})
    assert response.status_code == 404
    signing.refresh_from_db()
    assert signing.status == S.SIGNING
