"""Whole cases through the workflow, with each deadline checked against `reply_due` computed
independently from the same facts."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from gongkai.applications import deadlines, workflow
from gongkai.applications.deadlines import Pause, reply_due
from gongkai.applications.decisions import DecisionCode
from gongkai.applications.models import (
    Action,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Channel,
    FeeMethod,
    IdType,
    OpinionKind,
    OpinionReply,
)
from gongkai.applications.selectors import (
    application_deadline,
    application_for_tracking,
    applications_for_user,
    clarification_of,
)
from gongkai.applications.services import (
    MSG_RECEIVED_ON_REQUIRED,
    MSG_REGISTER_ONLINE,
    application_register,
    application_submit_online,
)
from gongkai.applications.tests.factories import (
    applicant_data,
    case_reviewer,
    decide_and_approve,
    register_case,
)
from gongkai.applications.workflow import WorkflowError
from gongkai.workdays.calendar import WorkCalendar

S = ApplicationStatus
TZ = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()  # the package's official schedule; no overrides in these tests


@pytest.fixture
def at(time_machine):
    def move(day: date, hour: int = 10) -> None:
        time_machine.move_to(datetime.combine(day, time(hour), tzinfo=TZ), tick=False)

    return move


def actions(app: Application) -> list[str]:
    return list(app.events.order_by("at", "pk").values_list("action", flat=True))


def test_a_full_case_from_online_submission_to_archive(at, office, clerk, office_head, citizen):
    # Fri 27 Sep 2024, submitted online: received that day (条例 Art. 31, regulations.md §9).
    at(date(2024, 9, 27), hour=9)
    app, code = application_submit_online(office, citizen.data)
    assert app.case_number == "IDX-gs-bgt-2024-00001"
    assert app.received_on == date(2024, 9, 27) and app.status == S.REGISTERED
    assert application_deadline(app).due == reply_due(date(2024, 9, 27), calendar=CALENDAR).due
    assert application_deadline(app).due == date(2024, 10, 30)  # regulations.md §9's example
    workflow.application_accept(app, user=clerk)
    assert app.handler == clerk and app.status == S.HANDLING

    # Mon 30 Sep: 补正告知, within 7 working days (the notice period ends Sat 12 Oct, a 调休 day).
    at(date(2024, 9, 30))
    workflow.application_request_clarification(app, user=clerk, items="请写明文件的名称或文号")
    assert app.status == S.CLARIFICATION
    assert clarification_of(app).correction_due == deadlines.correction_due(
        date(2024, 9, 30), calendar=CALENDAR
    )
    paused = application_deadline(app)
    assert paused.due is None and paused.paused  # no reply period runs while waiting

    # Thu 10 Oct: the corrected application arrives; a fresh 20 working days run from it.
    at(date(2024, 10, 10))
    workflow.application_receive_correction(app, user=clerk, description="甘政办发〔2023〕5号文件")
    assert app.status == S.HANDLING and app.description == "甘政办发〔2023〕5号文件"
    fresh = reply_due(
        date(2024, 9, 27), calendar=CALENDAR, clarification_received=date(2024, 10, 10)
    )
    assert (
        application_deadline(app).due == fresh.due == CALENDAR.add_workdays(date(2024, 10, 10), 20)
    )

    # Tue 15 Oct: a third party is consulted; the clock stops until its opinion (22 Oct).
    at(date(2024, 10, 15))
    opinion = workflow.application_consult(
        app, user=clerk, kind=OpinionKind.THIRD_PARTY, addressee="甘肃某某建设有限公司"
    )
    assert app.status == S.CONSULTING
    assert application_deadline(app).due is None
    at(date(2024, 10, 22))
    workflow.application_record_opinion(
        app, opinion, user=clerk, reply=OpinionReply.OBJECTION, summary="第二项涉及商业秘密"
    )
    assert app.status == S.HANDLING
    pauses = [Pause(date(2024, 10, 15), date(2024, 10, 22), deadlines.PAUSE_THIRD_PARTY)]
    expected = reply_due(
        date(2024, 9, 27),
        calendar=CALENDAR,
        clarification_received=date(2024, 10, 10),
        pauses=pauses,
    )
    assert application_deadline(app).due == expected.due == date(2024, 11, 13)

    # Fri 25 Oct: an extension. The clerk may not grant it; the office head may, once.
    at(date(2024, 10, 25))
    with pytest.raises(WorkflowError) as refused:
        workflow.application_extend(app, user=clerk, days=15, reason="需要调取档案")
    assert refused.value.message == workflow.MSG_NOT_OFFICE_HEAD
    workflow.application_extend(app, user=office_head, days=15, reason="需要调取档案")
    assert app.extension_days == 15 and app.extension_approved_by == office_head
    extended = reply_due(
        date(2024, 9, 27),
        calendar=CALENDAR,
        clarification_received=date(2024, 10, 10),
        pauses=pauses,
        extension_days=15,
    )
    assert application_deadline(app).due == extended.due == date(2024, 12, 4)
    with pytest.raises(WorkflowError) as again:
        workflow.application_extend(app, user=office_head, days=5, reason="再延")
    assert again.value.message == workflow.MSG_EXTENSION_ONCE

    # 20 Nov: 部分公开 needs the reasons for the withheld part (条例 Art. 37).
    at(date(2024, 11, 20))
    with pytest.raises(WorkflowError) as no_reasons:
        workflow.application_decide(app, user=clerk, decision=DecisionCode.PARTIAL)
    assert no_reasons.value.message == workflow.MSG_PARTIAL_REASONS
    due = application_deadline(app).due
    workflow.application_decide(
        app, user=clerk, decision=DecisionCode.PARTIAL, reasons="第二项涉及第三方商业秘密，不予公开"
    )
    # 审核 and 签发 (部分公开 needs it by default); the clock runs on, the due date unchanged.
    assert (app.status, app.decision) == (S.REVIEWING, "")
    workflow.application_review_approve(app, user=case_reviewer(office))
    assert app.status == S.SIGNING and application_deadline(app).due == due
    workflow.application_sign_off(app, user=office_head)
    assert (app.status, app.decision, app.decided_on) == (
        S.DECIDED,
        DecisionCode.PARTIAL,
        date(2024, 11, 20),
    )
    at(date(2024, 11, 21))
    workflow.application_deliver_reply(app, user=clerk)
    assert app.status == S.REPLIED and app.replied_on == date(2024, 11, 21)
    delivered = app.events.get(action=Action.DELIVER_REPLY)
    assert delivered.data == {"due": "2024-12-04", "late": False}
    workflow.application_archive(app, user=clerk)

    app.refresh_from_db()
    assert app.status == S.ARCHIVED
    assert actions(app) == [
        Action.SUBMIT,
        Action.ACCEPT,
        Action.REQUEST_CLARIFICATION,
        Action.RECEIVE_CORRECTION,
        Action.CONSULT,
        Action.RECORD_OPINION,
        Action.EXTEND,
        Action.DECIDE,
        Action.REVIEW_APPROVE,
        Action.SIGN_OFF,
        Action.DELIVER_REPLY,
        Action.ARCHIVE,
    ]
    statuses = list(app.events.order_by("at", "pk").values_list("from_status", "to_status"))
    assert all(a[1] == b[0] for a, b in pairwise(statuses) if b[0])
    assert application_for_tracking(app.case_number, code) == app


def test_the_online_receipt_is_committed_and_the_code_shown_once(at, office, citizen):
    at(date(2024, 9, 27))
    app, code = application_submit_online(office, citizen.data)
    assert len(code) == 10 and code not in app.query_code_hash
    assert app.received_at is not None and app.channel == Channel.ONLINE
    event = app.events.get()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        Action.SUBMIT,
        None,
        "",
        S.REGISTERED,
    )
    second, _ = application_submit_online(office, citizen.data)
    assert second.case_number == "IDX-gs-bgt-2024-00002"


def test_an_invalid_submission_is_refused_field_by_field(db, office, citizen):
    data = {**citizen.data, "id_number": "620102199003071234", "email": "not-an-email"}
    with pytest.raises(ValidationError) as refused:
        application_submit_online(office, data)
    errors = refused.value.message_dict
    assert "id_number" in errors and "email" in errors
    assert Application.objects.count() == 0


def test_case_numbers_run_per_body_and_year(at, office, city, clerk, other_body_clerk):
    at(date(2024, 12, 30))
    a, _ = register_case(clerk, office)
    b, _ = register_case(clerk, office)
    c, _ = register_case(other_body_clerk, city)
    at(date(2025, 1, 2))
    d, _ = register_case(clerk, office)
    assert [a.case_number, b.case_number, c.case_number, d.case_number] == [
        "IDX-gs-bgt-2024-00001",
        "IDX-gs-bgt-2024-00002",
        "IDX-lanzhou-2024-00001",
        "IDX-gs-bgt-2025-00001",
    ]


def test_staff_registration_takes_the_receipt_date_of_the_channel(at, office, clerk):
    at(date(2024, 10, 14))
    with pytest.raises(ValidationError) as no_date:
        register_case(clerk, office, channel=Channel.REGISTERED_POST)
    assert no_date.value.message_dict["received_on"] == [
        MSG_RECEIVED_ON_REQUIRED.format(rule="行政机关签收之日")
    ]
    with pytest.raises(ValidationError) as online:
        register_case(clerk, office, channel=Channel.ONLINE)
    assert online.value.message_dict["channel"] == [MSG_REGISTER_ONLINE]
    app, _ = register_case(
        clerk, office, channel=Channel.ORDINARY_POST, received_on=date(2024, 10, 11)
    )
    assert app.received_on == date(2024, 10, 11) and app.received_at is None
    assert app.events.get().action == Action.REGISTER


def test_clarification_is_refused_after_seven_working_days(at, office, clerk):
    at(date(2024, 10, 14))
    app, _ = register_case(
        clerk, office, channel=Channel.REGISTERED_POST, received_on=date(2024, 9, 27)
    )
    with pytest.raises(WorkflowError) as late:
        workflow.application_request_clarification(app, user=clerk, items="请写明文号")
    assert late.value.message == workflow.MSG_CLARIFICATION_TOO_LATE.format(due="2024年10月12日")
    assert app.events.count() == 1 and app.status == S.REGISTERED
    # On the 7th working day it is still in time.
    workflow.application_request_clarification(
        app, user=clerk, items="请写明文号", on=date(2024, 10, 12)
    )
    assert app.status == S.CLARIFICATION


def test_clarification_only_once_and_a_lapse_ends_as_other_1(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    workflow.application_request_clarification(
        app, user=clerk, items="请写明文号", correction_days=10
    )
    due = deadlines.correction_due(date(2024, 10, 8), calendar=CALENDAR, days=10)
    at(due)
    with pytest.raises(WorkflowError) as early:
        workflow.application_clarification_lapse(app, user=clerk)
    assert early.value.message == workflow.MSG_CORRECTION_PERIOD_RUNNING.format(
        due=deadlines.cn_date(due)
    )
    at(CALENDAR.add_workdays(due, 1))
    workflow.application_clarification_lapse(app, user=clerk)
    assert (app.status, app.decision) == (S.DECIDED, DecisionCode.OTHER_NO_CORRECTION)
    assert app.decided_on == CALENDAR.add_workdays(due, 1)


def test_a_second_clarification_after_correction_is_refused(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    workflow.application_request_clarification(app, user=clerk, items="请写明文号")
    workflow.application_receive_correction(app, user=clerk)
    with pytest.raises(WorkflowError) as twice:
        workflow.application_request_clarification(app, user=clerk, items="再补正")
    assert twice.value.message == workflow.MSG_CLARIFICATION_ONCE
    # After a correction, 仍不明确 is a decision of its own (无法提供 3).
    app = decide_and_approve(
        app, user=clerk, decision=DecisionCode.UNAVAILABLE_STILL_UNCLEAR, reasons="补正后仍无法确定"
    )
    assert app.decision == DecisionCode.UNAVAILABLE_STILL_UNCLEAR


def test_still_unclear_needs_a_correction_and_lapse_decisions_are_not_chosen(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    with pytest.raises(WorkflowError) as unclear:
        workflow.application_decide(
            app, user=clerk, decision=DecisionCode.UNAVAILABLE_STILL_UNCLEAR, reasons="不明确"
        )
    assert unclear.value.message == workflow.MSG_STILL_UNCLEAR_NEEDS_CORRECTION
    with pytest.raises(WorkflowError) as lapse:
        workflow.application_decide(
            app, user=clerk, decision=DecisionCode.OTHER_FEE_UNPAID, reasons="未缴费"
        )
    assert lapse.value.message.startswith("“其他处理：申请人逾期未按收费通知要求缴纳费用”")
    with pytest.raises(WorkflowError) as reasons:
        workflow.application_decide(app, user=clerk, decision=DecisionCode.WITHHELD_STATE_SECRET)
    assert reasons.value.message == workflow.MSG_DECISION_REASONS
    assert app.events.count() == 1


def test_overlapping_consultations_exclude_each_day_once(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    workflow.application_accept(app, user=clerk)
    third = workflow.application_consult(
        app, user=clerk, kind=OpinionKind.THIRD_PARTY, addressee="某公司"
    )
    at(date(2024, 10, 10))
    other = workflow.application_consult(
        app, user=clerk, kind=OpinionKind.OTHER_BODY, addressee="甘肃省财政厅"
    )
    at(date(2024, 10, 14))
    workflow.application_record_opinion(app, third, user=clerk, reply=OpinionReply.CONSENT)
    assert app.status == S.CONSULTING  # the other body has not answered
    with pytest.raises(WorkflowError) as early_silence:
        workflow.application_record_opinion(app, other, user=clerk, reply=OpinionReply.SILENT)
    period_end = deadlines.opinion_period_end(date(2024, 10, 10), calendar=CALENDAR)
    assert early_silence.value.message == workflow.MSG_OPINION_PERIOD_RUNNING.format(
        end=deadlines.cn_date(period_end)
    )
    at(CALENDAR.add_workdays(period_end, 2))
    workflow.application_record_opinion(app, other, user=clerk, reply=OpinionReply.SILENT)
    assert app.status == S.HANDLING
    other.refresh_from_db()
    assert other.replied_on is None and "视为同意公开" in other.silence_meaning
    expected = reply_due(
        date(2024, 10, 8),
        calendar=CALENDAR,
        pauses=[
            Pause(date(2024, 10, 8), date(2024, 10, 14), deadlines.PAUSE_THIRD_PARTY),
            Pause(date(2024, 10, 10), period_end, deadlines.PAUSE_OTHER_BODY),
        ],
    )
    assert application_deadline(app).due == expected.due
    assert len(expected.excluded) == len(CALENDAR.workdays_between(date(2024, 10, 8), period_end))


def test_a_fee_notice_pauses_the_clock_and_payment_resumes_it(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    workflow.application_accept(app, user=clerk)
    with pytest.raises(WorkflowError) as free:
        workflow.application_issue_fee_notice(
            app, user=clerk, method=FeeMethod.PER_VOLUME, units=30
        )
    assert free.value.message == workflow.MSG_FEE_FREE.format(method="按量计收")
    fee = workflow.application_issue_fee_notice(
        app, user=clerk, method=FeeMethod.PER_VOLUME, units=250
    )
    assert (fee.amount, fee.pay_by) == (
        4700,
        deadlines.fee_payment_due(date(2024, 10, 8), calendar=CALENDAR),
    )
    assert application_deadline(app).due is None
    at(date(2024, 10, 16))
    workflow.application_record_payment(app, user=clerk)
    assert app.status == S.HANDLING
    expected = reply_due(
        date(2024, 10, 8),
        calendar=CALENDAR,
        pauses=[Pause(date(2024, 10, 8), date(2024, 10, 16), deadlines.PAUSE_FEE)],
    )
    assert application_deadline(app).due == expected.due
    with pytest.raises(WorkflowError) as twice:
        workflow.application_issue_fee_notice(app, user=clerk, method=FeeMethod.PER_ITEM, units=40)
    assert twice.value.message == workflow.MSG_FEE_ONCE


def test_an_unpaid_fee_notice_lapses_as_other_2(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    workflow.application_accept(app, user=clerk)
    fee = workflow.application_issue_fee_notice(
        app, user=clerk, method=FeeMethod.PER_VOLUME, units=120
    )
    at(fee.pay_by)
    with pytest.raises(WorkflowError) as early:
        workflow.application_fee_lapse(app, user=clerk)
    assert early.value.message == workflow.MSG_FEE_PERIOD_RUNNING.format(
        due=deadlines.cn_date(fee.pay_by)
    )
    at(CALENDAR.add_workdays(fee.pay_by, 1))
    workflow.application_fee_lapse(app, user=clerk)
    assert (app.status, app.decision) == (S.DECIDED, DecisionCode.OTHER_FEE_UNPAID)
    fee.refresh_from_db()
    assert fee.lapsed_on == CALENDAR.add_workdays(fee.pay_by, 1)


def test_per_item_fees_count_the_applicants_earlier_items_this_month(at, office, clerk):
    at(date(2024, 10, 8))
    for _ in range(3):
        earlier, _ = register_case(clerk, office)
        earlier.item_count = 4  # split into items by the handler (一事一申请)
        earlier.save(update_fields=["item_count"])
    register_case(clerk, office, id_number="11010519491231002X")  # another applicant
    app, _ = register_case(clerk, office)
    workflow.application_accept(app, user=clerk)
    fee = workflow.application_issue_fee_notice(app, user=clerk, method=FeeMethod.PER_ITEM, units=1)
    assert (fee.earlier_items, fee.amount) == (12, 100)  # the month's 13th item: 100 yuan


def test_transfer_ends_the_case_and_opens_one_at_the_other_body(
    at, office, city, clerk, other_body_clerk
):
    at(date(2024, 10, 8))
    app, code = register_case(clerk, office)
    at(date(2024, 10, 9))
    with pytest.raises(WorkflowError) as same:
        workflow.application_transfer(app, user=clerk, to_body=office, reasons="x")
    assert same.value.message == workflow.MSG_TRANSFER_SAME_BODY
    new = workflow.application_transfer(
        app, user=clerk, to_body=city, reasons="该信息由兰州市人民政府制作，联系电话0931-0000000"
    )
    app.refresh_from_db()
    assert (app.status, app.decision, app.decided_on) == (
        S.TRANSFERRED,
        DecisionCode.UNAVAILABLE_NOT_HELD,
        date(2024, 10, 9),
    )
    assert app.transferred_to == new
    assert (new.body, new.status, new.received_on, new.applicant_name) == (
        city,
        S.REGISTERED,
        date(2024, 10, 9),
        app.applicant_name,
    )
    assert new.case_number == "IDX-lanzhou-2024-00001"
    event = new.events.get()
    assert event.action == Action.REGISTER and event.data == {"transferred_from": app.case_number}
    # The applicant follows both with the one query code; the city's clerk handles the new case.
    assert application_for_tracking(app.case_number, code) == app
    assert application_for_tracking(new.case_number, code) == new
    assert list(applications_for_user(other_body_clerk)) == [new]
    workflow.application_accept(new, user=other_body_clerk)
    workflow.application_archive(app, user=clerk)
    assert app.status == S.ARCHIVED


def test_withdrawal_by_the_applicant_or_by_staff(at, office, clerk, citizen):
    at(date(2024, 10, 8))
    app, code = application_submit_online(office, citizen.data)
    with pytest.raises(WorkflowError) as wrong:
        workflow.application_withdraw(app, query_code="WRONGCODE2")
    assert wrong.value.message == workflow.MSG_APPLICANT_CODE_WRONG
    workflow.application_withdraw(app, query_code=code.lower())
    assert (app.status, app.decision, app.decided_on) == (
        S.WITHDRAWN,
        DecisionCode.OTHER,
        date(2024, 10, 8),
    )
    event = app.events.latest("pk")
    assert event.actor is None and event.data == {"by": "applicant"}

    other, _ = application_submit_online(office, citizen.data)
    with pytest.raises(WorkflowError) as no_note:
        workflow.application_withdraw(other, user=clerk)
    assert no_note.value.message == workflow.MSG_WITHDRAW_NOTE
    workflow.application_withdraw(other, user=clerk, reason="申请人10月8日来电要求撤回")
    assert other.status == S.WITHDRAWN and other.events.latest("pk").actor == clerk


def test_reply_on_the_spot_only_for_an_application_handed_in_today(at, office, clerk, citizen):
    at(date(2024, 10, 8))
    online, _ = application_submit_online(office, citizen.data)
    with pytest.raises(WorkflowError) as refused:
        workflow.application_reply_on_the_spot(online, user=clerk, decision=DecisionCode.DISCLOSED)
    assert refused.value.message == workflow.MSG_ON_THE_SPOT
    counter, _ = register_case(clerk, office)
    workflow.application_reply_on_the_spot(counter, user=clerk, decision=DecisionCode.DISCLOSED)
    assert (counter.status, counter.decided_on, counter.replied_on) == (
        S.REPLIED,
        date(2024, 10, 8),
        date(2024, 10, 8),
    )
    assert actions(counter) == [Action.REGISTER, Action.REPLY_ON_THE_SPOT]


def test_an_extension_after_the_due_date_is_refused(at, office, office_head, clerk):
    at(date(2024, 11, 20))
    app, _ = register_case(
        clerk, office, channel=Channel.REGISTERED_POST, received_on=date(2024, 9, 27)
    )
    with pytest.raises(WorkflowError) as late:
        workflow.application_extend(app, user=office_head, days=10, reason="档案调取")
    assert late.value.message == workflow.MSG_EXTENSION_AFTER_DUE.format(due="2024年10月30日")
    with pytest.raises(WorkflowError) as too_long:
        workflow.application_extend(
            app, user=office_head, days=21, reason="档案调取", on=date(2024, 10, 29)
        )
    assert too_long.value.message == workflow.MSG_EXTENSION_DAYS
    workflow.application_extend(
        app, user=office_head, days=20, reason="档案调取", on=date(2024, 10, 29)
    )
    assert application_deadline(app).due == CALENDAR.add_workdays(date(2024, 10, 30), 20)


def test_dates_in_the_future_or_before_receipt_are_refused(at, office, clerk):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office, channel=Channel.FAX, received_on=date(2024, 10, 7))
    with pytest.raises(WorkflowError) as future:
        workflow.application_accept(app, user=clerk, on=date(2024, 10, 9))
    assert future.value.message == workflow.MSG_DATE_IN_FUTURE
    with pytest.raises(WorkflowError) as before:
        workflow.application_accept(app, user=clerk, on=date(2024, 10, 6))
    assert before.value.message == workflow.MSG_DATE_BEFORE_RECEIPT.format(received="2024年10月7日")


def test_hooks_run_after_the_commit_and_not_for_a_refusal(
    at, office, clerk, django_capture_on_commit_callbacks
):
    at(date(2024, 10, 8))
    app, _ = register_case(clerk, office)
    seen: list[ApplicationEvent] = []
    workflow.hook_register(Action.DECIDE, seen.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(WorkflowError):
                workflow.application_decide(app, user=clerk, decision=DecisionCode.PARTIAL)
        assert seen == []
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            workflow.application_decide(app, user=clerk, decision=DecisionCode.DISCLOSED)
        # Other hooks (the reply letter) may run too; ours runs exactly once, after the commit.
        assert [c.func for c in callbacks].count(seen.append) == 1
        assert [e.action for e in seen] == [Action.DECIDE]
    finally:
        workflow.hook_unregister(Action.DECIDE, seen.append)


def test_an_organisation_applies_with_its_credit_code(at, office, clerk):
    from gongkai.applications.tests.factories import organisation_data

    at(date(2024, 10, 8))
    app, _ = application_register(
        user=clerk, body=office, channel=Channel.IN_PERSON, data=organisation_data()
    )
    assert app.is_organisation and app.id_type == IdType.CREDIT_CODE
    with pytest.raises(ValidationError) as no_contact:
        application_register(
            user=clerk,
            body=office,
            channel=Channel.IN_PERSON,
            data=applicant_data(**{**organisation_data(), "contact_person": ""}),
        )
    assert "contact_person" in no_contact.value.message_dict
